package dev.berth.ui.activity;

import dev.berth.ui.common.TaskHandle;
import dev.berth.ui.common.UserError;
import java.time.Instant;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** One operation in the Activity view: running or finished, with progress and result. UI thread only. */
public final class ActivityItem {

    public enum State { RUNNING, SUCCEEDED, FAILED, CANCELLED }

    private final String title;
    private final Object subject;
    private final TaskHandle handle;
    private final Instant startedAt;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.RUNNING);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<UserError> error = new ReadOnlyObjectWrapper<>(this, "error");
    private final ReadOnlyObjectWrapper<Instant> finishedAt = new ReadOnlyObjectWrapper<>(this, "finishedAt");

    ActivityItem(String title, Object subject, TaskHandle handle, Instant startedAt) {
        this.title = title;
        this.subject = subject;
        this.handle = handle;
        this.startedAt = startedAt;
    }

    public String title() {
        return title;
    }

    /** What the view can open again for this operation (e.g. a pull), or null. */
    public Object subject() {
        return subject;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public State state() {
        return state.get();
    }

    public boolean isRunning() {
        return state.get() == State.RUNNING;
    }

    /** 0..1, or -1 while indeterminate. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<UserError> errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Instant> finishedAtProperty() {
        return finishedAt.getReadOnlyProperty();
    }

    void cancel() {
        if (isRunning()) {
            handle.cancel();
        }
    }

    void progress(double done, double total) {
        progress.set(total <= 0 || done < 0 ? -1 : Math.min(1.0, done / total));
    }

    void message(String m) {
        message.set(m == null ? "" : m);
    }

    void finish(State s, String resultText, UserError e, Instant at) {
        if (!isRunning()) {
            return;
        }
        if (resultText != null) {
            message.set(resultText);
        }
        if (e != null) {
            error.set(e);
            message.set(e.message());
        }
        if (s == State.SUCCEEDED) {
            progress.set(1);
        }
        finishedAt.set(at);
        state.set(s);
    }
}
