package dev.berth.model;

import java.time.Instant;

/**
 * A task (the running side of a container).
 *
 * @param exitStatus set once the task has stopped, else null
 * @param exitedAt set once the task has stopped (containerd's zero time means "not set"), else null
 */
public record TaskInfo(String containerId, long pid, TaskStatus status, Integer exitStatus, Instant exitedAt) {
}
