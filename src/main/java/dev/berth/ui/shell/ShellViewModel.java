package dev.berth.ui.shell;

import dev.berth.model.NamespaceInfo;
import dev.berth.ui.activity.ActivityViewModel;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ServiceSession;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The window around the screens: which page shows, the theme, the namespace switcher and the
 * status line. The connection and the activity have their own view models.
 */
public final class ShellViewModel {

    public enum Page { IMAGES, CONTAINERS, TASKS, SNAPSHOTS, ACTIVITY }

    private final ConnectionViewModel connection;
    private final ActivityViewModel activity;
    private final ServiceSession session;
    private final I18n i18n;
    private final ObjectProperty<Page> page = new SimpleObjectProperty<>(this, "page", Page.CONTAINERS);
    private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark");
    private final StringBinding connectionText;
    private final StringBinding activityText;
    private final StringBinding protectedText;
    private java.util.function.Consumer<Boolean> themeChosen = b -> { };

    public ShellViewModel(ConnectionViewModel connection, ActivityViewModel activity, ServiceSession session, I18n i18n,
                          boolean darkInitially) {
        this.connection = connection;
        this.activity = activity;
        this.session = session;
        this.i18n = i18n;
        this.dark.set(darkInitially);
        connectionText = Bindings.createStringBinding(() -> {
            switch (connection.stateProperty().get()) {
                case CONNECTED:
                    return i18n.tr("status.connected", connection.daemonVersionProperty().get(), connection.address());
                case CONNECTING:
                    return i18n.tr("status.connecting", connection.address());
                default:
                    return i18n.tr("status.offline", connection.address());
            }
        }, connection.stateProperty(), connection.daemonVersionProperty(), connection.addressProperty());
        activityText = Bindings.createStringBinding(() -> activity.runningProperty().get() == 0 ? ""
                : i18n.tr("status.operations", activity.runningProperty().get()), activity.runningProperty());
        protectedText = Bindings.createStringBinding(() -> {
            String owner = NamespaceInfo.ownerOf(session.namespace());
            return owner == null ? "" : i18n.tr("shell.protected", session.namespace(), owner);
        }, session.namespaceProperty());
        page.addListener((o, a, b) -> {
            if (b == Page.ACTIVITY) {
                activity.markSeen();
            }
        });
    }

    public ConnectionViewModel connection() {
        return connection;
    }

    public ActivityViewModel activity() {
        return activity;
    }

    public ObjectProperty<Page> pageProperty() {
        return page;
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    /** The user switches the theme (the choice is remembered through {@link #onThemeChosen}). */
    public void toggleTheme() {
        dark.set(!dark.get());
        themeChosen.accept(dark.get());
    }

    /** Told each time the user switches the theme (not when the desktop's scheme is applied). */
    public void onThemeChosen(java.util.function.Consumer<Boolean> listener) {
        this.themeChosen = listener;
    }

    /** "containerd 1.6.20 · /run/containerd/containerd.sock". */
    public StringBinding connectionText() {
        return connectionText;
    }

    /** "2 operations running" or empty. */
    public StringBinding activityText() {
        return activityText;
    }

    /** A warning line while in k8s.io or moby, else empty. */
    public StringBinding protectedText() {
        return protectedText;
    }

    public void selectNamespace(String ns) {
        connection.switchNamespace(ns);
    }

    /** How the switcher shows a namespace: its name, and who owns it. */
    public String namespaceLabel(NamespaceInfo ns) {
        return ns.owner() == null ? ns.name() : i18n.tr("shell.namespaceOwned", ns.name(), ns.owner());
    }

    public ServiceSession session() {
        return session;
    }
}
