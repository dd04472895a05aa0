package dev.berth.containerd;

import com.google.protobuf.Any;
import containerd.services.transfer.v1.TransferGrpc;
import containerd.services.transfer.v1.TransferOptions;
import containerd.services.transfer.v1.TransferRequest;

/**
 * containerd's Transfer service (1.7+): the daemon moves an image from a source to a destination
 * itself, e.g. from an OCI registry into its image store (a server-side pull).
 */
public final class TransferApi {

    private final ApiContext ctx;

    public TransferApi(ApiContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Runs one transfer and blocks until the daemon is done. There is no deadline (a pull takes as
     * long as it takes); interrupting the calling thread cancels the call, which cancels the daemon's
     * work, and ends in {@link dev.berth.model.BerthException.Cancelled}.
     *
     * @param what the operation for error messages, e.g. {@code pull docker.io/library/nginx:latest}
     * @param source e.g. {@code Any(containerd.types.transfer.OCIRegistry)} (see {@link StreamingApi#pack})
     * @param destination e.g. {@code Any(containerd.types.transfer.ImageStore)}
     * @param progressStream id of an open {@link StreamingApi} stream for progress, or null for none
     */
    public void transfer(String what, Any source, Any destination, String progressStream) {
        TransferRequest.Builder req = TransferRequest.newBuilder().setSource(source).setDestination(destination);
        if (progressStream != null) {
            req.setOptions(TransferOptions.newBuilder().setProgressStream(progressStream));
        }
        ctx.run(what, () -> TransferGrpc.newBlockingStub(ctx.channel()).transfer(req.build()));
    }
}
