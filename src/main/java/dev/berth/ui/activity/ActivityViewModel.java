package dev.berth.ui.activity;

import dev.berth.ui.common.ActivitySink;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.TaskHandle;
import dev.berth.ui.common.UserError;
import java.time.Clock;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Every operation a user started, running or finished, newest first: the executor reports each
 * titled task here. Finished ones stay until cleared (the oldest go beyond {@link #MAX_FINISHED}),
 * so nothing a user started is lost from view.
 */
public final class ActivityViewModel implements ActivitySink {

    public static final int MAX_FINISHED = 200;

    private final I18n i18n;
    private final Clock clock;
    private final ObservableList<ActivityItem> items = FXCollections.observableArrayList(
            i -> new javafx.beans.Observable[] {i.stateProperty()});
    private final ReadOnlyIntegerWrapper running = new ReadOnlyIntegerWrapper(this, "running");
    private final ReadOnlyIntegerWrapper unseenFailures = new ReadOnlyIntegerWrapper(this, "unseenFailures");

    public ActivityViewModel(I18n i18n, Clock clock) {
        this.i18n = i18n;
        this.clock = clock;
        IntegerBinding count = Bindings.createIntegerBinding(
                () -> (int) items.stream().filter(ActivityItem::isRunning).count(), items);
        running.bind(count);
    }

    public ObservableList<ActivityItem> items() {
        return items;
    }

    public ReadOnlyIntegerProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Failures since the Activity view was last shown (a badge in the sidebar). */
    public ReadOnlyIntegerProperty unseenFailuresProperty() {
        return unseenFailures.getReadOnlyProperty();
    }

    /** The view was shown: failures are seen. */
    public void markSeen() {
        unseenFailures.set(0);
    }

    public void cancel(ActivityItem item) {
        item.cancel();
    }

    /** Removes finished operations. */
    public void clearFinished() {
        items.removeIf(i -> !i.isRunning());
    }

    @Override
    public Record started(String title, Object subject, TaskHandle handle) {
        ActivityItem item = new ActivityItem(title, subject, handle, clock.instant());
        items.add(0, item);
        trim();
        return new Record() {
            @Override
            public void progress(double done, double total) {
                item.progress(done, total);
            }

            @Override
            public void message(String message) {
                item.message(message);
            }

            @Override
            public void succeeded(String resultText) {
                item.finish(ActivityItem.State.SUCCEEDED, resultText == null ? i18n.tr("activity.done") : resultText,
                        null, clock.instant());
            }

            @Override
            public void failed(Throwable error) {
                item.finish(ActivityItem.State.FAILED, null, UserError.of(error, i18n), clock.instant());
                unseenFailures.set(unseenFailures.get() + 1);
            }

            @Override
            public void cancelled() {
                item.finish(ActivityItem.State.CANCELLED, i18n.tr("activity.cancelled"), null, clock.instant());
            }
        };
    }

    private void trim() {
        long finished = items.stream().filter(i -> !i.isRunning()).count();
        for (int i = items.size() - 1; i >= 0 && finished > MAX_FINISHED; i--) {
            if (!items.get(i).isRunning()) {
                items.remove(i);
                finished--;
            }
        }
    }
}
