package dev.berth.ui.firstrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.BerthException;
import dev.berth.ui.common.CurrentThreadTaskExecutor;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ServiceSession;
import dev.berth.ui.common.Themes;
import dev.berth.ui.shell.ConnectionViewModel;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The first-run screen, headless (Monocle): the missing-socket case as root with containerd installed. */
@ExtendWith(ApplicationExtension.class)
class FirstRunViewTest {

    private final List<String> started = new ArrayList<>();
    private FirstRunViewModel vm;
    private ConnectionViewModel connection;

    @Start
    void start(Stage stage) {
        CurrentThreadTaskExecutor ex = new CurrentThreadTaskExecutor().holdScheduled();
        connection = new ConnectionViewModel((a, ns) -> {
            throw new BerthException.Unavailable("connection refused");
        }, FirstRunViewModelTest.MISSING, "default", new ServiceSession(), ex, I18n.english());
        vm = new FirstRunViewModel(connection, new FirstRunViewModelTest.FakeHost(true, true),
                new FirstRunViewModel.PrivateDaemon() {
                    @Override
                    public String dataDir() {
                        return "/var/lib/berth/containerd";
                    }

                    @Override
                    public String socket() {
                        return "/run/berth/containerd/containerd.sock";
                    }

                    @Override
                    public String start() {
                        started.add("start");
                        return socket();
                    }
                }, ex, I18n.english(), s -> { });
        FirstRunView view = new FirstRunView(vm, I18n.english());
        Scene scene = new Scene(view, 1100, 800);
        new Themes().style(scene);
        new Themes().apply(false);
        stage.setScene(scene);
        stage.show();
        connection.start();
    }

    @Test
    void showsWhichProblemTheCommandsAndThePrivateOptionOffByDefault(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        Node screen = robot.lookup("#first-run").query();
        assertThat(screen.isVisible()).isTrue();
        assertThat(robot.lookup("#first-run-title").queryAs(Label.class).getText())
                .isEqualTo("containerd is not running at " + FirstRunViewModelTest.MISSING);
        List<String> commands = new ArrayList<>();
        robot.lookup(".first-run-commands").queryAllAs(TextArea.class).forEach(t -> commands.add(t.getText()));
        assertThat(String.join("\n", commands)).contains("sudo systemctl enable --now containerd");
        assertThat(robot.lookup("#first-run-private").query().isVisible()).isTrue();
        CheckBox tick = robot.lookup("#first-run-private-tick").queryAs(CheckBox.class);
        Button startButton = robot.lookup("#first-run-private-start").queryAs(Button.class);
        assertThat(tick.isSelected()).isFalse();
        assertThat(startButton.isDisabled()).isTrue();

        robot.clickOn(tick);
        assertThat(startButton.isDisabled()).isFalse();
        robot.clickOn(startButton);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(started).containsExactly("start");
        assertThat(robot.lookup("#first-run-private-status").queryAs(Label.class).getText()).contains("runs at");

        robot.clickOn("#first-run-dismiss");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(screen.isVisible()).isFalse();
    }
}
