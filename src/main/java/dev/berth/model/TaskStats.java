package dev.berth.model;

import java.time.Instant;

/**
 * One sample of a task's resource use, from containerd's {@code Tasks.Metrics} (cgroup v1 or v2).
 *
 * @param cgroupVersion 1 or 2
 * @param cpuNanos CPU time used since the task started (user + system), in nanoseconds
 * @param memoryBytes memory in use now (cgroup v1: usage_in_bytes, which includes page cache; v2: memory.current)
 * @param memoryLimitBytes the cgroup's limit, or null when unlimited
 * @param pidsLimit null when unlimited
 */
public record TaskStats(String containerId, Instant timestamp, int cgroupVersion, long cpuNanos, long cpuUserNanos,
                        long cpuKernelNanos, long memoryBytes, Long memoryLimitBytes, long pids, Long pidsLimit) {

    /**
     * CPU use between two samples of the same task, in percent of one CPU (200 = two CPUs busy), or
     * 0 when the samples are not in order.
     */
    public static double cpuPercent(TaskStats earlier, TaskStats later) {
        long wall = java.time.Duration.between(earlier.timestamp(), later.timestamp()).toNanos();
        long cpu = later.cpuNanos() - earlier.cpuNanos();
        if (wall <= 0 || cpu < 0) {
            return 0;
        }
        return 100.0 * cpu / wall;
    }
}
