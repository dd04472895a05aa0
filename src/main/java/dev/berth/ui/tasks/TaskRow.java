package dev.berth.ui.tasks;

import dev.berth.model.TaskInfo;
import dev.berth.model.TaskStatus;
import dev.berth.ui.common.Formats;
import java.util.Locale;

/** One task in the table, with its container's image and display strings. */
public record TaskRow(TaskInfo task, String image, String statusText, String statusStyle, String exitText,
                      String exitedText, String searchText) {

    public String containerId() {
        return task.containerId();
    }

    public TaskStatus status() {
        return task.status();
    }

    public long pid() {
        return task.pid();
    }

    public boolean isAlive() {
        return task.status().isAlive();
    }

    public boolean isRunning() {
        return task.status() == TaskStatus.RUNNING;
    }

    public boolean isPaused() {
        return task.status() == TaskStatus.PAUSED || task.status() == TaskStatus.PAUSING;
    }

    public int exitStatus() {
        return task.exitStatus() == null ? -1 : task.exitStatus();
    }

    static TaskRow of(TaskInfo t, String image, String statusText) {
        String style;
        switch (t.status()) {
            case RUNNING:
                style = "status-running";
                break;
            case PAUSED:
            case PAUSING:
                style = "status-paused";
                break;
            case CREATED:
                style = "status-created";
                break;
            case STOPPED:
                style = "status-stopped";
                break;
            default:
                style = "status-unknown";
        }
        String exit = t.exitStatus() == null || t.status().isAlive() ? "" : Integer.toString(t.exitStatus());
        String search = (t.containerId() + " " + image + " " + statusText + " " + t.pid()).toLowerCase(Locale.ROOT);
        return new TaskRow(t, image == null ? "" : image, statusText, style, exit, Formats.compactDateTime(t.exitedAt(), java.time.Instant.now()), search);
    }
}
