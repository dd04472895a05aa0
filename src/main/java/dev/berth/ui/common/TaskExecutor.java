package dev.berth.ui.common;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one way view models get work off the UI thread and results back onto it. Production runs
 * {@link javafx.concurrent.Task}s on one bounded pool of daemon threads ({@link FxTaskExecutor});
 * view-model tests run everything at once on the calling thread ({@link CurrentThreadTaskExecutor}).
 */
public interface TaskExecutor {

    /** Runs the task in the background; its callbacks run on the UI thread. */
    <T> TaskHandle execute(BackgroundTask<T> task);

    /** Runs {@code action} on the UI thread (now if already there). */
    void runOnUi(Runnable action);

    /** Runs {@code action} on the UI thread after {@code delay}; must be called on the UI thread. */
    Cancellable schedule(Duration delay, Runnable action);

    /**
     * A consumer callable from any thread that hands the most recent value to {@code onUi} on the UI
     * thread, dropping values that were superseded before the UI thread got to them.
     */
    <P> Consumer<P> latestOnUi(Consumer<P> onUi);

    /**
     * A consumer callable from any thread that collects values and hands them to {@code onUi} in
     * batches on the UI thread, in order, none lost.
     */
    <P> Consumer<P> batchedOnUi(Consumer<List<P>> onUi);

    /** Where tasks with a title are reported (the Activity view); set once by the composition root. */
    void setActivitySink(ActivitySink sink);

    /** Cancels everything and stops the threads. */
    void shutdown();
}
