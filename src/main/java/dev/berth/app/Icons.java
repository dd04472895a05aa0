package dev.berth.app;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/** The window icons (from {@code assets/}, copied into the resources). */
final class Icons {

    private Icons() {
    }

    /** Sets the window's icons (replacing any: a stage the console is opened on again keeps five). */
    static void apply(Stage stage) {
        List<Image> icons = new ArrayList<>();
        for (int size : new int[] {16, 32, 48, 128, 256}) {
            var url = Icons.class.getResource("/dev/berth/icons/berth-" + size + ".png");
            if (url != null) {
                icons.add(new Image(url.toExternalForm()));
            }
        }
        stage.getIcons().setAll(icons);
    }
}
