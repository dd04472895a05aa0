package dev.berth.ui.versions;

import dev.berth.model.BerthException;
import dev.berth.model.CommitVersionRequest;
import dev.berth.model.TaskInfo;
import dev.berth.service.ContainerdService;
import dev.berth.service.Validation;
import dev.berth.ui.common.BackgroundTask;
import dev.berth.ui.common.ChangeGuard;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ServiceSession;
import dev.berth.ui.common.TaskExecutor;
import dev.berth.ui.common.UserError;
import dev.berth.ui.containers.CreateRules;
import dev.berth.ui.containers.KeyValueItem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The form that makes a snapshot: a version of a container (name, labels, "stop the task first"),
 * a commit of an active snapshot no container uses, or a prepare on a committed one. Validated as
 * it is typed; the work runs in the background and shows in the Activity view.
 */
public final class SnapshotFormViewModel {

    /** What the form makes. */
    public enum Mode {
        /** A version of a container: its active snapshot committed, the container going on on top. */
        VERSION,
        /** A committed snapshot from an active one that no container uses. */
        COMMIT,
        /** An active snapshot on a committed one. */
        PREPARE
    }

    public enum State { EDITING, RUNNING, DONE, FAILED }

    private final ServiceSession session;
    private final TaskExecutor executor;
    private final I18n i18n;
    private final ChangeGuard guard;
    private final Mode mode;
    private final String target;
    private final String snapshotter;
    private final String namespace;
    private final Consumer<String> done;

    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final ObservableList<KeyValueItem> labels = FXCollections.observableArrayList(
            i -> new Observable[] {i.keyProperty(), i.valueProperty()});
    private final BooleanProperty stopFirst = new SimpleBooleanProperty(this, "stopFirst", true);
    private final ReadOnlyBooleanWrapper taskLive = new ReadOnlyBooleanWrapper(this, "taskLive");
    private final ReadOnlyStringWrapper nameError = new ReadOnlyStringWrapper(this, "nameError");
    private final ReadOnlyStringWrapper labelsError = new ReadOnlyStringWrapper(this, "labelsError");
    private final ReadOnlyStringWrapper stopError = new ReadOnlyStringWrapper(this, "stopError");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.EDITING);
    private final ReadOnlyObjectWrapper<UserError> error = new ReadOnlyObjectWrapper<>(this, "error");
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper(this, "result", "");
    private final BooleanBinding canSubmit;

    /**
     * @param target the container id (VERSION), the active snapshot (COMMIT) or the parent (PREPARE)
     * @param done called on the UI thread with the name of what was made
     */
    public SnapshotFormViewModel(ServiceSession session, TaskExecutor executor, I18n i18n, ChangeGuard guard, Mode mode,
                                 String target, String snapshotter, Consumer<String> done) {
        this.session = session;
        this.executor = executor;
        this.i18n = i18n;
        this.guard = guard;
        this.mode = mode;
        this.target = target;
        this.snapshotter = snapshotter;
        this.namespace = session.namespace();
        this.done = done == null ? n -> { } : done;
        name.addListener((o, a, b) -> validateName());
        labels.addListener((javafx.collections.ListChangeListener<KeyValueItem>) c -> validateLabels());
        stopFirst.addListener((o, a, b) -> validateStop());
        taskLive.addListener((o, a, b) -> validateStop());
        validateName();
        validateLabels();
        validateStop();
        canSubmit = Bindings.createBooleanBinding(() -> nameError.get() == null && labelsError.get() == null
                        && stopError.get() == null && state.get() != State.RUNNING && state.get() != State.DONE
                        && session.isOnline(),
                nameError, labelsError, stopError, state, session.onlineProperty());
        if (mode == Mode.VERSION) {
            readTask();
        }
    }

    /** Whether the container's task is live decides if "stop the task first" matters; read in the background. */
    private void readTask() {
        ContainerdService s = service();
        if (s == null) {
            return;
        }
        BackgroundTask.of(p -> {
            try {
                TaskInfo t = s.tasks().get(target);
                return t.status().isAlive();
            } catch (BerthException.NotFound e) {
                return false;
            }
        }).onSuccess(taskLive::set).onFailure(e -> { }).executeWith(executor);
    }

    private ContainerdService service() {
        ContainerdService s = session.service();
        return s == null || s.namespace().equals(namespace) ? s : s.withNamespace(namespace);
    }

    // ---- properties

    public Mode mode() {
        return mode;
    }

    /** The container id, the active snapshot or the parent the form is about. */
    public String target() {
        return target;
    }

    public String namespace() {
        return namespace;
    }

    public StringProperty nameProperty() {
        return name;
    }

    /** What an empty name means: Berth's default for a version; else nothing (a name is needed). */
    public String namePrompt() {
        return mode == Mode.VERSION ? i18n.tr("snapshotForm.name.default", target) : i18n.tr("snapshotForm.name.prompt");
    }

    public ObservableList<KeyValueItem> labels() {
        return labels;
    }

    public BooleanProperty stopFirstProperty() {
        return stopFirst;
    }

    /** True when the container (VERSION) has a running or paused task. */
    public ReadOnlyBooleanProperty taskLiveProperty() {
        return taskLive.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty nameErrorProperty() {
        return nameError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty labelsErrorProperty() {
        return labelsError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty stopErrorProperty() {
        return stopError.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<UserError> errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** What was made, in words (once DONE). */
    public ReadOnlyStringProperty resultProperty() {
        return result.getReadOnlyProperty();
    }

    public BooleanBinding canSubmitProperty() {
        return canSubmit;
    }

    public String title() {
        switch (mode) {
            case VERSION:
                return i18n.tr("snapshotForm.version.title", target);
            case COMMIT:
                return i18n.tr("snapshotForm.commit.title", target);
            default:
                return i18n.tr("snapshotForm.prepare.title", target);
        }
    }

    public String submitText() {
        return mode == Mode.PREPARE ? i18n.tr("snapshotForm.prepare") : i18n.tr("snapshotForm.commit");
    }

    // ---- validation

    private String trimmed() {
        return name.get() == null ? "" : name.get().trim();
    }

    private void validateName() {
        String n = trimmed();
        if (n.isEmpty()) {
            nameError.set(mode == Mode.VERSION ? null : i18n.tr("snapshotForm.error.nameEmpty"));
            return;
        }
        try {
            Validation.snapshotName("name", n);
            nameError.set(null);
        } catch (BerthException e) {
            nameError.set(i18n.tr("snapshotForm.error.name"));
        }
    }

    private void validateLabels() {
        labelsError.set(CreateRules.pairs(labels, false, i18n));
    }

    private void validateStop() {
        stopError.set(mode == Mode.VERSION && taskLive.get() && !stopFirst.get()
                ? i18n.tr("snapshotForm.error.running") : null);
    }

    public void addLabel() {
        labels.add(new KeyValueItem("", ""));
    }

    private Map<String, String> labelMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (KeyValueItem kv : labels) {
            if (!kv.isBlank()) {
                m.put(kv.key(), kv.value());
            }
        }
        return m;
    }

    // ---- submit

    /** Makes the snapshot in the background; false when the form is not valid or the user said no. */
    public boolean submit() {
        if (!canSubmit.get() || !guard.approveAfterForm(namespace, submitText())) {
            return false;
        }
        ContainerdService s = service();
        if (s == null) {
            return false;
        }
        String n = trimmed();
        Map<String, String> l = labelMap();
        boolean stop = stopFirst.get();
        error.set(null);
        state.set(State.RUNNING);
        String title;
        BackgroundTask.Work<String> work;
        switch (mode) {
            case VERSION:
                title = i18n.tr("snapshotForm.version.activity", target);
                work = p -> s.versions().commit(new CommitVersionRequest(target, n.isEmpty() ? null : n, l, stop, null))
                        .version().name();
                break;
            case COMMIT:
                title = i18n.tr("snapshotForm.commit.activity", target, n);
                work = p -> s.snapshots().commit(snapshotter, n, target, l).name();
                break;
            default:
                title = i18n.tr("snapshotForm.prepare.activity", n, target);
                work = p -> s.snapshots().prepare(snapshotter, n, target, l).name();
        }
        BackgroundTask.of(work)
                .title(title)
                .resultText(made -> i18n.tr("snapshotForm.made", made))
                .onSuccess(made -> {
                    result.set(i18n.tr("snapshotForm.made", made));
                    state.set(State.DONE);
                    done.accept(made);
                })
                .onFailure(e -> {
                    error.set(UserError.of(e, i18n));
                    state.set(State.FAILED);
                    session.reportFailure(e);
                })
                .executeWith(executor);
        return true;
    }
}
