package dev.berth.app;

import javafx.scene.image.Image;
import javafx.stage.Stage;

/** The window icons (from {@code assets/}, copied into the resources). */
final class Icons {

    static final int[] SIZES = {16, 32, 48, 128, 256};

    private Icons() {
    }

    /**
     * Gives the window its icons. They are decoded on JavaFX's image loader thread and added as each
     * is ready: decoding five PNGs on the FX thread took a stretch of the start-up (the watchdog's
     * longest one there) before the first frame.
     */
    static void apply(Stage stage) {
        for (int size : SIZES) {
            var url = Icons.class.getResource("/dev/berth/icons/berth-" + size + ".png");
            if (url == null) {
                continue;
            }
            Image image = new Image(url.toExternalForm(), true);
            if (image.getProgress() >= 1) {
                addIfLoaded(stage, image);
            } else {
                image.progressProperty().addListener((o, a, b) -> {
                    if (b.doubleValue() >= 1) {
                        addIfLoaded(stage, image);
                    }
                });
            }
        }
    }

    private static void addIfLoaded(Stage stage, Image image) {
        if (!image.isError() && !stage.getIcons().contains(image)) {
            stage.getIcons().add(image);
        }
    }
}
