package dev.berth.registry;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.oci.Digests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small OCI distribution registry and token server on 127.0.0.1, for tests: serves manifests
 * and blobs, speaks Basic or Bearer auth, honours (or ignores) Range, redirects blobs, and can be
 * told to misbehave. Records every request.
 */
final class FakeRegistry implements AutoCloseable {

    enum Auth { NONE, BASIC, BEARER }

    record Req(String method, String path, String query, String authorization, String range, String accept,
               String userAgent, String body) {
    }

    private static final Pattern V2 = Pattern.compile("/v2/(.+)/(manifests|blobs)/([^/]+)");

    final HttpServer server;
    final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-registry");
        t.setDaemon(true);
        return t;
    });
    final List<Req> requests = Collections.synchronizedList(new ArrayList<>());
    final Map<String, byte[]> content = new ConcurrentHashMap<>();
    final Map<String, String> mediaTypes = new ConcurrentHashMap<>();
    final Map<String, String> tags = new ConcurrentHashMap<>();
    /** digest → bytes served instead of the real content. */
    final Map<String, byte[]> corrupt = new ConcurrentHashMap<>();
    /** statuses to answer the next /v2 requests with, in order. */
    final Deque<Integer> failNext = new ConcurrentLinkedDeque<>();

    volatile Auth auth = Auth.NONE;
    volatile String user = "alice";
    volatile String password = "p4ssw0rd-secret";
    volatile String refreshToken = "refresh-token-secret";
    volatile boolean tokenPostSupported = true;
    volatile boolean tokenRequiresCredentials = false;
    volatile boolean tokenAsAccessToken = false;
    volatile long tokenExpiresIn = 300;
    volatile String realmOverride;
    volatile String challengeOverride;
    volatile boolean head405;
    volatile boolean headWithoutDigest;
    volatile boolean ignoreRange;
    volatile String redirectBlobsTo;
    volatile boolean redirectLoop;
    volatile long stallMillis;
    volatile int truncateBlobAt = -1;
    volatile int stallBlobAt = -1;
    final AtomicInteger tokensIssued = new AtomicInteger();
    private final Map<String, Set<String>> validTokens = new ConcurrentHashMap<>();

    FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:port}. */
    String host() {
        return "127.0.0.1:" + port();
    }

    ImageReference ref(String repoAndTag) {
        return ImageReference.parse(host() + "/" + repoAndTag);
    }

    /** Stores a manifest (or index) under a tag; returns its digest. */
    String putManifest(String repo, String tag, String mediaType, byte[] body) {
        String d = Digests.sha256(body);
        content.put(d, body);
        mediaTypes.put(d, mediaType);
        if (tag != null) {
            tags.put(repo + ":" + tag, d);
        }
        return d;
    }

    String putBlob(byte[] body) {
        String d = Digests.sha256(body);
        content.put(d, body);
        return d;
    }

    List<Req> requests(String pathPart) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.path().contains(pathPart)).toList();
        }
    }

    String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            Headers h = ex.getRequestHeaders();
            String path = ex.getRequestURI().getPath();
            requests.add(new Req(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(), h.getFirst("Authorization"),
                    h.getFirst("Range"), h.getFirst("Accept"), h.getFirst("User-Agent"), new String(body, StandardCharsets.UTF_8)));
            if (stallMillis > 0) {
                try {
                    Thread.sleep(stallMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (path.equals("/token")) {
                token(ex, body);
                return;
            }
            if (path.startsWith("/storage/")) {
                serveBlob(ex, path.substring("/storage/".length()));
                return;
            }
            Matcher m = V2.matcher(path);
            if (!m.matches()) {
                send(ex, 404, "text/plain", "no such endpoint".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String repo = m.group(1);
            if (!authorized(ex, repo)) {
                return;
            }
            Integer fail = failNext.poll();
            if (fail != null) {
                ex.getResponseHeaders().set("Retry-After", "0");
                sendError(ex, fail, "UNAVAILABLE", "injected failure");
                return;
            }
            if (m.group(2).equals("manifests")) {
                manifest(ex, repo, m.group(3));
            } else if (redirectLoop) {
                ex.getResponseHeaders().set("Location", path);
                send(ex, 302, null, null);
            } else if (redirectBlobsTo != null) {
                ex.getResponseHeaders().set("Location", redirectBlobsTo + "/storage/" + m.group(3) + "?X-Amz-Signature=presigned-secret");
                send(ex, 307, null, null);
            } else {
                serveBlob(ex, m.group(3));
            }
        } catch (IOException | RuntimeException e) {
            // the client went away: fine for a test server
        }
    }

    private boolean authorized(HttpExchange ex, String repo) throws IOException {
        String given = ex.getRequestHeaders().getFirst("Authorization");
        switch (auth) {
            case NONE:
                return true;
            case BASIC:
                if (basicHeader().equals(given)) {
                    return true;
                }
                ex.getResponseHeaders().set("WWW-Authenticate", challengeOverride != null ? challengeOverride : "Basic realm=\"fake\"");
                sendError(ex, 401, "UNAUTHORIZED", "authentication required");
                return false;
            default:
                if (given != null && given.startsWith("Bearer ")) {
                    Set<String> scopes = validTokens.get(given.substring("Bearer ".length()));
                    if (scopes != null && scopes.contains("repository:" + repo + ":pull")) {
                        return true;
                    }
                }
                String realm = realmOverride != null ? realmOverride : "http://" + host() + "/token";
                ex.getResponseHeaders().set("WWW-Authenticate", challengeOverride != null ? challengeOverride
                        : "Bearer realm=\"" + realm + "\",service=\"fake-registry\",scope=\"repository:" + repo + ":pull\"");
                sendError(ex, 401, "UNAUTHORIZED", "authentication required");
                return false;
        }
    }

    private void token(HttpExchange ex, byte[] body) throws IOException {
        Map<String, List<String>> params;
        boolean withCredentials;
        if (ex.getRequestMethod().equals("POST")) {
            if (!tokenPostSupported) {
                send(ex, 404, "text/plain", "POST not supported".getBytes(StandardCharsets.UTF_8));
                return;
            }
            params = parseForm(new String(body, StandardCharsets.UTF_8));
            String grant = first(params, "grant_type");
            boolean ok = "password".equals(grant) && user.equals(first(params, "username")) && password.equals(first(params, "password"))
                    || "refresh_token".equals(grant) && refreshToken.equals(first(params, "refresh_token"));
            if (!ok) {
                send(ex, 401, "application/json", "{\"error\":\"invalid_grant\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            withCredentials = true;
        } else {
            params = parseForm(ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
            String given = ex.getRequestHeaders().getFirst("Authorization");
            withCredentials = given != null;
            if (given != null && !given.equals(basicHeader())) {
                send(ex, 401, "application/json", "{\"details\":\"bad credentials\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        if (tokenRequiresCredentials && !withCredentials) {
            send(ex, 401, "application/json", "{\"details\":\"login required\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Set<String> scopes = new TreeSet<>();
        for (String s : params.getOrDefault("scope", List.of())) {
            scopes.addAll(List.of(s.split(" ")));
        }
        String token = "tok-" + tokensIssued.incrementAndGet();
        validTokens.put(token, scopes);
        String json = "{\"" + (tokenAsAccessToken ? "access_token" : "token") + "\":\"" + token + "\",\"expires_in\":" + tokenExpiresIn
                + ",\"issued_at\":\"2024-01-01T00:00:00Z\"}";
        send(ex, 200, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private void manifest(HttpExchange ex, String repo, String reference) throws IOException {
        if (ex.getRequestMethod().equals("HEAD") && head405) {
            send(ex, 405, null, null);
            return;
        }
        String digest = reference.contains(":") ? reference : tags.get(repo + ":" + reference);
        byte[] body = digest == null ? null : content.get(digest);
        if (body == null || !mediaTypes.containsKey(digest)) {
            sendError(ex, 404, "MANIFEST_UNKNOWN", "manifest unknown");
            return;
        }
        byte[] served = corrupt.getOrDefault(digest, body);
        Headers rh = ex.getResponseHeaders();
        rh.set("Content-Type", mediaTypes.get(digest));
        if (!(ex.getRequestMethod().equals("HEAD") && headWithoutDigest)) {
            rh.set("Docker-Content-Digest", digest);
        }
        if (ex.getRequestMethod().equals("HEAD")) {
            if (!headWithoutDigest) {
                rh.set("Content-Length", Long.toString(served.length));
            }
            ex.sendResponseHeaders(200, -1);
            return;
        }
        send(ex, 200, null, served);
    }

    private void serveBlob(HttpExchange ex, String digest) throws IOException {
        byte[] body = content.get(digest);
        if (body == null) {
            sendError(ex, 404, "BLOB_UNKNOWN", "blob unknown to registry");
            return;
        }
        body = corrupt.getOrDefault(digest, body);
        String range = ex.getRequestHeaders().getFirst("Range");
        int start = 0;
        int status = 200;
        if (range != null && !ignoreRange) {
            Matcher m = Pattern.compile("bytes=(\\d+)-").matcher(range);
            if (m.matches()) {
                start = Integer.parseInt(m.group(1));
                if (start >= body.length) {
                    ex.getResponseHeaders().set("Content-Range", "bytes */" + body.length);
                    send(ex, 416, null, null);
                    return;
                }
                status = 206;
                ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
            }
        }
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.getResponseHeaders().set("Docker-Content-Digest", digest);
        int length = body.length - start;
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, length);
        OutputStream out = ex.getResponseBody();
        int end = body.length;
        if (truncateBlobAt >= 0) {
            end = Math.min(end, truncateBlobAt);
        }
        if (stallBlobAt >= 0) {
            out.write(body, start, Math.max(0, Math.min(stallBlobAt, end) - start));
            out.flush();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                return;
            }
        }
        out.write(body, start, Math.max(0, end - start));
        if (end < body.length) {
            // drop the connection without the rest
            throw new IOException("truncated on purpose");
        }
    }

    private static void sendError(HttpExchange ex, int status, String code, String message) throws IOException {
        String json = "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"detail\":null}]}";
        send(ex, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        if (body == null || body.length == 0 || ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    static Map<String, List<String>> parseForm(String form) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (form == null || form.isEmpty()) {
            return out;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static String first(Map<String, List<String>> params, String key) {
        List<String> v = params.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** A JSON manifest body with given config and layers (digest, size pairs). */
    static byte[] manifestJson(String mediaType, String configDigest, long configSize, Map<String, Long> layers) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"schemaVersion\":2,\"mediaType\":\"").append(mediaType).append("\",\"config\":{\"mediaType\":\"")
                .append("application/vnd.oci.image.config.v1+json\",\"digest\":\"").append(configDigest).append("\",\"size\":")
                .append(configSize).append("},\"layers\":[");
        boolean first = true;
        for (Map.Entry<String, Long> l : layers.entrySet()) {
            sb.append(first ? "" : ",").append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"")
                    .append(l.getKey()).append("\",\"size\":").append(l.getValue()).append("}");
            first = false;
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, Long> layers(Object... digestSizePairs) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < digestSizePairs.length; i += 2) {
            m.put((String) digestSizePairs[i], ((Number) digestSizePairs[i + 1]).longValue());
        }
        return m;
    }

    static Map<String, String> headersOf(Req r) {
        Map<String, String> m = new HashMap<>();
        if (r.authorization() != null) {
            m.put("Authorization", r.authorization());
        }
        return m;
    }
}
