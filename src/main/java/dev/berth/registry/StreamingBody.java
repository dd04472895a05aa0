package dev.berth.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an InputStream whose reads respond to thread interruption and time out
 * after a silence. (The JDK 17 {@code BodySubscribers.ofInputStream()} swallows interrupts while
 * it waits for data and has no read timeout.) Package-private.
 */
final class StreamingBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {

    /** A read found no data for the read timeout. */
    static final class ReadTimeoutException extends IOException {
        ReadTimeoutException(String message) {
            super(message);
        }
    }

    /** The stream was closed (by another thread) while or before reading. */
    static final class ClosedException extends IOException {
        ClosedException() {
            super("closed");
        }
    }

    private static final Object END = new Object();
    private static final Object CLOSED = new Object();

    private record Failure(Throwable cause) {
    }

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final long timeoutNanos;
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private Iterator<ByteBuffer> buffers;
    private ByteBuffer current;
    private boolean ended;

    StreamingBody(Duration readTimeout) {
        this.timeoutNanos = readTimeout.toNanos();
    }

    static HttpResponse.BodyHandler<InputStream> handler(Duration readTimeout) {
        return info -> new StreamingBody(readTimeout);
    }

    // ---- subscriber side

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedStage(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (subscription != null) {
            s.cancel();
            return;
        }
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable t) {
        queue.add(new Failure(t));
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    // ---- reader side

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (closed) {
            throw new ClosedException();
        }
        while (current == null || !current.hasRemaining()) {
            if (buffers != null && buffers.hasNext()) {
                current = buffers.next();
                continue;
            }
            if (ended) {
                return -1;
            }
            Object item;
            try {
                item = queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the response");
            }
            if (item == null) {
                close();
                throw new ReadTimeoutException("no data for " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
            }
            if (item == CLOSED || closed) {
                throw new ClosedException();
            }
            if (item == END) {
                ended = true;
                return -1;
            }
            if (item instanceof Failure f) {
                ended = true;
                Throwable c = f.cause();
                throw c instanceof IOException io ? io : new IOException(c);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> list = (List<ByteBuffer>) item;
            buffers = list.iterator();
            Flow.Subscription s = subscription;
            if (s != null) {
                s.request(1);
            }
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    @Override
    public int available() {
        return current == null || closed ? 0 : current.remaining();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null && !ended) {
            s.cancel();
        }
        queue.clear();
        queue.add(CLOSED); // wakes a reader blocked in another thread
    }
}
