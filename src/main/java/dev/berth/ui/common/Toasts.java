package dev.berth.ui.common;

import atlantafx.base.controls.Notification;
import atlantafx.base.theme.Styles;
import javafx.animation.PauseTransition;
import javafx.geometry.Pos;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Short notices in the corner of the main window that go away by themselves. FX thread only. */
public final class Toasts {

    private static final int MAX = 4;
    private final VBox box = new VBox(8);

    public Toasts() {
        box.getStyleClass().add("toasts");
        box.setAlignment(Pos.BOTTOM_RIGHT);
        box.setPickOnBounds(false);
        box.setMaxSize(420, javafx.scene.layout.Region.USE_PREF_SIZE);
        StackPane.setAlignment(box, Pos.BOTTOM_RIGHT);
    }

    /** The layer to put on top of the window's content (in a StackPane). */
    public VBox node() {
        return box;
    }

    public void show(String message) {
        Notification n = new Notification(message, new FontIcon(Feather.INFO));
        n.getStyleClass().addAll(Styles.ELEVATED_1, "toast");
        n.setPrefWidth(400);
        n.setMaxWidth(400);
        n.setOnClose(e -> box.getChildren().remove(n));
        if (box.getChildren().size() >= MAX) {
            box.getChildren().remove(0);
        }
        box.getChildren().add(n);
        PauseTransition later = new PauseTransition(Duration.seconds(5));
        later.setOnFinished(e -> box.getChildren().remove(n));
        later.play();
    }
}
