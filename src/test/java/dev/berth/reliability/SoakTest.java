package dev.berth.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.ContainerSpec;
import dev.berth.model.CreateContainerRequest;
import dev.berth.model.PullRequest;
import dev.berth.model.StopOptions;
import dev.berth.model.TaskInfo;
import dev.berth.model.TaskStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The soak: 1,000 create/start/stop/delete cycles and 100 pulls (each followed by a synchronous
 * delete, so every pull downloads and unpacks again) through Berth's service against the real test
 * containerd, printing at intervals what is left behind in containerd (containers, tasks, snapshots,
 * leases, images beyond the start), the JVM's open file descriptors and its heap after a GC. Outside
 * the default run (tag "soak"); {@code scripts/soak} runs it. Sizes from the environment:
 * BERTH_SOAK_CYCLES, BERTH_SOAK_PULLS, BERTH_SOAK_EVERY (cycles between reports), BERTH_SOAK_CSV
 * (where the figures go as CSV).
 */
@Tag("soak")
class SoakTest {

    static final List<String> PULLED = List.of("multi:3", "busybox:1", "config:1", "docker:1", "multiarch:1");

    record Sample(String phase, int done, long seconds, int containers, int tasks, int snapshots, int leases,
                  int images, int fds, long heapAfterGcKiB, int threads) {
        String csv() {
            return String.join(",", phase, Integer.toString(done), Long.toString(seconds), Integer.toString(containers),
                    Integer.toString(tasks), Integer.toString(snapshots), Integer.toString(leases), Integer.toString(images),
                    Integer.toString(fds), Long.toString(heapAfterGcKiB), Integer.toString(threads));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-7s %5d %6ds  left: containers %d tasks %d snapshots %d leases %d images %d"
                            + "  | fds %4d  heap after GC %7d KiB  threads %3d",
                    phase, done, seconds, containers, tasks, snapshots, leases, images, fds, heapAfterGcKiB, threads);
        }
    }

    static int env(String name, int dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : Integer.parseInt(v.trim());
    }

    static int openFds() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
    }

    @Test
    void cyclesAndPullsLeaveNothingBehindAndTheHeapStaysFlat() throws IOException {
        int cycles = env("BERTH_SOAK_CYCLES", 1000);
        int pulls = env("BERTH_SOAK_PULLS", 100);
        int every = env("BERTH_SOAK_EVERY", 100);
        String csvPath = System.getenv("BERTH_SOAK_CSV");
        List<Sample> samples = new ArrayList<>();
        long t0 = System.nanoTime();
        try (Namespace ns = Namespace.open("soak"); Namespace pullNs = Namespace.open("soakpull")) {
            String image = ns.image("busybox:1");
            ns.service.images().pull(PullRequest.of(image), p -> { });
            Namespace.State base = ns.state();
            Namespace.State pullBase = pullNs.state();
            System.out.printf("soak: %d cycles, %d pulls, containerd %s, namespaces %s and %s%n", cycles, pulls,
                    ns.env.containerdVersion(), ns.name, pullNs.name);
            java.util.function.BiFunction<String, Integer, Sample> sample = (phase, done) -> {
                Namespace.State s = ns.state();
                Namespace.State p = pullNs.state();
                Sample x = new Sample(phase, done, (System.nanoTime() - t0) / 1_000_000_000L,
                        s.containers().size() - base.containers().size() + p.containers().size(),
                        s.tasks().size() + p.tasks().size(),
                        s.snapshots().size() - base.snapshots().size() + p.snapshots().size() - pullBase.snapshots().size(),
                        s.leases().size() + p.leases().size(),
                        s.images().size() - base.images().size() + p.images().size(),
                        openFds(), heapAfterGc(), Thread.activeCount());
                samples.add(x);
                System.out.println("soak: " + x);
                return x;
            };
            sample.apply("start", 0);

            ContainerSpec spec = ContainerSpec.IMAGE_DEFAULTS.withCommand(
                    List.of("/bin/sh", "-c", "trap 'exit 0' TERM; while :; do sleep 0.1; done"));
            StopOptions stop = new StopOptions("SIGTERM", Duration.ofSeconds(5), true);
            int failures = 0;
            for (int i = 1; i <= cycles; i++) {
                String id = "soak-" + i;
                try {
                    ns.service.containers().create(CreateContainerRequest.of(id, image).withSpec(spec), null);
                    ns.service.tasks().start(id);
                    TaskInfo t = ns.service.tasks().stop(id, stop);
                    assertThat(t.status()).isEqualTo(TaskStatus.STOPPED);
                    ns.service.containers().delete(id, true, false);
                } catch (RuntimeException e) {
                    failures++;
                    System.out.println("soak: cycle " + i + " failed: " + e);
                    if (failures > 10) {
                        throw e;
                    }
                }
                if (i % every == 0 || i == cycles) {
                    sample.apply("cycles", i);
                }
            }
            int pullEvery = Math.max(1, every / 10);
            for (int i = 1; i <= pulls; i++) {
                String ref = pullNs.image(PULLED.get(i % PULLED.size()));
                pullNs.service.images().pull(PullRequest.of(ref), p -> { });
                pullNs.service.images().delete(ref, true);
                if (i % pullEvery == 0 || i == pulls) {
                    sample.apply("pulls", i);
                }
            }
            Sample first = samples.get(0);
            Sample last = samples.get(samples.size() - 1);
            if (csvPath != null && !csvPath.isBlank()) {
                try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(csvPath), StandardCharsets.UTF_8))) {
                    w.println("phase,done,seconds,containers,tasks,snapshots,leases,images,fds,heapAfterGcKiB,threads");
                    samples.forEach(x -> w.println(x.csv()));
                }
            }
            long maxHeap = samples.stream().mapToLong(Sample::heapAfterGcKiB).max().orElse(0);
            System.out.printf("soak: done in %d s, %d failed cycles; fds %d -> %d; heap after GC %d -> %d KiB (max %d)%n",
                    last.seconds(), failures, first.fds(), last.fds(), first.heapAfterGcKiB(), last.heapAfterGcKiB(), maxHeap);
            assertThat(failures).as("failed cycles").isZero();
            assertThat(List.of(last.containers(), last.tasks(), last.snapshots(), last.leases(), last.images()))
                    .as("containers, tasks, snapshots, leases, images left behind").containsOnly(0);
            // flat: no growth with the number of cycles beyond what a warmed-up JVM holds
            Sample warm = samples.get(Math.min(1, samples.size() - 1));
            assertThat(last.fds()).as("open file descriptors").isLessThanOrEqualTo(warm.fds() + 16);
            assertThat(last.heapAfterGcKiB()).as("heap after GC").isLessThan(warm.heapAfterGcKiB() * 3 / 2 + 16 * 1024);
        }
    }
}
