package dev.berth.cli;

import dev.berth.model.ContainerInfo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "containers", aliases = {"c", "container"}, mixinStandardHelpOptions = true, description = "Containers.",
        subcommands = {ContainersCommand.Ls.class, ContainersCreateCommand.class, ContainersRmCommand.class,
                VersionCommands.Commit.class, VersionCommands.Versions.class, VersionCommands.Rollback.class,
                VersionCommands.RmVersion.class})
public final class ContainersCommand {

    @Command(name = "ls", mixinStandardHelpOptions = true, aliases = "list", description = "List containers.")
    public static final class Ls implements Callable<Integer> {
        private final Cli cli;

        @Option(names = "--label", paramLabel = "KEY[=VALUE]",
                description = "only containers with this label (a key alone: any value); filtered by containerd")
        String label;

        public Ls(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            List<ContainerInfo> list;
            if (label != null) {
                String[] kv = Labels.parse(label, true);
                list = cli.service().containers().listByLabel(kv[0], kv[1]);
            } else {
                list = cli.service().containers().list();
            }
            cli.output().list(list,
                    new Output.Column<>("ID", ContainerInfo::id),
                    new Output.Column<>("IMAGE", ContainerInfo::image),
                    new Output.Column<>("RUNTIME", ContainerInfo::runtime),
                    new Output.Column<>("SNAPSHOT", c -> c.snapshotter() + ":" + c.snapshotKey()),
                    new Output.Column<>("LABELS", c -> Labels.format(c.labels())));
            return Cli.OK;
        }
    }
}
