package dev.berth.ui.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.concurrent.Task;

/**
 * Runs {@link BackgroundTask}s as {@link Task}s on one bounded pool of daemon threads. Results,
 * errors and cancellations come back on the FX thread through the Task's own events; cancelling
 * interrupts the worker thread, which the service layer treats as cancel.
 */
public final class FxTaskExecutor implements TaskExecutor {

    private static final System.Logger LOG = System.getLogger(FxTaskExecutor.class.getName());
    private static final Object EMPTY = new Object();
    /** At most this many queued values reach the UI thread in one batch; the rest follow on the next pulse. */
    private static final int MAX_BATCH = 2_000;

    private final ThreadPoolExecutor pool;
    private final Set<Task<?>> live = ConcurrentHashMap.newKeySet();
    private volatile ActivitySink activity = ActivitySink.NONE;
    private volatile boolean shutDown;

    public FxTaskExecutor(int threads) {
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "berth-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /** Threads for a 2-core laptop and up: enough for pulls and log follows next to list refreshes. */
    public static FxTaskExecutor withDefaultSize() {
        return new FxTaskExecutor(Math.max(6, Runtime.getRuntime().availableProcessors() * 2));
    }

    @Override
    public void setActivitySink(ActivitySink sink) {
        this.activity = sink == null ? ActivitySink.NONE : sink;
    }

    @Override
    public <T> TaskHandle execute(BackgroundTask<T> bt) {
        FxTask<T> task = new FxTask<>(bt);
        TaskHandle handle = new TaskHandle() {
            @Override
            public void cancel() {
                task.cancel(true);
            }

            @Override
            public boolean isDone() {
                return task.isDone();
            }
        };
        runOnUi(() -> wireAndSubmit(bt, task, handle));
        return handle;
    }

    private <T> void wireAndSubmit(BackgroundTask<T> bt, FxTask<T> task, TaskHandle handle) {
        if (shutDown) {
            return; // the window is closing; late timers and events start nothing
        }
        ActivitySink.Record rec = bt.title() == null ? null : activity.started(bt.title(), bt.subject(), handle);
        if (rec != null) {
            task.progressProperty().addListener((o, a, b) -> rec.progress(task.getWorkDone(), task.getTotalWork()));
            task.messageProperty().addListener((o, a, b) -> rec.message(b));
        }
        boolean[] finished = {false};
        Runnable cancelled = () -> {
            if (finished[0]) {
                return;
            }
            finished[0] = true;
            live.remove(task);
            if (rec != null) {
                rec.cancelled();
            }
            bt.cancelled();
        };
        task.setOnSucceeded(e -> {
            if (finished[0]) {
                return;
            }
            finished[0] = true;
            live.remove(task);
            T value = task.getValue();
            if (rec != null) {
                rec.succeeded(bt.resultTextFor(value));
            }
            bt.succeeded(value);
        });
        task.setOnFailed(e -> {
            // cancel() from another thread can let the worker's failure arrive before the CANCELLED state
            if (task.isCancelled()) {
                cancelled.run();
                return;
            }
            if (finished[0]) {
                return;
            }
            finished[0] = true;
            live.remove(task);
            Throwable error = task.getException();
            if (!bt.hasFailureHandler()) {
                LOG.log(System.Logger.Level.WARNING, "background task failed: " + (bt.title() == null ? "" : bt.title()), error);
            }
            if (rec != null) {
                rec.failed(error);
            }
            bt.failed(error);
        });
        task.setOnCancelled(e -> cancelled.run());
        live.add(task);
        pool.execute(task);
    }

    @Override
    public void runOnUi(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
        PauseTransition pause = new PauseTransition(javafx.util.Duration.millis(Math.max(1, delay.toMillis())));
        pause.setOnFinished(e -> {
            if (!shutDown) {
                action.run();
            }
        });
        runOnUi(pause::play);
        return () -> runOnUi(pause::stop);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <P> Consumer<P> latestOnUi(Consumer<P> onUi) {
        AtomicReference<Object> latest = new AtomicReference<>(EMPTY);
        return value -> {
            if (latest.getAndSet(value) == EMPTY) {
                Platform.runLater(() -> {
                    Object v = latest.getAndSet(EMPTY);
                    if (v != EMPTY) {
                        onUi.accept((P) v);
                    }
                });
            }
        };
    }

    @Override
    public <P> Consumer<P> batchedOnUi(Consumer<List<P>> onUi) {
        ConcurrentLinkedQueue<P> queue = new ConcurrentLinkedQueue<>();
        AtomicBoolean scheduled = new AtomicBoolean();
        Runnable[] flush = new Runnable[1];
        flush[0] = () -> {
            scheduled.set(false);
            List<P> batch = new ArrayList<>();
            P v;
            while (batch.size() < MAX_BATCH && (v = queue.poll()) != null) {
                batch.add(v);
            }
            if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
                Platform.runLater(flush[0]);
            }
            if (!batch.isEmpty()) {
                onUi.accept(batch);
            }
        };
        return value -> {
            queue.add(value);
            if (scheduled.compareAndSet(false, true)) {
                Platform.runLater(flush[0]);
            }
        };
    }

    @Override
    public void shutdown() {
        shutDown = true;
        for (Task<?> t : List.copyOf(live)) {
            t.cancel(true);
        }
        pool.shutdownNow();
    }

    /** The JavaFX Task for one BackgroundTask; it is also the work's progress reporter. */
    private static final class FxTask<T> extends Task<T> implements BackgroundTask.Progress {
        private final BackgroundTask<T> bt;

        FxTask(BackgroundTask<T> bt) {
            this.bt = bt;
        }

        @Override
        protected T call() throws Exception {
            return bt.work().call(this);
        }

        @Override
        public void progress(double done, double total) {
            if (total < 0) {
                updateProgress(-1, -1);
            } else {
                updateProgress(done, total);
            }
        }

        @Override
        public void message(String message) {
            updateMessage(message);
        }
    }
}
