package dev.berth.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphicsTest {

    @TempDir
    Path dir;

    @Test
    void softwareRenderingOnlyWhereNoGpuDeviceIs() throws Exception {
        Path dri = dir.resolve("dri");
        assertThat(Graphics.softwareOnly(Map.of(), dri)).as("no /dev/dri").isTrue();
        Files.createDirectories(dri.resolve("by-path"));
        assertThat(Graphics.softwareOnly(Map.of(), dri)).as("/dev/dri without devices").isTrue();
        Files.createFile(dri.resolve("renderD128"));
        assertThat(Graphics.softwareOnly(Map.of(), dri)).as("a render node").isFalse();
        Files.delete(dri.resolve("renderD128"));
        Files.createFile(dri.resolve("card0"));
        assertThat(Graphics.softwareOnly(Map.of(), dri)).as("a card").isFalse();
    }

    @Test
    void theUserCanAskForTheGpu() {
        assertThat(Graphics.softwareOnly(Map.of("BERTH_GPU", "1"), dir.resolve("none"))).isFalse();
    }
}
