package dev.berth.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.beans.property.SimpleStringProperty;
import javafx.event.Event;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/** A tooltip is made when the pointer first comes over its control, with the text it was given. */
@ExtendWith(ApplicationExtension.class)
class TipsTest {

    private static MouseEvent entered() {
        return new MouseEvent(MouseEvent.MOUSE_ENTERED, 1, 1, 1, 1, MouseButton.NONE, 0, false, false, false, false,
                false, false, false, false, false, false, null);
    }

    @Test
    void madeOnTheFirstHoverAndFollowingItsText(FxRobot robot) {
        robot.interact(() -> {
            Button b = new Button("x");
            Tips.set(b, "Refresh  (F5)");
            assertThat(b.getTooltip()).as("nothing made before the pointer comes").isNull();
            Event.fireEvent(b, entered());
            assertThat(b.getTooltip()).isNotNull();
            assertThat(b.getTooltip().getText()).isEqualTo("Refresh  (F5)");
            var first = b.getTooltip();
            Event.fireEvent(b, entered());
            assertThat(b.getTooltip()).as("made once").isSameAs(first);

            SimpleStringProperty address = new SimpleStringProperty("/run/a.sock");
            Label l = new Label();
            Tips.bind(l, address);
            Event.fireEvent(l, entered());
            address.set("/run/b.sock");
            assertThat(l.getTooltip().getText()).isEqualTo("/run/b.sock");
        });
    }
}
