package dev.berth.cli;

import dev.berth.model.StopOptions;
import dev.berth.model.TaskInfo;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The task verbs under {@code berth tasks}: start, stop, kill, pause, resume, rm. */
public final class TaskCommands {

    private TaskCommands() {
    }

    static Map<String, Object> json(TaskInfo t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.containerId());
        m.put("pid", t.pid());
        m.put("status", t.status().name());
        m.put("exitStatus", t.exitStatus());
        m.put("exitedAt", t.exitedAt());
        return m;
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Create and start a container's task (output goes to its log).")
    public static final class Start implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--net", description = "attach the container to the CNI network once started; prints its IP")
        boolean net;

        public Start(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            TaskInfo t = cli.service().tasks().start(id);
            if (!net) {
                cli.output().result(id + " started (pid " + t.pid() + ")", json(t));
                return Cli.OK;
            }
            String ip = cli.service().network().setup(id);
            java.util.Map<String, Object> j = new java.util.LinkedHashMap<>(json(t));
            j.put("ip", ip);
            cli.output().result(id + " started (pid " + t.pid() + "), IP " + ip, j);
            return Cli.OK;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a task: signal it, wait for the exit, optionally SIGKILL after the timeout.")
    public static final class Stop implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = {"-s", "--signal"}, paramLabel = "SIG",
                description = "default: the image's stop signal, else SIGTERM")
        String signal;

        @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", description = "default: 10")
        Double timeout;

        @Option(names = {"-f", "--force"}, description = "SIGKILL the task when the timeout passes")
        boolean force;

        public Stop(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            Duration t = null;
            if (timeout != null) {
                if (timeout < 0 || timeout.isNaN() || timeout > 86400) {
                    throw new dev.berth.model.BerthException.InvalidArgument("--timeout must be 0 to 86400 seconds");
                }
                t = Duration.ofMillis(Math.round(timeout * 1000));
            }
            TaskInfo info = cli.service().tasks().stop(id, new StopOptions(signal, t, force));
            String exit = info.exitStatus() == null ? "" : " (exit " + info.exitStatus() + ")";
            cli.output().result(id + " stopped" + exit, json(info));
            return Cli.OK;
        }
    }

    @Command(name = "kill", mixinStandardHelpOptions = true, description = "Send a signal to a task.")
    public static final class Kill implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = {"-s", "--signal"}, paramLabel = "SIG", defaultValue = "SIGTERM", description = "default: SIGTERM")
        String signal;

        @Option(names = {"-a", "--all"}, description = "signal every process of the task, not only its init")
        boolean all;

        public Kill(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            cli.service().tasks().kill(id, signal, all);
            cli.output().result(id, Map.of("signalled", id, "signal", signal));
            return Cli.OK;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Freeze a task.")
    public static final class Pause implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "ID")
        String id;

        public Pause(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            cli.service().tasks().pause(id);
            cli.output().result(id + " paused", Map.of("paused", id));
            return Cli.OK;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Thaw a paused task.")
    public static final class Resume implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "ID")
        String id;

        public Resume(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            cli.service().tasks().resume(id);
            cli.output().result(id + " resumed", Map.of("resumed", id));
            return Cli.OK;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, aliases = {"delete"}, description = "Remove a stopped task (with --force: kill it first).")
    public static final class Rm implements Callable<Integer> {
        private final Cli cli;

        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = {"-f", "--force"}, description = "kill a live task first")
        boolean force;

        public Rm(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            TaskInfo t = cli.service().tasks().delete(id, force);
            String exit = t.exitStatus() == null ? "" : " (exit " + t.exitStatus() + ")";
            cli.output().result(id + " task deleted" + exit, json(t));
            return Cli.OK;
        }
    }
}
