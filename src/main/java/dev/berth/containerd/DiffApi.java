package dev.berth.containerd;

import containerd.services.diff.v1.ApplyRequest;
import containerd.services.diff.v1.DiffGrpc;
import containerd.types.Descriptor;
import containerd.types.Mount;
import java.time.Duration;
import java.util.List;

/** The Diff service: applies a layer onto mounts (unpack). */
public final class DiffApi {

    private final ApiContext ctx;

    public DiffApi(ApiContext ctx) {
        this.ctx = ctx;
    }

    /** Applies {@code layer} onto {@code mounts}; returns the uncompressed descriptor (digest = diff ID). */
    public Descriptor apply(Descriptor layer, List<Mount> mounts) {
        ApplyRequest req = ApplyRequest.newBuilder().setDiff(layer).addAllMounts(mounts).build();
        return ctx.call("unpack layer " + layer.getDigest(),
                () -> ctx.deadline(DiffGrpc.newBlockingStub(ctx.channel()), Duration.ofMinutes(30)).apply(req).getApplied());
    }
}
