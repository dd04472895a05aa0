package dev.berth.service;

import dev.berth.model.StopOptions;
import dev.berth.model.Subscription;
import dev.berth.model.TaskInfo;
import dev.berth.model.TaskStats;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The tasks (running processes) of containers. Every blocking call responds to thread interruption
 * by cancelling its call to containerd and throwing {@link dev.berth.model.BerthException.Cancelled}.
 */
public interface TaskService {

    List<TaskInfo> list();

    /** The task of a container. @throws dev.berth.model.BerthException.NotFound if it has none */
    TaskInfo get(String containerId);

    /**
     * Creates the container's task on its snapshot and starts it. Its stdout and stderr are appended
     * to Berth's log file of the container ({@link #logFile}). A stopped task left from an earlier run
     * is removed first; a live one is refused.
     */
    TaskInfo start(String containerId);

    /**
     * Stops the task: waits for its exit from before the signal is sent; a paused task is resumed
     * first; the signal is the given one, else the image's stop signal (container label
     * {@code io.containerd.image.config.stop-signal}), else SIGTERM. When the timeout passes, with
     * {@code force} every process of the task gets SIGKILL, else a Timeout error is thrown (the task
     * keeps running). A task that is gone counts as stopped.
     *
     * @return the stopped task (exit status set), or a STOPPED entry without exit status when there was no task
     */
    TaskInfo stop(String containerId, StopOptions options);

    /** Sends a signal (name or number) to the task's init process, or with {@code all} to every process. */
    void kill(String containerId, String signal, boolean all);

    void pause(String containerId);

    void resume(String containerId);

    /**
     * Removes the task. A live task is refused with FailedPrecondition unless {@code force}: then it is
     * resumed if paused, killed (SIGKILL, all processes) and waited for first.
     *
     * @return the task as it ended (exit status)
     */
    TaskInfo delete(String containerId, boolean force);

    /** Where the container's output goes (its {@code dev.berth/log} label, else Berth's data dir). */
    Path logFile(String containerId);

    /** The last {@code tailLines} lines of the container's output ({@code < 0}: all). */
    List<String> logs(String containerId, int tailLines);

    /** All output so far, then each new line, until the subscription is closed. */
    default Subscription followLogs(String containerId, Consumer<String> lines) {
        return followLogs(containerId, -1, lines);
    }

    /**
     * The last {@code tailLines} lines ({@code < 0}: all), then each new line as the task writes it,
     * on a background thread, until the subscription is closed.
     */
    Subscription followLogs(String containerId, int tailLines, Consumer<String> lines);

    /** CPU, memory and pids of the running task, from containerd's metrics (cgroup v1 or v2). */
    TaskStats stats(String containerId);
}
