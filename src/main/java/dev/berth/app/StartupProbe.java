package dev.berth.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BooleanSupplier;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.control.TableView;

/**
 * Figures for {@code scripts/bench/console}, only when the JVM runs with {@code -Dberth.probe=FILE}:
 * the time from the launch ({@code -Dberth.probe.t0}, epoch milliseconds taken by the script just
 * before it started java; else the JVM's own start) to the first frame that shows the containers of
 * the start namespace; then, when {@code -Dberth.probe.switch=NS} and {@code -Dberth.probe.rows=N}
 * are set, the time from choosing that namespace to the first frame that shows its N rows; then the
 * resident memory with that list loaded (after a GC). Written to FILE as {@code key=value} lines,
 * then the console exits. Everything is observed once per frame (an {@link AnimationTimer} on the
 * FX thread); nothing here blocks it.
 */
final class StartupProbe {

    private final Console console;
    private final Path out;
    private final long t0;
    private final StringBuilder report = new StringBuilder();
    private TableView<?> table;

    private StartupProbe(Console console, Path out, long t0) {
        this.console = console;
        this.out = out;
        this.t0 = t0;
    }

    static void attachIfAsked(Console console) {
        String file = System.getProperty("berth.probe");
        if (file == null || file.isBlank()) {
            return;
        }
        long t0 = Long.getLong("berth.probe.t0", ManagementFactory.getRuntimeMXBean().getStartTime());
        new StartupProbe(console, Path.of(file), t0).run();
    }

    /** The containers table, looked up once (a lookup walks the scene graph: not something to do every frame). */
    private TableView<?> table() {
        if (table == null) {
            table = (TableView<?>) console.stage().getScene().lookup("#containers-table");
        }
        return table;
    }

    private void run() {
        BooleanSupplier firstData = () -> {
            TableView<?> t = table();
            return console.connection().isConnected() && console.containers().loadedProperty().get()
                    && t != null && !t.getItems().isEmpty();
        };
        afterFrameWhen(firstData, () -> {
            report.append("cold_start_ms=").append(System.currentTimeMillis() - t0).append('\n');
            report.append("cold_start_cpu_ms=").append(cpuMillis()).append('\n');
            report.append("start_rows=").append(table().getItems().size()).append('\n');
            String ns = System.getProperty("berth.probe.switch");
            int rows = Integer.getInteger("berth.probe.rows", 0);
            if (ns == null || rows <= 0) {
                finish();
                return;
            }
            // as a user does: looks at the window a moment, then picks another namespace
            long pause = Long.getLong("berth.probe.pause", 0);
            javafx.animation.PauseTransition wait = new javafx.animation.PauseTransition(javafx.util.Duration.millis(pause));
            wait.setOnFinished(e -> switchTo(ns, rows, pause));
            wait.play();
        });
    }

    private void switchTo(String ns, int rows, long pause) {
        report.append("switch_pause_ms=").append(pause).append('\n');
        report.append("switch_rows_kept=").append(console.containers().keptNamespaces().contains(ns)).append('\n');
        long s = System.nanoTime();
        long c = cpuMillis();
        console.shell().selectNamespace(ns);
        afterFrameWhen(() -> table().getItems().size() == rows, () -> {
            report.append("switch_ms=").append((System.nanoTime() - s) / 1_000_000).append('\n');
            report.append("switch_cpu_ms=").append(cpuMillis() - c).append('\n');
            report.append("switch_rows=").append(table().getItems().size()).append('\n');
            // let the list settle (details, icons, the events subscription), then measure memory off the FX thread
            Thread t = new Thread(() -> {
                sleep(2000);
                System.gc();
                sleep(500);
                Runtime r = Runtime.getRuntime();
                report.append("heap_used_mb=").append((r.totalMemory() - r.freeMemory()) >> 20).append('\n');
                report.append("rss_mb=").append(rssMegabytes()).append('\n');
                Platform.runLater(this::finish);
            }, "berth-probe");
            t.setDaemon(true);
            t.start();
        });
    }

    /** Runs action on the frame after the one in which condition first held (so that frame was drawn). */
    private static void afterFrameWhen(BooleanSupplier condition, Runnable action) {
        new AnimationTimer() {
            private boolean seen;

            @Override
            public void handle(long now) {
                if (seen) {
                    stop();
                    action.run();
                } else if (condition.getAsBoolean()) {
                    seen = true;
                }
            }
        }.start();
    }

    private void finish() {
        Thread t = new Thread(() -> {
            try {
                Files.writeString(out, report, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            } catch (IOException e) {
                System.err.println("berth: cannot write the probe's figures to " + out + ": " + e.getMessage());
            }
            Platform.runLater(Platform::exit);
        }, "berth-probe-write");
        t.setDaemon(true);
        t.start();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CPU time of the whole process (all threads: FX, JIT, GC, gRPC), which the machine's load barely changes. */
    static long cpuMillis() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1_000_000;
        }
        return -1;
    }

    static long rssMegabytes() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
