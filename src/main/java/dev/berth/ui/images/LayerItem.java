package dev.berth.ui.images;

import dev.berth.model.PullProgress;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** One layer's bar in a pull: its state, fraction and text, updated in place. UI thread only. */
public final class LayerItem {

    private final String digest;
    private final long size;
    private final ReadOnlyObjectWrapper<PullProgress.LayerState> state =
            new ReadOnlyObjectWrapper<>(this, "state", PullProgress.LayerState.WAITING);
    private final ReadOnlyDoubleWrapper fraction = new ReadOnlyDoubleWrapper(this, "fraction");
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
    private long lastDone = -1;
    private long lastNanos;
    private double speed;

    LayerItem(String digest, long size) {
        this.digest = digest;
        this.size = size;
    }

    public String digest() {
        return digest;
    }

    public long size() {
        return size;
    }

    public ReadOnlyObjectProperty<PullProgress.LayerState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public PullProgress.LayerState state() {
        return state.get();
    }

    public ReadOnlyDoubleProperty fractionProperty() {
        return fraction.getReadOnlyProperty();
    }

    public double fraction() {
        return fraction.get();
    }

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public String text() {
        return text.get();
    }

    /** Bytes per second of this layer, smoothed over the last updates. */
    double speed() {
        return speed;
    }

    void update(PullProgress.Layer l, String newText, long nowNanos) {
        if (l.state() == PullProgress.LayerState.DOWNLOADING) {
            if (lastDone >= 0 && nowNanos > lastNanos) {
                double instant = (l.done() - lastDone) * 1e9 / (nowNanos - lastNanos);
                speed = speed == 0 ? instant : 0.7 * speed + 0.3 * instant;
            }
            lastDone = l.done();
            lastNanos = nowNanos;
        }
        state.set(l.state());
        fraction.set(l.fraction());
        text.set(newText);
    }
}
