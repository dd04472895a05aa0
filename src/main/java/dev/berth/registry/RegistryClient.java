package dev.berth.registry;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.model.BerthException;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digests;
import dev.berth.oci.ImageManifest;
import dev.berth.oci.MediaTypes;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of the OCI distribution API (what containerd's Go resolver and fetcher do): resolve a
 * reference to a descriptor, fetch manifests and small blobs verified, and stream layer blobs from
 * an offset. Handles anonymous, Bearer (token server) and Basic auth, redirects and retries.
 *
 * <p>All calls block and respond to thread interruption with {@link BerthException.Cancelled}.
 * Errors are {@link BerthException}s: InvalidArgument (bad input), NotFound (no such manifest or
 * blob), PermissionDenied (401/403 after auth), Unavailable (connection failures, timeouts, 502–504),
 * Registry (anything else wrong with the registry's answers). Thread-safe; one client may serve
 * parallel downloads. No credential, token or Authorization header is ever logged or put in a message.
 */
public final class RegistryClient implements AutoCloseable {

    static final int MAX_REDIRECTS = 10;
    static final int MAX_RETRIES = 4;
    private static final int MAX_TOKEN_RESPONSE = 1024 * 1024;
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final System.Logger LOG = System.getLogger(RegistryClient.class.getName());
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

    private final RegistryOptions options;
    private final SocketTransport http;

    /** origin → how that origin asked to be authenticated. */
    private final ConcurrentMap<String, HostAuth> hostAuth = new ConcurrentHashMap<>();
    /** origin + " " + repository → scopes the origin's last challenge named for it. */
    private final ConcurrentMap<String, Set<String>> challengeScopes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Token> tokens = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Object> tokenLocks = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Optional<Credentials>> credentialCache = new ConcurrentHashMap<>();

    public RegistryClient(RegistryOptions options) {
        this.options = options;
        this.http = new SocketTransport(options.connectTimeout());
    }

    public RegistryOptions options() {
        return options;
    }

    // ------------------------------------------------------------------ public API

    /**
     * Resolves a reference to the descriptor of its manifest or index: {@code HEAD} on the
     * manifest with containerd's Accept header; {@code GET} (hashing the body) when HEAD is not
     * allowed or leaves out the digest, length or a manifest media type.
     *
     * @throws BerthException.NotFound when the registry has no such tag or digest
     */
    public Descriptor resolve(ImageReference ref) {
        String what = "resolving " + ref;
        Map<String, String> headers = Map.of("Accept", MediaTypes.MANIFEST_ACCEPT);
        HttpResponse<InputStream> r = exchange(ref, "HEAD", "manifests/" + ref.object(), headers, what);
        try {
            int status = r.statusCode();
            if (status == 200) {
                String mediaType = MediaTypes.strip(r.headers().firstValue("Content-Type").orElse(null));
                if (MediaTypes.isSchema1(mediaType)) {
                    throw schema1(ref);
                }
                String digest = r.headers().firstValue("Docker-Content-Digest").map(String::trim).orElse("");
                long size = r.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (ref.digest() != null) {
                    if (!digest.isEmpty() && Digests.isValid(digest) && !digest.equals(ref.digest())) {
                        throw new BerthException.Registry("the registry answered " + ref + " with a different digest " + digest);
                    }
                    digest = ref.digest();
                }
                if (MediaTypes.isManifestOrIndex(mediaType) && Digests.isValid(digest) && size > 0) {
                    if (size > options.maxManifestSize()) {
                        throw tooLarge(ref.toString(), size);
                    }
                    return new Descriptor(mediaType, digest, size);
                }
                LOG.log(System.Logger.Level.DEBUG, "HEAD for {0} lacks digest, length or type; using GET", ref);
            } else if (status != 405 && status != 501) {
                throw failure(r, ref, what, true);
            }
        } finally {
            closeQuietly(r);
        }
        return resolveByGet(ref, headers, what);
    }

    private Descriptor resolveByGet(ImageReference ref, Map<String, String> headers, String what) {
        HttpResponse<InputStream> r = exchange(ref, "GET", "manifests/" + ref.object(), headers, what);
        try {
            if (r.statusCode() != 200) {
                throw failure(r, ref, what, true);
            }
            long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > options.maxManifestSize()) {
                throw tooLarge(ref.toString(), declared);
            }
            byte[] body = readBounded(r, -1, options.maxManifestSize(), "manifest of " + ref);
            String header = r.headers().firstValue("Docker-Content-Digest").map(String::trim).orElse("");
            String algorithm = ref.digest() != null ? Digests.algorithm(ref.digest())
                    : Digests.isValid(header) ? Digests.algorithm(header) : Digests.SHA256;
            String actual = Digests.of(algorithm, body);
            if (ref.digest() != null && !actual.equals(ref.digest())) {
                throw new BerthException.Registry("the manifest the registry sent for " + ref + " has digest " + actual);
            }
            if (Digests.isValid(header) && !header.equals(actual)) {
                throw new BerthException.Registry("the manifest the registry sent for " + ref + " does not match its Docker-Content-Digest "
                        + header + " (content has " + actual + ")");
            }
            String contentType = r.headers().firstValue("Content-Type").orElse(null);
            String mediaType = ImageManifest.detectMediaType(body, contentType, actual);
            if (MediaTypes.isSchema1(mediaType)) {
                throw schema1(ref);
            }
            if (!MediaTypes.isManifestOrIndex(mediaType)) {
                throw new BerthException.Registry(ref + " is not an image: its manifest has media type " + shorten(mediaType, 100));
            }
            return new Descriptor(mediaType, actual, body.length);
        } finally {
            closeQuietly(r);
        }
    }

    /**
     * Fetches a manifest or index by digest, checking its size (against the descriptor and the
     * limit) and its digest.
     */
    public byte[] fetchManifest(ImageReference ref, Descriptor desc) {
        String digest = Digests.requireValid(desc.digest());
        if (desc.size() > options.maxManifestSize()) {
            throw tooLarge("manifest " + digest, desc.size());
        }
        String accept = acceptFor(desc.mediaType(), true);
        String what = "fetching manifest " + digest + " of " + ref.name();
        HttpResponse<InputStream> r = exchange(ref, "GET", "manifests/" + digest, Map.of("Accept", accept), what);
        try {
            if (r.statusCode() != 200) {
                throw failure(r, ref, what, true);
            }
            byte[] body = readBounded(r, desc.size(), options.maxManifestSize(), "manifest " + digest);
            Digests.verify(body, digest, "manifest");
            return body;
        } finally {
            closeQuietly(r);
        }
    }

    /** Fetches a small blob (an image config) by digest, verified; refused above the manifest size limit. */
    public byte[] fetchBlob(ImageReference ref, Descriptor desc) {
        String digest = Digests.requireValid(desc.digest());
        if (desc.size() > options.maxManifestSize()) {
            throw tooLarge("blob " + digest, desc.size());
        }
        String what = "fetching blob " + digest + " of " + ref.name();
        HttpResponse<InputStream> r = exchange(ref, "GET", "blobs/" + digest, Map.of("Accept", acceptFor(desc.mediaType(), false)), what);
        try {
            if (r.statusCode() != 200) {
                throw failure(r, ref, what, false);
            }
            byte[] body = readBounded(r, desc.size(), options.maxManifestSize(), "blob " + digest);
            Digests.verify(body, digest, "blob");
            return body;
        } finally {
            closeQuietly(r);
        }
    }

    /**
     * Opens a blob for streaming, from {@code offset} when the registry honours the Range.
     * Follows redirects (at most 10; the registry's Authorization is never sent to another host).
     * The caller reads {@link BlobStream#length()} bytes, verifies the digest, and closes it.
     *
     * @param offset bytes the caller already has (0 for all)
     * @throws BerthException.NotFound when the registry has no such blob
     */
    public BlobStream openBlob(ImageReference ref, Descriptor desc, long offset) {
        String digest = Digests.requireValid(desc.digest());
        if (offset < 0 || (offset > 0 && offset >= desc.size())) {
            throw new BerthException.InvalidArgument("offset " + offset + " is outside blob " + digest + " of " + desc.size() + " bytes");
        }
        String what = "downloading blob " + digest + " of " + ref.name();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", acceptFor(desc.mediaType(), false));
        if (offset > 0) {
            headers.put("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> r = exchange(ref, "GET", "blobs/" + digest, headers, what);
        boolean ok = false;
        try {
            int status = r.statusCode();
            if (status == 416 && offset > 0) {
                closeQuietly(r);
                LOG.log(System.Logger.Level.DEBUG, "range not satisfiable for {0}; downloading from the start", digest);
                headers.remove("Range");
                r = exchange(ref, "GET", "blobs/" + digest, headers, what);
                status = r.statusCode();
            }
            long start;
            if (status == 206 && headers.containsKey("Range")) {
                start = offset;
                Optional<String> cr = r.headers().firstValue("Content-Range");
                if (cr.isPresent()) {
                    Matcher m = CONTENT_RANGE.matcher(cr.get().trim());
                    if (!m.matches() || Long.parseLong(m.group(1)) != offset) {
                        throw new BerthException.Registry("the registry answered a download from byte " + offset + " of " + digest
                                + " with the range \"" + shorten(cr.get(), 80) + "\"");
                    }
                }
            } else if (status == 200) {
                start = 0;
            } else {
                throw failure(r, ref, what, false);
            }
            long length = desc.size() - start;
            OptionalLong cl = r.headers().firstValueAsLong("Content-Length");
            if (cl.isPresent() && cl.getAsLong() != length) {
                throw new BerthException.Registry("the registry sends " + cl.getAsLong() + " bytes of blob " + digest
                        + " where " + length + " are expected (descriptor size " + desc.size() + ")");
            }
            BodyStream body = new BodyStream(r.body(), length, "blob " + digest);
            ok = true;
            return new BlobStream(body, start, length);
        } finally {
            if (!ok) {
                closeQuietly(r);
            }
        }
    }

    /** Nothing to release today (connections are pooled by the JDK); kept so callers can scope a client. */
    @Override
    public void close() {
    }

    // ------------------------------------------------------------------ the request loop

    /**
     * {@code https://<registry host>/v2/<repository>/}; {@code http://} for loopback registries and
     * those listed as insecure.
     */
    URI baseUri(ImageReference ref) {
        String scheme = options.allowsPlainHttp(ref.registryHost()) ? "http" : "https";
        try {
            return new URI(scheme + "://" + ref.registryHost() + "/v2/" + ref.repository() + "/");
        } catch (URISyntaxException e) {
            throw new BerthException.InvalidArgument("cannot form a registry URL for " + ref);
        }
    }

    /**
     * Sends a request, answering auth challenges, following redirects and retrying 408/429 (up to
     * {@value #MAX_RETRIES} times) and 500/503/504 (once). Returns any other answer for the caller
     * to read and close.
     */
    private HttpResponse<InputStream> exchange(ImageReference ref, String method, String path,
                                               Map<String, String> headers, String what) {
        URI uri = baseUri(ref).resolve(path);
        String registryOrigin = origin(uri);
        String currentMethod = method;
        int redirects = 0;
        int retries = 0;
        boolean serverErrorRetried = false;
        boolean challengeAnswered = false;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new BerthException.Cancelled("cancelled " + what);
            }
            String origin = origin(uri);
            String credentialHost = origin.equals(registryOrigin) ? ref.registryHost() : authority(uri);
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .method(currentMethod, HttpRequest.BodyPublishers.noBody())
                    .timeout(options.readTimeout())
                    .header("User-Agent", options.userAgent());
            if (uri.getScheme().equals("http")) {
                b.version(HttpClient.Version.HTTP_1_1);
            }
            headers.forEach(b::header);
            authorization(origin, credentialHost, ref.repository(), what).ifPresent(v -> b.header("Authorization", v));
            HttpResponse<InputStream> r = send(b.build(), what);
            int status = r.statusCode();
            LOG.log(System.Logger.Level.DEBUG, "{0} {1} -> {2}", currentMethod, describe(uri), status);
            if (status == 401) {
                List<String> values = r.headers().allValues("WWW-Authenticate");
                if (challengeAnswered || values.isEmpty()) {
                    return r; // the caller reports it
                }
                closeQuietly(r);
                challengeAnswered = true;
                answerChallenge(origin, credentialHost, ref.repository(), AuthChallenge.parseAll(values), what);
                continue;
            }
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                String location = r.headers().firstValue("Location").orElse(null);
                closeQuietly(r);
                if (location == null || location.isBlank()) {
                    throw new BerthException.Registry("the registry redirected " + what + " without saying where (no Location)");
                }
                if (++redirects > MAX_REDIRECTS) {
                    throw new BerthException.Registry("too many redirects (more than " + MAX_REDIRECTS + ") while " + what);
                }
                URI next;
                try {
                    next = uri.resolve(new URI(location.trim()));
                } catch (URISyntaxException | IllegalArgumentException e) {
                    throw new BerthException.Registry("the registry redirected " + what + " to an invalid URL");
                }
                checkRedirectTarget(next, what);
                if (status == 303 && !currentMethod.equals("HEAD")) {
                    currentMethod = "GET";
                }
                uri = next;
                challengeAnswered = false;
                continue;
            }
            if ((status == 408 || status == 429) && retries < MAX_RETRIES) {
                closeQuietly(r);
                backoff(retries++, r, what);
                continue;
            }
            if ((status == 500 || status == 503 || status == 504) && !serverErrorRetried) {
                closeQuietly(r);
                serverErrorRetried = true;
                backoff(0, r, what);
                continue;
            }
            return r;
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request, String what) {
        return send(request, null, what);
    }

    private HttpResponse<InputStream> send(HttpRequest request, byte[] body, String what) {
        try {
            return http.send(request, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException.Cancelled("cancelled " + what);
        } catch (CancellationException e) {
            throw new BerthException.Cancelled("cancelled " + what);
        } catch (ExecutionException e) {
            throw connectionFailure(e.getCause(), request.uri(), what);
        }
    }

    private BerthException connectionFailure(Throwable t, URI uri, String what) {
        String host = authority(uri);
        if (t instanceof HttpConnectTimeoutException) {
            return new BerthException.Unavailable("timed out connecting to " + host + " while " + what, t);
        }
        if (t instanceof HttpTimeoutException) {
            return new BerthException.Unavailable(host + " did not answer within " + options.readTimeout().toSeconds()
                    + " s while " + what, t);
        }
        if (t instanceof SSLHandshakeException || t instanceof SSLException) {
            return new BerthException.Unavailable("the TLS connection to " + host + " failed while " + what
                    + " (certificate not trusted or not HTTPS?): " + t.getMessage()
                    + ". A registry without valid HTTPS can be listed as insecure to use plain HTTP.", t);
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof ConnectException || root instanceof UnknownHostException || root instanceof UnresolvedAddressException) {
                break;
            }
            root = root.getCause();
        }
        if (root instanceof UnknownHostException || root instanceof UnresolvedAddressException) {
            return new BerthException.Unavailable("unknown registry host " + host + " while " + what, t);
        }
        if (root instanceof ConnectException) {
            return new BerthException.Unavailable("cannot connect to " + host + " (" + (root.getMessage() == null ? "connection refused" : root.getMessage())
                    + ") while " + what, t);
        }
        if (t instanceof IOException) {
            return new BerthException.Unavailable("the connection to " + host + " failed while " + what + ": "
                    + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()), t);
        }
        return new BerthException.Internal("unexpected failure while " + what + ": " + t, t);
    }

    private void checkRedirectTarget(URI next, String what) {
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (next.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new BerthException.Registry("the registry redirected " + what + " to an unsupported location");
        }
        if (scheme.equals("http") && !options.allowsPlainHttp(authority(next))) {
            throw new BerthException.Registry("refusing to follow a redirect to plain HTTP at " + authority(next) + " while " + what
                    + " (only loopback and insecure registries may use HTTP)");
        }
    }

    private void backoff(int attempt, HttpResponse<?> r, String what) {
        long millis = options.retryBackoff().toMillis() << Math.min(attempt, 6);
        OptionalLong retryAfter = r.headers().firstValueAsLong("Retry-After");
        if (retryAfter.isPresent() && retryAfter.getAsLong() >= 0) {
            millis = Math.max(millis, Math.min(retryAfter.getAsLong() * 1000, 10_000));
        }
        LOG.log(System.Logger.Level.DEBUG, "registry answered {0} while {1}; retrying in {2} ms", r.statusCode(), what, millis);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException.Cancelled("cancelled " + what);
        }
    }

    // ------------------------------------------------------------------ auth

    private record HostAuth(boolean bearer, String realm, String service) {
    }

    private record Token(String value, long expiresAtNanos) {
        boolean valid() {
            return System.nanoTime() - expiresAtNanos < 0;
        }
    }

    /** The Authorization header for a request to this origin, if the origin has asked for one before. */
    private Optional<String> authorization(String origin, String credentialHost, String repository, String what) {
        HostAuth auth = hostAuth.get(origin);
        if (auth == null) {
            return Optional.empty();
        }
        if (!auth.bearer()) {
            return credentials(credentialHost).map(RegistryClient::basic);
        }
        SortedSet<String> scopes = scopes(origin, repository);
        return Optional.of("Bearer " + token(origin, credentialHost, auth, scopes, what));
    }

    private SortedSet<String> scopes(String origin, String repository) {
        SortedSet<String> scopes = new TreeSet<>();
        scopes.add("repository:" + repository + ":pull");
        scopes.addAll(challengeScopes.getOrDefault(origin + " " + repository, Set.of()));
        return scopes;
    }

    private void answerChallenge(String origin, String credentialHost, String repository, List<AuthChallenge> challenges, String what) {
        AuthChallenge bearer = null;
        AuthChallenge basic = null;
        for (AuthChallenge c : challenges) {
            if (c.isBearer() && bearer == null) {
                bearer = c;
            } else if (c.isBasic() && basic == null) {
                basic = c;
            }
        }
        if (bearer != null) {
            String realm = bearer.param("realm");
            if (realm == null || realm.isBlank()) {
                throw new BerthException.Registry(credentialHost + " asked for a Bearer token without saying where to get it (no realm)");
            }
            URI realmUri = checkRealm(realm, credentialHost);
            String service = bearer.param("service");
            Set<String> scopes = new TreeSet<>();
            String scope = bearer.param("scope");
            if (scope != null) {
                for (String s : scope.split(" ")) {
                    if (!s.isBlank()) {
                        scopes.add(s);
                    }
                }
            }
            challengeScopes.put(origin + " " + repository, Set.copyOf(scopes));
            hostAuth.put(origin, new HostAuth(true, realmUri.toString(), service == null ? "" : service));
            // a token that was just refused must not be sent again
            tokens.remove(tokenKey(origin, scopes(origin, repository)));
            return;
        }
        if (basic != null) {
            if (credentials(credentialHost).isEmpty()) {
                throw new BerthException.PermissionDenied(credentialHost + " requires a user name and password (Basic auth) while "
                        + what + ", and none is configured: log in with `docker login " + credentialHost + "`");
            }
            hostAuth.put(origin, new HostAuth(false, null, null));
            return;
        }
        List<String> schemes = new ArrayList<>();
        challenges.forEach(c -> schemes.add(c.scheme()));
        throw new BerthException.Registry(credentialHost + " asks for an authentication scheme Berth does not support ("
                + shorten(String.join(", ", schemes), 80) + ")");
    }

    private URI checkRealm(String realm, String credentialHost) {
        URI uri;
        try {
            uri = new URI(realm);
        } catch (URISyntaxException e) {
            throw new BerthException.Registry(credentialHost + " named an invalid token server URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new BerthException.Registry(credentialHost + " named a token server that is not an http(s) URL");
        }
        if (scheme.equals("http") && !options.allowsPlainHttp(authority(uri))) {
            throw new BerthException.Registry(credentialHost + " named a token server on plain HTTP (" + authority(uri)
                    + "); refused, as credentials and tokens would travel unencrypted");
        }
        return uri;
    }

    private static String tokenKey(String origin, SortedSet<String> scopes) {
        return origin + "\n" + String.join(" ", scopes);
    }

    private String token(String origin, String credentialHost, HostAuth auth, SortedSet<String> scopes, String what) {
        String key = tokenKey(origin, scopes);
        Token t = tokens.get(key);
        if (t != null && t.valid()) {
            return t.value();
        }
        Object lock = tokenLocks.computeIfAbsent(key, k -> new Object());
        synchronized (lock) {
            t = tokens.get(key);
            if (t != null && t.valid()) {
                return t.value();
            }
            t = fetchToken(auth, credentialHost, scopes, what);
            tokens.put(key, t);
            return t.value();
        }
    }

    private Token fetchToken(HostAuth auth, String credentialHost, SortedSet<String> scopes, String what) {
        Optional<Credentials> creds = credentials(credentialHost);
        URI realm = URI.create(auth.realm());
        LOG.log(System.Logger.Level.DEBUG, "fetching a token from {0} for {1} ({2})", describe(realm), scopes,
                creds.isPresent() ? "with credentials" : "anonymous");
        if (creds.isPresent()) {
            Credentials c = creds.get();
            Map<String, String> form = new LinkedHashMap<>();
            if (c.isIdentityToken()) {
                form.put("grant_type", "refresh_token");
                form.put("refresh_token", c.secret());
            } else {
                form.put("grant_type", "password");
                form.put("username", c.username());
                form.put("password", c.secret());
            }
            if (!auth.service().isEmpty()) {
                form.put("service", auth.service());
            }
            form.put("scope", String.join(" ", scopes));
            form.put("client_id", "containerd-client");
            byte[] formBytes = formEncode(form).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            HttpRequest post = HttpRequest.newBuilder(realm)
                    .timeout(options.readTimeout())
                    .header("User-Agent", options.userAgent())
                    .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(formBytes))
                    .build();
            HttpResponse<InputStream> r = send(post, formBytes, "getting a token from " + authority(realm));
            int status = r.statusCode();
            if (status == 200) {
                return tokenFrom(r, realm);
            }
            closeQuietly(r);
            boolean fallback = status == 400 || status == 401 || status == 404 || (status == 405 && !c.username().isEmpty());
            if (!fallback) {
                throw tokenFailure(status, realm, credentialHost, true);
            }
            LOG.log(System.Logger.Level.DEBUG, "token server {0} answered POST with {1}; trying GET with Basic auth",
                    authority(realm), status);
        }
        List<String> query = new ArrayList<>();
        for (String s : scopes) {
            query.add("scope=" + urlEncode(s));
        }
        if (!auth.service().isEmpty()) {
            query.add("service=" + urlEncode(auth.service()));
        }
        String base = realm.toString();
        URI get = URI.create(base + (base.contains("?") ? "&" : "?") + String.join("&", query));
        HttpRequest.Builder b = HttpRequest.newBuilder(get)
                .timeout(options.readTimeout())
                .header("User-Agent", options.userAgent())
                .GET();
        creds.ifPresent(c -> b.header("Authorization", basic(c)));
        HttpResponse<InputStream> r = send(b.build(), "getting a token from " + authority(realm));
        if (r.statusCode() == 200) {
            return tokenFrom(r, realm);
        }
        closeQuietly(r);
        throw tokenFailure(r.statusCode(), realm, credentialHost, creds.isPresent());
    }

    private BerthException tokenFailure(int status, URI realm, String credentialHost, boolean withCredentials) {
        if (status == 401 || status == 403) {
            return new BerthException.PermissionDenied(withCredentials
                    ? "the token server " + authority(realm) + " rejected the credentials for " + credentialHost + " (HTTP " + status
                      + "); log in again with `docker login " + credentialHost + "`"
                    : "the token server " + authority(realm) + " refused anonymous access to " + credentialHost + " (HTTP " + status
                      + "); log in with `docker login " + credentialHost + "`");
        }
        return new BerthException.Registry("the token server " + authority(realm) + " answered HTTP " + status);
    }

    private Token tokenFrom(HttpResponse<InputStream> r, URI realm) {
        byte[] body;
        try {
            body = readBounded(r, -1, MAX_TOKEN_RESPONSE, "token response");
        } finally {
            closeQuietly(r);
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(body);
        } catch (IOException e) {
            json = null; // never quote it: it holds a token
        }
        if (json == null || !json.isObject()) {
            throw new BerthException.Registry("the token server " + authority(realm) + " answered with something that is not JSON");
        }
        String token = null;
        for (String field : List.of("token", "access_token")) {
            JsonNode n = json.get(field);
            if (n != null && n.isTextual() && !n.textValue().isEmpty()) {
                token = n.textValue();
                break;
            }
        }
        if (token == null) {
            throw new BerthException.Registry("the token server " + authority(realm) + " answered without a token");
        }
        if (token.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7e)) {
            throw new BerthException.Registry("the token server " + authority(realm) + " answered with a token that cannot be sent in a header");
        }
        long expiresIn = 60;
        JsonNode e = json.get("expires_in");
        if (e != null && e.canConvertToLong() && e.longValue() > 0) {
            expiresIn = e.longValue();
        }
        long lifetimeNanos = TimeUnit.SECONDS.toNanos(expiresIn);
        lifetimeNanos -= Math.min(lifetimeNanos / 10, TimeUnit.SECONDS.toNanos(30)); // renew a little early
        return new Token(token, System.nanoTime() + lifetimeNanos);
    }

    private Optional<Credentials> credentials(String host) {
        Optional<Credentials> c = credentialCache.get(host);
        if (c == null) {
            c = options.credentials().lookup(host);
            credentialCache.put(host, c);
        }
        return c;
    }

    private static String basic(Credentials c) {
        return "Basic " + Base64.getEncoder().encodeToString((c.username() + ":" + c.secret()).getBytes(StandardCharsets.UTF_8));
    }

    private static String formEncode(Map<String, String> form) {
        List<String> parts = new ArrayList<>();
        form.forEach((k, v) -> parts.add(urlEncode(k) + "=" + urlEncode(v)));
        return String.join("&", parts);
    }

    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ------------------------------------------------------------------ answers

    private BerthException failure(HttpResponse<InputStream> r, ImageReference ref, String what, boolean manifest) {
        int status = r.statusCode();
        String detail = errorDetail(r);
        String host = ref.registryHost();
        String suffix = detail.isEmpty() ? "" : ": " + detail;
        switch (status) {
            case 401:
                return new BerthException.PermissionDenied("access denied while " + what + " (HTTP 401" + suffix + "); "
                        + (hostAuth.containsKey(origin(r.uri())) && hadCredentials(ref.registryHost())
                        ? "the registry rejected the configured credentials for " + host
                        : "log in with `docker login " + host + "`"));
            case 403:
                return new BerthException.PermissionDenied("access denied while " + what + " (HTTP 403" + suffix + ")");
            case 404:
                return new BerthException.NotFound((manifest ? "image " + ref + " not found" : "blob not found while " + what)
                        + " (HTTP 404" + suffix + ")");
            case 408:
            case 429:
                return new BerthException.Unavailable(host + " kept answering HTTP " + status + " (too many requests) while " + what);
            case 502:
            case 503:
            case 504:
                return new BerthException.Unavailable(host + " is unavailable (HTTP " + status + suffix + ") while " + what);
            default:
                return new BerthException.Registry(host + " answered HTTP " + status + suffix + " while " + what);
        }
    }

    private boolean hadCredentials(String host) {
        Optional<Credentials> c = credentialCache.get(host);
        return c != null && c.isPresent();
    }

    /** {@code CODE: message} of a distribution error body, cleaned and shortened; "" if none. */
    private String errorDetail(HttpResponse<InputStream> r) {
        byte[] body;
        try (InputStream in = new BodyStream(r.body(), -1, "an error message")) {
            body = in.readNBytes(MAX_ERROR_BODY);
        } catch (IOException | RuntimeException e) {
            return "";
        }
        if (body.length == 0) {
            return "";
        }
        try {
            JsonNode json = MAPPER.readTree(body);
            JsonNode errors = json == null ? null : json.get("errors");
            if (errors != null && errors.isArray() && !errors.isEmpty()) {
                JsonNode e = errors.get(0);
                String code = e.path("code").asText("");
                String message = e.path("message").asText("");
                String d = code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message;
                return clean(d);
            }
        } catch (IOException e) {
            // not JSON
        }
        return "";
    }

    private static String clean(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return shorten(sb.toString().trim(), 200);
    }

    /**
     * Reads a whole (small) body: at most {@code limit} bytes, exactly {@code expected} when known.
     * A body longer than allowed is cut off and refused, never buffered.
     */
    private byte[] readBounded(HttpResponse<InputStream> r, long expected, long limit, String what) {
        long max = expected >= 0 ? Math.min(expected, limit) : limit;
        OptionalLong cl = r.headers().firstValueAsLong("Content-Length");
        if (cl.isPresent() && expected >= 0 && cl.getAsLong() != expected) {
            throw new BerthException.Registry("the registry sends " + cl.getAsLong() + " bytes for " + what + " where "
                    + expected + " are expected");
        }
        if (cl.isPresent() && cl.getAsLong() > limit) {
            throw tooLarge(what, cl.getAsLong(), limit);
        }
        try (BodyStream in = new BodyStream(r.body(), -1, what)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(max, 0), 1 << 16));
            byte[] buf = new byte[16 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buf, 0, (int) Math.min(buf.length, max + 1 - total))) > 0) {
                total += n;
                if (total > max) {
                    if (expected >= 0 && expected <= limit) {
                        throw new BerthException.Registry("the registry sent more than the " + expected + " bytes declared for " + what);
                    }
                    throw tooLarge(what, total, limit);
                }
                out.write(buf, 0, n);
            }
            if (expected >= 0 && total != expected) {
                throw new BerthException.Registry("the registry sent " + total + " of the " + expected + " bytes of " + what);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new BerthException.Unavailable("the connection broke while reading " + what, e);
        }
    }

    private BerthException tooLarge(String what, long size) {
        return tooLarge(what, size, options.maxManifestSize());
    }

    /** {@code limit} is the manifest limit, or a smaller one of its own (token responses). */
    private BerthException tooLarge(String what, long size, long limit) {
        return new BerthException.Registry(what + " is " + (size > limit ? size + " bytes or more" : size + " bytes")
                + "; more than the limit of " + limit + " bytes"
                + (limit == options.maxManifestSize() ? " for manifests and configs" : ""));
    }

    private static BerthException schema1(ImageReference ref) {
        return new BerthException.Registry(ref + " is a Docker schema 1 image, which Berth does not support (as containerd 2 does not); "
                + "push it again with a current docker, skopeo or buildah");
    }

    private static String acceptFor(String mediaType, boolean manifest) {
        String t = MediaTypes.strip(mediaType);
        if (manifest) {
            return t.isEmpty() || MediaTypes.MANIFEST_ACCEPT.contains(t) ? MediaTypes.MANIFEST_ACCEPT : t + ", " + MediaTypes.MANIFEST_ACCEPT;
        }
        return t.isEmpty() ? "*/*" : t + ", */*";
    }

    // ------------------------------------------------------------------ helpers

    /** {@code scheme://host:port}, with the default port made explicit. */
    static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** {@code host[:port]} as in the URL. */
    static String authority(URI uri) {
        String host = uri.getHost() == null ? String.valueOf(uri.getAuthority()) : uri.getHost().toLowerCase(Locale.ROOT);
        return uri.getPort() >= 0 ? host + ":" + uri.getPort() : host;
    }

    /** The URL without query or fragment (pre-signed redirect URLs carry signatures there). */
    static String describe(URI uri) {
        return uri.getScheme() + "://" + authority(uri) + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static void closeQuietly(HttpResponse<InputStream> r) {
        try {
            r.body().close();
        } catch (IOException | RuntimeException e) {
            // nothing to do
        }
    }

    /** For messages: cut at {@code max} characters, control characters shown as {@code \\uXXXX}. */
    private static String shorten(String s, int max) {
        return AuthChallenge.visible(s.length() <= max ? s : s.substring(0, max - 3) + "...");
    }

    /**
     * A response body whose reads throw BerthExceptions: Cancelled on interruption, Unavailable
     * on a broken or silent connection (longer than the read timeout) or an early end, Registry
     * when more bytes come than expected.
     */
    private final class BodyStream extends InputStream {
        private final InputStream in;
        private final long expected;
        private final String what;
        private long count;
        private volatile boolean closed;

        BodyStream(InputStream in, long expected, String what) {
            this.in = in;
            this.expected = expected;
            this.what = what;
        }

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
                throw new BerthException.Cancelled("cancelled " + what + ": the download was closed");
            }
            if (Thread.currentThread().isInterrupted()) {
                close();
                throw new BerthException.Cancelled("cancelled " + what);
            }
            int n;
            try {
                n = in.read(b, off, len);
            } catch (StreamingBody.ReadTimeoutException e) {
                close();
                throw new BerthException.Unavailable("the registry sent nothing for " + options.readTimeout().toSeconds()
                        + " s while sending " + what + " (after " + count + " bytes)", e);
            } catch (InterruptedIOException e) {
                close();
                Thread.currentThread().interrupt();
                throw new BerthException.Cancelled("cancelled " + what, e);
            } catch (StreamingBody.ClosedException e) {
                close();
                throw new BerthException.Cancelled("cancelled " + what + ": the download was closed", e);
            } catch (IOException e) {
                close();
                throw new BerthException.Unavailable("the connection broke while receiving " + what + " (after " + count + " bytes): "
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
            }
            if (n < 0) {
                if (expected >= 0 && count < expected) {
                    close();
                    throw new BerthException.Unavailable("the connection ended after " + count + " of " + expected
                            + " bytes of " + what);
                }
                return -1;
            }
            count += n;
            if (expected >= 0 && count > expected) {
                close();
                throw new BerthException.Registry("the registry sent more than the " + expected + " bytes expected of " + what);
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return closed ? 0 : in.available();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            in.close();
        }
    }
}
