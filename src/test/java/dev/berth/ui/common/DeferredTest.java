package dev.berth.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.controls.Message;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/** A part that shows only sometimes is made the first time it must show, once, and shows what is current then. */
@ExtendWith(ApplicationExtension.class)
class DeferredTest {

    @Test
    void madeTheFirstTimeItIsNeededAndOnlyOnce(FxRobot robot) {
        robot.interact(() -> {
            SimpleBooleanProperty needed = new SimpleBooleanProperty(false);
            AtomicInteger made = new AtomicInteger();
            StackPane holder = Deferred.whenNeeded(needed, () -> {
                made.incrementAndGet();
                return new Label("first run");
            });
            assertThat(holder.getChildren()).isEmpty();
            assertThat(holder.isVisible()).isFalse();
            assertThat(holder.isManaged()).isFalse();
            needed.set(true);
            assertThat(holder.getChildren()).hasSize(1);
            assertThat(holder.isVisible()).isTrue();
            needed.set(false);
            needed.set(true);
            assertThat(made.get()).isEqualTo(1);

            StackPane already = Deferred.whenNeeded(new SimpleBooleanProperty(true), () -> new Label("x"));
            assertThat(already.getChildren()).hasSize(1);
        });
    }

    @Test
    void aLoadErrorMadeLateShowsTheErrorOfThatMoment(FxRobot robot) {
        robot.interact(() -> {
            ReadOnlyObjectWrapper<UserError> error = new ReadOnlyObjectWrapper<>();
            StackPane holder = Deferred.whenNeeded(error.isNotNull(),
                    () -> ListScreen.loadErrorMessage(error.getReadOnlyProperty()));
            error.set(new UserError("containerd is not reachable", "connection refused", "", null));
            Message m = (Message) holder.getChildren().get(0);
            assertThat(m.getTitle()).isEqualTo("containerd is not reachable");
            assertThat(m.getDescription()).isEqualTo("connection refused");
            error.set(new UserError("Permission denied", "as root?", "", null));
            assertThat(m.getTitle()).isEqualTo("Permission denied");
        });
    }
}
