package dev.berth.registry;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.model.BerthException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Credentials from Docker's client configuration, the convention docker, nerdctl and podman share:
 * {@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}.
 * <ul>
 *   <li>{@code credHelpers[host]}, else {@code credsStore}: runs {@code docker-credential-<name> get}
 *       (found on the helper search path; never through a shell) with the server on stdin;</li>
 *   <li>{@code auths[host]}: {@code auth} (base64 of user:password), or {@code username} and
 *       {@code password}, or {@code identitytoken}.</li>
 * </ul>
 * Keys may be URLs ({@code https://index.docker.io/v1/}) and are matched by host; Docker Hub's
 * names ({@code docker.io}, {@code index.docker.io}, {@code registry-1.docker.io}) are one.
 * A helper that knows nothing for the host falls back to {@code auths}. The file is read on each
 * lookup; a missing file means no credentials. Nothing read here is ever logged.
 */
public final class DockerConfigCredentials implements CredentialsProvider {

    public static final Duration DEFAULT_HELPER_TIMEOUT = Duration.ofSeconds(10);
    private static final String HUB_SERVER = "https://index.docker.io/v1/";
    private static final Pattern HELPER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final int MAX_CONFIG_BYTES = 8 * 1024 * 1024;
    private static final int MAX_HELPER_OUTPUT = 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(DockerConfigCredentials.class.getName());
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private final Path configFile;
    private final List<Path> helperDirs;
    private final Duration helperTimeout;

    /**
     * @param configFile    the config.json to read
     * @param helperDirs    directories searched, in order, for {@code docker-credential-<name>}
     * @param helperTimeout how long a helper may run
     */
    public DockerConfigCredentials(Path configFile, List<Path> helperDirs, Duration helperTimeout) {
        this.configFile = configFile;
        this.helperDirs = List.copyOf(helperDirs);
        this.helperTimeout = helperTimeout;
    }

    /** The user's configuration: {@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}, helpers on {@code $PATH}. */
    public static DockerConfigCredentials fromEnvironment() {
        return new DockerConfigCredentials(defaultConfigFile(System.getenv("DOCKER_CONFIG"), System.getProperty("user.home")),
                pathDirs(System.getenv("PATH")), DEFAULT_HELPER_TIMEOUT);
    }

    static Path defaultConfigFile(String dockerConfigEnv, String userHome) {
        if (dockerConfigEnv != null && !dockerConfigEnv.isBlank()) {
            return Path.of(dockerConfigEnv, "config.json");
        }
        return Path.of(userHome == null ? "." : userHome, ".docker", "config.json");
    }

    /** The directories of a PATH-style value. */
    public static List<Path> pathDirs(String path) {
        List<Path> dirs = new ArrayList<>();
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                if (!d.isEmpty()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        return dirs;
    }

    public Path configFile() {
        return configFile;
    }

    @Override
    public Optional<Credentials> lookup(String registryHost) {
        String host = canonicalHost(registryHost);
        JsonNode root = readConfig();
        if (root == null) {
            return Optional.empty();
        }
        String helper = null;
        JsonNode helpers = root.get("credHelpers");
        if (helpers != null && helpers.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = helpers.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (canonicalHost(e.getKey()).equals(host) && e.getValue().isTextual() && !e.getValue().textValue().isEmpty()) {
                    helper = e.getValue().textValue();
                    break;
                }
            }
        }
        if (helper == null) {
            JsonNode store = root.get("credsStore");
            if (store != null && store.isTextual() && !store.textValue().isEmpty()) {
                helper = store.textValue();
            }
        }
        if (helper != null) {
            Optional<Credentials> fromHelper = runHelper(helper, host);
            if (fromHelper.isPresent()) {
                return fromHelper;
            }
        }
        return fromAuths(root, host);
    }

    private Optional<Credentials> fromAuths(JsonNode root, String host) {
        JsonNode auths = root.get("auths");
        if (auths == null || !auths.isObject()) {
            return Optional.empty();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!canonicalHost(e.getKey()).equals(host) || !e.getValue().isObject()) {
                continue;
            }
            JsonNode entry = e.getValue();
            String identityToken = text(entry, "identitytoken");
            if (identityToken != null && !identityToken.isEmpty()) {
                return Optional.of(new Credentials("", identityToken));
            }
            String auth = text(entry, "auth");
            if (auth != null && !auth.isEmpty()) {
                String decoded;
                try {
                    decoded = new String(Base64.getMimeDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException ex) {
                    throw new BerthException.Registry("the \"auth\" entry for " + e.getKey() + " in " + configFile
                            + " is not valid base64 (expected base64 of user:password)");
                }
                int colon = decoded.indexOf(':');
                if (colon <= 0) {
                    throw new BerthException.Registry("the \"auth\" entry for " + e.getKey() + " in " + configFile
                            + " is not of the form user:password");
                }
                return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
            }
            String user = text(entry, "username");
            String password = text(entry, "password");
            if (user != null && !user.isEmpty() && password != null) {
                return Optional.of(new Credentials(user, password));
            }
        }
        return Optional.empty();
    }

    private JsonNode readConfig() {
        byte[] bytes;
        try {
            if (Files.size(configFile) > MAX_CONFIG_BYTES) {
                throw new BerthException.Registry("the Docker credentials file " + configFile + " is too large to be a config.json");
            }
            bytes = Files.readAllBytes(configFile);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new BerthException.Registry("cannot read the Docker credentials file " + configFile + ": "
                    + e.getClass().getSimpleName());
        }
        if (bytes.length == 0) {
            return null;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            // the parser's own message may quote the file, secrets included: give the position only
            JsonLocation loc = e.getLocation();
            throw new BerthException.Registry("the Docker credentials file " + configFile + " is not valid JSON"
                    + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new BerthException.Registry("cannot read the Docker credentials file " + configFile);
        }
        if (root == null || !root.isObject()) {
            throw new BerthException.Registry("the Docker credentials file " + configFile + " is not a JSON object");
        }
        return root;
    }

    private Optional<Credentials> runHelper(String name, String host) {
        if (!HELPER_NAME.matcher(name).matches()) {
            throw new BerthException.Registry("invalid credential helper name \"" + shorten(name) + "\" in " + configFile);
        }
        String program = "docker-credential-" + name;
        Path exe = null;
        for (Path dir : helperDirs) {
            Path candidate = dir.resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                exe = candidate;
                break;
            }
        }
        if (exe == null) {
            throw new BerthException.Registry("the credential helper " + program + " named in " + configFile
                    + " is not installed (not found on PATH); install it or remove it from the file");
        }
        String server = host.equals(ImageReference.DOCKER_HUB) ? HUB_SERVER : host;
        LOG.log(System.Logger.Level.DEBUG, "asking credential helper {0} for {1}", program, server);
        Process process;
        try {
            process = new ProcessBuilder(List.of(exe.toString(), "get")).start();
        } catch (IOException e) {
            throw new BerthException.Registry("cannot run the credential helper " + exe + ": " + e.getClass().getSimpleName());
        }
        Capture out = new Capture(process.getInputStream());
        Capture err = new Capture(process.getErrorStream());
        out.start();
        err.start();
        int exit;
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(server.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the helper may exit without reading stdin; its exit status tells
            }
            if (!process.waitFor(helperTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new BerthException.Registry("the credential helper " + program + " did not answer within "
                        + helperTimeout.toSeconds() + " s (for " + server + ")");
            }
            exit = process.exitValue();
            out.join(2000);
            err.join(2000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BerthException.Cancelled("interrupted while waiting for the credential helper " + program);
        }
        String stdout = out.text().trim();
        if (exit != 0) {
            String message = stdout.isEmpty() ? err.text().trim() : stdout;
            if (message.toLowerCase(Locale.ROOT).contains("credentials not found")) {
                return Optional.empty();
            }
            throw new BerthException.Registry("the credential helper " + program + " failed for " + server
                    + " (exit status " + exit + ")" + (message.isEmpty() ? "" : ": " + firstLine(message)));
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(stdout);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject() || text(json, "Secret") == null) {
            // never quote the output: it may hold a secret
            throw new BerthException.Registry("the credential helper " + program + " answered for " + server
                    + " with output that is not the expected JSON ({\"Username\":…,\"Secret\":…})");
        }
        String user = text(json, "Username");
        String secret = text(json, "Secret");
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        if (user == null || user.equals("<token>")) {
            user = "";
        }
        return Optional.of(new Credentials(user, secret));
    }

    /** The host a config key or registry host names; Docker Hub's aliases become {@code docker.io}. */
    static String canonicalHost(String keyOrHost) {
        String h = keyOrHost.trim().toLowerCase(Locale.ROOT);
        int scheme = h.indexOf("://");
        if (scheme >= 0) {
            h = h.substring(scheme + 3);
        }
        int slash = h.indexOf('/');
        if (slash >= 0) {
            h = h.substring(0, slash);
        }
        if (h.equals("index.docker.io") || h.equals(ImageReference.DOCKER_HUB_REGISTRY) || h.equals("registry.hub.docker.com")) {
            h = ImageReference.DOCKER_HUB;
        }
        return h;
    }

    private static String text(JsonNode obj, String field) {
        JsonNode n = obj.get(field);
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return shorten(nl >= 0 ? s.substring(0, nl).trim() : s);
    }

    /** For messages: cut at 200 characters, control characters shown as {@code \\uXXXX}. */
    private static String shorten(String s) {
        return AuthChallenge.visible(s.length() <= 200 ? s : s.substring(0, 197) + "...");
    }

    /** Reads a process stream into memory (bounded) on its own daemon thread. */
    private static final class Capture extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Capture(InputStream in) {
            super("credential-helper-output");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] b = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(b)) >= 0) {
                    synchronized (buf) {
                        if (buf.size() + n <= MAX_HELPER_OUTPUT) {
                            buf.write(b, 0, n);
                        }
                    }
                }
            } catch (IOException e) {
                // process gone
            }
        }

        String text() {
            synchronized (buf) {
                return buf.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
