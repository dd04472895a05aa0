package dev.berth.cni;

import dev.berth.model.BerthException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How Berth finds and runs CNI networks. Every value is checked when the record is made, so a bad
 * setting fails with a clear message before any plugin runs.
 *
 * @param networkName name of Berth's own default network (used only when the conf dir holds no config)
 * @param bridge      bridge device of Berth's own default network (at most 15 characters)
 * @param subnet      subnet of Berth's own default network, in CIDR notation (IPv4 or IPv6)
 * @param confDir     where the user's network configs are ({@code *.conf}, {@code *.conflist}, {@code *.json})
 * @param binDirs     where plugins are looked up, in this order (also passed to plugins as {@code CNI_PATH})
 * @param timeout     how long one plugin may run before it is killed
 */
public record CniSettings(String networkName, String bridge, String subnet, Path confDir, List<Path> binDirs,
                          Duration timeout) {

    public static final String DEFAULT_NETWORK = "berth";
    public static final String DEFAULT_BRIDGE = "berth0";
    /**
     * Chosen to stay clear of docker0 (172.17.0.0/16), nerdctl (10.4.0.0/24), Podman (10.88.0.0/16)
     * and the CNI examples' 10.22.0.0/16.
     */
    public static final String DEFAULT_SUBNET = "10.213.0.0/16";
    public static final Path DEFAULT_CONF_DIR = Path.of("/etc/cni/net.d");
    /** The CNI default, then Debian's containernetworking-plugins. */
    public static final List<Path> DEFAULT_BIN_DIRS = List.of(Path.of("/opt/cni/bin"), Path.of("/usr/lib/cni"));
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    public CniSettings {
        CniNames.networkName(networkName);
        CniNames.bridge(bridge);
        Cidr.parse(subnet);
        if (confDir == null) {
            throw new BerthException.InvalidArgument("the CNI conf dir must be set");
        }
        confDir = CniNames.absoluteDir("CNI conf dir", confDir);
        if (binDirs == null || binDirs.isEmpty()) {
            throw new BerthException.InvalidArgument("at least one CNI plugin dir is needed");
        }
        binDirs = binDirs.stream().map(d -> CniNames.absoluteDir("CNI plugin dir", d)).distinct().toList();
        for (Path d : binDirs) {
            if (d.toString().contains(":")) {
                // CNI_PATH is a ':'-separated list
                throw new BerthException.InvalidArgument("CNI plugin dir \"" + CniNames.printable(d.toString())
                        + "\" must not contain ':'");
            }
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new BerthException.InvalidArgument("the CNI plugin timeout must be more than 0 and at most "
                    + MAX_TIMEOUT.toMinutes() + " minutes");
        }
    }

    public static CniSettings defaults() {
        return new CniSettings(DEFAULT_NETWORK, DEFAULT_BRIDGE, DEFAULT_SUBNET, DEFAULT_CONF_DIR, DEFAULT_BIN_DIRS,
                DEFAULT_TIMEOUT);
    }

    public CniSettings withNetworkName(String name) {
        return new CniSettings(name, bridge, subnet, confDir, binDirs, timeout);
    }

    public CniSettings withBridge(String name) {
        return new CniSettings(networkName, name, subnet, confDir, binDirs, timeout);
    }

    public CniSettings withSubnet(String cidr) {
        return new CniSettings(networkName, bridge, cidr, confDir, binDirs, timeout);
    }

    public CniSettings withConfDir(Path dir) {
        return new CniSettings(networkName, bridge, subnet, dir, binDirs, timeout);
    }

    public CniSettings withBinDirs(List<Path> dirs) {
        return new CniSettings(networkName, bridge, subnet, confDir, dirs, timeout);
    }

    public CniSettings withTimeout(Duration t) {
        return new CniSettings(networkName, bridge, subnet, confDir, binDirs, t);
    }
}
