package dev.berth.ui.common;

import dev.berth.model.BerthException;
import dev.berth.model.ContainerdEvent;
import dev.berth.model.NamespaceInfo;
import dev.berth.service.ContainerdService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The service the screens work with right now: one connection, one namespace. The connection view
 * model attaches a new one on connect, reconnect and namespace switch, marks it offline when
 * containerd goes away, and publishes containerd's events here (in batches, on the UI thread).
 * Screens listen to {@link #serviceProperty()} and {@link #onEvents}; when an operation fails
 * because containerd is unreachable they {@link #reportFailure} so the connection re-checks.
 * Touched only on the UI thread.
 */
public final class ServiceSession {

    private final ReadOnlyObjectWrapper<ContainerdService> service = new ReadOnlyObjectWrapper<>(this, "service");
    private final ReadOnlyStringWrapper namespace = new ReadOnlyStringWrapper(this, "namespace", "");
    private final ReadOnlyBooleanWrapper online = new ReadOnlyBooleanWrapper(this, "online");
    private final ReadOnlyBooleanWrapper protectedNamespace = new ReadOnlyBooleanWrapper(this, "protectedNamespace");
    private final List<Consumer<List<ContainerdEvent>>> eventListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<List<ContainerdEvent>>> elsewhereListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Throwable>> failureListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> afterForeground = new ArrayList<>();
    private int foregroundLoads;

    /** Makes {@code s} the current service (a new connection or another namespace) and marks it online. */
    public void attach(ContainerdService s) {
        namespace.set(s.namespace());
        protectedNamespace.set(NamespaceInfo.ownerOf(s.namespace()) != null);
        service.set(s);
        online.set(true);
    }

    /** containerd went away: the current service stays (its lists stay visible) but is offline. */
    public void setOnline(boolean value) {
        online.set(value);
    }

    public ReadOnlyObjectProperty<ContainerdService> serviceProperty() {
        return service.getReadOnlyProperty();
    }

    /** The current service, or null before the first connection. */
    public ContainerdService service() {
        return service.get();
    }

    /** The current service, or an Unavailable error saying there is none. */
    public ContainerdService require() {
        ContainerdService s = service.get();
        if (s == null || !online.get()) {
            throw new BerthException.Unavailable("not connected to containerd");
        }
        return s;
    }

    public ReadOnlyStringProperty namespaceProperty() {
        return namespace.getReadOnlyProperty();
    }

    public String namespace() {
        return namespace.get();
    }

    public ReadOnlyBooleanProperty onlineProperty() {
        return online.getReadOnlyProperty();
    }

    public boolean isOnline() {
        return online.get();
    }

    /** True in k8s.io and moby. */
    public ReadOnlyBooleanProperty protectedNamespaceProperty() {
        return protectedNamespace.getReadOnlyProperty();
    }

    /**
     * The list on screen started loading. Until it is done, lists that are not on screen wait (see
     * {@link #whenForegroundIdle}): after a namespace switch the rows the user looks at come first,
     * instead of sharing two cores and the daemon with four other lists. UI thread only.
     */
    public void foregroundLoadStarted() {
        foregroundLoads++;
    }

    /** The load announced by {@link #foregroundLoadStarted} is over (also when it failed). */
    public void foregroundLoadFinished() {
        foregroundLoads = Math.max(0, foregroundLoads - 1);
        if (foregroundLoads == 0 && !afterForeground.isEmpty()) {
            List<Runnable> run = new ArrayList<>(afterForeground);
            afterForeground.clear();
            run.forEach(Runnable::run);
        }
    }

    /** Runs {@code action} now when no list on screen is loading, else once they are done. UI thread only. */
    public void whenForegroundIdle(Runnable action) {
        if (foregroundLoads == 0) {
            action.run();
        } else {
            afterForeground.add(action);
        }
    }

    /** Listens to containerd's events of the current namespace; returns the way to stop listening. */
    public Runnable onEvents(Consumer<List<ContainerdEvent>> listener) {
        eventListeners.add(listener);
        return () -> eventListeners.remove(listener);
    }

    public void publish(List<ContainerdEvent> events) {
        eventListeners.forEach(l -> l.accept(events));
    }

    /**
     * Listens to containerd's events of the other namespaces (lists keep the rows of a namespace
     * they showed or read ahead until an event there changes them); returns the way to stop.
     */
    public Runnable onEventsElsewhere(Consumer<List<ContainerdEvent>> listener) {
        elsewhereListeners.add(listener);
        return () -> elsewhereListeners.remove(listener);
    }

    public void publishElsewhere(List<ContainerdEvent> events) {
        elsewhereListeners.forEach(l -> l.accept(events));
    }

    /** Listens to failures that mean containerd is unreachable. */
    public Runnable onConnectionFailure(Consumer<Throwable> listener) {
        failureListeners.add(listener);
        return () -> failureListeners.remove(listener);
    }

    /** Called with any error of an operation; those that mean "containerd is gone" reach the connection. */
    public void reportFailure(Throwable error) {
        if (UserError.isConnectionLoss(error)) {
            for (Consumer<Throwable> l : failureListeners) {
                l.accept(error);
            }
        }
    }
}
