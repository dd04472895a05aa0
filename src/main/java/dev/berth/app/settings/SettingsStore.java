package dev.berth.app.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cni.CniNames;
import dev.berth.cni.Cidr;
import dev.berth.model.AtomicFiles;
import dev.berth.model.BerthException;
import dev.berth.model.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings file: {@code $XDG_CONFIG_HOME/berth/settings.json}, else
 * {@code ~/.config/berth/settings.json}. JSON, written atomically (a temporary file in the same
 * directory, flushed, then renamed over the old one). Reading is forgiving: unknown fields are
 * ignored, a field with a bad value falls back to its default. A file that is not JSON, or that
 * cannot be read, never stops the console: it is moved aside as {@code settings.json.corrupt-<time>}
 * (or {@code .unreadable-<time>}) and the console starts with the defaults and says so. When even
 * the move fails, this run does not write the file, so the old one stays as it was.
 */
public final class SettingsStore {

    private static final System.Logger LOG = System.getLogger(SettingsStore.class.getName());
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int FORMAT = 1;

    /** How loading went. */
    public enum Problem { NONE, CORRUPT, UNREADABLE }

    /**
     * @param settings what to start with (the defaults after a problem)
     * @param problem  what was wrong with the file
     * @param keptAt   where the old file was moved (null when nothing was moved)
     * @param detail   the reader's message (technical)
     */
    public record Loaded(Settings settings, Problem problem, Path keptAt, String detail) {
    }

    private final Path file;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private volatile boolean writable = true;

    public SettingsStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    public SettingsStore(Path file) {
        this(file, Clock.systemUTC());
    }

    /** The store at the XDG place. */
    public static SettingsStore atDefaultPlace(Map<String, String> env) {
        return new SettingsStore(defaultFile(env, System.getProperty("user.home")));
    }

    /** {@code $XDG_CONFIG_HOME/berth/settings.json} (when absolute), else {@code HOME/.config/berth/settings.json}. */
    public static Path defaultFile(Map<String, String> env, String home) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path dir = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : Path.of(home, ".config");
        return dir.resolve("berth").resolve("settings.json");
    }

    public Path file() {
        return file;
    }

    /** False after an unreadable file could not be moved aside: this run leaves it alone. */
    public boolean isWritable() {
        return writable;
    }

    /** Reads the file (blocking). A missing file (or directory) gives the defaults without a problem. */
    public Loaded load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Loaded(Settings.defaults(), Problem.NONE, null, null);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read " + file + ": " + e);
            return new Loaded(Settings.defaults(), Problem.UNREADABLE, moveAside("unreadable"), String.valueOf(e.getMessage()));
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte order mark some editors write: not part of the JSON
        }
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            LOG.log(System.Logger.Level.WARNING, "settings file " + file + " is not valid JSON: " + e.getOriginalMessage());
            return new Loaded(Settings.defaults(), Problem.CORRUPT, moveAside("corrupt"), e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            LOG.log(System.Logger.Level.WARNING, "settings file " + file + " does not hold a JSON object");
            return new Loaded(Settings.defaults(), Problem.CORRUPT, moveAside("corrupt"), "not a JSON object");
        }
        return new Loaded(fromJson(root), Problem.NONE, null, null);
    }

    /** Writes the settings atomically (blocking); creates the directory when missing. */
    public void save(Settings s) throws IOException {
        if (!writable) {
            LOG.log(System.Logger.Level.DEBUG, "not writing " + file + ": the unreadable one is still there");
            return;
        }
        AtomicFiles.write(file, json.writeValueAsBytes(toJson(s)));
    }

    private Path moveAside(String why) {
        Path target = file.resolveSibling(file.getFileName() + "." + why + "-" + STAMP.format(clock.instant()));
        for (int i = 2; Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS); i++) {
            target = file.resolveSibling(file.getFileName() + "." + why + "-" + STAMP.format(clock.instant()) + "-" + i);
        }
        try {
            Files.move(file, target);
            LOG.log(System.Logger.Level.WARNING, "kept the old settings file as " + target);
            return target;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot move " + file + " aside (" + e + "); leaving it as it is");
            writable = false;
            return null;
        }
    }

    // ---- JSON <-> settings

    static Settings fromJson(JsonNode root) {
        Settings d = Settings.defaults();
        List<Endpoint> endpoints = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode e : array(root.get("endpoints"))) {
            try {
                Endpoint ep = new Endpoint(text(e.get("name"), null), text(e.get("socket"), null), text(e.get("namespace"), null));
                if (names.add(ep.name())) {
                    endpoints.add(ep);
                }
            } catch (BerthException ignored) {
                LOG.log(System.Logger.Level.WARNING, "ignoring an endpoint without name or socket in the settings");
            }
        }
        if (endpoints.isEmpty()) {
            endpoints.addAll(d.endpoints());
        }
        String theme = text(root.get("theme"), d.theme());
        if (!List.of("light", "dark", Settings.THEME_SYSTEM).contains(theme)) {
            theme = d.theme();
        }
        String language = text(root.get("language"), null);
        List<String> insecure = new ArrayList<>();
        for (JsonNode h : array(root.get("insecureRegistries"))) {
            String v = text(h, null);
            if (v != null) {
                try {
                    insecure.add(dev.berth.registry.RegistryOptions.normalizeHostEntry(v));
                } catch (BerthException e) {
                    // kept, it would fail every pull; dropped alone, like any other bad value
                    LOG.log(System.Logger.Level.WARNING, "settings: " + e.getMessage() + " (ignored)");
                }
            }
        }
        int parallel = d.parallelDownloads();
        JsonNode p = root.get("parallelDownloads");
        if (p != null && p.canConvertToInt() && p.asInt() >= 1 && p.asInt() <= Settings.MAX_PARALLEL_DOWNLOADS) {
            parallel = p.asInt();
        }
        JsonNode cni = root.path("cni");
        String network = text(cni.get("network"), d.cniNetwork());
        String subnet = text(cni.get("subnet"), d.cniSubnet());
        try {
            CniNames.networkName(network);
        } catch (BerthException e) {
            network = d.cniNetwork();
        }
        try {
            Cidr.parse(subnet);
        } catch (BerthException e) {
            subnet = d.cniSubnet();
        }
        WindowBounds window = null;
        JsonNode w = root.get("window");
        if (w != null && w.isObject()) {
            window = WindowBounds.checked(w.path("x").asDouble(Double.NaN), w.path("y").asDouble(Double.NaN),
                    w.path("width").asDouble(Double.NaN), w.path("height").asDouble(Double.NaN),
                    w.path("maximized").asBoolean(false));
        }
        return new Settings(endpoints, text(root.get("currentEndpoint"), null), theme, language, insecure, parallel, network,
                subnet, window);
    }

    ObjectNode toJson(Settings s) {
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode eps = root.putArray("endpoints");
        for (Endpoint e : s.endpoints()) {
            eps.addObject().put("name", e.name()).put("socket", e.address()).put("namespace", e.namespace());
        }
        root.put("currentEndpoint", s.currentEndpoint());
        root.put("theme", s.theme());
        if (s.language() != null) {
            root.put("language", s.language());
        }
        ArrayNode insecure = root.putArray("insecureRegistries");
        s.insecureRegistries().forEach(insecure::add);
        root.put("parallelDownloads", s.parallelDownloads());
        root.putObject("cni").put("network", s.cniNetwork()).put("subnet", s.cniSubnet());
        if (s.window() != null) {
            WindowBounds w = s.window();
            root.putObject("window").put("x", w.x()).put("y", w.y()).put("width", w.width()).put("height", w.height())
                    .put("maximized", w.maximized());
        }
        return root;
    }

    private static Iterable<JsonNode> array(JsonNode n) {
        return n != null && n.isArray() ? n : List.of();
    }

    private static String text(JsonNode n, String fallback) {
        return n != null && n.isTextual() && !n.asText().isBlank() ? n.asText() : fallback;
    }
}
