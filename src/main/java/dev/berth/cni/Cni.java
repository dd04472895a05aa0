package dev.berth.cni;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Runs CNI network configurations (SPEC.md section 3) the way go-cni and libcni do:
 * <ul>
 *   <li>networks: the built-in loopback list ({@code cni-loopback}, ifname {@code lo}) always, then the
 *       lexicographically first {@code *.conf|*.conflist|*.json} of the conf dir, else Berth's own default
 *       bridge network (ifname {@code eth0});</li>
 *   <li>ADD: the plugins in order, each given {@code name}, {@code cniVersion} and (from the second on)
 *       the previous plugin's result as {@code prevResult}; the final result is cached. When a plugin
 *       fails, the list is deleted again (the spec: "a delete must still be executed even if the add
 *       fails") so nothing it allocated stays behind;</li>
 *   <li>DEL: the plugins in reverse order, with the cached configuration and result (as
 *       {@code prevResult} for cniVersion 0.4.0 and later), then the cache file is deleted.</li>
 * </ul>
 */
public final class Cni {

    private static final Logger LOG = Logger.getLogger(Cni.class.getName());

    public static final String LOOPBACK_NETWORK = "cni-loopback";
    public static final String LOOPBACK_IFNAME = "lo";
    public static final String IFNAME = "eth0";
    static final List<String> CONF_EXTENSIONS = List.of(".conf", ".conflist", ".json");
    static final int MAX_CONF_BYTES = 1 << 20;

    /**
     * One attachment of a container to a network.
     *
     * @param netns   the namespace path; may be empty for a DEL (the namespace is gone)
     * @param netnsId the identity of the namespace (kept in the cache), or empty
     */
    public record Attachment(String containerId, String netns, String netnsId, String ifName) {
        public Attachment {
            CniNames.containerId(containerId);
            CniNames.ifName(ifName);
            netns = netns == null ? "" : netns;
            netnsId = netnsId == null ? "" : netnsId;
            for (int i = 0; i < netns.length(); i++) {
                if (Character.isISOControl(netns.charAt(i))) {
                    throw new BerthException.InvalidArgument("the namespace path contains a control character");
                }
            }
            if (!netns.isEmpty() && !netns.startsWith("/")) {
                throw new BerthException.InvalidArgument("the namespace path \"" + CniNames.printable(netns)
                        + "\" must be absolute");
            }
        }
    }

    private final CniSettings settings;
    private final PluginRunner runner;
    private final ResultCache cache;

    public Cni(CniSettings settings, Path cacheDir) {
        this.settings = settings;
        this.runner = new PluginRunner(settings.binDirs(), settings.timeout());
        this.cache = new ResultCache(cacheDir);
    }

    public CniSettings settings() {
        return settings;
    }

    public ResultCache cache() {
        return cache;
    }

    // ---------------------------------------------------------------------------------------------
    // networks

    /** Loopback, then the network from the conf dir or Berth's default. */
    public List<CniNetwork> networks() {
        return List.of(loopback(), main());
    }

    public static CniNetwork loopback() {
        ObjectNode o = NetworkConfigList.JSON.createObjectNode();
        o.put("cniVersion", "0.3.1");
        o.put("name", LOOPBACK_NETWORK);
        o.putArray("plugins").addObject().put("type", "loopback");
        return new CniNetwork(NetworkConfigList.of(o, "built-in loopback"), LOOPBACK_IFNAME);
    }

    /** The lexicographically first config in the conf dir, else Berth's default network. */
    public CniNetwork main() {
        Optional<Path> file = firstConfFile(settings.confDir());
        if (file.isEmpty()) {
            return new CniNetwork(defaultConfig(), IFNAME);
        }
        Path f = file.get();
        byte[] bytes;
        try (InputStream in = Files.newInputStream(f)) {
            bytes = in.readNBytes(MAX_CONF_BYTES + 1);
        } catch (IOException e) {
            throw new BerthException.FailedPrecondition("cannot read CNI network config " + f + ": " + e.getMessage(), e);
        }
        if (bytes.length > MAX_CONF_BYTES) {
            throw new BerthException.FailedPrecondition("CNI network config " + f + " is larger than "
                    + (MAX_CONF_BYTES >> 20) + " MiB");
        }
        return new CniNetwork(NetworkConfigList.parseFile(bytes, f.toString()), IFNAME);
    }

    static Optional<Path> firstConfFile(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (CONF_EXTENSIONS.stream().anyMatch(n::endsWith) && Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new BerthException.FailedPrecondition("cannot list the CNI conf dir " + dir + ": " + e.getMessage(), e);
        }
        return files.stream().min((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    }

    /**
     * Berth's own network: a bridge of its own with host-local addresses from the configured subnet,
     * the host as gateway and masquerading for traffic leaving the subnet (as memoh's), then
     * {@code portmap} when it is installed.
     */
    public NetworkConfigList defaultConfig() {
        Cidr subnet = Cidr.parse(settings.subnet());
        ObjectNode o = NetworkConfigList.JSON.createObjectNode();
        o.put("cniVersion", "1.0.0");
        o.put("name", settings.networkName());
        ArrayNode plugins = o.putArray("plugins");
        ObjectNode bridge = plugins.addObject();
        bridge.put("type", "bridge");
        bridge.put("bridge", settings.bridge());
        bridge.put("isGateway", true);
        bridge.put("ipMasq", true);
        bridge.put("hairpinMode", true);
        ObjectNode ipam = bridge.putObject("ipam");
        ipam.put("type", "host-local");
        ipam.putArray("ranges").addArray().addObject().put("subnet", settings.subnet());
        ipam.putArray("routes").addObject().put("dst", subnet.defaultRoute());
        if (runner.find("portmap").isPresent()) {
            plugins.addObject().put("type", "portmap").putObject("capabilities").put("portMappings", true);
        }
        return NetworkConfigList.of(o, "Berth's default network (" + settings.bridge() + ", " + settings.subnet() + ")");
    }

    // ---------------------------------------------------------------------------------------------
    // ADD, DEL, CHECK

    /**
     * Attaches the container to {@code net}: runs ADD of every plugin and caches the final result. When
     * anything fails, the attachment is deleted again before the error is thrown.
     */
    public CniResult add(CniNetwork net, Attachment a) {
        checkNetns(a);
        NetworkConfigList config = net.config();
        for (String type : config.types()) {
            runner.require(type); // every plugin exists before the first one runs
        }
        CniResult result = null;
        try {
            for (int i = 0; i < config.size(); i++) {
                byte[] out = runner.run(config.type(i), call("ADD", config, a), stdin(config, i, result));
                result = CniResult.parse(out, config.type(i) + " (ADD, network " + config.name() + ")");
            }
            if (result == null) {
                throw new BerthException.Internal("network " + config.name() + " has no plugins");
            }
            cache.write(new ResultCache.Entry(config.name(), a.containerId(), a.ifName(), a.netns(), a.netnsId(),
                    config, result));
            return result;
        } catch (RuntimeException e) {
            undo(config, a, result, e);
            throw e;
        }
    }

    /** DEL after a failed ADD: every plugin, best effort, even when the thread was interrupted. */
    private void undo(NetworkConfigList config, Attachment a, CniResult partial, RuntimeException cause) {
        boolean interrupted = Thread.interrupted();
        try {
            List<RuntimeException> errors = delete(config, a, partial, false);
            errors.forEach(cause::addSuppressed);
            cache.delete(config.name(), a.containerId(), a.ifName());
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Detaches the container from network {@code networkName}: DEL with the cached configuration and
     * result, or, when nothing is cached, with {@code fallback} (null: nothing to do). Errors that say
     * "not found" are ignored (go-cni does the same). The cache file is deleted once DEL succeeded.
     *
     * @return whether a DEL ran
     */
    public boolean remove(String networkName, NetworkConfigList fallback, Attachment a) {
        Optional<ResultCache.Entry> cached = cache.read(networkName, a.containerId(), a.ifName());
        NetworkConfigList config = cached.map(ResultCache.Entry::config).orElse(fallback);
        if (config == null) {
            return false;
        }
        if (!a.netns().isEmpty() && !Files.exists(Path.of(a.netns()))) {
            a = new Attachment(a.containerId(), "", "", a.ifName());
        }
        List<RuntimeException> errors = delete(config, a, cached.map(ResultCache.Entry::result).orElse(null), true);
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        cache.delete(networkName, a.containerId(), a.ifName());
        return true;
    }

    /**
     * DEL of every plugin in reverse order. With {@code strict}, stops at the first error that is not
     * a "not found" (as the spec says); otherwise tries every plugin. Returns the errors.
     */
    private List<RuntimeException> delete(NetworkConfigList config, Attachment a, CniResult prev, boolean strict) {
        List<RuntimeException> errors = new ArrayList<>();
        CniResult prevResult = atLeast(config.cniVersion(), "0.4.0") ? prev : null;
        for (int i = config.size() - 1; i >= 0; i--) {
            try {
                runner.run(config.type(i), call("DEL", config, a), stdin(config, i, prevResult));
            } catch (RuntimeException e) {
                if (ignorable(e, a)) {
                    LOG.fine(() -> "ignoring DEL error of " + config.name() + ": " + e.getMessage());
                    continue;
                }
                errors.add(e);
                if (strict) {
                    break;
                }
            }
        }
        return errors;
    }

    /** go-cni: "not found" errors, and "no such file or directory" when there is no namespace. */
    static boolean ignorable(RuntimeException e, Attachment a) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return e instanceof CniPluginException
                && (m.contains("not found") || (a.netns().isEmpty() && m.contains("no such file or directory")));
    }

    /**
     * CHECK of every plugin with the cached result (cniVersion 0.4.0 and later, unless the network
     * disables it). @throws BerthException.NotFound when nothing is cached
     */
    public void check(String networkName, Attachment a) {
        checkNetns(a);
        ResultCache.Entry e = cache.read(networkName, a.containerId(), a.ifName())
                .orElseThrow(() -> new BerthException.NotFound("container " + a.containerId()
                        + " is not attached to network " + networkName));
        NetworkConfigList config = e.config();
        if (config.disableCheck() || !atLeast(config.cniVersion(), "0.4.0")) {
            return;
        }
        for (int i = 0; i < config.size(); i++) {
            runner.run(config.type(i), call("CHECK", config, a), stdin(config, i, e.result()));
        }
    }

    public Optional<ResultCache.Entry> cached(String networkName, String containerId, String ifName) {
        return cache.read(networkName, containerId, ifName);
    }

    private static void checkNetns(Attachment a) {
        if (a.netns().isEmpty()) {
            throw new BerthException.InvalidArgument("a network namespace is needed to attach container "
                    + a.containerId());
        }
        if (!Files.exists(Path.of(a.netns()))) {
            throw new BerthException.FailedPrecondition("network namespace " + a.netns() + " does not exist");
        }
    }

    private static PluginRunner.Call call(String command, NetworkConfigList config, Attachment a) {
        return new PluginRunner.Call(command, a.containerId(), a.netns(), a.ifName(), config.name());
    }

    /** Plugin {@code i}'s configuration with {@code name}, {@code cniVersion} and {@code prevResult} injected. */
    static byte[] stdin(NetworkConfigList config, int i, CniResult prev) {
        ObjectNode p = config.plugin(i);
        p.put("name", config.name());
        p.put("cniVersion", config.cniVersion());
        p.remove("prevResult");
        if (prev != null && prev.json() != null) {
            p.set("prevResult", prev.json());
        }
        try {
            return NetworkConfigList.JSON.writeValueAsBytes(p);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether CNI version {@code v} is {@code min} or later. */
    static boolean atLeast(String v, String min) {
        int[] a = parts(v);
        int[] b = parts(min);
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return a[i] > b[i];
            }
        }
        return true;
    }

    private static int[] parts(String v) {
        int[] out = new int[3];
        String[] s = v.split("\\.");
        for (int i = 0; i < Math.min(3, s.length); i++) {
            try {
                out[i] = Integer.parseInt(s[i]);
            } catch (NumberFormatException e) {
                out[i] = 0;
            }
        }
        return out;
    }
}
