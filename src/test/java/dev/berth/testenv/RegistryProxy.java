package dev.berth.testenv;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A registry as a hostile or slow world would serve it: an HTTP proxy on 127.0.0.1 in front of the
 * test registry that can throttle blob downloads, be stopped in the middle of one, corrupt a blob,
 * require Bearer tokens from its own token endpoint or Basic credentials, and counts the blob bytes
 * it served. {@link #tls} makes it an HTTPS server (for daemons that speak only HTTPS to registries,
 * e.g. containerd 1.7's Transfer service) with the test environment's certificate.
 */
public final class RegistryProxy implements AutoCloseable {

    private final String upstream;
    private final HttpServer server;
    private final Set<HttpExchange> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong blobBytes = new AtomicLong();
    private final AtomicLong tokenRequests = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private volatile long bytesPerSecond;
    private volatile String corruptDigest;
    private volatile boolean bearer;
    private volatile String tokenUser;
    private volatile String tokenPassword;
    private volatile String basicAuth;
    private final boolean https;

    public RegistryProxy(String upstreamHostPort) throws IOException {
        this(upstreamHostPort, 0);
    }

    public RegistryProxy(String upstreamHostPort, int port) throws IOException {
        this(upstreamHostPort, port, null);
    }

    /**
     * An HTTPS proxy (on {@code port}, 0 for any) with the key and certificate in a PKCS#12 file, e.g.
     * the test environment's {@code BERTH_TEST_TLS_P12}, whose CA the test containerd trusts.
     */
    public static RegistryProxy tls(String upstreamHostPort, int port, java.nio.file.Path p12, String password)
            throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(p12)) {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password.toCharArray());
            javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), null, null);
            return new RegistryProxy(upstreamHostPort, port, ssl);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot load " + p12 + ": " + e, e);
        }
    }

    private RegistryProxy(String upstreamHostPort, int port, javax.net.ssl.SSLContext ssl) throws IOException {
        this.upstream = "http://" + upstreamHostPort;
        this.https = ssl != null;
        if (ssl != null) {
            com.sun.net.httpserver.HttpsServer s = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 50);
            s.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(ssl));
            this.server = s;
        } else {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "registry-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.createContext("/token", this::token);
        server.start();
    }

    public String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public boolean isHttps() {
        return https;
    }

    public RegistryProxy throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        return this;
    }

    /** Flips a byte in the middle of this blob whenever it is served. */
    public RegistryProxy corrupt(String digest) {
        this.corruptDigest = digest;
        return this;
    }

    /** Requires {@code Authorization: Bearer} tokens from {@code /token}; with a user, the token endpoint wants Basic auth. */
    public RegistryProxy requireBearer(String user, String password) {
        this.bearer = true;
        this.tokenUser = user;
        this.tokenPassword = password;
        return this;
    }

    /** Requires {@code Authorization: Basic} with this user and password (a Basic challenge otherwise). */
    public RegistryProxy requireBasic(String user, String password) {
        this.basicAuth = "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public long blobBytesServed() {
        return blobBytes.get();
    }

    public long tokenRequests() {
        return tokenRequests.get();
    }

    /** Every token the token endpoint handed out (a test looks for them where they must not be). */
    public Set<String> issuedTokens() {
        return Set.copyOf(tokens);
    }

    /** Requests that reached the registry endpoint (a TLS handshake that failed never gets here). */
    public long requests() {
        return requests.get();
    }

    public void resetCounters() {
        blobBytes.set(0);
        tokenRequests.set(0);
    }

    /** Stops at once, cutting every download in flight (as a registry that died). */
    @Override
    public void close() {
        server.stop(0);
        for (HttpExchange e : open) {
            e.close();
        }
    }

    private void token(HttpExchange ex) throws IOException {
        tokenRequests.incrementAndGet();
        if (tokenUser != null) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String expected = "Basic " + java.util.Base64.getEncoder()
                    .encodeToString((tokenUser + ":" + tokenPassword).getBytes(StandardCharsets.UTF_8));
            boolean formOk = false;
            if ("POST".equals(ex.getRequestMethod())) {
                String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                formOk = form.contains("username=" + tokenUser) && form.contains("password=" + tokenPassword);
            }
            if (!expected.equals(auth) && !formOk) {
                ex.sendResponseHeaders(401, -1);
                ex.close();
                return;
            }
        }
        String token = UUID.randomUUID().toString();
        tokens.add(token);
        // both names, as Docker's token server answers (OAuth2 clients such as containerd's read access_token)
        byte[] body = ("{\"token\":\"" + token + "\",\"access_token\":\"" + token + "\",\"expires_in\":300}")
                .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        open.add(ex);
        try {
            if (basicAuth != null && !basicAuth.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"berth-test\"");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            if (bearer) {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                if (auth == null || !auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7))) {
                    String path = ex.getRequestURI().getPath();
                    String repo = path.replaceFirst("^/v2/", "").replaceFirst("/(manifests|blobs)/.*$", "");
                    ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + (https ? "https" : "http") + "://" + hostPort()
                            + "/token\",service=\"berth-test\",scope=\"repository:" + repo + ":pull\"");
                    ex.sendResponseHeaders(401, -1);
                    return;
                }
            }
            forward(ex);
        } catch (IOException e) {
            // the client or the proxy went away
        } finally {
            open.remove(ex);
            ex.close();
        }
    }

    /**
     * Sends ex's request on to url (its method, Accept and Range; redirects not followed) and copies the
     * answer's headers onto ex, all but Content-Length and Transfer-Encoding, which the caller sets.
     * Returns the connection, its status read.
     */
    public static HttpURLConnection relay(HttpExchange ex, String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestMethod(ex.getRequestMethod());
        c.setInstanceFollowRedirects(false);
        for (String h : List.of("Accept", "Range")) {
            String v = ex.getRequestHeaders().getFirst(h);
            if (v != null) {
                c.setRequestProperty(h, v);
            }
        }
        c.getResponseCode();
        for (Map.Entry<String, List<String>> h : c.getHeaderFields().entrySet()) {
            if (h.getKey() != null && !h.getKey().equalsIgnoreCase("Transfer-Encoding")
                    && !h.getKey().equalsIgnoreCase("Content-Length")) {
                ex.getResponseHeaders().put(h.getKey(), h.getValue());
            }
        }
        return c;
    }

    private void forward(HttpExchange ex) throws IOException {
        HttpURLConnection c = relay(ex, upstream + ex.getRequestURI());
        int status = c.getResponseCode();
        long length = c.getContentLengthLong();
        boolean head = "HEAD".equals(ex.getRequestMethod());
        if (head) {
            if (length >= 0) {
                ex.getResponseHeaders().set("Content-Length", Long.toString(length));
            }
            ex.sendResponseHeaders(status, -1);
            return;
        }
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        boolean blob = ex.getRequestURI().getPath().contains("/blobs/");
        boolean corrupt = corruptDigest != null && ex.getRequestURI().getPath().endsWith(corruptDigest);
        ex.sendResponseHeaders(status, length < 0 ? 0 : (length == 0 ? -1 : length));
        if (in == null) {
            return;
        }
        try (in; OutputStream out = ex.getResponseBody()) {
            byte[] buf = new byte[64 * 1024];
            long sent = 0;
            long start = System.nanoTime();
            int n;
            while ((n = in.read(buf)) > 0) {
                if (corrupt && sent <= length / 2 && sent + n > length / 2) {
                    int at = (int) (length / 2 - sent);
                    buf[at] ^= 0x5a;
                }
                out.write(buf, 0, n);
                sent += n;
                if (blob) {
                    blobBytes.addAndGet(n);
                }
                long rate = bytesPerSecond;
                if (rate > 0) {
                    long due = start + sent * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            }
        }
    }
}
