package dev.berth.ui.containers;

import dev.berth.model.ContainerInfo;
import dev.berth.model.TaskInfo;
import dev.berth.model.TaskStatus;
import dev.berth.ui.common.Formats;
import java.time.Instant;
import java.util.Locale;

/**
 * One container in the table, joined with its task, with display strings computed off the UI thread.
 *
 * @param task the container's task, or null when it has none
 * @param status the task's status, or null when there is no task
 */
public record ContainerRow(ContainerInfo info, TaskInfo task, TaskStatus status, String statusText, String statusStyle,
                           String createdText, String searchText) {

    public String id() {
        return info.id();
    }

    public String image() {
        return info.image();
    }

    public Instant createdAt() {
        return info.createdAt();
    }

    public String ip() {
        return info.ip() == null ? "" : info.ip();
    }

    public long pid() {
        return task == null ? 0 : task.pid();
    }

    public String pidText() {
        return task == null || task.pid() <= 0 || !isAlive() ? "" : Long.toString(task.pid());
    }

    public boolean isAlive() {
        return status != null && status.isAlive();
    }

    public boolean isRunning() {
        return status == TaskStatus.RUNNING;
    }

    public boolean isPaused() {
        return status == TaskStatus.PAUSED || status == TaskStatus.PAUSING;
    }

    /** Sort order of the status column: running first, then paused, created, stopped, none. */
    public int statusOrder() {
        if (status == null) {
            return 9;
        }
        switch (status) {
            case RUNNING:
                return 0;
            case PAUSED:
            case PAUSING:
                return 1;
            case CREATED:
                return 2;
            case STOPPED:
                return 3;
            default:
                return 5;
        }
    }

    /** @param statusText already translated */
    static ContainerRow of(ContainerInfo c, TaskInfo t, String statusText) {
        TaskStatus s = t == null ? null : t.status();
        String search = (c.id() + " " + c.image() + " " + statusText + " " + (c.ip() == null ? "" : c.ip()))
                .toLowerCase(Locale.ROOT);
        return new ContainerRow(c, t, s, statusText, styleOf(s), Formats.compactDateTime(c.createdAt(), Instant.now()), search);
    }

    static String styleOf(TaskStatus s) {
        if (s == null) {
            return "status-none";
        }
        switch (s) {
            case RUNNING:
                return "status-running";
            case PAUSED:
            case PAUSING:
                return "status-paused";
            case CREATED:
                return "status-created";
            case STOPPED:
                return "status-stopped";
            default:
                return "status-unknown";
        }
    }
}
