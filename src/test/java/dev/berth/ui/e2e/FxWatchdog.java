package dev.berth.ui.e2e;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;

/**
 * Measures how long the FX thread was busy in one stretch: a daemon thread posts a tiny
 * {@code Platform.runLater} every 2 ms and records how late it ran. The longest delay is the
 * longest time the FX thread could not get to it (event handling, layout, CSS, rendering). Kept
 * per phase (start-up, a pull, a refresh of 10,000 rows, ...) so that a cold start's class loading
 * does not hide what happens in use.
 */
public final class FxWatchdog {

    private final Map<String, Long> maxByPhase = new ConcurrentHashMap<>();
    private final Map<String, Long> maxCpuByPhase = new ConcurrentHashMap<>();
    private final java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    private volatile long fxThreadId = -1;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile String phase = "other";
    private Thread thread;

    /** Starts probing; the FX toolkit must be running. */
    public FxWatchdog start() {
        running.set(true);
        thread = new Thread(() -> {
            while (running.get()) {
                long posted = System.nanoTime();
                long cpuPosted = fxThreadId < 0 ? -1 : mx.getThreadCpuTime(fxThreadId);
                String during = phase;
                AtomicBoolean ran = new AtomicBoolean();
                Platform.runLater(() -> {
                    long delay = System.nanoTime() - posted;
                    maxByPhase.merge(during, delay, Math::max);
                    if (fxThreadId < 0) {
                        fxThreadId = Thread.currentThread().getId();
                    } else if (cpuPosted >= 0) {
                        long cpu = mx.getCurrentThreadCpuTime() - cpuPosted;
                        maxCpuByPhase.merge(during, Math.min(cpu, delay), Math::max);
                    }
                    ran.set(true);
                });
                // wait for this probe before posting the next, so one long stretch counts once
                long sampled = 0;
                while (!ran.get() && running.get()) {
                    sleep(1);
                    long waited = System.nanoTime() - posted;
                    if (STACKS && waited > 40_000_000L && waited - sampled > 20_000_000L) {
                        sampled = waited;
                        sample(during);
                    }
                }
                sleep(2);
            }
        }, "fx-watchdog");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private static final boolean STACKS = Boolean.getBoolean("berth.watchdog.stacks");
    private final Map<String, Integer> samples = new ConcurrentHashMap<>();

    /** Where the FX thread is while it is busy for long (with -Dberth.watchdog.stacks=true). */
    private void sample(String during) {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getName().equals("JavaFX Application Thread")) {
                StringBuilder sb = new StringBuilder(during).append(":");
                int n = 0;
                for (StackTraceElement f : e.getValue()) {
                    if (n++ < 40) {
                        sb.append("\n      ").append(f);
                    }
                }
                samples.merge(sb.toString(), 1, Integer::sum);
            }
        }
    }

    /** The most frequent stacks of the FX thread during long stretches. */
    public String stacks() {
        StringBuilder sb = new StringBuilder();
        samples.entrySet().stream().filter(e -> !e.getKey().contains("waitForRenderingToComplete")
                        && !e.getKey().contains("RunnableQueue.getNextRunnable"))
                .sorted((a, b) -> b.getValue() - a.getValue()).limit(25)
                .forEach(e -> sb.append("  x").append(e.getValue()).append(" ").append(e.getKey()).append('\n'));
        return sb.toString();
    }

    /** Names what happens from now on. */
    public void phase(String name) {
        phase = name;
    }

    /** The longest stretch in {@code phase}, in ms. */
    public double maxMillis(String p) {
        return maxByPhase.getOrDefault(p, 0L) / 1e6;
    }

    /** The longest stretch outside start-up, in ms. */
    public double maxMillisInUse() {
        return maxByPhase.entrySet().stream().filter(e -> !e.getKey().startsWith("start-up"))
                .mapToLong(Map.Entry::getValue).max().orElse(0) / 1e6;
    }

    /** The most CPU the FX thread used within one stretch in {@code phase}, in ms (without waits). */
    public double maxCpuMillis(String p) {
        return maxCpuByPhase.getOrDefault(p, 0L) / 1e6;
    }

    /**
     * Per phase: the longest stretch (wall clock: includes waiting for the software renderer and for a
     * CPU on a busy machine) and the most CPU time the FX thread itself spent within one stretch.
     */
    public String report() {
        StringBuilder sb = new StringBuilder(String.format("  %-44s %12s %14s%n", "phase", "wall (ms)", "FX CPU (ms)"));
        new TreeMap<>(maxByPhase).forEach((p, n) -> sb.append(String.format("  %-44s %12.1f %14.1f%n", p, n / 1e6,
                maxCpuByPhase.getOrDefault(p, 0L) / 1e6)));
        return sb.toString();
    }

    public void stop() {
        running.set(false);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
