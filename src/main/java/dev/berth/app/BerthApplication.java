package dev.berth.app;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application: reads the options, asks the desktop for its colour scheme, opens the console. */
public final class BerthApplication extends Application {

    private static final System.Logger LOG = System.getLogger(BerthApplication.class.getName());

    private ConsoleOptions options;
    private CompletableFuture<Optional<Boolean>> desktopDark;
    private Console console;

    static void launchConsole(String[] args) {
        Application.launch(BerthApplication.class, args);
    }

    @Override
    public void init() {
        Map<String, String> env = System.getenv();
        options = ConsoleOptions.parse(getParameters().getRaw().toArray(new String[0]), env);
        desktopDark = options.theme() == null ? DesktopTheme.probeAsync(env)
                : CompletableFuture.completedFuture(Optional.of("dark".equals(options.theme())));
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
        console = Console.open(stage, options, Console.connector(), dark);
        StartupProbe.attachIfAsked(console);
    }

    @Override
    public void stop() {
        if (console != null) {
            console.close();
        }
    }
}
