package dev.berth.ui.containers;

import dev.berth.model.BerthException;
import dev.berth.model.TaskStats;
import dev.berth.service.ContainerdService;
import dev.berth.ui.common.BackgroundTask;
import dev.berth.ui.common.Cancellable;
import dev.berth.ui.common.Formats;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ServiceSession;
import dev.berth.ui.common.TaskExecutor;
import dev.berth.ui.common.UserError;
import java.time.Duration;
import java.time.Instant;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** CPU and memory of a running task, sampled every second, the last minute kept for charts. */
public final class StatsViewModel {

    public static final int MAX_SAMPLES = 60;

    /** One point of the charts. */
    public record Sample(Instant at, double cpuPercent, long memoryBytes) {
    }

    private final ServiceSession session;
    private final TaskExecutor executor;
    private final I18n i18n;
    private final String containerId;
    private final Duration interval;
    private final ObservableList<Sample> samples = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper cpu = new ReadOnlyStringWrapper(this, "cpu", "");
    private final ReadOnlyStringWrapper memory = new ReadOnlyStringWrapper(this, "memory", "");
    private final ReadOnlyStringWrapper pids = new ReadOnlyStringWrapper(this, "pids", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private TaskStats last;
    private Cancellable next;
    private boolean running;

    public StatsViewModel(ServiceSession session, TaskExecutor executor, I18n i18n, String containerId, Duration interval) {
        this.session = session;
        this.executor = executor;
        this.i18n = i18n;
        this.containerId = containerId;
        this.interval = interval;
    }

    public String containerId() {
        return containerId;
    }

    public ObservableList<Sample> samples() {
        return samples;
    }

    public ReadOnlyStringProperty cpuProperty() {
        return cpu.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty memoryProperty() {
        return memory.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty pidsProperty() {
        return pids.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public void start() {
        if (running) {
            return;
        }
        running = true;
        status.set(i18n.tr("stats.sampling"));
        sample();
    }

    public void stop() {
        running = false;
        if (next != null) {
            next.cancel();
            next = null;
        }
    }

    private void sample() {
        if (!running) {
            return;
        }
        ContainerdService s;
        try {
            s = session.require();
        } catch (RuntimeException e) {
            status.set(UserError.of(e, i18n).message());
            scheduleNext();
            return;
        }
        BackgroundTask.of(p -> s.tasks().stats(containerId))
                .onSuccess(this::add)
                .onFailure(e -> {
                    BerthException be = UserError.find(e);
                    if (be != null && (be.kind() == BerthException.Kind.NOT_FOUND
                            || be.kind() == BerthException.Kind.FAILED_PRECONDITION)) {
                        status.set(i18n.tr("stats.notRunning"));
                        stop();
                    } else {
                        status.set(UserError.of(e, i18n).message());
                        session.reportFailure(e);
                    }
                })
                .onFinished(this::scheduleNext)
                .executeWith(executor);
    }

    private void scheduleNext() {
        if (running && next == null) {
            next = executor.schedule(interval, () -> {
                next = null;
                sample();
            });
        }
    }

    void add(TaskStats t) {
        double cpuPercent = last == null ? 0 : TaskStats.cpuPercent(last, t);
        last = t;
        samples.add(new Sample(t.timestamp(), cpuPercent, t.memoryBytes()));
        if (samples.size() > MAX_SAMPLES) {
            samples.remove(0, samples.size() - MAX_SAMPLES);
        }
        cpu.set(String.format(i18n.locale(), "%.1f %%", cpuPercent));
        memory.set(t.memoryLimitBytes() == null ? Formats.size(t.memoryBytes())
                : i18n.tr("stats.memoryOf", Formats.size(t.memoryBytes()), Formats.size(t.memoryLimitBytes())));
        pids.set(t.pidsLimit() == null ? Long.toString(t.pids()) : t.pids() + " / " + t.pidsLimit());
        status.set(i18n.tr("stats.live"));
    }
}
