package dev.berth.cli;

import dev.berth.model.SnapshotInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "snapshots", aliases = {"s", "snapshot"}, description = "Snapshots.",
        subcommands = {SnapshotsCommand.Ls.class})
public final class SnapshotsCommand {

    @Command(name = "ls", aliases = "list", description = "List snapshots.")
    public static final class Ls implements Callable<Integer> {
        private final Cli cli;

        @Option(names = "--snapshotter", paramLabel = "NAME", description = "default: overlayfs")
        String snapshotter;

        public Ls(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            cli.output().list(cli.service().snapshots().list(snapshotter),
                    new Output.Column<>("KEY", SnapshotInfo::name),
                    new Output.Column<>("PARENT", SnapshotInfo::parent),
                    new Output.Column<>("KIND", SnapshotInfo::kind));
            return Cli.OK;
        }
    }
}
