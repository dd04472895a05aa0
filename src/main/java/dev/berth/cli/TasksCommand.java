package dev.berth.cli;

import dev.berth.model.TaskInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "tasks", mixinStandardHelpOptions = true, aliases = {"t", "task"}, description = "Tasks (running containers).",
        subcommands = {TasksCommand.Ls.class, TaskCommands.Start.class, TaskCommands.Stop.class,
                TaskCommands.Kill.class, TaskCommands.Pause.class, TaskCommands.Resume.class, TaskCommands.Rm.class})
public final class TasksCommand {

    @Command(name = "ls", mixinStandardHelpOptions = true, aliases = "list", description = "List tasks.")
    public static final class Ls implements Callable<Integer> {
        private final Cli cli;

        public Ls(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            cli.output().list(cli.service().tasks().list(),
                    new Output.Column<>("TASK", TaskInfo::containerId),
                    new Output.Column<>("PID", TaskInfo::pid),
                    new Output.Column<>("STATUS", TaskInfo::status),
                    new Output.Column<>("EXIT", TaskInfo::exitStatus));
            return Cli.OK;
        }
    }
}
