package dev.berth.app;

import dev.berth.app.settings.WindowBounds;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

/** Puts the main window where it was last time (when that is still on a screen), and reads where it is. */
final class WindowPlacement {

    static final double DEFAULT_WIDTH = 1280;
    static final double DEFAULT_HEIGHT = 800;

    private WindowPlacement() {
    }

    /** The size the scene starts with. */
    static double width(WindowBounds b) {
        return b == null ? DEFAULT_WIDTH : b.width();
    }

    static double height(WindowBounds b) {
        return b == null ? DEFAULT_HEIGHT : b.height();
    }

    /** Before the stage shows: position and maximized state, when the title bar would be on a screen. */
    static void restore(Stage stage, WindowBounds b) {
        if (b == null) {
            return;
        }
        Rectangle2D titleBar = new Rectangle2D(b.x() + 40, b.y(), Math.max(1, b.width() - 80), 30);
        if (!Screen.getScreensForRectangle(titleBar).isEmpty()) {
            stage.setX(b.x());
            stage.setY(b.y());
        }
        stage.setMaximized(b.maximized());
    }

    /** Where the stage is now (the bounds before maximizing are not known to JavaFX: the current ones are kept). */
    static WindowBounds of(Stage stage, WindowBounds previous) {
        if (stage.isMaximized() && previous != null) {
            return new WindowBounds(previous.x(), previous.y(), previous.width(), previous.height(), true);
        }
        double w = Math.max(WindowBounds.MIN_WIDTH, stage.getWidth());
        double h = Math.max(WindowBounds.MIN_HEIGHT, stage.getHeight());
        if (!Double.isFinite(stage.getX()) || !Double.isFinite(stage.getY())) {
            return previous;
        }
        return new WindowBounds(stage.getX(), stage.getY(), w, h, stage.isMaximized());
    }
}
