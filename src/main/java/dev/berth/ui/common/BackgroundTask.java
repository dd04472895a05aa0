package dev.berth.ui.common;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A piece of blocking work described without any thread: what to run, what to do with the result
 * or the error (on the UI thread), and whether it appears in the Activity view. A
 * {@link TaskExecutor} runs it; view models never start threads themselves.
 *
 * <pre>
 * BackgroundTask.of(p -> service.images().list())
 *         .onSuccess(rows::setAll)
 *         .onFailure(this::showError)
 *         .executeWith(executor);
 * </pre>
 *
 * @param <T> the result type
 */
public final class BackgroundTask<T> {

    /** The work itself; runs on a background thread. Interruption means cancel. */
    @FunctionalInterface
    public interface Work<T> {
        T call(Progress progress) throws Exception;
    }

    /** Work without a result. */
    @FunctionalInterface
    public interface VoidWork {
        void run(Progress progress) throws Exception;
    }

    /** What the work may report while it runs; safe to call from the background thread. */
    public interface Progress {
        /** Progress as done out of total; a negative total means indeterminate. */
        void progress(double done, double total);

        void message(String message);

        boolean isCancelled();

        Progress NONE = new Progress() {
            @Override
            public void progress(double done, double total) {
            }

            @Override
            public void message(String message) {
            }

            @Override
            public boolean isCancelled() {
                return Thread.currentThread().isInterrupted();
            }
        };
    }

    private final Work<T> work;
    private String title;
    private Object subject;
    private Consumer<? super T> onSuccess = r -> { };
    private Consumer<Throwable> onFailure;
    private Runnable onCancelled = () -> { };
    private Runnable onFinished = () -> { };
    private Consumer<? super T> successSummary;
    private java.util.function.Function<? super T, String> resultText;

    private BackgroundTask(Work<T> work) {
        this.work = Objects.requireNonNull(work);
    }

    public static <T> BackgroundTask<T> of(Work<T> work) {
        return new BackgroundTask<>(work);
    }

    public static BackgroundTask<Void> ofVoid(VoidWork work) {
        return new BackgroundTask<>(p -> {
            work.run(p);
            return null;
        });
    }

    /** Shows the task in the Activity view under this title (already translated). */
    public BackgroundTask<T> title(String title) {
        this.title = title;
        return this;
    }

    /** What the Activity view can open again for this task (e.g. a pull's view model). */
    public BackgroundTask<T> subject(Object subject) {
        this.subject = subject;
        return this;
    }

    /** The text the Activity view shows when the task succeeded (already translated). */
    public BackgroundTask<T> resultText(java.util.function.Function<? super T, String> text) {
        this.resultText = text;
        return this;
    }

    public BackgroundTask<T> onSuccess(Consumer<? super T> onSuccess) {
        this.onSuccess = Objects.requireNonNull(onSuccess);
        return this;
    }

    public BackgroundTask<T> onFailure(Consumer<Throwable> onFailure) {
        this.onFailure = Objects.requireNonNull(onFailure);
        return this;
    }

    public BackgroundTask<T> onCancelled(Runnable onCancelled) {
        this.onCancelled = Objects.requireNonNull(onCancelled);
        return this;
    }

    /** Runs after success, failure or cancel. */
    public BackgroundTask<T> onFinished(Runnable onFinished) {
        this.onFinished = Objects.requireNonNull(onFinished);
        return this;
    }

    public TaskHandle executeWith(TaskExecutor executor) {
        return executor.execute(this);
    }

    // ---- used by executors

    public Work<T> work() {
        return work;
    }

    public String title() {
        return title;
    }

    public Object subject() {
        return subject;
    }

    public boolean hasFailureHandler() {
        return onFailure != null;
    }

    public String resultTextFor(T value) {
        return resultText == null ? null : resultText.apply(value);
    }

    public void succeeded(T value) {
        try {
            onSuccess.accept(value);
        } finally {
            onFinished.run();
        }
    }

    public void failed(Throwable error) {
        try {
            if (onFailure != null) {
                onFailure.accept(error);
            }
        } finally {
            onFinished.run();
        }
    }

    public void cancelled() {
        try {
            onCancelled.run();
        } finally {
            onFinished.run();
        }
    }
}
