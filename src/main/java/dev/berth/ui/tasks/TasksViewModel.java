package dev.berth.ui.tasks;

import dev.berth.model.ContainerInfo;
import dev.berth.model.ContainerdEvent;
import dev.berth.model.MountInfo;
import dev.berth.model.StopOptions;
import dev.berth.model.TaskInfo;
import dev.berth.service.ContainerdService;
import dev.berth.ui.common.ChangeGuard;
import dev.berth.ui.common.Details;
import dev.berth.ui.common.DialogService;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ResourceListViewModel;
import dev.berth.ui.common.ServiceSession;
import dev.berth.ui.common.StatusTexts;
import dev.berth.ui.common.TaskExecutor;
import dev.berth.ui.containers.LogsViewModel;
import dev.berth.ui.containers.StatsViewModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;

/** The Tasks screen: the running side of containers; stop, kill, pause, resume, delete; logs and stats. */
public final class TasksViewModel extends ResourceListViewModel<TaskRow> {

    private final DialogService dialogs;
    private final ChangeGuard guard;

    public TasksViewModel(ServiceSession session, TaskExecutor executor, I18n i18n, DialogService dialogs,
                          ChangeGuard guard) {
        super(session, executor, i18n);
        this.dialogs = dialogs;
        this.guard = guard;
    }

    @Override
    protected List<TaskRow> load(ContainerdService service) {
        List<TaskInfo> tasks = service.tasks().list();
        Map<String, String> images = new HashMap<>();
        if (!tasks.isEmpty()) {
            for (ContainerInfo c : service.containers().list()) {
                images.put(c.id(), c.image());
            }
        }
        List<TaskRow> rows = new ArrayList<>(tasks.size());
        for (TaskInfo t : tasks) {
            rows.add(TaskRow.of(t, images.getOrDefault(t.containerId(), ""), StatusTexts.of(t, i18n)));
        }
        return rows;
    }

    @Override
    protected Object key(TaskRow row) {
        return row.containerId();
    }

    @Override
    protected String searchText(TaskRow row) {
        return row.searchText();
    }

    @Override
    protected boolean isRelevant(ContainerdEvent e) {
        return e.topic().startsWith("/tasks/") || e.topic().equals("/containers/delete");
    }

    @Override
    protected Details quickDetails(TaskRow row) {
        return builder(row).build();
    }

    @Override
    protected Details fullDetails(TaskRow row, ContainerdService service) {
        Details.Builder b = builder(row);
        ContainerInfo c = service.containers().get(row.containerId());
        List<String> mounts = new ArrayList<>();
        if (c.snapshotKey() != null && !c.snapshotKey().isBlank()) {
            try {
                for (MountInfo m : service.snapshots().mounts(c.snapshotter(), c.snapshotKey())) {
                    mounts.add(m.type() + " " + m.source() + (m.options().isEmpty() ? ""
                            : "  (" + String.join(",", m.options()) + ")"));
                }
            } catch (RuntimeException ignored) {
                // the snapshot may be gone already
            }
        }
        b.section(i18n.tr("tasks.details.rootfs")).lines(mounts).empty(i18n.tr("details.noMounts"));
        b.section(i18n.tr("details.labels")).labels(c.labels()).empty(i18n.tr("details.noLabels"));
        return b.build();
    }

    private Details.Builder builder(TaskRow row) {
        return Details.builder(row.containerId(), row.image())
                .section(i18n.tr("tasks.details.task"))
                .field(i18n.tr("tasks.column.status"), row.statusText())
                .field(i18n.tr("tasks.column.pid"), row.pid() > 0 ? Long.toString(row.pid()) : "")
                .field(i18n.tr("tasks.column.exit"), row.exitText())
                .field(i18n.tr("tasks.column.exitedAt"), row.exitedText())
                .field(i18n.tr("tasks.column.image"), row.image());
    }

    private BooleanBinding any(Predicate<TaskRow> p) {
        return Bindings.createBooleanBinding(() -> session.isOnline() && selection().stream().anyMatch(p),
                selection(), session.onlineProperty());
    }

    public BooleanBinding canStop() {
        return any(TaskRow::isAlive);
    }

    public BooleanBinding canPause() {
        return any(TaskRow::isRunning);
    }

    public BooleanBinding canResume() {
        return any(TaskRow::isPaused);
    }

    public BooleanBinding canDelete() {
        return any(r -> true);
    }

    public BooleanBinding canShowLogs() {
        return Bindings.createBooleanBinding(() -> focusedProperty().get() != null && session.isOnline(),
                focusedProperty(), session.onlineProperty());
    }

    private List<TaskRow> selected(Predicate<TaskRow> p) {
        return selection().stream().filter(p).toList();
    }

    private String names(List<TaskRow> rows) {
        return rows.size() == 1 ? rows.get(0).containerId() : i18n.tr("tasks.many", rows.size());
    }

    public StopOptions defaultStopOptions() {
        return new StopOptions(null, StopOptions.DEFAULT_TIMEOUT, true);
    }

    public void stopSelected(StopOptions options) {
        List<TaskRow> rows = selected(TaskRow::isAlive);
        if (rows.isEmpty() || !guard.approveAfterForm(namespace(), i18n.tr("containers.stop"))) {
            return;
        }
        ContainerdService s = session.require();
        runEach(rows, TaskRow::containerId, i18n.tr("containers.stop.activity", rows.get(0).containerId()),
                i18n.tr("containers.stop.activityMany", rows.size()), r -> s.tasks().stop(r.containerId(), options),
                dialogs);
    }

    public void killSelected() {
        List<TaskRow> rows = selected(TaskRow::isAlive);
        if (rows.isEmpty() || !guard.confirmDestructive(namespace(), i18n.tr("containers.kill.title"),
                i18n.tr("containers.kill.message", names(rows)), i18n.tr("containers.kill"))) {
            return;
        }
        ContainerdService s = session.require();
        runEach(rows, TaskRow::containerId, i18n.tr("containers.kill.activity", rows.get(0).containerId()),
                i18n.tr("containers.kill.activityMany", rows.size()),
                r -> s.tasks().kill(r.containerId(), "SIGKILL", true), dialogs);
    }

    public void pauseSelected() {
        List<TaskRow> rows = selected(TaskRow::isRunning);
        if (rows.isEmpty() || !guard.approveChange(namespace(), i18n.tr("containers.pause.title"),
                i18n.tr("containers.pause.message", names(rows), namespace()), i18n.tr("containers.pause"))) {
            return;
        }
        ContainerdService s = session.require();
        runEach(rows, TaskRow::containerId, i18n.tr("containers.pause.activity", rows.get(0).containerId()),
                i18n.tr("containers.pause.activityMany", rows.size()), r -> s.tasks().pause(r.containerId()), dialogs);
    }

    public void resumeSelected() {
        List<TaskRow> rows = selected(TaskRow::isPaused);
        if (rows.isEmpty() || !guard.approveChange(namespace(), i18n.tr("containers.resume.title"),
                i18n.tr("containers.resume.message", names(rows), namespace()), i18n.tr("containers.resume"))) {
            return;
        }
        ContainerdService s = session.require();
        runEach(rows, TaskRow::containerId, i18n.tr("containers.resume.activity", rows.get(0).containerId()),
                i18n.tr("containers.resume.activityMany", rows.size()), r -> s.tasks().resume(r.containerId()), dialogs);
    }

    /** Removes the selected tasks (live ones are killed first), after confirming. */
    public void deleteSelected() {
        List<TaskRow> rows = selected(r -> true);
        if (rows.isEmpty()) {
            return;
        }
        boolean live = rows.stream().anyMatch(TaskRow::isAlive);
        String message = i18n.tr("tasks.delete.message", names(rows), namespace())
                + (live ? "\n\n" + i18n.tr("tasks.delete.live") : "");
        if (!guard.confirmDestructive(namespace(), i18n.tr("tasks.delete.title"), message, i18n.tr("common.delete"))) {
            return;
        }
        ContainerdService s = session.require();
        runEach(rows, TaskRow::containerId, i18n.tr("tasks.delete.activity", rows.get(0).containerId()),
                i18n.tr("tasks.delete.activityMany", rows.size()), r -> s.tasks().delete(r.containerId(), true), dialogs);
    }

    public LogsViewModel newLogs() {
        TaskRow r = focusedProperty().get();
        return r == null ? null : new LogsViewModel(session, executor, i18n, r.containerId());
    }

    public StatsViewModel newStats() {
        TaskRow r = focusedProperty().get();
        return r == null ? null : new StatsViewModel(session, executor, i18n, r.containerId(), Duration.ofSeconds(1));
    }
}
