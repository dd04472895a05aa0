package dev.berth.registry;

import dev.berth.model.BerthException;
import dev.berth.oci.Digests;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A normalised image reference, as docker, nerdctl and CRI understand one:
 * {@code nginx} = {@code docker.io/library/nginx:latest}, {@code user/app} =
 * {@code docker.io/user/app:latest}, {@code localhost:5000/x} stays on that registry.
 *
 * @param domain registry as written (host[:port]), {@code docker.io} for Docker Hub
 * @param path   the repository, e.g. {@code library/nginx}
 * @param tag    null when the reference has a digest
 * @param digest null when the reference has a tag
 */
public record ImageReference(String domain, String path, String tag, String digest) {

    public static final String DOCKER_HUB = "docker.io";
    public static final String DOCKER_HUB_REGISTRY = "registry-1.docker.io";
    public static final int NAME_MAX_LENGTH = 255;
    private static final int INPUT_MAX_LENGTH = 4096;

    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DOMAIN_COMPONENT = Pattern.compile("(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+(?:%[a-zA-Z0-9._~-]+)?");
    private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*", Pattern.DOTALL);

    public ImageReference {
        if (domain == null || domain.isEmpty() || path == null || path.isEmpty()) {
            throw new BerthException.InvalidArgument("an image reference needs a registry and a repository");
        }
        if ((tag == null) == (digest == null)) {
            throw new BerthException.InvalidArgument("an image reference has either a tag or a digest");
        }
    }

    /**
     * Parses and normalises a reference; checks it against the distribution reference grammar.
     *
     * @throws BerthException.InvalidArgument with a message naming what is wrong
     */
    public static ImageReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw new BerthException.InvalidArgument("empty image reference: give a name such as nginx or registry.example.com/team/app:1.0");
        }
        String s = text.strip();
        if (SCHEME.matcher(s).matches()) {
            // never echo the rest: a URL may carry user:password@
            throw new BerthException.InvalidArgument("an image reference has no URL scheme: write host/repository[:tag], without "
                    + s.substring(0, s.indexOf("://") + 3));
        }
        if (s.length() > INPUT_MAX_LENGTH) {
            throw new BerthException.InvalidArgument("invalid image reference: " + s.length() + " characters is far too long");
        }
        String q = quote(s);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new BerthException.InvalidArgument("invalid image reference " + q
                        + ": it contains " + (c <= ' ' ? "a space or control character" : "a non-ASCII character"));
            }
        }

        String digest = null;
        String rest = s;
        int at = s.indexOf('@');
        if (at >= 0) {
            digest = s.substring(at + 1);
            rest = s.substring(0, at);
            if (digest.isEmpty()) {
                throw new BerthException.InvalidArgument("invalid image reference " + q + ": nothing after '@' (expected a digest such as sha256:<64 hex digits>)");
            }
            Optional<String> problem = Digests.problem(digest);
            if (problem.isPresent()) {
                throw new BerthException.InvalidArgument("invalid image reference " + q + ": invalid digest: " + problem.get());
            }
        }
        if (rest.isEmpty()) {
            throw new BerthException.InvalidArgument("invalid image reference " + q + ": the repository name is missing");
        }

        String tag = null;
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > lastSlash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new BerthException.InvalidArgument("invalid image reference " + q + ": invalid tag \"" + shorten(tag)
                        + "\" (a tag has 1 to 128 letters, digits, '_', '.', '-' and does not start with '.' or '-')");
            }
        }
        if (rest.isEmpty()) {
            throw new BerthException.InvalidArgument("invalid image reference " + q + ": the repository name is missing");
        }

        String domain;
        String remainder;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        if (slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("["))) {
            domain = first;
            remainder = rest.substring(slash + 1);
            checkDomain(domain, q);
            domain = domain.toLowerCase(Locale.ROOT);
        } else {
            domain = DOCKER_HUB;
            remainder = rest;
        }
        if (domain.equals("index.docker.io")) {
            domain = DOCKER_HUB;
        }
        if (domain.equals(DOCKER_HUB) && remainder.indexOf('/') < 0) {
            remainder = "library/" + remainder;
        }
        checkPath(remainder, q);
        if (slash < 0 && digest == null && tag == null && HEX64.matcher(rest).matches()) {
            throw new BerthException.InvalidArgument("invalid image reference " + q
                    + ": a repository name cannot be 64 hex digits (did you mean an image ID or @sha256:...?)");
        }
        String name = domain + "/" + remainder;
        if (name.length() > NAME_MAX_LENGTH) {
            throw new BerthException.InvalidArgument("invalid image reference " + q + ": the name " + domain + "/… is "
                    + name.length() + " characters long; at most " + NAME_MAX_LENGTH + " are allowed");
        }
        if (digest != null) {
            tag = null;
        } else if (tag == null) {
            tag = "latest";
        }
        return new ImageReference(domain, remainder, tag, digest);
    }

    private static void checkDomain(String domain, String q) {
        String host = domain;
        String port = null;
        if (domain.startsWith("[")) {
            int close = domain.indexOf(']');
            if (close < 0) {
                throw new BerthException.InvalidArgument("invalid image reference " + q + ": the registry address has '[' without ']'");
            }
            String ip = domain.substring(1, close);
            if (!IPV6.matcher(ip).matches() || !ip.contains(":")) {
                throw new BerthException.InvalidArgument("invalid image reference " + q + ": \"" + shorten(ip) + "\" is not an IPv6 address");
            }
            String after = domain.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new BerthException.InvalidArgument("invalid image reference " + q + ": unexpected text after the IPv6 address");
                }
                port = after.substring(1);
            }
        } else {
            int c = domain.indexOf(':');
            if (c >= 0) {
                host = domain.substring(0, c);
                port = domain.substring(c + 1);
            }
            if (host.isEmpty()) {
                throw new BerthException.InvalidArgument("invalid image reference " + q + ": the registry host is empty");
            }
            for (String part : host.split("\\.", -1)) {
                if (!DOMAIN_COMPONENT.matcher(part).matches()) {
                    throw new BerthException.InvalidArgument("invalid image reference " + q + ": invalid registry host \"" + shorten(host)
                            + "\" (letters, digits and '-' between dots)");
                }
            }
        }
        if (port != null) {
            if (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65535) {
                throw new BerthException.InvalidArgument("invalid image reference " + q + ": invalid registry port \"" + shorten(port) + "\"");
            }
        }
    }

    private static void checkPath(String path, String q) {
        if (path.isEmpty()) {
            throw new BerthException.InvalidArgument("invalid image reference " + q + ": the repository name is missing");
        }
        for (String component : path.split("/", -1)) {
            if (component.isEmpty()) {
                throw new BerthException.InvalidArgument("invalid image reference " + q + ": the repository name has an empty part (\"//\" or a '/' at an end)");
            }
            if (!PATH_COMPONENT.matcher(component).matches()) {
                String why;
                if (!component.equals(component.toLowerCase(Locale.ROOT))) {
                    why = "repository names must be lowercase";
                } else {
                    why = "a repository name part has lowercase letters and digits, separated by '.', '_', '__' or '-'";
                }
                throw new BerthException.InvalidArgument("invalid image reference " + q + ": invalid repository name part \""
                        + shorten(component) + "\": " + why);
            }
        }
    }

    /** The repository path ({@code library/nginx}). */
    public String repository() {
        return path;
    }

    /** {@code domain/path} without tag or digest. */
    public String name() {
        return domain + "/" + path;
    }

    /** The tag or the digest: what follows {@code /manifests/} in the registry URL. */
    public String object() {
        return digest != null ? digest : tag;
    }

    /** The full normalised reference, e.g. {@code docker.io/library/nginx:latest}. */
    @Override
    public String toString() {
        return name() + (digest != null ? "@" + digest : ":" + tag);
    }

    /**
     * Docker's short form: {@code nginx:latest}, {@code user/app:1}, {@code localhost:5000/x:1}. A Docker
     * Hub repository whose first part would read as a registry ({@code docker.io/a.b/app}: "a.b" has a
     * dot) keeps {@code docker.io/}, so that the short form still names the same image.
     */
    public String familiar() {
        String n;
        if (domain.equals(DOCKER_HUB)) {
            n = path;
            if (n.startsWith("library/") && n.indexOf('/', "library/".length()) < 0) {
                n = n.substring("library/".length());
            } else {
                int slash = n.indexOf('/');
                String first = slash < 0 ? n : n.substring(0, slash);
                if (slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"))) {
                    n = name();
                }
            }
        } else {
            n = name();
        }
        return n + (digest != null ? "@" + digest : ":" + tag);
    }

    /** The host (with port) to talk to: {@code registry-1.docker.io} for Docker Hub. */
    public String registryHost() {
        return domain.equals(DOCKER_HUB) ? DOCKER_HUB_REGISTRY : domain;
    }

    /** The same repository at a digest (the tag is dropped). */
    public ImageReference withDigest(String newDigest) {
        return new ImageReference(domain, path, null, Digests.requireValid(newDigest));
    }

    /** The same repository at a tag (the digest is dropped). */
    public ImageReference withTag(String newTag) {
        if (newTag == null || !TAG.matcher(newTag).matches()) {
            throw new BerthException.InvalidArgument("invalid tag \"" + shorten(String.valueOf(newTag)) + "\"");
        }
        return new ImageReference(domain, path, newTag, null);
    }

    /** Whether the registry is on this machine: localhost, 127.0.0.0/8 or ::1, any port. */
    public boolean isLoopback() {
        return isLoopbackHost(domain);
    }

    /** Whether {@code host[:port]} names this machine: localhost, 127.0.0.0/8 or ::1. */
    public static boolean isLoopbackHost(String hostPort) {
        if (hostPort == null || hostPort.isEmpty()) {
            return false;
        }
        String h = hostPort.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                return false;
            }
            return isIpv6Loopback(h.substring(1, close));
        }
        if (h.indexOf(':') != h.lastIndexOf(':')) {
            return isIpv6Loopback(h); // bare IPv6 without port
        }
        int c = h.indexOf(':');
        String host = c >= 0 ? h.substring(0, c) : h;
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        for (String o : octets) {
            if (!o.matches("[0-9]{1,3}") || Integer.parseInt(o) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6Loopback(String ip) {
        int pct = ip.indexOf('%');
        String a = pct >= 0 ? ip.substring(0, pct) : ip;
        if (a.equals("::1")) {
            return true;
        }
        // expanded forms: 0:0:0:0:0:0:0:1, 0000:...:0001
        String[] groups = a.split(":", -1);
        if (groups.length != 8) {
            return false;
        }
        for (int i = 0; i < 7; i++) {
            if (!groups[i].matches("0{1,4}")) {
                return false;
            }
        }
        return groups[7].matches("0{0,3}1");
    }

    /**
     * The input in quotes, for a message: control characters, invisible formatting characters (such as
     * a right-to-left override) and lone surrogates are shown as {@code \\uXXXX}, never echoed.
     */
    private static String quote(String s) {
        String cut = shorten(s);
        StringBuilder sb = new StringBuilder(cut.length() + 2).append('"');
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static String shorten(String s) {
        return s.length() <= 100 ? s : s.substring(0, 97) + "...";
    }
}
