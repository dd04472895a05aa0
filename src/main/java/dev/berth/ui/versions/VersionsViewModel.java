package dev.berth.ui.versions;

import dev.berth.model.BerthException;
import dev.berth.model.ContainerdEvent;
import dev.berth.model.TaskInfo;
import dev.berth.model.VersionChange;
import dev.berth.model.VersionInfo;
import dev.berth.service.ContainerdService;
import dev.berth.ui.common.BackgroundTask;
import dev.berth.ui.common.ChangeGuard;
import dev.berth.ui.common.DialogService;
import dev.berth.ui.common.Formats;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ServiceSession;
import dev.berth.ui.common.TaskExecutor;
import dev.berth.ui.common.UserError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The versions of one container: the list (newest first, which one its files stand on), commit a
 * new one, roll back to one (asks first), a new container from one, delete one (asks first).
 */
public final class VersionsViewModel {

    private final ServiceSession session;
    private final TaskExecutor executor;
    private final I18n i18n;
    private final DialogService dialogs;
    private final ChangeGuard guard;
    private final String containerId;
    private final String image;
    private final String namespace;
    private final BiConsumer<String, String> newContainer;
    private final Runnable changed;

    private final ObservableList<VersionRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<VersionRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyObjectWrapper<UserError> loadError = new ReadOnlyObjectWrapper<>(this, "loadError");
    private final Runnable unsubscribe;
    private boolean stale;

    /**
     * @param newContainer opens the create window on (image, version)
     * @param changed called after a change (the lists refresh)
     */
    public VersionsViewModel(ServiceSession session, TaskExecutor executor, I18n i18n, DialogService dialogs,
                             ChangeGuard guard, String containerId, String image, BiConsumer<String, String> newContainer,
                             Runnable changed) {
        this.session = session;
        this.executor = executor;
        this.i18n = i18n;
        this.dialogs = dialogs;
        this.guard = guard;
        this.containerId = containerId;
        this.image = image;
        this.namespace = session.namespace();
        this.newContainer = newContainer;
        this.changed = changed == null ? () -> { } : changed;
        this.unsubscribe = session.onEvents(this::eventsArrived);
    }

    // ---- properties

    public String containerId() {
        return containerId;
    }

    public String namespace() {
        return namespace;
    }

    public ObservableList<VersionRow> rows() {
        return rows;
    }

    public ObjectProperty<VersionRow> selectedProperty() {
        return selected;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** True while the container's task is running (a rollback stops and restarts it). */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** True while a rollback or delete of this window runs. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<UserError> loadErrorProperty() {
        return loadError.getReadOnlyProperty();
    }

    private BooleanBinding whenSelected(java.util.function.Predicate<VersionRow> p) {
        return Bindings.createBooleanBinding(() -> selected.get() != null && p.test(selected.get()) && !busy.get()
                && session.isOnline(), selected, busy, session.onlineProperty());
    }

    public BooleanBinding canRollback() {
        return whenSelected(r -> true);
    }

    public BooleanBinding canNewContainer() {
        return whenSelected(r -> true);
    }

    /** Only a version nothing is built on can go; one under the current files cannot (the service says why for others). */
    public BooleanBinding canDelete() {
        return whenSelected(r -> !r.inChain() && containerId.equals(r.info().containerId()));
    }

    public BooleanBinding canCommit() {
        return Bindings.createBooleanBinding(() -> !busy.get() && session.isOnline(), busy, session.onlineProperty());
    }

    // ---- loading

    private ContainerdService service() {
        ContainerdService s = session.require();
        return s.namespace().equals(namespace) ? s : s.withNamespace(namespace);
    }

    private record Loaded(List<VersionInfo> versions, boolean running) {
    }

    /** Loads the versions (and whether the task runs) in the background. */
    public void reload() {
        if (session.service() == null || !session.isOnline()) {
            return;
        }
        if (loading.get()) {
            stale = true;
            return;
        }
        ContainerdService s = service();
        loading.set(true);
        BackgroundTask.of(p -> {
            boolean live;
            try {
                TaskInfo t = s.tasks().get(containerId);
                live = t.status().isAlive();
            } catch (BerthException.NotFound e) {
                live = false;
            }
            return new Loaded(s.versions().list(containerId), live);
        }).onSuccess(l -> {
            loadError.set(null);
            running.set(l.running());
            apply(l.versions());
            loaded.set(true);
        }).onFailure(e -> {
            loadError.set(UserError.of(e, i18n));
            session.reportFailure(e);
        }).onFinished(() -> {
            loading.set(false);
            if (stale) {
                stale = false;
                reload();
            }
        }).executeWith(executor);
    }

    private void apply(List<VersionInfo> versions) {
        String keep = selected.get() == null ? null : selected.get().name();
        Instant now = Instant.now();
        List<VersionRow> next = new ArrayList<>(versions.size());
        for (VersionInfo v : versions) {
            String state = v.current() ? i18n.tr("versions.state.current")
                    : v.inChain() ? i18n.tr("versions.state.below") : i18n.tr("versions.state.off");
            String note = v.note().isEmpty() && !containerId.equals(v.containerId())
                    ? i18n.tr("versions.note.of", v.containerId()) : noteText(v);
            next.add(new VersionRow(v, Formats.compactDateTime(v.createdAt(), now),
                    v.size() < 0 ? "" : Formats.size(v.size()), state, note, labelsText(v.labels())));
        }
        rows.setAll(next);
        selected.set(next.stream().filter(r -> r.name().equals(keep)).findFirst().orElse(null));
    }

    /** The labels a person set, as "key=value, …" (containerd's and Berth's own left out). */
    static String labelsText(java.util.Map<String, String> labels) {
        return labels.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("containerd.io/") && !e.getKey().startsWith("dev.berth/"))
                .sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private String noteText(VersionInfo v) {
        String prefix = "before rollback to ";
        return v.note().startsWith(prefix) ? i18n.tr("versions.note.beforeRollback", v.note().substring(prefix.length()))
                : v.note();
    }

    private void eventsArrived(List<ContainerdEvent> events) {
        for (ContainerdEvent e : events) {
            if (e.topic().startsWith("/snapshot/") || (e.topic().startsWith("/tasks/") || e.topic().startsWith("/containers/"))
                    && containerId.equals(e.subject())) {
                reload();
                return;
            }
        }
    }

    /** Stops following events (the window closed). */
    public void close() {
        unsubscribe.run();
    }

    // ---- commands

    /** The commit form for a new version of this container. */
    public SnapshotFormViewModel newCommitForm() {
        return new SnapshotFormViewModel(session, executor, i18n, guard, SnapshotFormViewModel.Mode.VERSION, containerId,
                null, made -> {
                    dialogs.notify(i18n.tr("versions.committed", made, containerId));
                    reload();
                    changed.run();
                });
    }

    /** Rolls the container back to the selected version, after asking. */
    public void rollbackSelected() {
        VersionRow r = selected.get();
        if (r == null || busy.get()) {
            return;
        }
        String message = i18n.tr("versions.rollback.message", containerId, r.name())
                + (running.get() ? "\n\n" + i18n.tr("versions.rollback.running") : "");
        if (!guard.confirmDestructive(namespace, i18n.tr("versions.rollback.title", containerId), message,
                i18n.tr("versions.rollback"))) {
            return;
        }
        ContainerdService s = service();
        busy.set(true);
        BackgroundTask.of(p -> s.versions().rollback(containerId, r.name(), null))
                .title(i18n.tr("versions.rollback.activity", containerId, r.name()))
                .resultText(c -> done(c, r.name()))
                .onSuccess(c -> dialogs.notify(done(c, r.name())))
                .onFailure(e -> failed(i18n.tr("versions.rollback.activity", containerId, r.name()), e))
                .onFinished(this::afterChange)
                .executeWith(executor);
    }

    private String done(VersionChange c, String to) {
        return c.version() == null ? i18n.tr("versions.rolledBack", containerId, to)
                : i18n.tr("versions.rolledBackKept", containerId, to, c.version().name());
    }

    /** Deletes the selected version, after asking. */
    public void deleteSelected() {
        VersionRow r = selected.get();
        if (r == null || busy.get() || !guard.confirmDestructive(namespace, i18n.tr("versions.delete.title"),
                i18n.tr("versions.delete.message", r.name(), containerId), i18n.tr("common.delete"))) {
            return;
        }
        ContainerdService s = service();
        busy.set(true);
        BackgroundTask.ofVoid(p -> s.versions().delete(containerId, r.name()))
                .title(i18n.tr("versions.delete.activity", r.name()))
                .onFailure(e -> failed(i18n.tr("versions.delete.activity", r.name()), e))
                .onFinished(this::afterChange)
                .executeWith(executor);
    }

    private void failed(String title, Throwable e) {
        session.reportFailure(e);
        if (!UserError.isConnectionLoss(e)) {
            dialogs.showError(title, UserError.of(e, i18n).message(), e);
        }
    }

    private void afterChange() {
        busy.set(false);
        reload();
        changed.run();
    }

    /** Opens the create window on the selected version. */
    public void newContainerFromSelected() {
        VersionRow r = selected.get();
        if (r != null) {
            newContainer.accept(image, r.name());
        }
    }
}
