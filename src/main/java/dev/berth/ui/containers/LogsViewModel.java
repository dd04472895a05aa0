package dev.berth.ui.containers;

import dev.berth.model.Subscription;
import dev.berth.service.ContainerdService;
import dev.berth.ui.common.BackgroundTask;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ServiceSession;
import dev.berth.ui.common.TaskExecutor;
import dev.berth.ui.common.TaskHandle;
import dev.berth.ui.common.UserError;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A container's output: the last lines (tail), then, when following, each new line as the task
 * writes it. At most {@link #MAX_LINES} lines are kept (the oldest go), so huge outputs stay fast;
 * lines arrive in batches, one UI update per batch.
 */
public final class LogsViewModel {

    public static final int MAX_LINES = 10_000;
    public static final List<Integer> TAILS = List.of(100, 1_000, 10_000);

    private final ServiceSession session;
    private final TaskExecutor executor;
    private final I18n i18n;
    private final String containerId;
    private final ObservableList<String> lines = FXCollections.observableArrayList();
    private final javafx.collections.transformation.FilteredList<String> shown = new javafx.collections.transformation.FilteredList<>(lines);
    private final javafx.beans.property.StringProperty filter = new javafx.beans.property.SimpleStringProperty(this, "filter", "");
    private final BooleanProperty follow = new SimpleBooleanProperty(this, "follow", true);
    private final IntegerProperty tail = new SimpleIntegerProperty(this, "tail", 1_000);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyIntegerWrapper dropped = new ReadOnlyIntegerWrapper(this, "dropped");
    private TaskHandle loading = TaskHandle.DONE;
    private Subscription subscription;
    private long generation;
    private boolean closed;

    public LogsViewModel(ServiceSession session, TaskExecutor executor, I18n i18n, String containerId) {
        this.session = session;
        this.executor = executor;
        this.i18n = i18n;
        this.containerId = containerId;
        follow.addListener((o, a, b) -> reload());
        tail.addListener((o, a, b) -> reload());
        filter.addListener((o, a, b) -> {
            String f = b == null ? "" : b.toLowerCase(java.util.Locale.ROOT);
            shown.setPredicate(f.isEmpty() ? null : l -> l.toLowerCase(java.util.Locale.ROOT).contains(f));
        });
    }

    public String containerId() {
        return containerId;
    }

    public ObservableList<String> lines() {
        return lines;
    }

    /** The lines that match the filter (all of them when it is empty). */
    public ObservableList<String> shownLines() {
        return shown;
    }

    /** Shows only the lines containing this text (case-insensitive). */
    public javafx.beans.property.StringProperty filterProperty() {
        return filter;
    }

    public BooleanProperty followProperty() {
        return follow;
    }

    public IntegerProperty tailProperty() {
        return tail;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Lines dropped because more than {@link #MAX_LINES} arrived. */
    public ReadOnlyIntegerProperty droppedProperty() {
        return dropped.getReadOnlyProperty();
    }

    /** Loads (and follows) from scratch. */
    public void reload() {
        if (closed) {
            return;
        }
        stop();
        long gen = ++generation;
        lines.clear();
        dropped.set(0);
        ContainerdService s;
        try {
            s = session.require();
        } catch (RuntimeException e) {
            status.set(UserError.of(e, i18n).message());
            return;
        }
        int n = tail.get();
        if (follow.get()) {
            status.set(i18n.tr("logs.following"));
            Consumer<String> sink = executor.batchedOnUi(batch -> {
                if (gen == generation) {
                    append(batch);
                }
            });
            loading = BackgroundTask.of(p -> s.tasks().followLogs(containerId, n, sink))
                    .onSuccess(sub -> {
                        if (gen == generation && !closed) {
                            subscription = sub;
                        } else {
                            sub.close();
                        }
                    })
                    .onFailure(e -> failed(gen, e))
                    .executeWith(executor);
        } else {
            status.set(i18n.tr("logs.loading"));
            loading = BackgroundTask.of(p -> s.tasks().logs(containerId, n))
                    .onSuccess(l -> {
                        if (gen == generation) {
                            append(l);
                            status.set(i18n.tr("logs.shown", lines.size()));
                        }
                    })
                    .onFailure(e -> failed(gen, e))
                    .executeWith(executor);
        }
    }

    private void failed(long gen, Throwable e) {
        if (gen == generation) {
            status.set(UserError.of(e, i18n).message());
            session.reportFailure(e);
        }
    }

    private void append(List<String> batch) {
        if (batch.size() >= MAX_LINES) {
            dropped.set(dropped.get() + lines.size() + batch.size() - MAX_LINES);
            lines.setAll(batch.subList(batch.size() - MAX_LINES, batch.size()));
            return;
        }
        int over = lines.size() + batch.size() - MAX_LINES;
        if (over > 0) {
            dropped.set(dropped.get() + over);
            lines.remove(0, over);
        }
        lines.addAll(batch);
    }

    public void clear() {
        lines.clear();
    }

    /** All lines as one text (copy). */
    public String text() {
        return String.join("\n", lines);
    }

    private void stop() {
        loading.cancel();
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }

    /** The view closed: stop following. */
    public void close() {
        closed = true;
        generation++;
        stop();
    }
}
