package dev.berth.registry;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small HTTP/1.1 client over plain blocking sockets (TLS with hostname verification for https),
 * one connection per request. Why not the JDK's clients: {@code HttpClient} (17) spends many times
 * the CPU of a socket read on its reactive body pipeline (measured: 50 MB over loopback took
 * 400–2000 ms and as much CPU; a socket read ~100 ms and 60 ms CPU), and {@code HttpURLConnection}
 * cannot abort a blocked read (its stream methods are synchronized with close). Here a read, a
 * connect or the wait for the response head is aborted by closing the socket: when the reading
 * thread is interrupted (a watchdog checks every 50 ms) or when another thread closes the body.
 */
final class SocketTransport {

    private static final ConcurrentMap<Connection, Thread> BLOCKED = new ConcurrentHashMap<>();
    private static final ScheduledExecutorService WATCH = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "berth-registry-interrupts");
        t.setDaemon(true);
        return t;
    });
    private static final int MAX_HEAD = 64 * 1024;

    static {
        WATCH.scheduleWithFixedDelay(() -> BLOCKED.forEach((c, thread) -> {
            if (thread.isInterrupted()) {
                c.abort();
            }
        }), 50, 50, TimeUnit.MILLISECONDS);
    }

    private final Duration connectTimeout;

    SocketTransport(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /**
     * Sends {@code request} (method, URI, headers, timeout) with {@code body} for a POST.
     *
     * @throws InterruptedException when the calling thread is interrupted meanwhile
     * @throws ExecutionException wrapping the I/O failure (timeouts as the JDK client's exceptions)
     */
    HttpResponse<InputStream> send(HttpRequest request, byte[] body) throws InterruptedException, ExecutionException {
        Duration readTimeout = request.timeout().orElse(Duration.ofSeconds(60));
        Connection c = new Connection();
        try {
            c.enter();
            try {
                c.open(request.uri(), connectTimeout, readTimeout);
                c.writeRequest(request, body);
                return c.readHead(request);
            } finally {
                c.leave();
            }
        } catch (IOException e) {
            c.abort();
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted");
            }
            throw new ExecutionException(e);
        } catch (RuntimeException e) {
            c.abort();
            throw e;
        }
    }

    /** One socket: the request, the head, then the body stream. */
    private static final class Connection {
        private volatile Socket socket;
        private volatile boolean aborted;
        private InputStream in;
        private boolean connecting;

        void enter() throws InterruptedIOException {
            Thread self = Thread.currentThread();
            if (self.isInterrupted()) {
                throw new InterruptedIOException("interrupted");
            }
            BLOCKED.put(this, self);
        }

        void leave() throws InterruptedIOException {
            BLOCKED.remove(this);
            if (Thread.currentThread().isInterrupted()) {
                abort();
                throw new InterruptedIOException("interrupted");
            }
        }

        void abort() {
            aborted = true;
            Socket s = socket;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing is all we want
                }
            }
        }

        void open(URI uri, Duration connectTimeout, Duration readTimeout) throws IOException {
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost();
            if (host == null) {
                throw new IOException("no host in " + uri);
            }
            String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            Socket plain = new Socket();
            socket = plain;
            if (aborted) {
                plain.close();
                throw new InterruptedIOException("interrupted");
            }
            try {
                connecting = true;
                plain.connect(new InetSocketAddress(bare, port), (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
            } catch (SocketTimeoutException e) {
                HttpConnectTimeoutException t = new HttpConnectTimeoutException("connect timed out");
                t.initCause(e);
                throw t;
            } finally {
                connecting = false;
            }
            plain.setTcpNoDelay(true);
            plain.setSoTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
            Socket s = plain;
            if (scheme.equals("https")) {
                SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, bare, port, true);
                SSLParameters p = ssl.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                if (!bare.contains(":") && !bare.matches("[0-9.]+")) {
                    p.setServerNames(List.of(new SNIHostName(bare)));
                }
                ssl.setSSLParameters(p);
                socket = ssl;
                // the handshake is part of connecting: bounded by the connect timeout (or the read timeout
                // when shorter), and a server that never answers it (a plain HTTP server waiting for a
                // request line) is told apart from a slow response, so that the error can say "not HTTPS?"
                // instead of "read timed out"
                Duration handshake = connectTimeout.compareTo(readTimeout) < 0 ? connectTimeout : readTimeout;
                plain.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, handshake.toMillis())));
                try {
                    ssl.startHandshake();
                } catch (SocketTimeoutException e) {
                    throw new javax.net.ssl.SSLException("no TLS answer from " + bare + ":" + port + " within "
                            + Math.max(1, handshake.toSeconds()) + " s", e);
                }
                plain.setSoTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
                s = ssl;
            }
            in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
        }

        void writeRequest(HttpRequest request, byte[] body) throws IOException {
            URI u = request.uri();
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            if (u.getRawQuery() != null) {
                path += "?" + u.getRawQuery();
            }
            StringBuilder head = new StringBuilder();
            head.append(request.method()).append(' ').append(path).append(" HTTP/1.1\r\n");
            head.append("Host: ").append(u.getRawAuthority()).append("\r\n");
            head.append("Connection: close\r\n");
            for (Map.Entry<String, List<String>> h : request.headers().map().entrySet()) {
                for (String v : h.getValue()) {
                    if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
                        throw new IOException("a header value contains a line break");
                    }
                    head.append(h.getKey()).append(": ").append(v).append("\r\n");
                }
            }
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
        }

        HttpResponse<InputStream> readHead(HttpRequest request) throws IOException {
            String status;
            try {
                status = line();
            } catch (SocketTimeoutException e) {
                HttpTimeoutException t = new HttpTimeoutException("request timed out");
                t.initCause(e);
                throw t;
            }
            // HTTP/1.1 200 OK
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP response");
            }
            int code;
            try {
                code = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("bad HTTP status line");
            }
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            int total = status.length();
            while (true) {
                String l = line();
                total += l.length();
                if (total > MAX_HEAD) {
                    throw new IOException("response head too large");
                }
                if (l.isEmpty()) {
                    break;
                }
                int colon = l.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                headers.computeIfAbsent(l.substring(0, colon).trim(), k -> new ArrayList<>()).add(l.substring(colon + 1).trim());
            }
            HttpHeaders h = HttpHeaders.of(headers, (k, v) -> true);
            InputStream body;
            boolean empty = request.method().equals("HEAD") || code == 204 || code == 304 || (code >= 100 && code < 200);
            if (empty) {
                body = InputStream.nullInputStream();
                closeQuietly();
            } else if (h.firstValue("Transfer-Encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false)) {
                body = new Chunked(in);
            } else {
                long length = h.firstValueAsLong("Content-Length").orElse(-1);
                body = length >= 0 ? new Bounded(in, length) : in;
            }
            return new Response(request, code, h, new Body(this, body));
        }

        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(128);
            while (true) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("connection closed in the response head");
                }
                if (c == '\n') {
                    break;
                }
                if (c != '\r') {
                    b.write(c);
                }
                if (b.size() > MAX_HEAD) {
                    throw new IOException("response head too large");
                }
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        void closeQuietly() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    private record Response(HttpRequest request, int statusCode, HttpHeaders headers, InputStream body)
            implements HttpResponse<InputStream> {
        @Override
        public Optional<HttpResponse<InputStream>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    /** The body as the client reads it: timeouts, interrupts and closes map to the client's exceptions. */
    private static final class Body extends InputStream {
        private final Connection connection;
        private final InputStream in;
        private volatile boolean closed;

        Body(Connection connection, InputStream in) {
            this.connection = connection;
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new StreamingBody.ClosedException();
            }
            connection.enter();
            int n;
            try {
                n = in.read(b, off, len);
            } catch (SocketTimeoutException e) {
                throw new StreamingBody.ReadTimeoutException("no data for the read timeout");
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted");
                }
                if (closed) {
                    throw new StreamingBody.ClosedException();
                }
                throw e;
            } finally {
                BLOCKED.remove(connection);
            }
            if (Thread.currentThread().isInterrupted()) {
                connection.abort();
                throw new InterruptedIOException("interrupted");
            }
            if (closed) {
                throw new StreamingBody.ClosedException();
            }
            if (n < 0) {
                connection.closeQuietly();
            }
            return n;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                connection.abort();
            }
        }
    }

    /** Exactly {@code length} bytes, then end of stream. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** {@code Transfer-Encoding: chunked}. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line();
                int semi = size.indexOf(';');
                try {
                    left = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size");
                }
                if (left < 0) {
                    throw new IOException("bad chunk size");
                }
                if (left == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("connection closed inside a chunk");
            }
            left -= n;
            if (left == 0) {
                line();
            }
            return n;
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("connection closed in chunk framing");
                }
                if (c == '\n') {
                    return sb.toString();
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
                if (sb.length() > 4096) {
                    throw new IOException("chunk line too long");
                }
            }
        }
    }
}
