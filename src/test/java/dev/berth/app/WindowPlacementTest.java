package dev.berth.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.settings.WindowBounds;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The window opens where it was, unless that place is on no screen now; its place is read back for the settings. */
@ExtendWith(ApplicationExtension.class)
class WindowPlacementTest {

    private Stage stage;

    @Start
    void start(Stage s) {
        stage = s;
        s.setScene(new Scene(new Pane(), 950, 600));
    }

    @Test
    void restoresAPlaceOnAScreenAndIgnoresOneOffAllScreens(FxRobot robot) {
        robot.interact(() -> {
            WindowPlacement.restore(stage, new WindowBounds(50, 40, 950, 600, false));
            stage.show();
        });
        assertThat(stage.getX()).isEqualTo(50);
        assertThat(stage.getY()).isEqualTo(40);
        robot.interact(() -> {
            stage.setX(10);
            stage.setY(20);
            WindowPlacement.restore(stage, new WindowBounds(90_000, 90_000, 950, 600, false));
        });
        assertThat(stage.getX()).as("a monitor that is gone").isEqualTo(10);
        WindowBounds now = WindowPlacement.of(stage, null);
        assertThat(now.x()).isEqualTo(10);
        assertThat(now.y()).isEqualTo(20);
        assertThat(now.width()).isGreaterThanOrEqualTo(WindowBounds.MIN_WIDTH);
        assertThat(now.maximized()).isFalse();
    }

    @Test
    void aMaximizedWindowKeepsItsLastNormalBounds() {
        WindowBounds before = new WindowBounds(30, 30, 1100, 700, false);
        javafx.application.Platform.runLater(() -> stage.setMaximized(true));
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        WindowBounds b = WindowPlacement.of(stage, before);
        assertThat(b).isEqualTo(new WindowBounds(30, 30, 1100, 700, true));
        assertThat(WindowPlacement.width(null)).isEqualTo(1280);
        assertThat(WindowPlacement.height(before)).isEqualTo(700);
    }
}
