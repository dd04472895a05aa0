package dev.berth.containerd;

import com.google.protobuf.FieldMask;
import containerd.services.content.v1.AbortRequest;
import containerd.services.content.v1.ContentGrpc;
import containerd.services.content.v1.DeleteContentRequest;
import containerd.services.content.v1.Info;
import containerd.services.content.v1.InfoRequest;
import containerd.services.content.v1.ListContentRequest;
import containerd.services.content.v1.ListContentResponse;
import containerd.services.content.v1.ListStatusesRequest;
import containerd.services.content.v1.ReadContentRequest;
import containerd.services.content.v1.ReadContentResponse;
import containerd.services.content.v1.Status;
import containerd.services.content.v1.StatusRequest;
import containerd.services.content.v1.UpdateRequest;
import dev.berth.model.BerthException;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Content service: blobs by digest, ingests (partial writes) by ref. */
public final class ContentApi {

    private final ApiContext ctx;

    public ContentApi(ApiContext ctx) {
        this.ctx = ctx;
    }

    private ContentGrpc.ContentBlockingStub stub() {
        return ctx.deadline(ContentGrpc.newBlockingStub(ctx.channel()));
    }

    public ApiContext context() {
        return ctx;
    }

    /** The blob's info, or empty if this namespace has no such blob. */
    public Optional<Info> info(String digest) {
        try {
            return Optional.of(ctx.call("stat content " + digest,
                    () -> stub().info(InfoRequest.newBuilder().setDigest(digest).build()).getInfo()));
        } catch (BerthException.NotFound e) {
            return Optional.empty();
        }
    }

    public List<Info> list(String... filters) {
        return ctx.call("list content", () -> {
            List<Info> out = new ArrayList<>();
            Iterator<ListContentResponse> it = ctx.deadline(ContentGrpc.newBlockingStub(ctx.channel()), Duration.ofMinutes(1))
                    .list(ListContentRequest.newBuilder().addAllFilters(List.of(filters)).build());
            while (it.hasNext()) {
                out.addAll(it.next().getInfoList());
            }
            return out;
        });
    }

    /** Reads a whole blob (for manifests, indexes and configs; refuses anything over {@code limit}). */
    public byte[] readAll(String digest, long limit) {
        return ctx.call("read content " + digest, () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Iterator<ReadContentResponse> it = ctx.deadline(ContentGrpc.newBlockingStub(ctx.channel()), Duration.ofMinutes(1))
                    .read(ReadContentRequest.newBuilder().setDigest(digest).build());
            while (it.hasNext()) {
                ReadContentResponse r = it.next();
                if (out.size() + r.getData().size() > limit) {
                    throw new BerthException.FailedPrecondition("content " + digest + " is larger than " + limit + " bytes");
                }
                out.write(r.getData().toByteArray(), 0, r.getData().size());
            }
            return out.toByteArray();
        });
    }

    /** The ingest status under {@code ref} (a partial write), or empty. */
    public Optional<Status> status(String ref) {
        try {
            return Optional.of(ctx.call("read ingest " + ref,
                    () -> stub().status(StatusRequest.newBuilder().setRef(ref).build()).getStatus()));
        } catch (BerthException.NotFound e) {
            return Optional.empty();
        }
    }

    public List<Status> statuses(String... filters) {
        return ctx.call("list ingests", () -> stub().listStatuses(ListStatusesRequest.newBuilder()
                .addAllFilters(List.of(filters)).build()).getStatusesList());
    }

    public void abort(String ref) {
        ctx.run("abort ingest " + ref, () -> stub().abort(AbortRequest.newBuilder().setRef(ref).build()));
    }

    public void delete(String digest) {
        ctx.run("delete content " + digest, () -> stub().delete(DeleteContentRequest.newBuilder().setDigest(digest).build()));
    }

    /** Sets (only) the given labels on a blob; an empty value removes the label. */
    public Info setLabels(String digest, Map<String, String> labels) {
        FieldMask.Builder mask = FieldMask.newBuilder();
        Info.Builder info = Info.newBuilder().setDigest(digest);
        labels.forEach((k, v) -> {
            mask.addPaths("labels." + k);
            if (!v.isEmpty()) {
                info.putLabels(k, v);
            }
        });
        return ctx.call("label content " + digest,
                () -> stub().update(UpdateRequest.newBuilder().setInfo(info).setUpdateMask(mask).build()).getInfo());
    }

    /** Opens a write stream for one blob under {@code ref}. */
    public ContentWriter writer(String ref) {
        return ContentWriter.open(ctx, ref);
    }
}
