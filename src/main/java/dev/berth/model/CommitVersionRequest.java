package dev.berth.model;

import java.util.Map;

/**
 * What {@code versions().commit} makes: a version of container {@code containerId}.
 *
 * @param name the version's snapshot name; null or blank: {@code <id>-v<unix nanoseconds>}
 * @param labels extra labels of the version (Berth sets {@link Labels#GC_ROOT} and {@link Labels#VERSION_OF})
 * @param stopTask a live task is stopped for the commit (and started again afterwards); without it a
 *                 live task makes the commit fail before anything changes
 * @param stop how to stop it; null: SIGTERM (or the image's stop signal), 10 s, then SIGKILL
 */
public record CommitVersionRequest(String containerId, String name, Map<String, String> labels, boolean stopTask,
                                   StopOptions stop) {

    public CommitVersionRequest {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        stop = stop == null ? StopOptions.forced(StopOptions.DEFAULT_TIMEOUT) : stop;
    }

    public static CommitVersionRequest of(String containerId) {
        return new CommitVersionRequest(containerId, null, Map.of(), false, null);
    }

    public CommitVersionRequest withName(String n) {
        return new CommitVersionRequest(containerId, n, labels, stopTask, stop);
    }

    public CommitVersionRequest withLabels(Map<String, String> l) {
        return new CommitVersionRequest(containerId, name, l, stopTask, stop);
    }

    public CommitVersionRequest stoppingTask(boolean s) {
        return new CommitVersionRequest(containerId, name, labels, s, stop);
    }
}
