package dev.berth.ui.firstrun;

import dev.berth.ui.common.BackgroundTask;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.TaskExecutor;
import dev.berth.ui.common.UserError;
import dev.berth.ui.shell.ConnectionViewModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * The screen the console opens on when it cannot reach containerd at all: the socket is missing,
 * or access to it is denied. It says which, and what to do, with the exact commands. When the user
 * is root and containerd is installed but not running, it offers a private containerd for Berth
 * (off until the user ticks it). It goes away for good once a connection succeeds, or when the user
 * closes it (the banner then keeps saying what is wrong).
 */
public final class FirstRunViewModel {

    /** What the machine is like (asked off the UI thread). */
    public interface Host {
        boolean isRoot();

        /** True when a containerd binary is on the PATH (or in /usr/bin, /usr/local/bin). */
        boolean containerdInstalled();

        String userName();
    }

    /** A containerd of Berth's own, under Berth's data directory. */
    public interface PrivateDaemon {
        /** Where its files go (data, state, socket), for the label. */
        String dataDir();

        String socket();

        /** Starts it and waits until its socket is there (blocking); returns the socket path. */
        String start();
    }

    /** One thing to do: what it is for, and the commands (one per line), or none. */
    public record Step(String text, List<String> commands) {
        public Step {
            commands = List.copyOf(commands);
        }
    }

    public enum Kind { NONE, SOCKET_MISSING, PERMISSION_DENIED }

    private final ConnectionViewModel connection;
    private final Host host;
    private final PrivateDaemon daemon;
    private final TaskExecutor executor;
    private final I18n i18n;
    private final Consumer<String> usePrivateSocket;

    private final ReadOnlyObjectWrapper<Kind> kind = new ReadOnlyObjectWrapper<>(this, "kind", Kind.NONE);
    private final ReadOnlyBooleanWrapper visible = new ReadOnlyBooleanWrapper(this, "visible");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
    private final ReadOnlyStringWrapper explanation = new ReadOnlyStringWrapper(this, "explanation", "");
    private final ReadOnlyObjectWrapper<List<Step>> steps = new ReadOnlyObjectWrapper<>(this, "steps", List.of());
    private final ReadOnlyBooleanWrapper privateOffered = new ReadOnlyBooleanWrapper(this, "privateOffered");
    private final BooleanProperty privateWanted = new SimpleBooleanProperty(this, "privateWanted", false);
    private final ReadOnlyBooleanWrapper privateStarting = new ReadOnlyBooleanWrapper(this, "privateStarting");
    private final ReadOnlyStringWrapper privateStatus = new ReadOnlyStringWrapper(this, "privateStatus", "");
    private boolean everConnected;
    private boolean dismissed;
    private Boolean root;
    private Boolean installed;
    private String user = "$USER";

    /**
     * @param usePrivateSocket told the socket of the private containerd once it runs (the console
     *                         then connects to it)
     */
    public FirstRunViewModel(ConnectionViewModel connection, Host host, PrivateDaemon daemon, TaskExecutor executor,
                             I18n i18n, Consumer<String> usePrivateSocket) {
        this.connection = connection;
        this.host = host;
        this.daemon = daemon;
        this.executor = executor;
        this.i18n = i18n;
        this.usePrivateSocket = usePrivateSocket;
        connection.problemProperty().addListener((o, a, b) -> update());
        connection.stateProperty().addListener((o, a, b) -> {
            if (b == ConnectionViewModel.State.CONNECTED) {
                everConnected = true;
            }
            update();
        });
        BackgroundTask.of(p -> new boolean[] {host.isRoot(), host.containerdInstalled()})
                .onSuccess(facts -> {
                    root = facts[0];
                    installed = facts[1];
                    update();
                })
                .executeWith(executor);
        BackgroundTask.of(p -> host.userName()).onSuccess(u -> {
            user = u;
            update();
        }).executeWith(executor);
    }

    // ---- properties

    public ReadOnlyBooleanProperty visibleProperty() {
        return visible.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Kind> kindProperty() {
        return kind.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty explanationProperty() {
        return explanation.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<Step>> stepsProperty() {
        return steps.getReadOnlyProperty();
    }

    /** True when the private containerd can be offered: root, containerd installed, its socket missing. */
    public ReadOnlyBooleanProperty privateOfferedProperty() {
        return privateOffered.getReadOnlyProperty();
    }

    /** The user's tick ("yes, start a private containerd"); off by default. */
    public BooleanProperty privateWantedProperty() {
        return privateWanted;
    }

    public ReadOnlyBooleanProperty privateStartingProperty() {
        return privateStarting.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty privateStatusProperty() {
        return privateStatus.getReadOnlyProperty();
    }

    /** What the private containerd is, where its files go, and that it stops with Berth. */
    public String privateDescription() {
        return i18n.tr("firstRun.private.description", daemon.dataDir(), daemon.socket());
    }

    // ---- commands

    /** Closes the screen for this run (the banner stays). */
    public void dismiss() {
        dismissed = true;
        update();
    }

    /** Tries to connect again now. */
    public void retry() {
        connection.retryNow();
    }

    /** Starts the private containerd (only when offered and ticked), in the background. */
    public void startPrivate() {
        if (!privateOffered.get() || !privateWanted.get() || privateStarting.get()) {
            return;
        }
        privateStarting.set(true);
        privateStatus.set(i18n.tr("firstRun.private.starting"));
        BackgroundTask.of(p -> daemon.start())
                .onSuccess(socket -> {
                    privateStatus.set(i18n.tr("firstRun.private.started", socket));
                    usePrivateSocket.accept(socket);
                })
                .onFailure(e -> privateStatus.set(i18n.tr("firstRun.private.failed", UserError.of(e, i18n).message())))
                .onFinished(() -> privateStarting.set(false))
                .executeWith(executor);
    }

    // ---- internals

    private void update() {
        Kind k;
        switch (connection.problemProperty().get()) {
            case SOCKET_MISSING:
                k = Kind.SOCKET_MISSING;
                break;
            case PERMISSION_DENIED:
                k = Kind.PERMISSION_DENIED;
                break;
            default:
                k = Kind.NONE;
                break;
        }
        if (connection.stateProperty().get() == ConnectionViewModel.State.CONNECTED) {
            k = Kind.NONE;
        }
        if (k != Kind.NONE || connection.stateProperty().get() == ConnectionViewModel.State.CONNECTED) {
            kind.set(k);
        }
        String socket = connection.address();
        if (kind.get() == Kind.SOCKET_MISSING) {
            title.set(i18n.tr("firstRun.missing.title", socket));
            explanation.set(i18n.tr("firstRun.missing.explanation"));
            steps.set(missingSteps(socket));
        } else if (kind.get() == Kind.PERMISSION_DENIED) {
            title.set(i18n.tr("firstRun.denied.title", socket));
            explanation.set(i18n.tr("firstRun.denied.explanation", user));
            steps.set(deniedSteps(socket));
        }
        privateOffered.set(kind.get() == Kind.SOCKET_MISSING && Boolean.TRUE.equals(root) && Boolean.TRUE.equals(installed));
        visible.set(!everConnected && !dismissed && kind.get() != Kind.NONE);
    }

    private List<Step> missingSteps(String socket) {
        List<Step> s = new ArrayList<>();
        s.add(new Step(i18n.tr("firstRun.missing.start"), List.of("sudo systemctl enable --now containerd",
                "systemctl status containerd")));
        if (!Boolean.TRUE.equals(installed)) {
            s.add(new Step(i18n.tr("firstRun.missing.install"), List.of("sudo apt-get install containerd")));
        }
        s.add(new Step(i18n.tr("firstRun.missing.elsewhere"), List.of("berth --address /path/to/containerd.sock",
                "CONTAINERD_ADDRESS=/path/to/containerd.sock berth")));
        return s;
    }

    private List<Step> deniedSteps(String socket) {
        List<Step> s = new ArrayList<>();
        s.add(new Step(i18n.tr("firstRun.denied.root"), List.of("sudo -E berth")));
        s.add(new Step(i18n.tr("firstRun.denied.group", user), List.of(
                "sudo groupadd -f containerd",
                "sudo usermod -aG containerd " + user,
                "sudo chgrp containerd " + socket,
                "sudo chmod g+rw " + socket)));
        s.add(new Step(i18n.tr("firstRun.denied.login"), List.of("newgrp containerd")));
        s.add(new Step(i18n.tr("firstRun.denied.permanent"), List.of(
                "getent group containerd",
                "sudoedit /etc/containerd/config.toml",
                "sudo systemctl restart containerd")));
        return s;
    }
}
