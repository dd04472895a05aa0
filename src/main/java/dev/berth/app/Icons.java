package dev.berth.app;

import javafx.scene.image.Image;
import javafx.stage.Stage;

/** The window icons (from {@code assets/}, copied into the resources). */
final class Icons {

    private Icons() {
    }

    static void apply(Stage stage) {
        for (int size : new int[] {16, 32, 48, 128, 256}) {
            var url = Icons.class.getResource("/dev/berth/icons/berth-" + size + ".png");
            if (url != null) {
                stage.getIcons().add(new Image(url.toExternalForm()));
            }
        }
    }
}
