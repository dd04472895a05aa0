package dev.berth.model;

import java.time.Duration;

/**
 * How to stop a task.
 *
 * @param signal name ({@code SIGTERM}, {@code TERM}) or number; null: the image's stop signal, else SIGTERM
 * @param timeout how long to wait for the exit after the signal; null: {@link #DEFAULT_TIMEOUT}
 * @param force after the timeout, SIGKILL every process of the task instead of failing with a timeout
 */
public record StopOptions(String signal, Duration timeout, boolean force) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final StopOptions DEFAULTS = new StopOptions(null, null, false);

    public StopOptions {
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative()) {
            throw new BerthException.InvalidArgument("stop timeout must not be negative");
        }
    }

    public static StopOptions forced(Duration timeout) {
        return new StopOptions(null, timeout, true);
    }
}
