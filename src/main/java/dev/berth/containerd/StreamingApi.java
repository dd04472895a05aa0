package dev.berth.containerd;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import containerd.services.streaming.v1.StreamInit;
import containerd.services.streaming.v1.StreamingGrpc;
import dev.berth.model.BerthException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * containerd's Streaming service (1.7+): named bidirectional streams of {@code Any} that another call
 * refers to by id, e.g. the progress and registry-auth streams of a Transfer.
 *
 * <p>A stream is registered in the namespace (and lease) of the context it was opened with, so the
 * call that uses it must carry the same namespace. The protocol: the client's first message is
 * {@code Any(containerd.services.streaming.v1.StreamInit{id})}; the daemon registers the stream and
 * acknowledges with one message (an {@code Any} of {@code google.protobuf.Empty}); from then on both
 * sides send {@code Any} values. The daemon ends the stream (completes the call) when the operation
 * that used it is over.
 */
public final class StreamingApi {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiContext ctx;

    public StreamingApi(ApiContext ctx) {
        this.ctx = ctx;
    }

    /** A fresh id as containerd's client makes them: {@code <prefix>-<random>}. */
    public static String newId(String prefix) {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return prefix + "-" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** An Any as containerd marshals it: the type URL is the bare full message name. */
    public static Any pack(Message m) {
        return Any.newBuilder().setTypeUrl(m.getDescriptorForType().getFullName()).setValue(m.toByteString()).build();
    }

    /** The bare message name of an Any's type URL (a {@code type.googleapis.com/} prefix is tolerated). */
    public static String typeName(Any any) {
        String url = any.getTypeUrl();
        int slash = url.lastIndexOf('/');
        return slash >= 0 ? url.substring(slash + 1) : url;
    }

    /**
     * Opens stream {@code id}: sends the StreamInit and waits (up to the connection's default
     * deadline) for the daemon's acknowledgement. {@code onMessage} runs on a gRPC thread for every
     * later message, in order.
     *
     * @throws BerthException mapped from gRPC; a daemon without the service (1.6) answers UNIMPLEMENTED,
     *         which arrives as {@link BerthException.Internal}
     */
    public NamedStream open(String id, Consumer<Any> onMessage) {
        NamedStream s = new NamedStream(id, onMessage);
        s.start();
        s.awaitAck(ctx.connection().defaultDeadline());
        return s;
    }

    /** One open stream. Closing it cancels the call; {@link #awaitEnd} waits for the daemon to end it. */
    public final class NamedStream implements AutoCloseable {
        private final String id;
        private final Consumer<Any> onMessage;
        private final CompletableFuture<Void> ack = new CompletableFuture<>();
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile ClientCallStreamObserver<Any> requests;
        private volatile Throwable error;
        private volatile boolean closed;

        private NamedStream(String id, Consumer<Any> onMessage) {
            this.id = id;
            this.onMessage = onMessage == null ? a -> { } : onMessage;
        }

        public String id() {
            return id;
        }

        private void start() {
            StreamingGrpc.newStub(ctx.channel()).stream(new ClientResponseObserver<Any, Any>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<Any> r) {
                    requests = r;
                }

                @Override
                public void onNext(Any value) {
                    if (!ack.isDone()) {
                        ack.complete(null);
                        return;
                    }
                    onMessage.accept(value);
                }

                @Override
                public void onError(Throwable t) {
                    error = t;
                    ack.completeExceptionally(t);
                    ended.countDown();
                }

                @Override
                public void onCompleted() {
                    ack.completeExceptionally(new IllegalStateException("the daemon ended stream " + id + " before acknowledging it"));
                    ended.countDown();
                }
            });
            send(pack(StreamInit.newBuilder().setId(id).build()));
        }

        private void awaitAck(Duration timeout) {
            try {
                ack.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new BerthException.Cancelled("opening stream " + id + ": cancelled", e);
            } catch (TimeoutException e) {
                close();
                throw new BerthException.Timeout("opening stream " + id + ": containerd did not acknowledge it in "
                        + timeout.toSeconds() + " s", e);
            } catch (ExecutionException e) {
                close();
                throw GrpcErrors.map(e.getCause(), "open stream " + id, ctx.address());
            }
        }

        /** Sends one message (thread-safe). */
        public void send(Any message) {
            ClientCallStreamObserver<Any> r = requests;
            synchronized (this) {
                if (closed) {
                    return;
                }
                r.onNext(message);
            }
        }

        /** Waits until the daemon ends the stream; false on timeout. */
        public boolean awaitEnd(Duration timeout) throws InterruptedException {
            return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        public boolean isEnded() {
            return ended.getCount() == 0;
        }

        /** The failure that ended the stream, if any (cancellation by {@link #close} included). */
        public Throwable error() {
            return error;
        }

        /** Cancels the call (idempotent). */
        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            if (ended.getCount() > 0 && requests != null) {
                requests.cancel("closed by Berth", null);
            }
        }
    }
}
