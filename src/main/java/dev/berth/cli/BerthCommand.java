package dev.berth.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code berth}: with no subcommand the launcher opens the console; subcommands work headless. */
@Command(name = "berth", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "A console for containerd. With no arguments, opens the desktop console.")
public final class BerthCommand implements java.util.concurrent.Callable<Integer> {

    /** The subcommands, in the order the help lists them ({@link Cli#run} adds them). */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(VersionCommand.class, NamespacesCommand.class,
            ImagesCommand.class, ContainersCommand.class, TasksCommand.class, SnapshotsCommand.class, LogsCommand.class,
            StatsCommand.class, NetCommand.class);

    @Mixin
    final GlobalOptions options;

    private final Cli cli;

    public BerthCommand(Cli cli) {
        this.cli = cli;
        this.options = cli.options;
    }

    @Override
    public Integer call() {
        cli.err().println("berth: a subcommand is needed here (the console opens when berth runs with no arguments).");
        cli.err().println("Run 'berth --help' for usage.");
        cli.err().flush();
        return Cli.USAGE;
    }
}
