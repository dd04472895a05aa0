package dev.berth.ui.common;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Secondary windows (pull, create, logs): owned by the main window, themed, closed by Escape. */
public final class Windows {

    private final Themes themes;
    private final java.util.function.Supplier<Window> owner;

    public Windows(Themes themes, java.util.function.Supplier<Window> owner) {
        this.themes = themes;
        this.owner = owner;
    }

    public Themes themes() {
        return themes;
    }

    public Window owner() {
        return owner.get();
    }

    public Stage create(String title, Parent root, double width, double height) {
        Stage stage = new Stage();
        Window w = owner.get();
        if (w != null) {
            stage.initOwner(w);
        }
        stage.setTitle(title);
        Scene scene = new Scene(root, width, height);
        themes.style(scene);
        scene.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && !e.isConsumed()) {
                stage.close();
            }
        });
        stage.setScene(scene);
        if (w != null) {
            stage.setX(w.getX() + Math.max(0, (w.getWidth() - width) / 2));
            stage.setY(w.getY() + Math.max(0, (w.getHeight() - height) / 3));
        }
        return stage;
    }
}
