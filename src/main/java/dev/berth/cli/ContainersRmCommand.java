package dev.berth.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth containers rm ID... [--force] [--keep-snapshot]}. */
@Command(name = "rm", aliases = {"delete", "remove"}, mixinStandardHelpOptions = true, description = "Delete containers (a stopped task is removed first).")
public final class ContainersRmCommand implements Callable<Integer> {

    private final Cli cli;

    @Parameters(arity = "1..*", paramLabel = "ID")
    List<String> ids;

    @Option(names = {"-f", "--force"}, description = "kill and remove a running task first")
    boolean force;

    @Option(names = "--keep-snapshot", description = "keep the container's snapshot (and its log)")
    boolean keepSnapshot;

    public ContainersRmCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        for (String id : ids) {
            cli.service().containers().delete(id, !keepSnapshot, force);
            cli.output().result(id, java.util.Map.of("deleted", id));
        }
        return Cli.OK;
    }
}
