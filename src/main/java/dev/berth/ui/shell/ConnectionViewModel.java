package dev.berth.ui.shell;

import dev.berth.model.BerthException;
import dev.berth.model.ContainerdEvent;
import dev.berth.model.NamespaceInfo;
import dev.berth.model.Subscription;
import dev.berth.service.ContainerdService;
import dev.berth.ui.common.BackgroundTask;
import dev.berth.ui.common.Cancellable;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ServiceSession;
import dev.berth.ui.common.TaskExecutor;
import dev.berth.ui.common.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The connection to containerd: connects in the background, follows containerd's events (and
 * publishes them to the {@link ServiceSession}), notices when containerd goes away (the event
 * stream ends, or an operation finds it unreachable), and reconnects with a growing back-off while
 * a banner says what is wrong and what to do. Also lists and switches namespaces.
 */
public final class ConnectionViewModel {

    /** Opens a connection to the socket at {@code address}, in {@code namespace}. Blocking. */
    @FunctionalInterface
    public interface Connector {
        ContainerdService connect(String address, String namespace);
    }

    public enum State { CONNECTING, CONNECTED, OFFLINE }

    /** Why Berth is not connected; drives the banner (and later the first-run screen). */
    public enum Problem { NONE, SOCKET_MISSING, UNREACHABLE, PERMISSION_DENIED, LOST, FAILED }

    static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
            Duration.ofSeconds(8), Duration.ofSeconds(15));

    private final Connector connector;
    private final ServiceSession session;
    private final TaskExecutor executor;
    private final I18n i18n;

    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.CONNECTING);
    private final ReadOnlyObjectWrapper<Problem> problem = new ReadOnlyObjectWrapper<>(this, "problem", Problem.NONE);
    private final ReadOnlyStringWrapper bannerTitle = new ReadOnlyStringWrapper(this, "bannerTitle", "");
    private final ReadOnlyStringWrapper bannerHint = new ReadOnlyStringWrapper(this, "bannerHint", "");
    private final ReadOnlyStringWrapper bannerDetail = new ReadOnlyStringWrapper(this, "bannerDetail", "");
    private final ReadOnlyStringWrapper retryText = new ReadOnlyStringWrapper(this, "retryText", "");
    private final ReadOnlyBooleanWrapper bannerVisible = new ReadOnlyBooleanWrapper(this, "bannerVisible");
    private final ReadOnlyStringWrapper daemonVersion = new ReadOnlyStringWrapper(this, "daemonVersion", "");
    private final ReadOnlyStringWrapper namespace = new ReadOnlyStringWrapper(this, "namespace");
    private final ReadOnlyStringWrapper address = new ReadOnlyStringWrapper(this, "address");
    private final ReadOnlyIntegerWrapper retryIn = new ReadOnlyIntegerWrapper(this, "retryIn");
    private final ObservableList<NamespaceInfo> namespaces = FXCollections.observableArrayList();

    private ContainerdService root;
    private ContainerdService scoped;
    private Subscription subscription;
    private int attempt;
    private boolean connecting;
    private boolean closed;
    private Cancellable tick;
    private boolean probing;
    /** Counts endpoint switches: answers of a connect to the previous endpoint are dropped. */
    private int generation;

    public ConnectionViewModel(Connector connector, String address, String namespace, ServiceSession session,
                               TaskExecutor executor, I18n i18n) {
        this.connector = connector;
        this.address.set(address);
        this.session = session;
        this.executor = executor;
        this.i18n = i18n;
        this.namespace.set(namespace);
        ensureListed(namespace);
        session.onConnectionFailure(this::operationFoundDaemonUnreachable);
    }

    // ---- properties

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Problem> problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty bannerVisibleProperty() {
        return bannerVisible.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty bannerTitleProperty() {
        return bannerTitle.getReadOnlyProperty();
    }

    /** What to do about it. */
    public ReadOnlyStringProperty bannerHintProperty() {
        return bannerHint.getReadOnlyProperty();
    }

    /** The service's own message (technical, in English). */
    public ReadOnlyStringProperty bannerDetailProperty() {
        return bannerDetail.getReadOnlyProperty();
    }

    /** "Retrying in 4 s" / "Connecting…". */
    public ReadOnlyStringProperty retryTextProperty() {
        return retryText.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty retryInProperty() {
        return retryIn.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty daemonVersionProperty() {
        return daemonVersion.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty namespaceProperty() {
        return namespace.getReadOnlyProperty();
    }

    public ObservableList<NamespaceInfo> namespaces() {
        return namespaces;
    }

    public String address() {
        return address.get();
    }

    /** The socket of the endpoint shown now. */
    public ReadOnlyStringProperty addressProperty() {
        return address.getReadOnlyProperty();
    }

    public boolean isConnected() {
        return state.get() == State.CONNECTED;
    }

    // ---- commands

    /** Connects for the first time. */
    public void start() {
        attemptConnect();
    }

    /** Tries again now instead of waiting for the back-off. */
    public void retryNow() {
        if (state.get() != State.CONNECTED) {
            attemptConnect();
        }
    }

    /** Shows another namespace (no question: looking changes nothing). */
    public void switchNamespace(String ns) {
        if (ns == null || ns.isBlank() || ns.equals(namespace.get())) {
            return;
        }
        namespace.set(ns);
        if (root == null) {
            return;
        }
        try {
            scoped = root.withNamespace(ns);
        } catch (BerthException e) {
            bannerDetail.set(e.getMessage());
            return;
        }
        // the events stream follows every namespace: from now on this one's go to the lists
        session.attach(scoped);
        if (state.get() != State.CONNECTED) {
            session.setOnline(false);
        }
        ensureListed(ns);
    }

    /**
     * Shows another containerd: drops the current connection (closed in the background), and
     * connects to {@code socket} in {@code ns} in the background. A connect still under way to the
     * previous socket is ignored when it answers. The same socket only switches the namespace.
     */
    public void switchEndpoint(String socket, String ns) {
        if (closed || socket == null || socket.isBlank()) {
            return;
        }
        if (socket.equals(address.get())) {
            switchNamespace(ns);
            return;
        }
        connectAfresh(socket, ns);
    }

    /** Drops the connection and connects again in the background (the settings a connection uses changed). */
    public void reconnect() {
        if (!closed) {
            connectAfresh(address.get(), namespace.get());
        }
    }

    private void connectAfresh(String socket, String ns) {
        generation++;
        cancelTick();
        closeSubscription();
        ContainerdService old = root;
        root = null;
        scoped = null;
        if (old != null) {
            BackgroundTask.ofVoid(p -> old.close()).executeWith(executor);
        }
        attempt = 0;
        connecting = false;
        address.set(socket);
        namespace.set(ns);
        namespaces.clear();
        ensureListed(ns);
        daemonVersion.set("");
        problem.set(Problem.NONE);
        bannerVisible.set(false);
        session.setOnline(false);
        state.set(State.CONNECTING);
        attemptConnect();
    }

    /** Reloads the namespace list (when the switcher opens). */
    public void refreshNamespaces() {
        ContainerdService s = root;
        if (s == null || state.get() != State.CONNECTED) {
            return;
        }
        BackgroundTask.of(p -> s.namespaces().list())
                .onSuccess(list -> {
                    List<NamespaceInfo> sorted = new ArrayList<>(list);
                    sorted.sort(Comparator.comparing(NamespaceInfo::name));
                    namespaces.setAll(sorted);
                    ensureListed(namespace.get());
                })
                .onFailure(session::reportFailure)
                .executeWith(executor);
    }

    /** Closes the subscription and the connection (the window closes). */
    public void close() {
        closed = true;
        cancelTick();
        closeSubscription();
        if (root != null) {
            ContainerdService r = root;
            root = null;
            r.close();
        }
    }

    // ---- internals

    private void attemptConnect() {
        if (connecting || closed) {
            return;
        }
        connecting = true;
        cancelTick();
        if (state.get() != State.CONNECTED) {
            retryText.set(i18n.tr("connection.connecting"));
        }
        if (root == null) {
            state.set(State.CONNECTING);
        }
        String ns = namespace.get();
        String socket = address.get();
        int gen = generation;
        BackgroundTask.of(p -> {
            try {
                return connector.connect(socket, ns);
            } catch (BerthException e) {
                throw classify(e, socket);
            }
        }).onSuccess(fresh -> {
            if (gen == generation) {
                connected(fresh);
            } else {
                BackgroundTask.ofVoid(p -> fresh.close()).executeWith(executor);
            }
        }).onFailure(e -> {
            if (gen == generation) {
                connectFailed(e);
            }
        }).onFinished(() -> {
            if (gen == generation) {
                connecting = false;
            }
        }).executeWith(executor);
    }

    /** Tells "no socket" from "socket there but nobody answers" (file check, off the UI thread). */
    private static BerthException classify(BerthException e, String address) {
        if (e.kind() == BerthException.Kind.UNAVAILABLE && !socketExists(address)) {
            return new SocketMissing(e);
        }
        return e;
    }

    private static boolean socketExists(String address) {
        String path = address.startsWith("unix://") ? address.substring("unix://".length()) : address;
        try {
            return Files.exists(Path.of(path));
        } catch (RuntimeException ex) {
            return false;
        }
    }

    private void connected(ContainerdService fresh) {
        if (closed) {
            fresh.close();
            return;
        }
        ContainerdService old = root;
        closeSubscription();
        root = fresh;
        attempt = 0;
        scoped = fresh.namespace().equals(namespace.get()) ? fresh : fresh.withNamespace(namespace.get());
        daemonVersion.set(fresh.daemon().version());
        state.set(State.CONNECTED);
        problem.set(Problem.NONE);
        bannerVisible.set(false);
        retryText.set("");
        retryIn.set(0);
        subscribe(fresh);
        session.attach(scoped);
        refreshNamespaces();
        if (old != null) {
            BackgroundTask.ofVoid(p -> old.close()).executeWith(executor);
        }
    }

    private void connectFailed(Throwable error) {
        BerthException be = UserError.find(error);
        Problem p;
        if (be instanceof SocketMissing) {
            p = Problem.SOCKET_MISSING;
            be = (BerthException) be.getCause();
        } else if (be != null && be.kind() == BerthException.Kind.PERMISSION_DENIED) {
            p = Problem.PERMISSION_DENIED;
        } else if (be != null && be.kind() == BerthException.Kind.UNAVAILABLE) {
            p = problem.get() == Problem.LOST ? Problem.LOST : Problem.UNREACHABLE;
        } else {
            p = Problem.FAILED;
        }
        offline(p, be != null ? be.getMessage() : String.valueOf(error.getMessage()));
    }

    private void offline(Problem p, String detail) {
        state.set(State.OFFLINE);
        problem.set(p);
        session.setOnline(false);
        bannerTitle.set(ConnectionProblems.title(p, address.get(), i18n));
        bannerHint.set(ConnectionProblems.hint(p, address.get(), i18n));
        bannerDetail.set(detail == null ? "" : detail);
        bannerVisible.set(true);
        scheduleRetry();
    }

    private void scheduleRetry() {
        cancelTick();
        Duration d = BACKOFF.get(Math.min(attempt, BACKOFF.size() - 1));
        attempt++;
        retryIn.set((int) d.getSeconds());
        updateRetryText();
        tickOnce();
    }

    private void tickOnce() {
        tick = executor.schedule(Duration.ofSeconds(1), () -> {
            tick = null;
            retryIn.set(retryIn.get() - 1);
            if (retryIn.get() <= 0) {
                attemptConnect();
            } else {
                updateRetryText();
                tickOnce();
            }
        });
    }

    private void updateRetryText() {
        retryText.set(i18n.tr("connection.retryIn", retryIn.get()));
    }

    private void cancelTick() {
        if (tick != null) {
            tick.cancel();
            tick = null;
        }
    }

    /**
     * One stream of the events of every namespace per connection: those of the namespace shown go to
     * the lists, the others let them know which namespaces' kept rows are out of date. A namespace
     * switch needs no new stream, so no event falls between two.
     */
    private void subscribe(ContainerdService connection) {
        Consumer<ContainerdEvent> events = executor.batchedOnUi(batch -> {
            if (connection != root || state.get() != State.CONNECTED) {
                return;
            }
            String shown = namespace.get();
            List<ContainerdEvent> here = new ArrayList<>(batch.size());
            List<ContainerdEvent> elsewhere = new ArrayList<>();
            for (ContainerdEvent e : batch) {
                (shown.equals(e.namespace()) ? here : elsewhere).add(e);
            }
            if (!here.isEmpty()) {
                session.publish(here);
            }
            if (!elsewhere.isEmpty()) {
                session.publishElsewhere(elsewhere);
            }
        });
        try {
            subscription = connection.events().subscribeAll(events,
                    end -> executor.runOnUi(() -> streamEnded(connection, end)));
        } catch (RuntimeException e) {
            streamEnded(connection, e);
        }
    }

    private void streamEnded(ContainerdService connection, RuntimeException error) {
        if (connection != root || state.get() != State.CONNECTED || closed) {
            return;
        }
        lost(error == null ? i18n.tr("connection.lost.streamEnded") : error.getMessage());
    }

    private void lost(String detail) {
        closeSubscription();
        attempt = 0;
        offline(Problem.LOST, detail);
    }

    /** An operation found containerd unreachable: check with a cheap call whether it really is gone. */
    private void operationFoundDaemonUnreachable(Throwable error) {
        ContainerdService r = root;
        if (r == null || state.get() != State.CONNECTED || probing) {
            return;
        }
        probing = true;
        BackgroundTask.of(p -> r.namespaces().list())
                .onFailure(e -> {
                    if (r == root && UserError.isConnectionLoss(e) && state.get() == State.CONNECTED) {
                        lost(e.getMessage());
                    }
                })
                .onFinished(() -> probing = false)
                .executeWith(executor);
    }

    private void closeSubscription() {
        if (subscription != null) {
            Subscription s = subscription;
            subscription = null;
            try {
                s.close();
            } catch (RuntimeException ignored) {
                // the stream is gone already
            }
        }
    }

    private void ensureListed(String ns) {
        if (ns != null && namespaces.stream().noneMatch(n -> n.name().equals(ns))) {
            List<NamespaceInfo> all = new ArrayList<>(namespaces);
            all.add(new NamespaceInfo(ns, java.util.Map.of()));
            all.sort(Comparator.comparing(NamespaceInfo::name));
            namespaces.setAll(all);
        }
    }

    /** Marks an Unavailable error of a socket that does not exist. */
    private static final class SocketMissing extends BerthException {
        SocketMissing(BerthException cause) {
            super(Kind.UNAVAILABLE, cause.getMessage(), cause);
        }
    }
}
