package dev.berth.ui.e2e;

import dev.berth.app.Console;
import dev.berth.app.ConsoleOptions;
import dev.berth.service.DefaultContainerdService;
import dev.berth.service.ServiceOptions;
import dev.berth.testenv.TestEnv;
import dev.berth.ui.shell.ConnectionViewModel;
import java.util.List;
import java.util.Locale;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Opening the console on the test environment, and what the UI tests share. */
final class E2E {

    /** One watchdog for all UI tests of the JVM; each test class prints its figure. */
    static final FxWatchdog WATCHDOG = new FxWatchdog();
    private static boolean started;

    private E2E() {
    }

    static synchronized void startWatchdog() {
        if (!started) {
            WATCHDOG.phase("start-up (window, first load)");
            WATCHDOG.start();
            started = true;
        }
    }

    static ConnectionViewModel.Connector connector() {
        return (address, namespace) -> DefaultContainerdService.connect(ServiceOptions.of(address, namespace)
                .withDataDir(TestEnv.envDir().resolve("berth-data")));
    }

    static Console open(Stage stage, TestEnv env, String namespace) {
        return Console.open(stage, new ConsoleOptions(env.address(), namespace, Locale.ENGLISH, "light"), connector(), false);
    }

    /** Closes every window (the console closes its connection when its stage hides). */
    static void closeAll() {
        Fx.run(() -> List.copyOf(Window.getWindows()).forEach(Window::hide));
    }

    static String uniqueNamespace(String prefix) {
        return prefix + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }
}
