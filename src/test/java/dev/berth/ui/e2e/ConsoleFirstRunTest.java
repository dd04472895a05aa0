package dev.berth.ui.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.controls.Notification;
import dev.berth.app.Console;
import dev.berth.app.ConsoleOptions;
import dev.berth.app.settings.ConsoleSettings;
import dev.berth.app.settings.Settings;
import dev.berth.app.settings.SettingsStore;
import dev.berth.model.BerthException;
import dev.berth.model.Endpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The whole console, headless, without containerd: it opens on the first-run screen when the
 * socket is missing, says that the settings file was damaged and where the old one went, shows the
 * endpoints of the settings, and after "continue" the banner and the sidebar.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleFirstRunTest {

    private static final String MISSING = "/nonexistent/berth-console-first-run.sock";
    private Console console;

    @Start
    void start(Stage stage) {
        Settings s = Settings.defaults().withEndpoints(List.of(new Endpoint("nowhere", MISSING, "default"),
                new Endpoint("lab", "/nonexistent/lab.sock", "builds")), "nowhere");
        SettingsStore.Loaded loaded = new SettingsStore.Loaded(Settings.defaults(), SettingsStore.Problem.CORRUPT,
                Path.of("/home/ann/.config/berth/settings.json.corrupt-20260304-050607"), "Unexpected end-of-input");
        console = Console.open(stage, new ConsoleOptions(MISSING, "default", Locale.ENGLISH, "light"), (a, ns) -> {
            throw new BerthException.Unavailable("connection refused");
        }, false, new ConsoleSettings(loaded, s, null));
    }

    @AfterEach
    void close() {
        E2E.closeAll();
    }

    @Test
    void opensOnTheFirstRunScreenAndSaysWhatHappenedToTheSettings(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                () -> console.firstRun().visibleProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#first-run").query().isVisible()).isTrue();
        assertThat(robot.lookup("#first-run-title").queryAs(Label.class).getText())
                .isEqualTo("containerd is not running at " + MISSING);
        List<String> notices = robot.lookup(".toast").queryAllAs(Notification.class).stream()
                .map(Notification::getMessage).toList();
        assertThat(notices).anySatisfy(n -> assertThat(n).contains("damaged")
                .contains("settings.json.corrupt-20260304-050607"));

        robot.clickOn("#first-run-dismiss");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#first-run").query().isVisible()).isFalse();
        assertThat(robot.lookup("#connection-banner").query().isVisible()).isTrue();
        @SuppressWarnings("unchecked")
        ComboBox<Endpoint> endpoints = robot.lookup("#endpoint-switcher").queryAs(ComboBox.class);
        assertThat(endpoints.getItems()).extracting(Endpoint::name).containsExactly("nowhere", "lab");
        assertThat(endpoints.getValue().name()).isEqualTo("nowhere");

        robot.interact(() -> console.endpoints().select(console.endpoints().endpoints().get(1)));
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                () -> console.connection().address().equals("/nonexistent/lab.sock")
                        && console.connection().bannerVisibleProperty().get());
        assertThat(console.connection().namespaceProperty().get()).isEqualTo("builds");
        assertThat(console.settings().get().currentEndpoint()).isEqualTo("lab");
        assertThat(robot.lookup("#first-run").query().isVisible()).as("dismissed for this run").isFalse();
    }

    @Test
    void addsAnEndpointThroughTheDialogAndRefusesABadOne(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                () -> console.firstRun().visibleProperty().get());
        robot.clickOn("#first-run-dismiss");
        robot.clickOn("#endpoint-add");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#endpoint-name").write("remote");
        robot.clickOn("#endpoint-socket").write("relative.sock");
        robot.clickOn("Add and connect");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#endpoint-error").queryAs(Label.class).getText()).contains("absolute");
        assertThat(console.endpoints().endpoints()).hasSize(2);

        robot.interact(() -> robot.lookup("#endpoint-socket").queryAs(javafx.scene.control.TextField.class)
                .setText("/tmp/remote-containerd.sock"));
        robot.clickOn("Add and connect");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#endpoint-name").tryQuery()).as("the dialog closed").isEmpty();
        assertThat(console.endpoints().endpoints()).extracting(Endpoint::name).containsExactly("nowhere", "lab", "remote");
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                () -> console.connection().address().equals("/tmp/remote-containerd.sock"));
        assertThat(console.settings().get().current()).isEqualTo(new Endpoint("remote", "/tmp/remote-containerd.sock",
                "default"));
    }
}
