package dev.berth.cli;

import dev.berth.model.TaskStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth stats ID}: CPU (over a short interval), memory and pids of a running task. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Show a running task's CPU, memory and process count.")
public final class StatsCommand implements Callable<Integer> {

    private final Cli cli;

    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--interval", paramLabel = "MS", defaultValue = "1000",
            description = "CPU is measured over this many milliseconds (default: 1000)")
    long interval;

    public StatsCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (interval < 10 || interval > 60_000) {
            throw new dev.berth.model.BerthException.InvalidArgument("--interval must be 10 to 60000 ms");
        }
        TaskStats first = cli.service().tasks().stats(id);
        Thread.sleep(interval);
        TaskStats s = cli.service().tasks().stats(id);
        double cpu = TaskStats.cpuPercent(first, s);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", s.containerId());
        json.put("cpuPercent", Math.round(cpu * 100) / 100.0);
        json.put("cpuNanos", s.cpuNanos());
        json.put("memoryBytes", s.memoryBytes());
        json.put("memoryLimitBytes", s.memoryLimitBytes());
        json.put("pids", s.pids());
        json.put("pidsLimit", s.pidsLimit());
        json.put("cgroupVersion", s.cgroupVersion());
        if (cli.output().format() == Output.Format.json) {
            cli.output().json(json);
            return Cli.OK;
        }
        cli.output().list(java.util.List.of(s),
                new Output.Column<>("ID", TaskStats::containerId),
                new Output.Column<>("CPU %", x -> String.format(java.util.Locale.ROOT, "%.2f", cpu)),
                new Output.Column<>("MEMORY", x -> Output.size(x.memoryBytes())
                        + (x.memoryLimitBytes() == null ? "" : " / " + Output.size(x.memoryLimitBytes()))),
                new Output.Column<>("PIDS", x -> x.pids() + (x.pidsLimit() == null ? "" : " / " + x.pidsLimit())));
        return Cli.OK;
    }
}
