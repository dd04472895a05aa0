package dev.berth.containerd;

import com.google.protobuf.ByteString;
import containerd.services.content.v1.ContentGrpc;
import containerd.services.content.v1.WriteAction;
import containerd.services.content.v1.WriteContentRequest;
import containerd.services.content.v1.WriteContentResponse;
import dev.berth.model.BerthException;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One blob written through {@code Content.Write}: STAT, WRITE chunks, COMMIT. Writes are pipelined
 * (up to {@link #WINDOW} in flight) and answers are checked in order. Not thread-safe: one writer,
 * one thread. Interrupting the thread cancels the stream; the partial ingest stays in containerd
 * (so a later pull resumes from its offset) unless {@link ContentApi#abort} is called.
 */
public final class ContentWriter implements AutoCloseable {

    static final int WINDOW = 8;
    private static final Object COMPLETED = new Object();

    private final ApiContext ctx;
    private final String ref;
    private final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    private ClientCallStreamObserver<WriteContentRequest> requests;
    private int inFlight;
    private boolean finished;
    private long offset;

    private ContentWriter(ApiContext ctx, String ref) {
        this.ctx = ctx;
        this.ref = ref;
    }

    static ContentWriter open(ApiContext ctx, String ref) {
        ContentWriter w = new ContentWriter(ctx, ref);
        ContentGrpc.newStub(ctx.channel()).write(w.new Answers());
        return w;
    }

    /**
     * Asks for the ingest's state. Returns the offset already ingested (0 for a new ingest).
     *
     * @throws BerthException.AlreadyExists when the blob is already committed in this namespace
     */
    public long stat(long total, String expected) {
        send(WriteContentRequest.newBuilder().setAction(WriteAction.STAT).setRef(ref).setTotal(total)
                .setExpected(expected).build());
        WriteContentResponse r = next();
        offset = r.getOffset();
        return offset;
    }

    /** Sends data at the current offset; returns the offset after it (answers are checked lazily). */
    public long write(byte[] data, int off, int len) {
        while (inFlight >= WINDOW) {
            next();
        }
        send(WriteContentRequest.newBuilder().setAction(WriteAction.WRITE).setRef(ref).setOffset(offset)
                .setData(ByteString.copyFrom(data, off, len)).build());
        offset += len;
        return offset;
    }

    /** Restarts the ingest from 0 (containerd truncates when offset 0 is written to existing data). */
    public void resetOffset() {
        offset = 0;
    }

    public long offset() {
        return offset;
    }

    /**
     * Commits the blob; containerd verifies size and digest. A digest mismatch fails with
     * FailedPrecondition/InvalidArgument and nothing is committed.
     */
    public void commit(long total, String expected, Map<String, String> labels) {
        while (inFlight > 0) {
            next();
        }
        send(WriteContentRequest.newBuilder().setAction(WriteAction.COMMIT).setRef(ref).setTotal(total)
                .setOffset(offset).setExpected(expected).putAllLabels(labels).build());
        next();
        finished = true;
        requests.onCompleted();
    }

    private void send(WriteContentRequest req) {
        if (Thread.currentThread().isInterrupted()) {
            cancel();
            throw new BerthException.Cancelled("write of " + ref + " cancelled");
        }
        requests.onNext(req);
        inFlight++;
    }

    private WriteContentResponse next() {
        Object a;
        try {
            a = answers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            throw new BerthException.Cancelled("write of " + ref + " cancelled", e);
        }
        if (a instanceof Throwable) {
            finished = true;
            throw GrpcErrors.map((Throwable) a, "write " + ref, ctx.address());
        }
        if (a == COMPLETED) {
            finished = true;
            throw new BerthException.Internal("write " + ref + ": containerd closed the stream early");
        }
        inFlight--;
        return (WriteContentResponse) a;
    }

    private void cancel() {
        if (!finished) {
            finished = true;
            requests.cancel("cancelled by Berth", null);
        }
    }

    /** Cancels the stream if it did not commit; the partial ingest stays for a later resume. */
    @Override
    public void close() {
        cancel();
    }

    private final class Answers implements ClientResponseObserver<WriteContentRequest, WriteContentResponse> {
        @Override
        public void beforeStart(ClientCallStreamObserver<WriteContentRequest> stream) {
            requests = stream;
        }

        @Override
        public void onNext(WriteContentResponse value) {
            answers.add(value);
        }

        @Override
        public void onError(Throwable t) {
            if (Status.fromThrowable(t).getCode() != Status.Code.CANCELLED || !finished) {
                answers.add(t);
            }
        }

        @Override
        public void onCompleted() {
            answers.add(COMPLETED);
        }
    }
}
