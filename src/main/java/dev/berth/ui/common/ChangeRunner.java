package dev.berth.ui.common;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the changes a screen makes (delete, start, stop...) in the background: each as an Activity
 * item; several at once as one item with a progress bar that goes on past failures and lists them
 * at the end. Errors go to a dialog in plain words, and to the connection when containerd is gone;
 * the list reloads afterwards.
 */
public final class ChangeRunner {

    private final TaskExecutor executor;
    private final I18n i18n;
    private final ServiceSession session;
    private final Runnable afterChange;

    public ChangeRunner(TaskExecutor executor, I18n i18n, ServiceSession session, Runnable afterChange) {
        this.executor = executor;
        this.i18n = i18n;
        this.session = session;
        this.afterChange = afterChange;
    }

    /** One step of a bulk change. */
    @FunctionalInterface
    public interface Step<X> {
        void apply(X item) throws Exception;
    }

    /**
     * Applies {@code step} to each item: one item is one activity; several are one activity with a
     * progress bar ("Delete 120 containers"), going on past failures and listing them at the end.
     */
    public <X> void each(List<X> items, java.util.function.Function<X, String> name, String titleOne,
                               String titleMany, Step<X> step, DialogService dialogs) {
        if (items.isEmpty()) {
            return;
        }
        if (items.size() == 1) {
            X only = items.get(0);
            run(titleOne, p -> {
                step.apply(only);
                return null;
            }, v -> { }, dialogs);
            return;
        }
        int n = items.size();
        BackgroundTask.of(p -> {
            List<String> failures = new ArrayList<>();
            Throwable first = null;
            for (int i = 0; i < n; i++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new dev.berth.model.BerthException.Cancelled("cancelled after " + i + " of " + n);
                }
                X x = items.get(i);
                try {
                    step.apply(x);
                } catch (Exception e) {
                    if (UserError.isConnectionLoss(e) || e instanceof dev.berth.model.BerthException.Cancelled) {
                        throw e;
                    }
                    first = first == null ? e : first;
                    failures.add(name.apply(x) + ": " + UserError.of(e, i18n).message());
                }
                p.progress(i + 1, n);
                p.message(i18n.tr("bulk.progress", i + 1, n));
            }
            if (failures.size() == n && first instanceof Exception) {
                throw (Exception) first;
            }
            return failures;
        }).title(titleMany)
                .resultText(f -> f.isEmpty() ? i18n.tr("bulk.done", n) : i18n.tr("bulk.someFailed", f.size(), n))
                .onSuccess(failures -> {
                    if (!failures.isEmpty()) {
                        dialogs.showError(titleMany, i18n.tr("bulk.someFailed", failures.size(), n) + "\n\n"
                                + String.join("\n", failures.subList(0, Math.min(10, failures.size())))
                                + (failures.size() > 10 ? "\n…" : ""), null);
                    }
                    afterChange.run();
                })
                .onFailure(e -> {
                    session.reportFailure(e);
                    if (!UserError.isConnectionLoss(e)) {
                        dialogs.showError(titleMany, UserError.of(e, i18n).message(), e);
                    }
                    afterChange.run();
                })
                .onCancelled(afterChange)
                .executeWith(executor);
    }

    /** Runs a change in the background with the current service; failures go to the dialog and the connection. */
    public <T> TaskHandle run(String title, BackgroundTask.Work<T> work, java.util.function.Consumer<T> then,
                                       DialogService dialogs) {
        return BackgroundTask.of(work)
                .title(title)
                .onSuccess(v -> {
                    if (then != null) {
                        then.accept(v);
                    }
                    afterChange.run();
                })
                .onFailure(e -> {
                    session.reportFailure(e);
                    if (!UserError.isConnectionLoss(e)) {
                        UserError ue = UserError.of(e, i18n);
                        dialogs.showError(title, ue.message(), e);
                    }
                    afterChange.run();
                })
                .executeWith(executor);
    }
}
