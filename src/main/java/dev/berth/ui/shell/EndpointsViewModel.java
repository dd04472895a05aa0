package dev.berth.ui.shell;

import dev.berth.model.BerthException;
import dev.berth.model.Endpoint;
import dev.berth.ui.common.DialogService;
import dev.berth.ui.common.I18n;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * The containerds in the sidebar: each a name and a socket path, each remembering its namespace
 * and how its connection last went. Switching hands the socket to the {@link ConnectionViewModel},
 * which connects in the background. Every change is handed to {@code persist} (the settings).
 * UI thread only.
 */
public final class EndpointsViewModel {

    private final ConnectionViewModel connection;
    private final DialogService dialogs;
    private final I18n i18n;
    private final BiConsumer<List<Endpoint>, String> persist;
    private final ObservableList<Endpoint> endpoints = FXCollections.observableArrayList();
    private final ObservableMap<String, ConnectionViewModel.State> states = FXCollections.observableHashMap();
    private final ReadOnlyObjectWrapper<Endpoint> current = new ReadOnlyObjectWrapper<>(this, "current");

    /**
     * @param persist told the new list and the current endpoint's name after each change
     */
    public EndpointsViewModel(ConnectionViewModel connection, List<Endpoint> initial, String currentName,
                              DialogService dialogs, I18n i18n, BiConsumer<List<Endpoint>, String> persist) {
        this.connection = connection;
        this.dialogs = dialogs;
        this.i18n = i18n;
        this.persist = persist;
        endpoints.setAll(initial);
        current.set(initial.stream().filter(e -> e.name().equals(currentName)).findFirst().orElse(initial.get(0)));
        connection.stateProperty().addListener((o, a, b) -> states.put(current.get().name(), b));
        states.put(current.get().name(), connection.stateProperty().get());
        connection.namespaceProperty().addListener((o, a, b) -> rememberNamespace(b));
    }

    public ObservableList<Endpoint> endpoints() {
        return endpoints;
    }

    public ReadOnlyObjectProperty<Endpoint> currentProperty() {
        return current.getReadOnlyProperty();
    }

    /** How each endpoint's connection last went (absent: not tried in this run). */
    public ObservableMap<String, ConnectionViewModel.State> states() {
        return states;
    }

    /** Shows another endpoint (in its own namespace); connecting happens in the background. */
    public void select(Endpoint e) {
        if (e == null || e.equals(current.get()) || !endpoints.contains(e)) {
            return;
        }
        current.set(e);
        connection.switchEndpoint(e.address(), e.namespace());
        save();
    }

    /**
     * Why these values cannot make an endpoint (replacing {@code replacing}, or new when null), or
     * null when they can.
     */
    public String problem(String name, String socket, String namespace, Endpoint replacing) {
        if (name == null || name.isBlank()) {
            return i18n.tr("endpoints.error.name");
        }
        if (socket == null || socket.isBlank()) {
            return i18n.tr("endpoints.error.socket");
        }
        String path = socket.strip().startsWith("unix://") ? socket.strip().substring("unix://".length()) : socket.strip();
        if (!path.startsWith("/")) {
            return i18n.tr("endpoints.error.absolute");
        }
        if (namespace != null && !namespace.isBlank() && !namespace.strip().matches("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")) {
            return i18n.tr("endpoints.error.namespace");
        }
        String n = name.strip();
        if (endpoints.stream().anyMatch(e -> e != replacing && e.name().equals(n))) {
            return i18n.tr("endpoints.error.duplicate", n);
        }
        return null;
    }

    /** Adds an endpoint and switches to it. Returns the problem, or null when added. */
    public String add(String name, String socket, String namespace) {
        String p = problem(name, socket, namespace, null);
        if (p != null) {
            return p;
        }
        Endpoint e = new Endpoint(name, socket, namespace);
        endpoints.add(e);
        select(e);
        save();
        return null;
    }

    /**
     * Shows the containerd at {@code socket}: the endpoint with that socket when there is one, else
     * a new endpoint named {@code name} (made unique).
     */
    public void useSocket(String name, String socket) {
        Endpoint known = endpoints.stream().filter(e -> e.address().equals(socket)).findFirst().orElse(null);
        if (known != null) {
            select(known);
            return;
        }
        String unique = name;
        for (int i = 2; i < 100 && problem(unique, socket, null, null) != null; i++) {
            unique = name + " " + i;
        }
        add(unique, socket, null);
    }

    /** Changes an endpoint; when it is the one shown and its socket or namespace changed, reconnects. */
    public String edit(Endpoint old, String name, String socket, String namespace) {
        String p = problem(name, socket, namespace, old);
        if (p != null) {
            return p;
        }
        int i = endpoints.indexOf(old);
        if (i < 0) {
            return i18n.tr("endpoints.error.gone");
        }
        Endpoint e;
        try {
            e = new Endpoint(name, socket, namespace);
        } catch (BerthException ex) {
            return ex.getMessage();
        }
        endpoints.set(i, e);
        ConnectionViewModel.State st = states.remove(old.name());
        if (st != null) {
            states.put(e.name(), st);
        }
        if (old.equals(current.get())) {
            current.set(e);
            connection.switchEndpoint(e.address(), e.namespace());
        }
        save();
        return null;
    }

    /** Removes an endpoint after asking; never the last one. Removing the one shown switches to the first other. */
    public void remove(Endpoint e) {
        if (e == null || endpoints.size() <= 1 || !endpoints.contains(e)) {
            return;
        }
        if (!dialogs.confirm(i18n.tr("endpoints.remove.title", e.name()), i18n.tr("endpoints.remove.message", e.address()),
                i18n.tr("endpoints.remove.confirm"))) {
            return;
        }
        endpoints.remove(e);
        states.remove(e.name());
        if (e.equals(current.get())) {
            select(endpoints.get(0));
        }
        save();
    }

    public boolean canRemove() {
        return endpoints.size() > 1;
    }

    private void rememberNamespace(String ns) {
        Endpoint c = current.get();
        if (ns == null || c == null || ns.equals(c.namespace())) {
            return;
        }
        Endpoint changed = c.withNamespace(ns);
        int i = endpoints.indexOf(c);
        if (i >= 0) {
            endpoints.set(i, changed);
        }
        current.set(changed);
        save();
    }

    private void save() {
        persist.accept(new ArrayList<>(endpoints), current.get().name());
    }
}
