package dev.berth.cli;

import dev.berth.model.DaemonInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "version", mixinStandardHelpOptions = true, description = "Show Berth's version and the containerd daemon's.")
public final class VersionCommand implements Callable<Integer> {

    private final Cli cli;

    public VersionCommand(Cli cli) {
        this.cli = cli;
    }

    public static String berthVersion() {
        String v = VersionCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public Integer call() {
        DaemonInfo d = cli.service().daemon();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("berth", berthVersion());
        v.put("address", d.address());
        v.put("containerd", d.version());
        v.put("revision", d.revision());
        v.put("snapshotters", d.snapshotters());
        v.put("services", d.grpcServices());
        StringBuilder text = new StringBuilder()
                .append("Berth:       ").append(berthVersion()).append('\n')
                .append("containerd:  ").append(d.version()).append(" (").append(d.revision()).append(")\n")
                .append("address:     ").append(d.address()).append('\n')
                .append("snapshotters: ").append(String.join(", ", d.snapshotters()));
        if (d.unsupported()) {
            text.append("\nwarning: containerd ").append(d.version())
                    .append(" is older than 1.6, the oldest version Berth is tested with; some operations may fail");
            v.put("warning", "older than 1.6");
        }
        cli.output().result(text.toString(), v);
        return Cli.OK;
    }

    /** For {@code berth --version}: Berth's own version only (no daemon needed). */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"berth " + berthVersion()};
        }
    }
}
