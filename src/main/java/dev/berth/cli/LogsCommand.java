package dev.berth.cli;

import dev.berth.model.BerthException;
import dev.berth.model.Subscription;
import dev.berth.model.TaskInfo;
import dev.berth.service.TaskService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth logs ID [-f] [--tail N]}: a container's output (stdout and stderr). */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a container's output; with -f, follow it while the task runs.")
public final class LogsCommand implements Callable<Integer> {

    static final long POLL_MILLIS = 250;

    private final Cli cli;

    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = {"-f", "--follow"}, description = "keep printing new output until the task ends")
    boolean follow;

    @Option(names = "--tail", paramLabel = "N", description = "only the last N lines (default: all)")
    Integer tail;

    public LogsCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (tail != null && tail < 0) {
            throw new BerthException.InvalidArgument("--tail must not be negative");
        }
        int n = tail == null ? -1 : tail;
        TaskService tasks = cli.service().tasks();
        if (!follow) {
            tasks.logs(id, n).forEach(cli.out()::println);
            cli.out().flush();
            return Cli.OK;
        }
        try (Subscription s = tasks.followLogs(id, n, line -> {
            synchronized (cli.out()) {
                cli.out().println(line);
                cli.out().flush();
            }
        })) {
            // follow while the task lives, then let the last lines arrive
            while (alive(tasks)) {
                Thread.sleep(POLL_MILLIS);
            }
            Thread.sleep(2 * POLL_MILLIS);
        }
        return Cli.OK;
    }

    private boolean alive(TaskService tasks) {
        try {
            TaskInfo t = tasks.get(id);
            return t.status().isAlive();
        } catch (BerthException.NotFound e) {
            return false;
        }
    }
}
