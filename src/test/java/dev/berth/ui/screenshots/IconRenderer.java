package dev.berth.ui.screenshots;

import dev.berth.ui.e2e.Fx;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Group;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.paint.CycleMethod;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Stop;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.SVGPath;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import javafx.scene.transform.Scale;
import javax.imageio.ImageIO;

/**
 * Renders assets/icons/berth.svg's drawing (an anchor on a rounded square) into PNGs of the sizes a
 * desktop wants, into assets/icons and the resources (window icons). Run by scripts/screenshots.
 */
public final class IconRenderer {

    private IconRenderer() {
    }

    /** {@code IconRenderer [PROJECT_DIR]}: only the icons. */
    public static void main(String[] args) throws Exception {
        Fx.startToolkit();
        render(Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath());
        System.exit(0);
    }

    public static void render(Path projectDir) throws Exception {
        for (int size : new int[] {16, 32, 48, 64, 128, 256, 512}) {
            WritableImage img = Fx.call(() -> {
                Group g = drawing();
                g.getTransforms().add(new Scale(size / 256.0, size / 256.0));
                SnapshotParameters p = new SnapshotParameters();
                p.setFill(Color.TRANSPARENT);
                return new Group(g).snapshot(p, null);
            });
            BufferedImage b = SwingFXUtils.fromFXImage(img, null);
            for (Path dir : new Path[] {projectDir.resolve("assets/icons"),
                    projectDir.resolve("src/main/resources/dev/berth/icons")}) {
                Files.createDirectories(dir);
                ImageIO.write(b, "png", dir.resolve("berth-" + size + ".png").toFile());
            }
        }
    }

    static Group drawing() {
        Rectangle bg = new Rectangle(8, 8, 240, 240);
        bg.setArcWidth(104);
        bg.setArcHeight(104);
        bg.setFill(new LinearGradient(0, 0, 0, 1, true, CycleMethod.NO_CYCLE,
                new Stop(0, Color.web("#2f81f7")), new Stop(1, Color.web("#1158c7"))));
        Circle ring = new Circle(12, 5, 3);
        Line shaft = new Line(12, 22, 12, 8);
        SVGPath arms = new SVGPath();
        arms.setContent("M5 12H2a10 10 0 0 0 20 0h-3");
        Group anchor = new Group(ring, shaft, arms);
        for (javafx.scene.shape.Shape s : new javafx.scene.shape.Shape[] {ring, shaft, arms}) {
            s.setFill(null);
            s.setStroke(Color.WHITE);
            s.setStrokeWidth(2);
            s.setStrokeLineCap(StrokeLineCap.ROUND);
            s.setStrokeLineJoin(StrokeLineJoin.ROUND);
        }
        anchor.getTransforms().addAll(new javafx.scene.transform.Translate(32, 32), new Scale(8, 8));
        return new Group(bg, anchor);
    }
}
