package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.ContainerSpec;
import dev.berth.model.CreateContainerRequest;
import dev.berth.model.StopOptions;
import dev.berth.model.TaskInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 100 create → start → stop → delete cycles leave nothing behind: no container, task, snapshot or
 * lease in containerd, no file descriptor or thread in this JVM.
 */
class ContainerCyclesTest {

    static final int CYCLES = 100;
    static final int WARM_UP = 3;

    static ContainerTestSupport t;

    @BeforeAll
    static void setUp() {
        t = ContainerTestSupport.open("cycles", "busybox:1");
    }

    @AfterAll
    static void tearDown() {
        if (t != null) {
            t.close();
        }
    }

    static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static void cycle(int i) {
        String id = "cycle-" + i;
        t.containers().create(CreateContainerRequest.of(id, t.image("busybox:1"))
                .withSpec(ContainerSpec.IMAGE_DEFAULTS.withCommand(List.of("/bin/sh", "-c", "echo cycle " + i))), null);
        t.tasks().start(id);
        TaskInfo stopped = t.tasks().stop(id, StopOptions.DEFAULTS);
        if (stopped.exitStatus() == null || stopped.exitStatus() != 0) {
            throw new AssertionError(id + " ended with " + stopped);
        }
        t.containers().delete(id);
    }

    @Test
    void hundredCyclesLeaveNothingBehind() throws IOException {
        for (int i = 0; i < WARM_UP; i++) {
            cycle(1000 + i);
        }
        ContainerTestSupport.Counts before = t.counts();
        long fdsBefore = openFds();
        int threadsBefore = Thread.activeCount();
        long start = System.nanoTime();
        for (int i = 0; i < CYCLES; i++) {
            cycle(i);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        ContainerTestSupport.Counts after = t.counts();
        long fdsAfter = openFds();
        int threadsAfter = Thread.activeCount();
        System.out.printf("%d cycles in %d ms (%d ms each); containerd before %s, after %s; "
                        + "JVM fds %d -> %d, threads %d -> %d%n", CYCLES, ms, ms / CYCLES, before, after,
                fdsBefore, fdsAfter, threadsBefore, threadsAfter);
        assertThat(after).isEqualTo(before);
        assertThat(after.containers()).isZero();
        assertThat(after.tasks()).isZero();
        assertThat(after.activeSnapshots()).isZero();
        assertThat(after.leases()).isZero();
        // a leak of one descriptor per cycle would show as +100; allow a little for lazy JDK/Netty internals
        assertThat(fdsAfter).isLessThanOrEqualTo(fdsBefore + 3);
        assertThat(threadsAfter).isLessThanOrEqualTo(threadsBefore + 2);
        Path logs = t.context().logFile("x").getParent();
        assertThat(logs).as("the namespace's log directory goes with its last log").doesNotExist();
    }
}
