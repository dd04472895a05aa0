package dev.berth.app;

import dev.berth.app.settings.ConsoleSettings;
import dev.berth.app.settings.Settings;
import dev.berth.app.settings.SettingsSaver;
import dev.berth.app.settings.SettingsStore;
import dev.berth.ui.common.I18n;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.stage.Stage;

/**
 * The JavaFX application: reads the options and the settings file (flags and environment win over
 * the file), asks the desktop for its colour scheme when neither fixes one, opens the console.
 */
public final class BerthApplication extends Application {

    private static final System.Logger LOG = System.getLogger(BerthApplication.class.getName());
    /** The settings writer of this run; the launcher waits for its last write after the window closes. */
    private static volatile SettingsSaver saver;

    /** Reading the settings and connecting, started before the toolkit (see {@link #launchConsole}). */
    private static volatile CompletableFuture<Start> preparing;

    /** What the console starts with, read off the window's critical path. */
    private record Start(ConsoleSettings settings, ConsoleOptions options, EarlyConnector connector,
                         CompletableFuture<Optional<Boolean>> desktopDark) {
    }

    private ConsoleOptions options;
    private ConsoleSettings settings;
    private CompletableFuture<Optional<Boolean>> desktopDark;
    private Console console;
    private EarlyConnector connector;

    /**
     * Starts the console. The settings file is read, the desktop asked for its colour scheme and
     * containerd connected on a thread of their own while JavaFX starts its toolkit and then builds
     * the window (on two cores, each of those used to wait for the one before).
     */
    static void launchConsole(String[] args) {
        Map<String, String> env = System.getenv();
        Graphics.choose(env);
        preparing = CompletableFuture.supplyAsync(() -> prepare(args, env), r -> {
            Thread t = new Thread(r, "berth-prepare");
            t.setDaemon(true);
            t.start();
        });
        Application.launch(BerthApplication.class, args);
        SettingsSaver s = saver;
        if (s != null) {
            s.flush(Duration.ofSeconds(3));
        }
    }

    private static Start prepare(String[] args, Map<String, String> env) {
        ConsoleOptions.Requested requested = ConsoleOptions.requested(args, env);
        SettingsStore store = SettingsStore.atDefaultPlace(env);
        SettingsStore.Loaded loaded = store.load();
        Settings start = loaded.settings().withRequested(requested.address(), requested.namespace());
        saver = new SettingsSaver(store);
        ConsoleSettings settings = new ConsoleSettings(loaded, start, saver);
        ConsoleOptions options = startOptions(requested, start);
        // connect while the window is being built (the first connect of the console takes it)
        EarlyConnector connector = new EarlyConnector(Console.connector(settings));
        connector.start(options.address(), options.namespace());
        CompletableFuture<Optional<Boolean>> dark = options.theme() == null ? DesktopTheme.probeAsync(env)
                : CompletableFuture.completedFuture(Optional.of("dark".equals(options.theme())));
        return new Start(settings, options, connector, dark);
    }

    /** Launcher thread: takes what {@link #prepare} read (reads it here when launched otherwise). */
    @Override
    public void init() {
        Start s;
        CompletableFuture<Start> p = preparing;
        if (p == null) {
            s = prepare(getParameters().getRaw().toArray(new String[0]), System.getenv());
        } else {
            try {
                s = p.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        }
        settings = s.settings();
        options = s.options();
        connector = s.connector();
        desktopDark = s.desktopDark();
    }

    /**
     * What the console starts with: the current endpoint of the settings (which the flags and the
     * environment have already picked), and language and theme from the flags or the environment,
     * else from the settings (theme null: follow the desktop).
     */
    static ConsoleOptions startOptions(ConsoleOptions.Requested requested, Settings start) {
        String lang = requested.lang() != null ? requested.lang() : start.language();
        String theme = requested.theme() != null ? requested.theme() : start.fixedTheme();
        return new ConsoleOptions(start.current().address(), start.current().namespace(), I18n.parseLocale(lang), theme);
    }

    @Override
    public void start(Stage stage) {
        boolean dark = false;
        try {
            // init() started the probe on its own thread; by now it has normally answered
            dark = desktopDark.get(300, TimeUnit.MILLISECONDS).orElse(false);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "no answer from the desktop about its colour scheme in time");
            desktopDark.thenAccept(d -> d.filter(Boolean::booleanValue).ifPresent(v ->
                    javafx.application.Platform.runLater(() -> console.shell().darkProperty().set(true))));
        }
        console = Console.open(stage, options, connector, dark, settings);
        StartupProbe.attachIfAsked(console);
    }

    @Override
    public void stop() {
        if (console != null) {
            console.close();
        }
    }
}
