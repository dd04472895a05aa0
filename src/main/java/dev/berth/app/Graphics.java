package dev.berth.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Which JavaFX rendering pipeline the console uses. With a GPU (a DRM device under /dev/dri) JavaFX
 * picks its OpenGL pipeline as usual. Without one — virtual machines, remote X, Xvfb — that pipeline
 * would run on Mesa's llvmpipe, an OpenGL emulated on the CPU that loads LLVM (~45 MB resident) and
 * compiles shaders at start; JavaFX's own software renderer draws Berth's tables and forms with
 * neither, so it is chosen there. The launchers also set {@code GDK_GL=disable} in that case (GTK
 * would otherwise load Mesa just to list OpenGL visuals). {@code -Dprism.order=…} or
 * {@code BERTH_GPU=1} keep JavaFX's own choice.
 */
final class Graphics {

    static final Path DRI = Path.of("/dev/dri");

    private Graphics() {
    }

    /** Sets {@code prism.order=sw} before the toolkit starts when there is no GPU (see the class comment). */
    static void choose(Map<String, String> env) {
        if (System.getProperty("prism.order") == null && softwareOnly(env, DRI)) {
            System.setProperty("prism.order", "sw");
        }
    }

    /** True when nothing but a CPU would draw: no DRM device in {@code dri}, and the user did not ask for the GPU. */
    static boolean softwareOnly(Map<String, String> env, Path dri) {
        if ("1".equals(env.get("BERTH_GPU"))) {
            return false;
        }
        if (!Files.isDirectory(dri)) {
            return true;
        }
        try (Stream<Path> devices = Files.list(dri)) {
            return devices.map(p -> p.getFileName().toString()).noneMatch(n -> n.startsWith("card") || n.startsWith("renderD"));
        } catch (IOException e) {
            return true;
        }
    }
}
