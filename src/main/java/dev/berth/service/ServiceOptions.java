package dev.berth.service;

import dev.berth.cni.CniSettings;
import dev.berth.model.PullMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How to reach containerd and the settings the operations use.
 *
 * @param address socket path
 * @param namespace the namespace to start in
 * @param deadline deadline of every unary call
 * @param dataDir where Berth keeps its own files (task logs, CNI results)
 * @param insecureRegistries registries reached over plain HTTP (loopback always is)
 * @param parallelDownloads how many layers download at once
 * @param dockerConfig the docker config.json with registry credentials (null: $DOCKER_CONFIG or ~/.docker)
 * @param cni how container networks are found and run (null: {@link CniSettings#defaults()})
 * @param pullMode who pulls when a request does not say (null: {@link PullMode#AUTO})
 */
public record ServiceOptions(String address, String namespace, Duration deadline, Path dataDir,
                             Set<String> insecureRegistries, int parallelDownloads, Path dockerConfig,
                             CniSettings cni, PullMode pullMode) {

    public static final String ENV_ADDRESS = "CONTAINERD_ADDRESS";
    public static final String ENV_NAMESPACE = "CONTAINERD_NAMESPACE";
    /** Layers a pull downloads at once (chosen by measurement: see docs/pull.md). */
    public static final int DEFAULT_PARALLEL_DOWNLOADS = 4;

    public ServiceOptions {
        insecureRegistries = Set.copyOf(insecureRegistries);
        cni = cni == null ? CniSettings.defaults() : cni;
        pullMode = pullMode == null ? PullMode.AUTO : pullMode;
    }

    /** With the default pull mode. */
    public ServiceOptions(String address, String namespace, Duration deadline, Path dataDir,
                          Set<String> insecureRegistries, int parallelDownloads, Path dockerConfig, CniSettings cni) {
        this(address, namespace, deadline, dataDir, insecureRegistries, parallelDownloads, dockerConfig, cni, null);
    }

    /** Without CNI settings (the defaults). */
    public ServiceOptions(String address, String namespace, Duration deadline, Path dataDir,
                          Set<String> insecureRegistries, int parallelDownloads, Path dockerConfig) {
        this(address, namespace, deadline, dataDir, insecureRegistries, parallelDownloads, dockerConfig, null, null);
    }

    /** Address from the flag, else $CONTAINERD_ADDRESS, else the default socket (as ctr). */
    public static String resolveAddress(String flag, Map<String, String> env) {
        if (flag != null && !flag.isBlank()) {
            return flag;
        }
        String e = env.get(ENV_ADDRESS);
        return e != null && !e.isBlank() ? e : dev.berth.containerd.ContainerdConnection.DEFAULT_ADDRESS;
    }

    /** Namespace from the flag, else $CONTAINERD_NAMESPACE, else {@code default}. */
    public static String resolveNamespace(String flag, Map<String, String> env) {
        if (flag != null && !flag.isBlank()) {
            return flag;
        }
        String e = env.get(ENV_NAMESPACE);
        return e != null && !e.isBlank() ? e : dev.berth.containerd.ContainerdConnection.DEFAULT_NAMESPACE;
    }

    /** Defaults for everything but address and namespace. */
    public static ServiceOptions of(String address, String namespace) {
        return new ServiceOptions(address, namespace, Duration.ofSeconds(10), defaultDataDir(), Set.of(), DEFAULT_PARALLEL_DOWNLOADS, null);
    }

    public ServiceOptions withNamespace(String ns) {
        return new ServiceOptions(address, ns, deadline, dataDir, insecureRegistries, parallelDownloads, dockerConfig, cni, pullMode);
    }

    public ServiceOptions withDataDir(Path dir) {
        return new ServiceOptions(address, namespace, deadline, dir, insecureRegistries, parallelDownloads, dockerConfig, cni, pullMode);
    }

    public ServiceOptions withInsecureRegistries(Set<String> hosts) {
        return new ServiceOptions(address, namespace, deadline, dataDir, hosts, parallelDownloads, dockerConfig, cni, pullMode);
    }

    public ServiceOptions withParallelDownloads(int n) {
        return new ServiceOptions(address, namespace, deadline, dataDir, insecureRegistries, n, dockerConfig, cni, pullMode);
    }

    public ServiceOptions withCni(CniSettings settings) {
        return new ServiceOptions(address, namespace, deadline, dataDir, insecureRegistries, parallelDownloads, dockerConfig, settings, pullMode);
    }

    public ServiceOptions withDockerConfig(Path file) {
        return new ServiceOptions(address, namespace, deadline, dataDir, insecureRegistries, parallelDownloads, file, cni, pullMode);
    }

    public ServiceOptions withPullMode(PullMode mode) {
        return new ServiceOptions(address, namespace, deadline, dataDir, insecureRegistries, parallelDownloads, dockerConfig, cni, mode);
    }

    /** $XDG_DATA_HOME/berth, else ~/.local/share/berth; root uses /var/lib/berth. */
    public static Path defaultDataDir() {
        String xdg = System.getenv("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "berth");
        }
        if ("root".equals(System.getProperty("user.name"))) {
            return Path.of("/var/lib/berth");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "berth");
    }
}
