package dev.berth.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry that answers what a test scripts, path by path, on 127.0.0.1: malformed manifests,
 * lying sizes, redirect loops, odd {@code WWW-Authenticate} challenges, token servers that answer
 * garbage. Every path without a script is forwarded to a real registry (the test environment's), with
 * blob requests of any repository sent to one real repository, so a scripted manifest can name the
 * real image's config and layers.
 */
final class HostileRegistry implements AutoCloseable {

    /** Answers one request. */
    @FunctionalInterface
    interface Script {
        void answer(HttpExchange ex) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hostile-registry");
        t.setDaemon(true);
        return t;
    });
    private final String upstream;
    private final String blobRepository;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    /**
     * @param upstreamHostPort the real registry for everything not scripted (null: 404)
     * @param blobRepository   the real repository blob requests go to, e.g. {@code test/busybox}
     */
    HostileRegistry(String upstreamHostPort, String blobRepository) throws IOException {
        this.upstream = upstreamHostPort == null ? null : "http://" + upstreamHostPort;
        this.blobRepository = blobRepository;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    int requests() {
        return requests.get();
    }

    /** Scripts the answer to every request of {@code path} (exact, without query). */
    HostileRegistry on(String path, Script script) {
        scripts.put(path, script);
        return this;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------ answers

    /** A reply: status, headers, body; HEAD gets the headers and the body's length only. */
    static final class Reply implements Script {
        final int status;
        final Map<String, String> headers = new LinkedHashMap<>();
        final byte[] body;
        Long declaredLength;
        boolean chunked;

        Reply(int status, String contentType, byte[] body) {
            this.status = status;
            this.body = body == null ? new byte[0] : body;
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
        }

        Reply header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Announce this Content-Length on HEAD (GET still sends the real body). */
        Reply headLength(long length) {
            declaredLength = length;
            return this;
        }

        /** Send the body without Content-Length (chunked). */
        Reply chunked() {
            chunked = true;
            return this;
        }

        @Override
        public void answer(HttpExchange ex) throws IOException {
            headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            if (ex.getRequestMethod().equals("HEAD")) {
                long len = declaredLength != null ? declaredLength : body.length;
                if (!chunked) {
                    ex.getResponseHeaders().set("Content-Length", Long.toString(len));
                }
                ex.sendResponseHeaders(status, -1);
                return;
            }
            if (body.length == 0 && !chunked) {
                ex.sendResponseHeaders(status, -1);
                return;
            }
            ex.sendResponseHeaders(status, chunked ? 0 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static Reply json(String mediaType, String body) {
        return new Reply(200, mediaType, body.getBytes(StandardCharsets.UTF_8));
    }

    static Reply json(String mediaType, byte[] body) {
        return new Reply(200, mediaType, body);
    }

    static Reply status(int status) {
        return new Reply(status, null, null);
    }

    static Reply redirect(String location) {
        Reply r = new Reply(302, null, null);
        if (location != null) {
            r.header("Location", location);
        }
        return r;
    }

    static Reply challenge(String wwwAuthenticate) {
        return new Reply(401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"
                .getBytes(StandardCharsets.UTF_8)).header("WWW-Authenticate", wwwAuthenticate);
    }

    /** A body of {@code size} bytes streamed without Content-Length (a manifest far over any limit). */
    static Script endless(String mediaType, long size) {
        return ex -> {
            ex.getResponseHeaders().add("Content-Type", mediaType);
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            ex.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            chunk[0] = '{';
            try (OutputStream out = ex.getResponseBody()) {
                for (long sent = 0; sent < size; sent += chunk.length) {
                    out.write(chunk);
                    chunk[0] = ' ';
                }
            }
        };
    }

    // ------------------------------------------------------------------------------------------ serving

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            Script s = scripts.get(path);
            if (s != null) {
                s.answer(ex);
                return;
            }
            if (path.equals("/v2/") || path.equals("/v2")) {
                new Reply(200, "application/json", "{}".getBytes(StandardCharsets.UTF_8)).answer(ex);
                return;
            }
            if (upstream == null) {
                status(404).answer(ex);
                return;
            }
            String target = path;
            int blobs = path.indexOf("/blobs/");
            if (path.startsWith("/v2/") && blobs > 0 && blobRepository != null) {
                target = "/v2/" + blobRepository + path.substring(blobs);
            }
            forward(ex, target);
        } catch (IOException | RuntimeException e) {
            // the client went away (or was cut off on purpose): fine for a test server
        }
    }

    private void forward(HttpExchange ex, String path) throws IOException {
        HttpURLConnection c = dev.berth.testenv.RegistryProxy.relay(ex, upstream + path);
        int status = c.getResponseCode();
        long length = c.getContentLengthLong();
        if (ex.getRequestMethod().equals("HEAD")) {
            if (length >= 0) {
                ex.getResponseHeaders().set("Content-Length", Long.toString(length));
            }
            ex.sendResponseHeaders(status, -1);
            return;
        }
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        ex.sendResponseHeaders(status, length < 0 ? 0 : (length == 0 ? -1 : length));
        if (in == null) {
            return;
        }
        try (in; OutputStream out = ex.getResponseBody()) {
            in.transferTo(out);
        }
    }
}
