package dev.berth.cli;

import dev.berth.model.BerthException;
import dev.berth.model.CommitVersionRequest;
import dev.berth.model.StopOptions;
import dev.berth.model.VersionChange;
import dev.berth.model.VersionInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The version verbs under {@code berth containers}: commit, versions, rollback, rm-version. */
public final class VersionCommands {

    private VersionCommands() {
    }

    static Duration timeout(Double seconds) {
        if (seconds == null) {
            return StopOptions.DEFAULT_TIMEOUT;
        }
        if (seconds < 0 || seconds.isNaN() || seconds > 86400) {
            throw new BerthException.InvalidArgument("--timeout must be 0 to 86400 seconds");
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    static Map<String, Object> json(VersionChange c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.containerId());
        m.put("version", c.version() == null ? null : c.version().name());
        m.put("base", c.base());
        m.put("restarted", c.restarted());
        m.put("ip", c.ip());
        return m;
    }

    private static String restarted(VersionChange c) {
        return c.restarted() ? "; " + c.containerId() + " started again" + (c.ip() == null ? "" : " (IP " + c.ip() + ")") : "";
    }

    @Command(name = "commit", mixinStandardHelpOptions = true,
            description = "Commit a container's files as a version; the container goes on, on top of it. Prints the version.")
    public static final class Commit implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--name", paramLabel = "NAME", description = "the version's name (default: ID-v<unix nanoseconds>)")
        String name;

        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "label of the version (repeatable)")
        List<String> labels = new ArrayList<>();

        @Option(names = "--stop", description = "stop a running task for the commit and start it again afterwards "
                + "(without it a running container is refused)")
        boolean stop;

        @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS",
                description = "with --stop: how long the task has after its stop signal before SIGKILL (default: 10)")
        Double timeout;

        public Commit(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            CommitVersionRequest req = new CommitVersionRequest(id, name, SnapshotsCommand.labels(labels), stop,
                    StopOptions.forced(timeout(timeout)));
            VersionChange c = cli.service().versions().commit(req);
            cli.output().result(c.version().name() + restarted(c), json(c));
            return Cli.OK;
        }
    }

    @Command(name = "versions", mixinStandardHelpOptions = true,
            description = "List a container's versions, newest first (* = its files stand on it now).")
    public static final class Versions implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "ID")
        String id;

        public Versions(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            List<VersionInfo> list = cli.service().versions().list(id);
            cli.output().list(list,
                    new Output.Column<>("VERSION", v -> (v.current() ? "* " : "  ") + v.name()),
                    new Output.Column<>("CREATED", VersionInfo::createdAt),
                    new Output.Column<>("SIZE", v -> v.size() < 0 ? "-" : Output.size(v.size())),
                    new Output.Column<>("IN USE", v -> v.inChain() ? "yes" : "no"),
                    new Output.Column<>("OF", VersionInfo::containerId),
                    new Output.Column<>("NOTE", VersionInfo::note));
            return Cli.OK;
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Roll a container back to a version. Its current files are kept as a version first; "
                    + "a running task is stopped and started again.")
    public static final class Rollback implements Callable<Integer> {
        private final Cli cli;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Parameters(index = "1", paramLabel = "VERSION")
        String version;

        @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS",
                description = "how long a running task has after its stop signal before SIGKILL (default: 10)")
        Double timeout;

        public Rollback(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            VersionChange c = cli.service().versions().rollback(id, version, StopOptions.forced(timeout(timeout)));
            String kept = c.version() == null ? "" : " (its files before are kept as " + c.version().name() + ")";
            cli.output().result(id + " rolled back to " + version + kept + restarted(c), json(c));
            return Cli.OK;
        }
    }

    @Command(name = "rm-version", mixinStandardHelpOptions = true,
            description = "Delete a version of a container; only a version nothing is built on can go.")
    public static final class RmVersion implements Callable<Integer> {
        private final Cli cli;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Parameters(index = "1", paramLabel = "VERSION")
        String version;

        public RmVersion(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            cli.service().versions().delete(id, version);
            cli.output().result(version, Map.of("deleted", version));
            return Cli.OK;
        }
    }
}
