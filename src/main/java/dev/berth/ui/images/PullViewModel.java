package dev.berth.ui.images;

import dev.berth.model.ImageInfo;
import dev.berth.model.PullProgress;
import dev.berth.model.PullRequest;
import dev.berth.service.ContainerdService;
import dev.berth.ui.common.BackgroundTask;
import dev.berth.ui.common.ChangeGuard;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ServiceSession;
import dev.berth.ui.common.TaskExecutor;
import dev.berth.ui.common.TaskHandle;
import dev.berth.ui.common.UserError;
import java.util.List;
import java.util.function.Consumer;
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

/**
 * The pull dialog: reference, platform, insecure toggle; then a bar per layer, an overall bar and
 * Cancel. The pull belongs to the Activity view, not to the dialog: closing the dialog leaves it
 * running, and the Activity view can open the dialog on it again.
 */
public final class PullViewModel {

    public enum State { EDITING, RUNNING, DONE, FAILED, CANCELLED }

    /** Platforms offered in the chooser (any os/arch[/variant] may be typed). */
    public static final List<String> PLATFORMS = List.of("linux/amd64", "linux/arm64", "linux/arm/v7", "linux/386",
            "linux/ppc64le", "linux/s390x", "linux/riscv64");

    private final ServiceSession session;
    private final TaskExecutor executor;
    private final I18n i18n;
    private final ChangeGuard guard;
    private final String namespace;
    private final StringProperty reference = new SimpleStringProperty(this, "reference", "");
    private final StringProperty platform = new SimpleStringProperty(this, "platform", "");
    private final BooleanProperty insecure = new SimpleBooleanProperty(this, "insecure");
    private final ReadOnlyStringWrapper referenceError = new ReadOnlyStringWrapper(this, "referenceError");
    private final ReadOnlyStringWrapper platformError = new ReadOnlyStringWrapper(this, "platformError");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.EDITING);
    private final ReadOnlyObjectWrapper<UserError> error = new ReadOnlyObjectWrapper<>(this, "error");
    private final ReadOnlyObjectWrapper<ImageInfo> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final PullProgressModel progress;
    private final BooleanBinding canStart;
    private final Runnable pulled;
    private TaskHandle handle = TaskHandle.DONE;

    PullViewModel(ServiceSession session, TaskExecutor executor, I18n i18n, ChangeGuard guard, String initial,
                  Runnable pulled) {
        this.pulled = pulled;
        this.session = session;
        this.executor = executor;
        this.i18n = i18n;
        this.guard = guard;
        this.namespace = session.namespace();
        this.progress = new PullProgressModel(i18n);
        reference.set(initial == null ? "" : initial);
        reference.addListener((o, a, b) -> validate());
        platform.addListener((o, a, b) -> validate());
        validate();
        canStart = Bindings.createBooleanBinding(() -> referenceError.get() == null && platformError.get() == null
                        && state.get() != State.RUNNING && session.isOnline(),
                referenceError, platformError, state, session.onlineProperty());
    }

    public StringProperty referenceProperty() {
        return reference;
    }

    public StringProperty platformProperty() {
        return platform;
    }

    public BooleanProperty insecureProperty() {
        return insecure;
    }

    /** Null when the reference is acceptable, else what is wrong with it. */
    public ReadOnlyStringProperty referenceErrorProperty() {
        return referenceError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty platformErrorProperty() {
        return platformError.getReadOnlyProperty();
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

    public ReadOnlyObjectProperty<ImageInfo> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public PullProgressModel progress() {
        return progress;
    }

    public BooleanBinding canStartProperty() {
        return canStart;
    }

    public String namespace() {
        return namespace;
    }

    public String title() {
        return i18n.tr("pull.activity", reference.get().trim());
    }

    private void validate() {
        String r = reference.get() == null ? "" : reference.get().trim();
        if (r.isEmpty()) {
            referenceError.set(i18n.tr("pull.error.referenceEmpty"));
        } else if (r.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            referenceError.set(i18n.tr("pull.error.referenceSpaces"));
        } else if (!r.matches("[A-Za-z0-9._:/@+-]+")) {
            referenceError.set(i18n.tr("pull.error.referenceChars"));
        } else {
            referenceError.set(null);
        }
        String p = platform.get() == null ? "" : platform.get().trim();
        if (!p.isEmpty() && !p.matches("[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?")) {
            platformError.set(i18n.tr("pull.error.platform"));
        } else {
            platformError.set(null);
        }
    }

    /** Starts the pull (after the second question in k8s.io/moby). False when it did not start. */
    public boolean start() {
        if (!canStart.get()) {
            return false;
        }
        String ref = reference.get().trim();
        if (!guard.approveAfterForm(namespace, i18n.tr("pull.start"))) {
            return false;
        }
        ContainerdService s = session.require();
        if (!s.namespace().equals(namespace)) {
            s = s.withNamespace(namespace);
        }
        ContainerdService svc = s;
        String pf = platform.get() == null || platform.get().isBlank() ? null : platform.get().trim();
        PullRequest request = new PullRequest(ref, pf, insecure.get(), null);
        progress.reset();
        error.set(null);
        result.set(null);
        state.set(State.RUNNING);
        Consumer<PullProgress> onUi = executor.latestOnUi(progress::apply);
        handle = BackgroundTask.of(p -> svc.images().pull(request, pp -> {
                    onUi.accept(pp);
                    p.progress(pp.doneBytes(), pp.totalBytes() <= 0 ? -1 : pp.totalBytes());
                    p.message(progress.summaryText(pp));
                }))
                .title(title())
                .subject(this)
                .resultText(img -> i18n.tr("pull.result", img.name()))
                .onSuccess(img -> {
                    result.set(img);
                    state.set(State.DONE);
                    pulled.run();
                })
                .onFailure(e -> {
                    error.set(UserError.of(e, i18n));
                    state.set(UserError.find(e) != null
                            && UserError.find(e).kind() == dev.berth.model.BerthException.Kind.CANCELLED
                            ? State.CANCELLED : State.FAILED);
                    session.reportFailure(e);
                })
                .onCancelled(() -> state.set(State.CANCELLED))
                .executeWith(executor);
        return true;
    }

    /** Cancels a running pull (the service releases its lease; a later pull resumes the layers). */
    public void cancel() {
        if (state.get() == State.RUNNING) {
            handle.cancel();
        }
    }

    /** After a failure or cancel: back to the form, keeping the inputs. */
    public void edit() {
        if (state.get() != State.RUNNING) {
            state.set(State.EDITING);
        }
    }
}
