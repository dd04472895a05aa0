package dev.berth.cli;

import dev.berth.model.NamespaceInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "ns", mixinStandardHelpOptions = true, aliases = "namespaces", description = "Namespaces.",
        subcommands = NamespacesCommand.Ls.class)
public final class NamespacesCommand {

    @Command(name = "ls", mixinStandardHelpOptions = true, aliases = "list", description = "List namespaces.")
    public static final class Ls implements Callable<Integer> {
        private final Cli cli;

        public Ls(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            cli.output().list(cli.service().namespaces().list(),
                    new Output.Column<>("NAME", NamespaceInfo::name),
                    new Output.Column<>("OWNER", n -> n.owner() == null ? "" : n.owner()),
                    new Output.Column<>("LABELS", n -> Labels.format(n.labels())));
            return Cli.OK;
        }
    }
}
