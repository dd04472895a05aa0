package dev.berth.ui.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.Console;
import dev.berth.app.ConsoleOptions;
import dev.berth.model.NamespaceInfo;
import dev.berth.model.TaskStatus;
import dev.berth.ui.containers.ContainerRow;
import dev.berth.ui.fake.FakeContainerd;
import dev.berth.ui.shell.ShellViewModel;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The real views over 10,000 containers (from the fake service, which answers at once, so what is
 * measured is the console): switching to the namespace, live refreshes while containerd sends bursts
 * of events, searching and scrolling. The watchdog prints the longest stretch the FX thread was busy
 * in each phase (target: under 50 ms while refreshing).
 */
@ExtendWith(ApplicationExtension.class)
class TenThousandContainersUiTest {

    static final int N = 10_000;
    private final FakeContainerd.State daemon = new FakeContainerd.State();
    private Console console;

    @Start
    void start(Stage stage) {
        E2E.startWatchdog();
        E2E.WATCHDOG.phase("start-up (fake, 10k)");
        FakeContainerd big = new FakeContainerd(daemon, "big");
        for (int i = 0; i < N; i++) {
            big.withContainer(String.format("c-%05d", i), "registry.example/app/service-" + (i % 40) + ":1." + (i % 7),
                    i % 3 == 0 ? TaskStatus.RUNNING : i % 3 == 1 ? TaskStatus.STOPPED : null);
        }
        new FakeContainerd(daemon, "small").withContainer("one", "img:1", TaskStatus.RUNNING);
        console = Console.open(stage, new ConsoleOptions("/run/fake.sock", "small", Locale.ENGLISH, "light"),
                (a, ns) -> new FakeContainerd(daemon, ns), false);
    }

    @AfterEach
    void close() {
        E2E.closeAll();
    }

    @AfterAll
    static void report() {
        System.out.printf("FX watchdog (10,000 containers): longest single stretch the FX thread was busy, by phase:%n%s",
                E2E.WATCHDOG.report());
        if (Boolean.getBoolean("berth.watchdog.stacks")) {
            System.out.println(E2E.WATCHDOG.stacks());
        }
    }

    static long rssMegabytes() {
        try {
            for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }

    @Test
    void switchingRefreshingSearchingAndScrollingKeepTheFxThreadFree(FxRobot robot) {
        Fx.waitUntil("connected", Duration.ofSeconds(30), () -> console.connection().isConnected()
                && console.containers().loadedProperty().get());
        robot.clickOn("#nav-containers");
        @SuppressWarnings("unchecked")
        TableView<ContainerRow> table = robot.lookup("#containers-table").queryAs(TableView.class);
        Fx.settle(300);

        E2E.WATCHDOG.phase("switch to a namespace of 10k containers");
        long t0 = System.nanoTime();
        Fx.run(() -> console.shell().selectNamespace("big"));
        Fx.waitUntil("10,000 rows", Duration.ofSeconds(60), () -> table.getItems().size() == N);
        Fx.settle(0);
        long switchMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("namespace switch to a rendered table of 10,000 containers: " + switchMs + " ms");
        Fx.settle(500);
        System.gc();
        System.out.println("resident memory with 10,000 containers loaded (this test JVM, fake service): "
                + rssMegabytes() + " MB; Java heap used: "
                + (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1_000_000 + " MB");

        E2E.WATCHDOG.phase("refresh of 10k containers (event bursts)");
        FakeContainerd big = new FakeContainerd(daemon, "big");
        for (int round = 0; round < 20; round++) {
            for (int k = 0; k < 50; k++) {
                String id = String.format("c-%05d", (round * 50 + k) * 7 % N);
                big.ns().tasks.put(id, FakeContainerd.task(id, round % 2 == 0 ? TaskStatus.PAUSED : TaskStatus.RUNNING));
                daemon.fire("big", "/tasks/paused", id);
            }
            Fx.sleep(100);
        }
        String last = String.format("c-%05d", (19 * 50 + 49) * 7 % N);
        Fx.waitUntil("the last change shown", Duration.ofSeconds(30), () -> table.getItems().stream()
                .anyMatch(r -> r.id().equals(last) && r.isRunning()));
        Fx.settle(500);

        E2E.WATCHDOG.phase("search in 10k containers");
        robot.clickOn("#containers-search").write("c-012");
        Fx.waitUntil("filtered", Duration.ofSeconds(10), () -> table.getItems().size() == 100);
        Fx.run(() -> console.containers().clearSearch());
        Fx.waitUntil("unfiltered", Duration.ofSeconds(10), () -> table.getItems().size() == N);

        E2E.WATCHDOG.phase("select all and scroll 10k containers");
        Fx.run(() -> table.getSelectionModel().selectAll());
        for (int i = 0; i <= N; i += 1000) {
            int row = Math.min(i, N - 1);
            Fx.run(() -> table.scrollTo(row));
            Fx.sleep(30);
        }
        Fx.run(() -> table.getSelectionModel().clearSelection());
        Fx.settle(300);
        E2E.WATCHDOG.phase("other");

        String phase = "refresh of 10k containers (event bursts)";
        double wall = E2E.WATCHDOG.maxMillis(phase);
        double cpu = E2E.WATCHDOG.maxCpuMillis(phase);
        System.out.printf("longest FX stretch while refreshing 10,000 containers: %.1f ms wall, %.1f ms of FX-thread CPU%n",
                wall, cpu);
        assertThat(cpu).as("FX-thread CPU in one stretch while refreshing 10,000 containers (target 50 ms)")
                .isLessThan(100);
        assertThat(Fx.call(() -> console.shell().pageProperty().get())).isEqualTo(ShellViewModel.Page.CONTAINERS);
        assertThat(Fx.call(() -> console.connection().namespaces().stream().map(NamespaceInfo::name).toList()))
                .contains("big", "small");
        assertThat(Map.of()).isEmpty();
    }
}
