package dev.berth.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.service.ContainerdService;
import dev.berth.service.DefaultContainerdService;
import dev.berth.service.ServiceOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The private containerd of the first-run screen, for real: started from the installed binary
 * with its own root, state, socket and config, answers over gRPC, and stops. Needs root and an
 * installed containerd (skips otherwise).
 */
class PrivateContainerdTest {

    @Test
    void startsItsOwnContainerdThatAnswersAndStops() throws Exception {
        SystemHost host = new SystemHost(System.getenv());
        assumeTrue(host.isRoot(), "needs root");
        assumeTrue(host.containerdInstalled(), "needs an installed containerd");
        Path data = Files.createTempDirectory("bpc-data");
        Path run = Files.createTempDirectory("bpc-run");
        PrivateContainerd daemon = new PrivateContainerd(data, run, System.getenv());
        assertThat(daemon.config()).contains("root = \"" + data.resolve("containerd/root") + "\"")
                .contains("address = \"" + run.resolve("containerd.sock") + "\"")
                .contains("\"io.containerd.grpc.v1.cri\"");
        try {
            String socket = daemon.start();
            assertThat(socket).isEqualTo(run.resolve("containerd.sock").toString());
            assertThat(daemon.isRunning()).isTrue();
            ContainerdService s = null;
            for (int i = 0; i < 100 && s == null; i++) {
                try {
                    s = DefaultContainerdService.connect(ServiceOptions.of(socket, "default").withDataDir(data.resolve("berth")));
                } catch (RuntimeException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(s).as("connected").isNotNull();
            try {
                assertThat(s.daemon().version()).isNotBlank();
            } finally {
                s.close();
            }
            assertThat(data.resolve("containerd/root")).isDirectory();
        } finally {
            daemon.stop();
            for (int i = 0; i < 100 && daemon.isRunning(); i++) {
                Thread.sleep(100);
            }
            assertThat(daemon.isRunning()).as("stopped").isFalse();
            for (Path p : new Path[] {data, run}) {
                try (Stream<Path> all = Files.walk(p)) {
                    all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }
}
