package dev.berth.ui.containers;

import dev.berth.model.BerthException;
import dev.berth.model.ContainerInfo;
import dev.berth.model.ContainerdEvent;
import dev.berth.model.MountInfo;
import dev.berth.model.SnapshotInfo;
import dev.berth.model.StopOptions;
import dev.berth.model.TaskInfo;
import dev.berth.service.ContainerdService;
import dev.berth.ui.common.ChangeGuard;
import dev.berth.ui.common.Details;
import dev.berth.ui.common.DialogService;
import dev.berth.ui.common.Formats;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ResourceListViewModel;
import dev.berth.ui.common.ServiceSession;
import dev.berth.ui.common.StatusTexts;
import dev.berth.ui.common.TaskExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;

/** The Containers screen: containers joined with their tasks; lifecycle operations; logs and stats. */
public final class ContainersViewModel extends ResourceListViewModel<ContainerRow> {

    private final DialogService dialogs;
    private final ChangeGuard guard;

    public ContainersViewModel(ServiceSession session, TaskExecutor executor, I18n i18n, DialogService dialogs,
                               ChangeGuard guard) {
        super(session, executor, i18n);
        this.dialogs = dialogs;
        this.guard = guard;
    }

    @Override
    protected List<ContainerRow> load(ContainerdService service) {
        List<ContainerInfo> containers = service.containers().list();
        Map<String, TaskInfo> tasks = new HashMap<>();
        for (TaskInfo t : service.tasks().list()) {
            tasks.put(t.containerId(), t);
        }
        List<ContainerRow> rows = new ArrayList<>(containers.size());
        for (ContainerInfo c : containers) {
            TaskInfo t = tasks.get(c.id());
            rows.add(ContainerRow.of(c, t, StatusTexts.of(t, i18n)));
        }
        return rows;
    }

    @Override
    protected Object key(ContainerRow row) {
        return row.id();
    }

    @Override
    protected String searchText(ContainerRow row) {
        return row.searchText();
    }

    @Override
    protected boolean isRelevant(ContainerdEvent e) {
        return e.topic().startsWith("/containers/") || e.topic().startsWith("/tasks/");
    }

    @Override
    protected Details quickDetails(ContainerRow row) {
        return details(row, null, null, null).build();
    }

    @Override
    protected Details fullDetails(ContainerRow row, ContainerdService service) {
        // lists carry no specs: the details fetch the container's record with it
        String specJson = row.info().specJson();
        if (specJson.isEmpty()) {
            try {
                specJson = service.containers().get(row.id()).specJson();
            } catch (BerthException.NotFound e) {
                // deleted meanwhile: the list's next update removes the row
            }
        }
        SpecSummary spec = SpecSummary.parse(specJson);
        List<String> chain = snapshotChain(service, row.info());
        String log = null;
        try {
            log = service.tasks().logFile(row.id()).toString();
        } catch (RuntimeException ignored) {
            // no log file known
        }
        return details(row, spec, chain, log).build();
    }

    private Details.Builder details(ContainerRow row, SpecSummary spec, List<String> chain, String log) {
        ContainerInfo c = row.info();
        Details.Builder b = Details.builder(c.id(), c.image())
                .section(i18n.tr("containers.details.container"))
                .field(i18n.tr("containers.column.status"), row.statusText())
                .field(i18n.tr("containers.column.pid"), row.pidText())
                .field(i18n.tr("containers.column.image"), c.image())
                .field(i18n.tr("containers.column.ip"), c.ip())
                .field(i18n.tr("containers.details.runtime"), c.runtime())
                .field(i18n.tr("containers.details.snapshotter"), c.snapshotter())
                .field(i18n.tr("containers.details.snapshotKey"), c.snapshotKey())
                .field(i18n.tr("containers.column.created"), Formats.dateTime(c.createdAt()))
                .field(i18n.tr("containers.details.updated"), Formats.dateTime(c.updatedAt()))
                .field(i18n.tr("containers.details.logFile"), log);
        if (row.task() != null && row.task().exitedAt() != null) {
            b.field(i18n.tr("containers.details.exitedAt"), Formats.dateTime(row.task().exitedAt()));
        }
        if (spec != null) {
            b.section(i18n.tr("containers.details.process"))
                    .field(i18n.tr("containers.details.command"), spec.commandLine())
                    .field(i18n.tr("containers.details.workingDir"), spec.cwd())
                    .field(i18n.tr("containers.details.user"), spec.user())
                    .field(i18n.tr("containers.details.tty"), spec.terminal() ? i18n.tr("common.yes") : i18n.tr("common.no"))
                    .field(i18n.tr("containers.details.hostname"), spec.hostname());
            b.section(i18n.tr("containers.details.env")).lines(spec.env()).empty(i18n.tr("containers.details.noEnv"));
            b.section(i18n.tr("details.mounts")).lines(spec.mounts()).empty(i18n.tr("details.noMounts"));
        }
        if (chain != null) {
            b.section(i18n.tr("details.snapshotChain")).lines(chain).empty(i18n.tr("details.noChain"));
        }
        b.section(i18n.tr("details.labels")).labels(c.labels()).empty(i18n.tr("details.noLabels"));
        return b;
    }

    /** The container's snapshot, then its parent, and so on down to the base layer. */
    static List<String> snapshotChain(ContainerdService service, ContainerInfo c) {
        if (c.snapshotKey() == null || c.snapshotKey().isBlank()) {
            return List.of();
        }
        Map<String, SnapshotInfo> byName = new HashMap<>();
        for (SnapshotInfo s : service.snapshots().list(c.snapshotter())) {
            byName.put(s.name(), s);
        }
        List<String> chain = new ArrayList<>();
        String name = c.snapshotKey();
        while (name != null && !name.isEmpty() && chain.size() < 256) {
            SnapshotInfo s = byName.get(name);
            if (s == null) {
                chain.add(name);
                break;
            }
            chain.add(s.kind().name().toLowerCase(java.util.Locale.ROOT) + "  " + Formats.shortDigest(s.name()));
            name = s.parent();
        }
        return chain;
    }

    // ---- enabled states

    private BooleanBinding any(Predicate<ContainerRow> p) {
        return Bindings.createBooleanBinding(() -> session.isOnline() && selection().stream().anyMatch(p),
                selection(), session.onlineProperty());
    }

    public BooleanBinding canStart() {
        return any(r -> !r.isAlive());
    }

    public BooleanBinding canStop() {
        return any(ContainerRow::isAlive);
    }

    public BooleanBinding canPause() {
        return any(ContainerRow::isRunning);
    }

    public BooleanBinding canResume() {
        return any(ContainerRow::isPaused);
    }

    public BooleanBinding canDelete() {
        return any(r -> true);
    }

    public BooleanBinding canNetworkUp() {
        return any(r -> r.isRunning() && r.ip().isEmpty());
    }

    public BooleanBinding canNetworkDown() {
        return any(r -> !r.ip().isEmpty());
    }

    public BooleanBinding canShowLogs() {
        return Bindings.createBooleanBinding(() -> focusedProperty().get() != null && session.isOnline(),
                focusedProperty(), session.onlineProperty());
    }

    /** Commit a version of, or show the versions of, the focused container. */
    public BooleanBinding canVersion() {
        return Bindings.createBooleanBinding(() -> focusedProperty().get() != null && session.isOnline(),
                focusedProperty(), session.onlineProperty());
    }

    public BooleanBinding canShowStats() {
        return Bindings.createBooleanBinding(() -> focusedProperty().get() != null && focusedProperty().get().isAlive()
                && session.isOnline(), focusedProperty(), session.onlineProperty());
    }

    // ---- commands

    private List<ContainerRow> selected(Predicate<ContainerRow> p) {
        return selection().stream().filter(p).toList();
    }

    private String names(List<ContainerRow> rows) {
        return rows.size() == 1 ? rows.get(0).id() : i18n.tr("containers.many", rows.size());
    }

    public void startSelected() {
        List<ContainerRow> rows = selected(r -> !r.isAlive());
        if (rows.isEmpty() || !guard.approveChange(namespace(), i18n.tr("containers.start.title"),
                i18n.tr("containers.start.message", names(rows), namespace()), i18n.tr("containers.start"))) {
            return;
        }
        ContainerdService s = session.require();
        runEach(rows, ContainerRow::id, i18n.tr("containers.start.activity", rows.get(0).id()),
                i18n.tr("containers.start.activityMany", rows.size()), r -> s.tasks().start(r.id()), dialogs);
    }

    /** The stop dialog's defaults. */
    public StopOptions defaultStopOptions() {
        return new StopOptions(null, StopOptions.DEFAULT_TIMEOUT, true);
    }

    /** Stops the selected live tasks with {@code options} (from the stop dialog, the first question). */
    public void stopSelected(StopOptions options) {
        List<ContainerRow> rows = selected(ContainerRow::isAlive);
        if (rows.isEmpty() || !guard.approveAfterForm(namespace(), i18n.tr("containers.stop"))) {
            return;
        }
        ContainerdService s = session.require();
        runEach(rows, ContainerRow::id, i18n.tr("containers.stop.activity", rows.get(0).id()),
                i18n.tr("containers.stop.activityMany", rows.size()), r -> s.tasks().stop(r.id(), options), dialogs);
    }

    public void killSelected() {
        List<ContainerRow> rows = selected(ContainerRow::isAlive);
        if (rows.isEmpty() || !guard.confirmDestructive(namespace(), i18n.tr("containers.kill.title"),
                i18n.tr("containers.kill.message", names(rows)), i18n.tr("containers.kill"))) {
            return;
        }
        ContainerdService s = session.require();
        runEach(rows, ContainerRow::id, i18n.tr("containers.kill.activity", rows.get(0).id()),
                i18n.tr("containers.kill.activityMany", rows.size()), r -> s.tasks().kill(r.id(), "SIGKILL", true), dialogs);
    }

    public void pauseSelected() {
        List<ContainerRow> rows = selected(ContainerRow::isRunning);
        if (rows.isEmpty() || !guard.approveChange(namespace(), i18n.tr("containers.pause.title"),
                i18n.tr("containers.pause.message", names(rows), namespace()), i18n.tr("containers.pause"))) {
            return;
        }
        ContainerdService s = session.require();
        runEach(rows, ContainerRow::id, i18n.tr("containers.pause.activity", rows.get(0).id()),
                i18n.tr("containers.pause.activityMany", rows.size()), r -> s.tasks().pause(r.id()), dialogs);
    }

    public void resumeSelected() {
        List<ContainerRow> rows = selected(ContainerRow::isPaused);
        if (rows.isEmpty() || !guard.approveChange(namespace(), i18n.tr("containers.resume.title"),
                i18n.tr("containers.resume.message", names(rows), namespace()), i18n.tr("containers.resume"))) {
            return;
        }
        ContainerdService s = session.require();
        runEach(rows, ContainerRow::id, i18n.tr("containers.resume.activity", rows.get(0).id()),
                i18n.tr("containers.resume.activityMany", rows.size()), r -> s.tasks().resume(r.id()), dialogs);
    }

    /** Attaches the selected running containers to the CNI network; their IPs show in the list. */
    public void networkUpSelected() {
        List<ContainerRow> rows = selected(r -> r.isRunning() && r.ip().isEmpty());
        if (rows.isEmpty() || !guard.approveChange(namespace(), i18n.tr("network.up.title"),
                i18n.tr("network.up.message", names(rows), namespace()), i18n.tr("network.up"))) {
            return;
        }
        ContainerdService s = session.require();
        if (rows.size() == 1) {
            String id = rows.get(0).id();
            runChange(i18n.tr("network.up.activity", id), p -> s.network().setup(id),
                    ip -> dialogs.notify(i18n.tr("network.up.done", id, ip)), dialogs);
            return;
        }
        runEach(rows, ContainerRow::id, "", i18n.tr("network.up.activityMany", rows.size()),
                r -> s.network().setup(r.id()), dialogs);
    }

    /** Detaches the selected containers from the network (their IPs are released). */
    public void networkDownSelected() {
        List<ContainerRow> rows = selected(r -> !r.ip().isEmpty());
        if (rows.isEmpty() || !guard.confirmDestructive(namespace(), i18n.tr("network.down.title"),
                i18n.tr("network.down.message", names(rows)), i18n.tr("network.down"))) {
            return;
        }
        ContainerdService s = session.require();
        runEach(rows, ContainerRow::id, i18n.tr("network.down.activity", rows.get(0).id()),
                i18n.tr("network.down.activityMany", rows.size()), r -> s.network().remove(r.id()), dialogs);
    }

    /** Deletes the selected containers (live tasks are killed first) and their snapshots, after confirming. */
    public void deleteSelected() {
        List<ContainerRow> rows = selected(r -> true);
        if (rows.isEmpty()) {
            return;
        }
        boolean live = rows.stream().anyMatch(ContainerRow::isAlive);
        String message = i18n.tr("containers.delete.message", names(rows), namespace())
                + (live ? "\n\n" + i18n.tr("containers.delete.live") : "");
        if (!guard.confirmDestructive(namespace(), i18n.tr("containers.delete.title"), message,
                i18n.tr("common.delete"))) {
            return;
        }
        ContainerdService s = session.require();
        runEach(rows, ContainerRow::id, i18n.tr("containers.delete.activity", rows.get(0).id()),
                i18n.tr("containers.delete.activityMany", rows.size()), r -> s.containers().delete(r.id(), true, true),
                dialogs);
    }

    /** A logs view model for the focused container, or null. */
    public LogsViewModel newLogs() {
        ContainerRow r = focusedProperty().get();
        return r == null ? null : new LogsViewModel(session, executor, i18n, r.id());
    }

    /** A stats view model for the focused container, or null. */
    public StatsViewModel newStats() {
        ContainerRow r = focusedProperty().get();
        return r == null ? null : new StatsViewModel(session, executor, i18n, r.id(), Duration.ofSeconds(1));
    }

    /** The create dialog's view model. */
    public CreateContainerViewModel newCreate(String image) {
        return new CreateContainerViewModel(session, executor, i18n, guard, image, id -> {
            refresh();
        });
    }

    static String mountLine(MountInfo m) {
        return m.type() + " " + m.source() + (m.target() == null || m.target().isBlank() ? "" : " \u2192 " + m.target())
                + (m.options().isEmpty() ? "" : "  (" + String.join(",", m.options()) + ")");
    }
}
