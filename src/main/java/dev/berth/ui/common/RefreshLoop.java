package dev.berth.ui.common;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Coalesces refresh requests: at most one load runs at a time, and loads start at most once per
 * {@code minInterval}. A request during a load runs one more load after it; a burst of requests
 * becomes one load. UI thread only.
 */
public final class RefreshLoop {

    private final TaskExecutor executor;
    private java.util.function.Supplier<Duration> minInterval;
    private final Runnable load;
    private final LongSupplier nanoTime;
    private boolean running;
    private boolean pending;
    private Cancellable timer;
    private long timerId;
    private long timerSeq;
    private long lastStart = Long.MIN_VALUE;

    /** {@code load} starts a load and must call {@link #finished()} when it is over (also on failure). */
    public RefreshLoop(TaskExecutor executor, Duration minInterval, Runnable load) {
        this(executor, minInterval, load, System::nanoTime);
    }

    RefreshLoop(TaskExecutor executor, Duration minInterval, Runnable load, LongSupplier nanoTime) {
        this.executor = executor;
        this.minInterval = () -> minInterval;
        this.load = load;
        this.nanoTime = nanoTime;
    }

    /** A load soon: now if the last one started long enough ago, else when it may. */
    public void request() {
        if (running) {
            pending = true;
            return;
        }
        if (timerId != 0) {
            return;
        }
        long wait = lastStart == Long.MIN_VALUE ? 0 : minInterval.get().toNanos() - (nanoTime.getAsLong() - lastStart);
        if (wait <= 0) {
            start();
        } else {
            long id = ++timerSeq;
            timerId = id;
            Cancellable c = executor.schedule(Duration.ofNanos(wait), () -> {
                if (timerId == id) {
                    timerId = 0;
                    timer = null;
                    start();
                }
            });
            if (timerId == id) {
                timer = c; // still pending (an executor may also run it at once)
            }
        }
    }

    /** A load now (the user asked, or the namespace changed): skips the interval. */
    public void requestNow() {
        if (timerId != 0) {
            if (timer != null) {
                timer.cancel();
            }
            timer = null;
            timerId = 0;
        }
        if (running) {
            pending = true;
        } else {
            start();
        }
    }

    /** Changes the interval (e.g. slower while the list is not on screen). */
    public void setMinInterval(java.util.function.Supplier<Duration> interval) {
        this.minInterval = interval;
    }

    public boolean isRunning() {
        return running;
    }

    private void start() {
        running = true;
        pending = false;
        lastStart = nanoTime.getAsLong();
        load.run();
    }

    /** The load started by this loop is over. */
    public void finished() {
        running = false;
        if (pending) {
            pending = false;
            request();
        }
    }
}
