package dev.berth.ui.containers;

import dev.berth.model.BerthException;
import dev.berth.model.ContainerInfo;
import dev.berth.model.ContainerSpec;
import dev.berth.model.CreateContainerRequest;
import dev.berth.model.MountSpec;
import dev.berth.model.PullProgress;
import dev.berth.service.ContainerdService;
import dev.berth.ui.common.BackgroundTask;
import dev.berth.ui.common.ChangeGuard;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ServiceSession;
import dev.berth.ui.common.TaskExecutor;
import dev.berth.ui.common.TaskHandle;
import dev.berth.ui.common.UserError;
import dev.berth.ui.images.PullProgressModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
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
 * The create-container dialog: id, image (pulled when missing, with the per-layer bars), command,
 * env, working dir, user, TTY, mounts and labels; every field validated as it is typed, the
 * request built only from valid input. Optionally starts the container once created.
 */
public final class CreateContainerViewModel {

    public enum State { EDITING, RUNNING, DONE, FAILED, CANCELLED }

    private final ServiceSession session;
    private final TaskExecutor executor;
    private final I18n i18n;
    private final ChangeGuard guard;
    private final Consumer<String> created;
    private final String namespace;

    private final StringProperty id = new SimpleStringProperty(this, "id", "");
    private final StringProperty image = new SimpleStringProperty(this, "image", "");
    private final StringProperty command = new SimpleStringProperty(this, "command", "");
    private final StringProperty workingDir = new SimpleStringProperty(this, "workingDir", "");
    private final StringProperty user = new SimpleStringProperty(this, "user", "");
    private final BooleanProperty tty = new SimpleBooleanProperty(this, "tty");
    private final BooleanProperty startAfter = new SimpleBooleanProperty(this, "startAfter", true);
    private final StringProperty parentSnapshot = new SimpleStringProperty(this, "parentSnapshot", "");
    private final ObservableList<KeyValueItem> env = FXCollections.observableArrayList(
            i -> new Observable[] {i.keyProperty(), i.valueProperty()});
    private final ObservableList<KeyValueItem> labels = FXCollections.observableArrayList(
            i -> new Observable[] {i.keyProperty(), i.valueProperty()});
    private final ObservableList<MountItem> mounts = FXCollections.observableArrayList(
            i -> new Observable[] {i.typeProperty(), i.sourceProperty(), i.destinationProperty(), i.readOnlyProperty()});

    private final ReadOnlyStringWrapper idError = new ReadOnlyStringWrapper(this, "idError");
    private final ReadOnlyStringWrapper imageError = new ReadOnlyStringWrapper(this, "imageError");
    private final ReadOnlyStringWrapper commandError = new ReadOnlyStringWrapper(this, "commandError");
    private final ReadOnlyStringWrapper workingDirError = new ReadOnlyStringWrapper(this, "workingDirError");
    private final ReadOnlyStringWrapper userError = new ReadOnlyStringWrapper(this, "userError");
    private final ReadOnlyStringWrapper envError = new ReadOnlyStringWrapper(this, "envError");
    private final ReadOnlyStringWrapper mountsError = new ReadOnlyStringWrapper(this, "mountsError");
    private final ReadOnlyStringWrapper labelsError = new ReadOnlyStringWrapper(this, "labelsError");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.EDITING);
    private final ReadOnlyObjectWrapper<UserError> error = new ReadOnlyObjectWrapper<>(this, "error");
    private final ReadOnlyStringWrapper phase = new ReadOnlyStringWrapper(this, "phase", "");
    private final PullProgressModel pull;
    private final BooleanBinding valid;
    private final BooleanBinding canCreate;
    private TaskHandle handle = TaskHandle.DONE;

    public CreateContainerViewModel(ServiceSession session, TaskExecutor executor, I18n i18n, ChangeGuard guard, String initialImage,
                             Consumer<String> created) {
        this.session = session;
        this.executor = executor;
        this.i18n = i18n;
        this.guard = guard;
        this.created = created;
        this.namespace = session.namespace();
        this.pull = new PullProgressModel(i18n);
        image.set(initialImage == null ? "" : initialImage);
        id.addListener((o, a, b) -> validateId());
        image.addListener((o, a, b) -> validateImage());
        command.addListener((o, a, b) -> validateCommand());
        workingDir.addListener((o, a, b) -> validateWorkingDir());
        user.addListener((o, a, b) -> validateUser());
        env.addListener((javafx.collections.ListChangeListener<KeyValueItem>) c -> validateEnv());
        labels.addListener((javafx.collections.ListChangeListener<KeyValueItem>) c -> validateLabels());
        mounts.addListener((javafx.collections.ListChangeListener<MountItem>) c -> validateMounts());
        validateId();
        validateImage();
        validateCommand();
        validateWorkingDir();
        validateUser();
        validateEnv();
        validateLabels();
        validateMounts();
        valid = Bindings.createBooleanBinding(() -> idError.get() == null && imageError.get() == null
                        && commandError.get() == null && workingDirError.get() == null && userError.get() == null
                        && envError.get() == null && mountsError.get() == null && labelsError.get() == null,
                idError, imageError, commandError, workingDirError, userError, envError, mountsError, labelsError);
        canCreate = Bindings.createBooleanBinding(() -> valid.get() && state.get() != State.RUNNING && session.isOnline(),
                valid, state, session.onlineProperty());
    }

    // ---- fields

    public StringProperty idProperty() {
        return id;
    }

    public StringProperty imageProperty() {
        return image;
    }

    public StringProperty commandProperty() {
        return command;
    }

    public StringProperty workingDirProperty() {
        return workingDir;
    }

    public StringProperty userProperty() {
        return user;
    }

    public BooleanProperty ttyProperty() {
        return tty;
    }

    public BooleanProperty startAfterProperty() {
        return startAfter;
    }

    /** A committed snapshot to start from instead of the image's top layer ("create from snapshot"). */
    public StringProperty parentSnapshotProperty() {
        return parentSnapshot;
    }

    public ObservableList<KeyValueItem> env() {
        return env;
    }

    public ObservableList<KeyValueItem> labels() {
        return labels;
    }

    public ObservableList<MountItem> mounts() {
        return mounts;
    }

    // ---- validation results (null = fine)

    public ReadOnlyStringProperty idErrorProperty() {
        return idError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty imageErrorProperty() {
        return imageError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty commandErrorProperty() {
        return commandError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty workingDirErrorProperty() {
        return workingDirError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty userErrorProperty() {
        return userError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty envErrorProperty() {
        return envError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty mountsErrorProperty() {
        return mountsError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty labelsErrorProperty() {
        return labelsError.getReadOnlyProperty();
    }

    public BooleanBinding validProperty() {
        return valid;
    }

    public BooleanBinding canCreateProperty() {
        return canCreate;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public State state() {
        return state.get();
    }

    public ReadOnlyObjectProperty<UserError> errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** "Pulling the image…", "Creating…", "Starting…". */
    public ReadOnlyStringProperty phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    public PullProgressModel pullProgress() {
        return pull;
    }

    public String namespace() {
        return namespace;
    }

    // ---- validation (the rules are in CreateRules)

    private void validateId() {
        idError.set(CreateRules.id(id.get(), i18n));
    }

    private void validateImage() {
        imageError.set(CreateRules.image(image.get(), i18n));
    }

    private void validateCommand() {
        commandError.set(CreateRules.command(command.get(), i18n));
    }

    private void validateWorkingDir() {
        workingDirError.set(CreateRules.absolutePath(workingDir.get(), i18n));
    }

    private void validateUser() {
        userError.set(CreateRules.user(user.get(), i18n));
    }

    private void validateEnv() {
        envError.set(CreateRules.pairs(env, true, i18n));
    }

    private void validateLabels() {
        labelsError.set(CreateRules.pairs(labels, false, i18n));
    }

    private void validateMounts() {
        mountsError.set(CreateRules.mounts(mounts, i18n));
    }

    private static String t(String s) {
        return s == null ? "" : s.trim();
    }

    // ---- commands

    public void addEnv() {
        env.add(new KeyValueItem("", ""));
    }

    public void addLabel() {
        labels.add(new KeyValueItem("", ""));
    }

    public void addMount() {
        mounts.add(new MountItem("bind", "", "", false));
    }

    /** The request the form describes (only when valid). */
    public CreateContainerRequest request() {
        List<String> cmd = CommandLine.split(command.get());
        List<String> envList = new ArrayList<>();
        for (KeyValueItem kv : env) {
            if (!kv.isBlank()) {
                envList.add(kv.key() + "=" + kv.value());
            }
        }
        List<MountSpec> mountList = new ArrayList<>();
        for (MountItem m : mounts) {
            if (!m.isBlank()) {
                mountList.add(m.toSpec());
            }
        }
        Map<String, String> labelMap = new LinkedHashMap<>();
        for (KeyValueItem kv : labels) {
            if (!kv.isBlank()) {
                labelMap.put(kv.key(), kv.value());
            }
        }
        ContainerSpec spec = new ContainerSpec(null, cmd, envList, t(workingDir.get()).isEmpty() ? null : t(workingDir.get()),
                t(user.get()).isEmpty() ? null : t(user.get()), tty.get(), mountList);
        String parent = t(parentSnapshot.get());
        return new CreateContainerRequest(t(id.get()), t(image.get()), spec, labelMap, null,
                parent.isEmpty() ? null : parent);
    }

    /** Creates (and starts) the container in the background. False when it did not start. */
    public boolean create() {
        if (!canCreate.get() || !guard.approveAfterForm(namespace, i18n.tr("create.submit"))) {
            return false;
        }
        CreateContainerRequest req = request();
        ContainerdService s0 = session.require();
        ContainerdService s = s0.namespace().equals(namespace) ? s0 : s0.withNamespace(namespace);
        boolean start = startAfter.get();
        pull.reset();
        error.set(null);
        state.set(State.RUNNING);
        phase.set(i18n.tr("create.phase.creating"));
        Consumer<PullProgress> pulling = executor.latestOnUi(p -> {
            phase.set(i18n.tr("create.phase.pulling", req.image()));
            pull.apply(p);
        });
        Consumer<String> phaseOnUi = executor.latestOnUi(phase::set);
        handle = BackgroundTask.of(p -> {
            ContainerInfo c = s.containers().create(req, pulling);
            if (start) {
                phaseOnUi.accept(i18n.tr("create.phase.starting"));
                s.tasks().start(c.id());
            }
            return c;
        }).title(i18n.tr("create.activity", req.id()))
                .subject(this)
                .resultText(c -> start ? i18n.tr("create.resultStarted", c.id()) : i18n.tr("create.result", c.id()))
                .onSuccess(c -> {
                    state.set(State.DONE);
                    phase.set(start ? i18n.tr("create.resultStarted", c.id()) : i18n.tr("create.result", c.id()));
                    created.accept(c.id());
                })
                .onFailure(e -> {
                    UserError ue = UserError.of(e, i18n);
                    error.set(ue);
                    phase.set(ue.message());
                    state.set(ue.kind() == BerthException.Kind.CANCELLED ? State.CANCELLED : State.FAILED);
                    session.reportFailure(e);
                })
                .onCancelled(() -> {
                    state.set(State.CANCELLED);
                    phase.set(i18n.tr("create.phase.cancelled"));
                })
                .executeWith(executor);
        return true;
    }

    public void cancel() {
        if (state.get() == State.RUNNING) {
            handle.cancel();
        }
    }

    public void edit() {
        if (state.get() != State.RUNNING) {
            state.set(State.EDITING);
        }
    }
}
