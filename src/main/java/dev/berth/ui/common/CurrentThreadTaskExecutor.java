package dev.berth.ui.common;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs everything on the calling thread, at once: for view-model tests, which need no FX toolkit.
 * {@link #holdTasks()} queues tasks instead (to look at a "loading" state or cancel one), and
 * {@link #holdScheduled()} queues scheduled actions until {@link #runScheduled()}.
 */
public final class CurrentThreadTaskExecutor implements TaskExecutor {

    private ActivitySink activity = ActivitySink.NONE;
    private boolean holdTasks;
    private boolean holdScheduled;
    private final Deque<Runnable> pendingTasks = new ArrayDeque<>();
    private final List<Runnable> scheduled = new ArrayList<>();
    private int executed;

    public CurrentThreadTaskExecutor holdTasks() {
        holdTasks = true;
        return this;
    }

    public CurrentThreadTaskExecutor holdScheduled() {
        holdScheduled = true;
        return this;
    }

    /** Runs the queued tasks (and any they queue) until none is left; returns how many ran. */
    public int runPendingTasks() {
        int n = 0;
        while (!pendingTasks.isEmpty()) {
            pendingTasks.poll().run();
            n++;
        }
        return n;
    }

    public int pendingTasks() {
        return pendingTasks.size();
    }

    /** Runs the scheduled actions due so far (all of them: time does not pass here). */
    public int runScheduled() {
        List<Runnable> now = new ArrayList<>(scheduled);
        scheduled.clear();
        now.forEach(Runnable::run);
        return now.size();
    }

    public int pendingScheduled() {
        return scheduled.size();
    }

    /** How many tasks have run so far. */
    public int executed() {
        return executed;
    }

    @Override
    public void setActivitySink(ActivitySink sink) {
        this.activity = sink == null ? ActivitySink.NONE : sink;
    }

    @Override
    public <T> TaskHandle execute(BackgroundTask<T> task) {
        SyncHandle handle = new SyncHandle();
        ActivitySink.Record rec = task.title() == null ? null : activity.started(task.title(), task.subject(), handle);
        Runnable run = () -> runNow(task, handle, rec);
        if (holdTasks) {
            pendingTasks.add(run);
            handle.whilePending = () -> {
                pendingTasks.remove(run);
                finishCancelled(task, handle, rec);
            };
        } else {
            run.run();
        }
        return handle;
    }

    private <T> void runNow(BackgroundTask<T> task, SyncHandle handle, ActivitySink.Record rec) {
        if (handle.done) {
            return;
        }
        executed++;
        handle.whilePending = null;
        handle.runner = Thread.currentThread();
        BackgroundTask.Progress progress = new BackgroundTask.Progress() {
            @Override
            public void progress(double done, double total) {
                if (rec != null) {
                    rec.progress(done, total);
                }
            }

            @Override
            public void message(String message) {
                if (rec != null) {
                    rec.message(message);
                }
            }

            @Override
            public boolean isCancelled() {
                return handle.cancelled;
            }
        };
        T value;
        try {
            value = task.work().call(progress);
        } catch (Exception e) {
            handle.runner = null;
            Thread.interrupted();
            handle.done = true;
            if (handle.cancelled) {
                finishCancelled(task, handle, rec);
                return;
            }
            if (rec != null) {
                rec.failed(e);
            }
            task.failed(e);
            return;
        }
        handle.runner = null;
        Thread.interrupted();
        handle.done = true;
        if (handle.cancelled) {
            finishCancelled(task, handle, rec);
            return;
        }
        if (rec != null) {
            rec.succeeded(task.resultTextFor(value));
        }
        task.succeeded(value);
    }

    private static void finishCancelled(BackgroundTask<?> task, SyncHandle handle, ActivitySink.Record rec) {
        handle.done = true;
        if (rec != null) {
            rec.cancelled();
        }
        task.cancelled();
    }

    @Override
    public void runOnUi(Runnable action) {
        action.run();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
        if (!holdScheduled) {
            action.run();
            return () -> { };
        }
        scheduled.add(action);
        return () -> scheduled.remove(action);
    }

    @Override
    public <P> Consumer<P> latestOnUi(Consumer<P> onUi) {
        return onUi;
    }

    @Override
    public <P> Consumer<P> batchedOnUi(Consumer<List<P>> onUi) {
        return v -> onUi.accept(List.of(v));
    }

    @Override
    public void shutdown() {
        pendingTasks.clear();
        scheduled.clear();
    }

    private static final class SyncHandle implements TaskHandle {
        boolean cancelled;
        boolean done;
        Runnable whilePending;
        Thread runner;

        @Override
        public void cancel() {
            if (cancelled || done) {
                return;
            }
            cancelled = true;
            if (whilePending != null) {
                Runnable r = whilePending;
                whilePending = null;
                r.run();
            } else if (runner != null) {
                runner.interrupt();
            }
        }

        @Override
        public boolean isDone() {
            return done;
        }
    }
}
