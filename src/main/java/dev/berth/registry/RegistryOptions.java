package dev.berth.registry;

import dev.berth.model.BerthException;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of a {@link RegistryClient}.
 *
 * @param insecureHosts   registries spoken to over plain HTTP ({@code host} or {@code host:port};
 *                        an entry without a port covers every port). Loopback registries always use
 *                        plain HTTP and need no entry. Everything else uses HTTPS with certificate checks.
 * @param credentials     where credentials come from
 * @param connectTimeout  TCP/TLS connect timeout
 * @param readTimeout     longest wait for response headers, and longest silence while reading a body
 * @param userAgent       the User-Agent header
 * @param maxManifestSize manifests, indexes and configs larger than this are refused
 * @param retryBackoff    first wait before retrying a 408/429/5xx answer (doubles each time)
 */
public record RegistryOptions(Set<String> insecureHosts, CredentialsProvider credentials, Duration connectTimeout,
                              Duration readTimeout, String userAgent, long maxManifestSize, Duration retryBackoff) {

    /** containerd's limit: 4 × 1048 × 1048 bytes. */
    public static final long DEFAULT_MAX_MANIFEST_SIZE = 4L * 1048 * 1048;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(250);

    private static final Pattern HOST_ENTRY = Pattern.compile("(?:\\[[0-9a-f:.]+\\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(?::[0-9]{1,5})?");

    public RegistryOptions {
        Set<String> hosts = new LinkedHashSet<>();
        for (String h : Objects.requireNonNull(insecureHosts, "insecureHosts")) {
            hosts.add(normalizeHostEntry(h));
        }
        insecureHosts = Set.copyOf(hosts);
        Objects.requireNonNull(credentials, "credentials");
        requirePositive(connectTimeout, "connect timeout");
        requirePositive(readTimeout, "read timeout");
        if (retryBackoff == null || retryBackoff.isNegative()) {
            throw new BerthException.InvalidArgument("the retry backoff must not be negative");
        }
        if (userAgent == null || userAgent.isBlank()) {
            throw new BerthException.InvalidArgument("the user agent is empty");
        }
        if (maxManifestSize <= 0) {
            throw new BerthException.InvalidArgument("the manifest size limit must be positive");
        }
    }

    /** Anonymous, no insecure hosts, default timeouts, {@code berth/<version>}. */
    public static RegistryOptions defaults() {
        return new RegistryOptions(Set.of(), CredentialsProvider.anonymous(), DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_READ_TIMEOUT, defaultUserAgent(), DEFAULT_MAX_MANIFEST_SIZE, DEFAULT_RETRY_BACKOFF);
    }

    /** {@code berth/<version>} from the jar's manifest ({@code berth/dev} when run from classes). */
    public static String defaultUserAgent() {
        String v = RegistryOptions.class.getPackage() == null ? null : RegistryOptions.class.getPackage().getImplementationVersion();
        return "berth/" + (v == null || v.isBlank() ? "dev" : v);
    }

    public RegistryOptions withInsecureHosts(Set<String> hosts) {
        return new RegistryOptions(hosts, credentials, connectTimeout, readTimeout, userAgent, maxManifestSize, retryBackoff);
    }

    public RegistryOptions withCredentials(CredentialsProvider provider) {
        return new RegistryOptions(insecureHosts, provider, connectTimeout, readTimeout, userAgent, maxManifestSize, retryBackoff);
    }

    public RegistryOptions withConnectTimeout(Duration timeout) {
        return new RegistryOptions(insecureHosts, credentials, timeout, readTimeout, userAgent, maxManifestSize, retryBackoff);
    }

    public RegistryOptions withReadTimeout(Duration timeout) {
        return new RegistryOptions(insecureHosts, credentials, connectTimeout, timeout, userAgent, maxManifestSize, retryBackoff);
    }

    public RegistryOptions withUserAgent(String agent) {
        return new RegistryOptions(insecureHosts, credentials, connectTimeout, readTimeout, agent, maxManifestSize, retryBackoff);
    }

    public RegistryOptions withMaxManifestSize(long bytes) {
        return new RegistryOptions(insecureHosts, credentials, connectTimeout, readTimeout, userAgent, bytes, retryBackoff);
    }

    public RegistryOptions withRetryBackoff(Duration backoff) {
        return new RegistryOptions(insecureHosts, credentials, connectTimeout, readTimeout, userAgent, maxManifestSize, backoff);
    }

    /** Whether {@code host[:port]} is to be spoken to over plain HTTP: loopback, or listed as insecure. */
    public boolean allowsPlainHttp(String hostPort) {
        if (ImageReference.isLoopbackHost(hostPort)) {
            return true;
        }
        String hp = hostPort.toLowerCase(Locale.ROOT);
        if (insecureHosts.contains(hp)) {
            return true;
        }
        String host = hostOnly(hp);
        return insecureHosts.contains(host);
    }

    /**
     * Normalises an insecure-registry entry: lower case, without {@code http://} or a path.
     *
     * @throws BerthException.InvalidArgument for something that is not host[:port]
     */
    public static String normalizeHostEntry(String entry) {
        if (entry == null || entry.isBlank()) {
            throw new BerthException.InvalidArgument("empty insecure registry entry");
        }
        String e = entry.trim().toLowerCase(Locale.ROOT);
        int scheme = e.indexOf("://");
        if (scheme >= 0) {
            e = e.substring(scheme + 3);
        }
        int slash = e.indexOf('/');
        if (slash >= 0) {
            e = e.substring(0, slash);
        }
        if (e.equals("index.docker.io") || e.equals(ImageReference.DOCKER_HUB)) {
            e = ImageReference.DOCKER_HUB_REGISTRY;
        }
        if (!HOST_ENTRY.matcher(e).matches()) {
            throw new BerthException.InvalidArgument("invalid insecure registry \"" + (entry.length() > 100 ? entry.substring(0, 97) + "..." : entry)
                    + "\": expected host or host:port");
        }
        return e;
    }

    static String hostOnly(String hostPort) {
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            return close < 0 ? hostPort : hostPort.substring(0, close + 1);
        }
        int c = hostPort.lastIndexOf(':');
        return c >= 0 && hostPort.indexOf(':') == c ? hostPort.substring(0, c) : hostPort;
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new BerthException.InvalidArgument("the " + what + " must be positive");
        }
    }
}
