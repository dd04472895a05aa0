package dev.berth.ui.images;

import dev.berth.model.PullProgress;
import dev.berth.ui.common.Formats;
import dev.berth.ui.common.I18n;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A pull's progress as bars: one {@link LayerItem} per layer (all of them from the moment the
 * manifest is read), an overall bar and a summary line. Shared by the pull dialog and the create
 * dialog (which pulls a missing image). UI thread only.
 */
public final class PullProgressModel {

    private final I18n i18n;
    private final LongSupplier nanoTime;
    private final ObservableList<LayerItem> layers = FXCollections.observableArrayList();
    private final ReadOnlyDoubleWrapper overall = new ReadOnlyDoubleWrapper(this, "overall", -1);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyObjectWrapper<PullProgress.Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase");
    private long lastDone = -1;
    private long lastNanos;
    private double speed;

    public PullProgressModel(I18n i18n) {
        this(i18n, System::nanoTime);
    }

    PullProgressModel(I18n i18n, LongSupplier nanoTime) {
        this.i18n = i18n;
        this.nanoTime = nanoTime;
    }

    public ObservableList<LayerItem> layers() {
        return layers;
    }

    /** 0..1, or -1 while resolving. */
    public ReadOnlyDoubleProperty overallProperty() {
        return overall.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PullProgress.Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    private boolean sameLayers(PullProgress p) {
        if (layers.size() != p.layers().size()) {
            return false;
        }
        for (int i = 0; i < layers.size(); i++) {
            if (!layers.get(i).digest().equals(p.layers().get(i).digest())) {
                return false;
            }
        }
        return true;
    }

    public void reset() {
        lastDone = -1;
        speed = 0;
        layers.clear();
        overall.set(-1);
        summary.set("");
        phase.set(null);
    }

    public void apply(PullProgress p) {
        long now = nanoTime.getAsLong();
        if (!sameLayers(p)) {
            java.util.List<LayerItem> items = new java.util.ArrayList<>();
            for (PullProgress.Layer l : p.layers()) {
                items.add(new LayerItem(l.digest(), l.size()));
            }
            layers.setAll(items);
        }
        for (int i = 0; i < p.layers().size(); i++) {
            PullProgress.Layer l = p.layers().get(i);
            LayerItem item = layers.get(i);
            item.update(l, layerText(l, item), now);
        }
        if (p.phase() == PullProgress.Phase.FETCHING) {
            if (lastDone >= 0 && now > lastNanos && p.doneBytes() >= lastDone) {
                double instant = (p.doneBytes() - lastDone) * 1e9 / (now - lastNanos);
                speed = speed == 0 ? instant : 0.7 * speed + 0.3 * instant;
            }
            lastDone = p.doneBytes();
            lastNanos = now;
        }
        phase.set(p.phase());
        overall.set(p.phase() == PullProgress.Phase.RESOLVING ? -1 : p.fraction());
        summary.set(summaryText(p));
    }

    String layerText(PullProgress.Layer l, LayerItem item) {
        switch (l.state()) {
            case WAITING:
                return i18n.tr("pull.layer.waiting", Formats.size(l.size()));
            case DOWNLOADING:
                return item.speed() > 0
                        ? i18n.tr("pull.layer.downloadingSpeed", Formats.size(l.done()), Formats.size(l.size()),
                                Formats.speed(item.speed()))
                        : i18n.tr("pull.layer.downloading", Formats.size(l.done()), Formats.size(l.size()));
            case VERIFYING:
                return i18n.tr("pull.layer.verifying");
            case DOWNLOADED:
                return i18n.tr("pull.layer.downloaded", Formats.size(l.size()));
            case UNPACKING:
                return i18n.tr("pull.layer.unpacking");
            case DONE:
                return i18n.tr("pull.layer.done", Formats.size(l.size()));
            case FAILED:
                return i18n.tr("pull.layer.failed");
            case ALREADY_PRESENT:
                return i18n.tr("pull.layer.present", Formats.size(l.size()));
            default:
                return "";
        }
    }

    String summaryText(PullProgress p) {
        switch (p.phase()) {
            case RESOLVING:
                return i18n.tr("pull.phase.resolving", p.reference());
            case FETCHING:
                double bps = speed > 0 ? speed : p.bytesPerSecond();
                return bps > 0
                        ? i18n.tr("pull.phase.fetchingSpeed", Formats.size(p.doneBytes()), Formats.size(p.totalBytes()),
                                Formats.speed(bps))
                        : i18n.tr("pull.phase.fetching", Formats.size(p.doneBytes()), Formats.size(p.totalBytes()));
            case UNPACKING:
                return i18n.tr("pull.phase.unpacking");
            case DONE:
                return i18n.tr("pull.phase.done", Formats.size(p.totalBytes()));
            case FAILED:
                return p.message() == null || p.message().isBlank() ? i18n.tr("pull.phase.failed") : p.message();
            case CANCELLED:
                return i18n.tr("pull.phase.cancelled");
            default:
                return "";
        }
    }
}
