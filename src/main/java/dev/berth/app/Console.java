package dev.berth.app;

import dev.berth.app.settings.ConsoleSettings;
import dev.berth.app.settings.Settings;
import dev.berth.app.settings.SettingsStore;
import dev.berth.service.DefaultContainerdService;
import dev.berth.service.ServiceOptions;
import dev.berth.ui.activity.ActivityView;
import dev.berth.ui.activity.ActivityViewModel;
import dev.berth.ui.common.ChangeGuard;
import dev.berth.ui.common.Deferred;
import dev.berth.ui.common.DialogService;
import dev.berth.ui.common.FxDialogService;
import dev.berth.ui.common.FxTaskExecutor;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.Lazy;
import dev.berth.ui.common.ResourceListViewModel;
import dev.berth.ui.common.Screen;
import dev.berth.ui.common.ServiceSession;
import dev.berth.ui.common.Themes;
import dev.berth.ui.common.Toasts;
import dev.berth.ui.common.Windows;
import dev.berth.ui.containers.ContainersView;
import dev.berth.ui.firstrun.FirstRunView;
import dev.berth.ui.firstrun.FirstRunViewModel;
import dev.berth.ui.settings.SettingsDialog;
import dev.berth.ui.settings.SettingsViewModel;
import dev.berth.ui.containers.ContainersViewModel;
import dev.berth.ui.containers.CreateContainerViewModel;
import dev.berth.ui.images.ImagesView;
import dev.berth.ui.images.ImagesViewModel;
import dev.berth.ui.images.PullViewModel;
import dev.berth.ui.shell.ConnectionViewModel;
import dev.berth.ui.shell.EndpointsViewModel;
import dev.berth.ui.shell.ShellView;
import dev.berth.ui.shell.ShellViewModel;
import dev.berth.ui.snapshots.SnapshotsView;
import dev.berth.ui.snapshots.SnapshotsViewModel;
import dev.berth.ui.tasks.TasksView;
import dev.berth.ui.tasks.TasksViewModel;
import dev.berth.ui.versions.VersionWindows;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.beans.value.ObservableIntegerValue;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The composition root of the console: builds every view model and view through constructors and
 * wires them together on one stage. The application, the UI tests and the screenshot command all
 * open the console through here.
 */
public final class Console {

    private final Stage stage;
    private final FxTaskExecutor executor;
    private final I18n i18n;
    private final Themes themes = new Themes();
    private final ServiceSession session = new ServiceSession();
    private final DialogService dialogs;
    private final ConnectionViewModel connection;
    private final ActivityViewModel activity;
    private final ShellViewModel shell;
    private final ImagesViewModel images;
    private final ContainersViewModel containers;
    private final TasksViewModel tasks;
    private final SnapshotsViewModel snapshots;
    /** The list of each page that has one (Activity has none). */
    private final Map<ShellViewModel.Page, ResourceListViewModel<?>> lists = new EnumMap<>(ShellViewModel.Page.class);
    private final ShellView shellView;
    private final Lazy<ImagesView> imagesView;
    private final Lazy<ContainersView> containersView;
    private final UncaughtErrors errors;
    private final ConsoleSettings settings;
    private final EndpointsViewModel endpoints;
    private final FirstRunViewModel firstRun;
    private final PrivateContainerd privateContainerd;

    private Console(Stage stage, ConsoleOptions options, ConnectionViewModel.Connector connector, boolean dark,
                    ConsoleSettings settings) {
        this.stage = stage;
        this.settings = settings;
        themes.apply(dark); // before the first control (see Themes.apply)
        this.i18n = I18n.forLocale(options.locale());
        this.executor = FxTaskExecutor.withDefaultSize();
        Toasts toasts = new Toasts();
        this.dialogs = new FxDialogService(() -> stage, i18n, themes::style, toasts);
        ChangeGuard guard = new ChangeGuard(dialogs, i18n);
        Windows windows = new Windows(themes, () -> stage);

        activity = new ActivityViewModel(i18n, Clock.systemDefaultZone());
        executor.setActivitySink(activity);
        connection = new ConnectionViewModel(connector, settings.get().current().address(),
                settings.get().current().namespace(), session, executor, i18n);
        shell = new ShellViewModel(connection, activity, session, i18n, dark);
        endpoints = new EndpointsViewModel(connection, settings.get().endpoints(), settings.get().currentEndpoint(), dialogs,
                i18n, (list, current) -> settings.update(s -> s.withEndpoints(list, current)));
        privateContainerd = PrivateContainerd.forThisMachine(ServiceOptions.defaultDataDir(), System.getenv());
        firstRun = new FirstRunViewModel(connection, new SystemHost(System.getenv()), privateContainerd, executor, i18n,
                socket -> endpoints.useSocket(i18n.tr("firstRun.private.endpoint"), socket));
        images = new ImagesViewModel(session, executor, i18n, dialogs, guard);
        containers = new ContainersViewModel(session, executor, i18n, dialogs, guard);
        tasks = new TasksViewModel(session, executor, i18n, dialogs, guard);
        snapshots = new SnapshotsViewModel(session, executor, i18n, dialogs, guard);

        // The pages are made when first shown (at start-up only the one on screen: building the
        // four others took a sixth of the time to the first window). A list whose page is not made
        // yet is not on screen: it loads after the one that is (see ResourceListViewModel.active).
        ShellViewModel.Page first = shell.pageProperty().get();
        lists.put(ShellViewModel.Page.IMAGES, images);
        lists.put(ShellViewModel.Page.CONTAINERS, containers);
        lists.put(ShellViewModel.Page.TASKS, tasks);
        lists.put(ShellViewModel.Page.SNAPSHOTS, snapshots);
        lists.forEach((page, list) -> list.activeProperty().set(page == first));
        Lazy<VersionWindows> versionWindows = Lazy.of(() -> new VersionWindows(session, executor, i18n, dialogs, guard,
                windows, (snapshot, key) -> containersView().openCreateFromSnapshot(snapshot, key), () -> {
                    containers.refreshSoon();
                    snapshots.refreshSoon();
                }));
        containersView = Lazy.of(() -> {
            ContainersView v = new ContainersView(containers, i18n, windows);
            v.versionActions(r -> versionWindows.get().commitVersion(r.id()),
                    r -> versionWindows.get().versions(r.id(), r.image()));
            return v;
        });
        imagesView = Lazy.of(() -> new ImagesView(images, i18n, windows, dialogs, ref -> containersView().openCreate(ref)));
        Lazy<TasksView> tasksView = Lazy.of(() -> new TasksView(tasks, i18n, windows));
        Lazy<SnapshotsView> snapshotsView = Lazy.of(() -> new SnapshotsView(snapshots, i18n, windows,
                (snapshot, key) -> containersView().openCreateFromSnapshot(snapshot, key)));
        Lazy<ActivityView> activityView = Lazy.of(() -> new ActivityView(activity, i18n, dialogs,
                s -> s instanceof PullViewModel || s instanceof CreateContainerViewModel, this::reopen));

        Map<ShellViewModel.Page, Lazy<? extends Screen>> screens = new EnumMap<>(ShellViewModel.Page.class);
        screens.put(ShellViewModel.Page.IMAGES, imagesView);
        screens.put(ShellViewModel.Page.CONTAINERS, containersView);
        screens.put(ShellViewModel.Page.TASKS, tasksView);
        screens.put(ShellViewModel.Page.SNAPSHOTS, snapshotsView);
        screens.put(ShellViewModel.Page.ACTIVITY, activityView);
        // rows of other namespaces: kept after a switch and read ahead when the namespace list is read
        // (after a connect, when the switcher opens), so that switching shows them at once
        boolean keep = keepOtherNamespaces(System.getProperty("berth.keepNamespaces"), System.getenv("BERTH_KEEP_NAMESPACES"));
        lists.values().forEach(l -> l.setKeepOtherNamespaces(keep));
        connection.namespaces().addListener((javafx.collections.ListChangeListener<dev.berth.model.NamespaceInfo>) c -> {
            List<String> names = connection.namespaces().stream().map(dev.berth.model.NamespaceInfo::name).toList();
            lists.values().forEach(l -> l.readAhead(names));
        });
        Map<ShellViewModel.Page, ObservableIntegerValue> counts = new EnumMap<>(ShellViewModel.Page.class);
        counts.put(ShellViewModel.Page.IMAGES, images.totalProperty());
        counts.put(ShellViewModel.Page.CONTAINERS, containers.totalProperty());
        counts.put(ShellViewModel.Page.TASKS, tasks.totalProperty());
        counts.put(ShellViewModel.Page.SNAPSHOTS, snapshots.totalProperty());
        counts.put(ShellViewModel.Page.ACTIVITY, activity.runningProperty());
        shellView = new ShellView(shell, endpoints, i18n, themes, toasts, screens, counts);
        shellView.setOverlay(Deferred.whenNeeded(firstRun.visibleProperty(), () -> new FirstRunView(firstRun, i18n)));
        SettingsViewModel settingsVm = new SettingsViewModel(new SettingsEditor(settings, i18n, this::themeChosen,
                connection::reconnect));
        shellView.setOnSettings(() -> SettingsDialog.show(stage, themes, i18n, settingsVm));
        shellView.setGlobalActions(() -> {
            if (session.isOnline()) {
                imagesView.get().openPull("");
            }
        }, () -> {
            if (session.isOnline()) {
                containersView.get().openCreate("");
            }
        });
        errors = new UncaughtErrors(dialogs, i18n);
    }

    /** The production connector: a real containerd at the socket. */
    public static ConnectionViewModel.Connector connector() {
        return (address, namespace) -> DefaultContainerdService.connect(ServiceOptions.of(address, namespace));
    }

    /** The production connector with the settings' registries, downloads and CNI network. */
    public static ConnectionViewModel.Connector connector(ConsoleSettings settings) {
        return (address, namespace) -> DefaultContainerdService.connect(settings.get().serviceOptions(address, namespace));
    }

    /** Builds the console on {@code stage}, shows it and starts connecting; settings in memory only. FX thread. */
    public static Console open(Stage stage, ConsoleOptions options, ConnectionViewModel.Connector connector, boolean dark) {
        return open(stage, options, connector, dark,
                ConsoleSettings.inMemory(Settings.only(options.address(), options.namespace())));
    }

    /** Builds the console on {@code stage} with these settings, shows it and starts connecting. FX thread. */
    public static Console open(Stage stage, ConsoleOptions options, ConnectionViewModel.Connector connector, boolean dark,
                               ConsoleSettings settings) {
        Console c = new Console(stage, options, connector, dark, settings);
        if (connector instanceof EarlyConnector early) {
            // the first page's rows, read while the window is built: the first frame shows them
            ResourceListViewModel<?> first = c.lists.get(c.shell.pageProperty().get());
            if (first != null) {
                early.whenConnected(first::prefetch);
            }
        }
        var bounds = settings.get().window();
        Scene scene = c.shellView.createScene(WindowPlacement.width(bounds), WindowPlacement.height(bounds));
        stage.setScene(scene);
        stage.setTitle(c.i18n.tr("app.title"));
        stage.setMinWidth(900);
        stage.setMinHeight(560);
        Icons.apply(stage);
        c.errors.install();
        WindowPlacement.restore(stage, bounds);
        stage.setOnHidden(e -> c.close());
        // connecting before the window shows: the connection is up (EarlyConnector) by the time
        // show() returns, so the first page's rows are in before the first frame
        c.connection.start();
        stage.show();
        c.shell.onThemeChosen(b -> settings.update(s -> s.withTheme(b ? "dark" : "light")));
        c.tellAboutSettingsProblem();
        c.shellView.focusCurrentPage();
        return c;
    }

    /** Whether lists keep other namespaces' rows: on unless the property or the environment says false or 0. */
    static boolean keepOtherNamespaces(String property, String environment) {
        String v = property != null ? property : environment;
        return v == null || !(v.trim().equalsIgnoreCase("false") || v.trim().equals("0"));
    }

    private void reopen(Object subject) {
        if (subject instanceof PullViewModel) {
            imagesView.get().reopen((PullViewModel) subject);
        } else if (subject instanceof CreateContainerViewModel) {
            containersView.get().reopen((CreateContainerViewModel) subject);
        }
    }

    /** The settings window chose a theme: light or dark now; "system" asks the desktop (in the background). */
    private void themeChosen(String theme) {
        if ("light".equals(theme) || "dark".equals(theme)) {
            shell.darkProperty().set("dark".equals(theme));
        } else {
            DesktopTheme.probeAsync(System.getenv()).thenAccept(d -> d.ifPresent(dark ->
                    javafx.application.Platform.runLater(() -> shell.darkProperty().set(dark))));
        }
    }

    private void tellAboutSettingsProblem() {
        SettingsStore.Loaded l = settings.loaded();
        if (l.problem() == SettingsStore.Problem.NONE) {
            return;
        }
        String kept = l.keptAt() == null ? i18n.tr("settings.notMoved") : i18n.tr("settings.keptAt", l.keptAt());
        dialogs.notify(l.problem() == SettingsStore.Problem.CORRUPT ? i18n.tr("settings.corrupt", kept)
                : i18n.tr("settings.unreadable", kept));
    }

    public void close() {
        if (stage.getScene() != null) {
            settings.update(s -> s.withWindow(WindowPlacement.of(stage, s.window())));
        }
        connection.close();
        privateContainerd.stop();
        executor.shutdown();
    }

    // ---- for tests and the screenshot command

    public Stage stage() {
        return stage;
    }

    public I18n i18n() {
        return i18n;
    }

    public ShellViewModel shell() {
        return shell;
    }

    public ConnectionViewModel connection() {
        return connection;
    }

    public ActivityViewModel activity() {
        return activity;
    }

    public ImagesViewModel images() {
        return images;
    }

    public ContainersViewModel containers() {
        return containers;
    }

    public TasksViewModel tasks() {
        return tasks;
    }

    public SnapshotsViewModel snapshots() {
        return snapshots;
    }

    public ImagesView imagesView() {
        return imagesView.get();
    }

    public ContainersView containersView() {
        return containersView.get();
    }

    public ServiceSession session() {
        return session;
    }

    public ConsoleSettings settings() {
        return settings;
    }

    public EndpointsViewModel endpoints() {
        return endpoints;
    }

    public FirstRunViewModel firstRun() {
        return firstRun;
    }
}
