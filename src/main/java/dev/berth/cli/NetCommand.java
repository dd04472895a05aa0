package dev.berth.cli;

import dev.berth.cni.CniSettings;
import dev.berth.model.BerthException;
import dev.berth.service.NetworkService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth net up|down|ip ID}: CNI networking of a container's running task. */
@Command(name = "net", mixinStandardHelpOptions = true, aliases = "network", description = "Container networking (CNI).",
        subcommands = {NetCommand.Up.class, NetCommand.Down.class, NetCommand.Ip.class})
public final class NetCommand {

    /** The CNI settings, taken by every net subcommand. */
    public static final class CniOptions {
        @Option(names = "--cni-network", paramLabel = "NAME",
                description = "name of Berth's own network, used when the conf dir has no config (default: "
                        + CniSettings.DEFAULT_NETWORK + ")")
        String network;

        @Option(names = "--bridge", paramLabel = "NAME",
                description = "bridge of Berth's own network (default: " + CniSettings.DEFAULT_BRIDGE + ")")
        String bridge;

        @Option(names = "--subnet", paramLabel = "CIDR",
                description = "subnet of Berth's own network (default: " + CniSettings.DEFAULT_SUBNET + ")")
        String subnet;

        @Option(names = "--cni-conf-dir", paramLabel = "DIR",
                description = "where network configs are (default: /etc/cni/net.d)")
        Path confDir;

        @Option(names = "--cni-bin-dir", paramLabel = "DIR",
                description = "where plugins are (repeatable; default: /opt/cni/bin, then /usr/lib/cni)")
        List<Path> binDirs = new ArrayList<>();

        @Option(names = "--cni-timeout", paramLabel = "SECONDS",
                description = "how long one plugin may run (default: 30)")
        Double timeout;

        CniSettings apply(CniSettings s) {
            if (network != null) {
                s = s.withNetworkName(network);
            }
            if (bridge != null) {
                s = s.withBridge(bridge);
            }
            if (subnet != null) {
                s = s.withSubnet(subnet);
            }
            if (confDir != null) {
                s = s.withConfDir(confDir.toAbsolutePath());
            }
            if (!binDirs.isEmpty()) {
                s = s.withBinDirs(binDirs.stream().map(Path::toAbsolutePath).toList());
            }
            if (timeout != null) {
                if (timeout.isNaN() || timeout <= 0 || timeout > 600) {
                    throw new BerthException.InvalidArgument("--cni-timeout must be more than 0 and at most 600 seconds");
                }
                s = s.withTimeout(Duration.ofMillis(Math.max(1, Math.round(timeout * 1000))));
            }
            return s;
        }

        boolean any() {
            return network != null || bridge != null || subnet != null || confDir != null || !binDirs.isEmpty()
                    || timeout != null;
        }
    }

    static NetworkService network(Cli cli, CniOptions options) {
        // the settings are checked before the service connects
        CniSettings settings = options.any() ? options.apply(CniSettings.defaults()) : null;
        NetworkService n = cli.service().network();
        return settings == null ? n : n.withSettings(settings);
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Attach a container's running task to the network; prints its IP.")
    public static final class Up implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "ID")
        String id;

        @picocli.CommandLine.Mixin
        CniOptions cni = new CniOptions();

        public Up(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            String ip = network(cli, cni).setup(id);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("ip", ip);
            cli.output().result(ip, m);
            return Cli.OK;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Detach a container from the network (releases its IP).")
    public static final class Down implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "ID")
        String id;

        @picocli.CommandLine.Mixin
        CniOptions cni = new CniOptions();

        public Down(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            network(cli, cni).remove(id);
            cli.output().result(id + " detached", Map.of("id", id, "detached", true));
            return Cli.OK;
        }
    }

    @Command(name = "ip", mixinStandardHelpOptions = true, description = "Print the IP recorded for a container (nothing when it has none).")
    public static final class Ip implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "ID")
        String id;

        public Ip(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            String ip = cli.service().network().ip(id).orElse(null);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("ip", ip);
            if (ip == null && cli.output().format() != Output.Format.json) {
                cli.err().println("berth: container " + id + " has no network");
                cli.err().flush();
                return Cli.FAILED;
            }
            cli.output().result(ip, m);
            return ip == null ? Cli.FAILED : Cli.OK;
        }
    }
}
