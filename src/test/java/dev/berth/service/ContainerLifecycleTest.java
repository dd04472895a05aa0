package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.model.BerthException;
import dev.berth.model.ContainerInfo;
import dev.berth.model.ContainerSpec;
import dev.berth.model.CreateContainerRequest;
import dev.berth.model.Labels;
import dev.berth.model.MountSpec;
import dev.berth.model.StopOptions;
import dev.berth.model.Subscription;
import dev.berth.model.TaskInfo;
import dev.berth.model.TaskStats;
import dev.berth.model.TaskStatus;
import dev.berth.spec.RuntimeSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Containers and tasks against the real containerd and runc: create → start → logs → stop → delete,
 * and what the container itself sees (user, groups, env, working dir, mounts).
 */
class ContainerLifecycleTest {

    /** A shell that exits 3 on SIGTERM (PID 1 gets no default signal actions, so it must trap). */
    static final String TRAPS_TERM = "trap 'echo got-term; exit 3' TERM; echo ready; while :; do sleep 0.1; done";
    /** A shell that ignores SIGTERM. */
    static final String IGNORES_TERM = "trap '' TERM; echo ready; while :; do sleep 0.1; done";

    static ContainerTestSupport t;

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        t = ContainerTestSupport.open("lifecycle", "busybox:1", "config:1");
    }

    @AfterAll
    static void tearDown() {
        if (t != null) {
            t.close();
        }
    }

    private static CreateContainerRequest busybox(String id, String script) {
        return CreateContainerRequest.of(id, t.image("busybox:1"))
                .withSpec(ContainerSpec.IMAGE_DEFAULTS.withCommand(List.of("/bin/sh", "-c", script)));
    }

    /** Waits until the log holds {@code text}. */
    private static void awaitLog(String id, String text) {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!String.join("\n", t.tasks().logs(id, -1)).contains(text)) {
            if (System.nanoTime() > end) {
                throw new AssertionError(id + " never wrote " + text + "; log: " + t.tasks().logs(id, -1));
            }
            ContainerTestSupport.sleep(20);
        }
    }

    @org.junit.jupiter.api.Tag("compat")
    @Test
    void createStartLogsStopDeleteLeavesNothingBehind() {
        ContainerTestSupport.Counts before = t.counts();
        ContainerInfo c = t.containers().create(busybox("life", TRAPS_TERM), null);
        assertThat(c.runtime()).isEqualTo("io.containerd.runc.v2");
        assertThat(c.snapshotter()).isEqualTo("overlayfs");
        assertThat(c.snapshotKey()).isEqualTo("life");
        assertThat(c.image()).isEqualTo(t.image("busybox:1"));
        Path log = Path.of(c.labels().get(Labels.LOG_PATH));
        assertThat(log).isEqualTo(t.context().logFile("life"));
        assertThat(RuntimeSpec.parse(c.specJson().getBytes(StandardCharsets.UTF_8)).args())
                .containsExactly("/bin/sh", "-c", TRAPS_TERM);
        assertThat(t.counts()).isEqualTo(new ContainerTestSupport.Counts(before.containers() + 1, before.tasks(),
                before.snapshots() + 1, before.activeSnapshots() + 1, before.leases()));

        TaskInfo started = t.tasks().start("life");
        assertThat(started.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(started.pid()).isPositive();
        awaitLog("life", "ready");

        TaskInfo stopped = t.tasks().stop("life", StopOptions.DEFAULTS);
        assertThat(stopped.status()).isEqualTo(TaskStatus.STOPPED);
        assertThat(stopped.exitStatus()).as("the trap ran: SIGTERM was honoured").isEqualTo(3);
        assertThat(t.tasks().logs("life", -1)).containsExactly("ready", "got-term");
        assertThat(log).exists();

        t.containers().delete("life");
        assertThat(t.counts()).isEqualTo(before);
        assertThat(t.containerExists("life")).isFalse();
        assertThat(t.snapshotExists("overlayfs", "life")).isFalse();
        assertThatThrownBy(() -> t.tasks().get("life")).isInstanceOf(BerthException.NotFound.class);
        assertThat(log).doesNotExist();
    }

    @Test
    void aProcessIgnoringSigtermIsKilledAfterTheTimeoutWhenForced() {
        t.containers().create(busybox("stubborn", IGNORES_TERM), null);
        try {
            t.tasks().start("stubborn");
            awaitLog("stubborn", "ready");
            long start = System.nanoTime();
            TaskInfo stopped = t.tasks().stop("stubborn", StopOptions.forced(Duration.ofMillis(500)));
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.println("forced stop of a SIGTERM-ignoring task took " + ms + " ms (timeout 500 ms)");
            assertThat(stopped.exitStatus()).as("killed by SIGKILL").isEqualTo(137);
            assertThat(ms).isBetween(500L, 10_000L);
        } finally {
            t.containers().delete("stubborn", true, true);
        }
    }

    @Test
    void withoutForceAStubbornTaskIsATimeoutAndKeepsRunning() {
        t.containers().create(busybox("timeout", IGNORES_TERM), null);
        try {
            t.tasks().start("timeout");
            awaitLog("timeout", "ready");
            assertThatThrownBy(() -> t.tasks().stop("timeout", new StopOptions(null, Duration.ofMillis(300), false)))
                    .isInstanceOf(BerthException.Timeout.class)
                    .hasMessage("task timeout did not stop within 300 ms after SIGTERM; stop it with force to kill it");
            assertThat(t.tasks().get("timeout").status()).isEqualTo(TaskStatus.RUNNING);
            assertThatThrownBy(() -> t.containers().delete("timeout"))
                    .isInstanceOf(BerthException.FailedPrecondition.class)
                    .hasMessageContaining("has a running task; stop it first");
            assertThat(t.containerExists("timeout")).isTrue();
        } finally {
            t.containers().delete("timeout", true, true);
        }
        assertThat(t.containerExists("timeout")).isFalse();
    }

    @Test
    void theImagesStopSignalLabelAndAGivenSignalAreUsed() {
        String script = "trap 'exit 4' USR1; trap 'exit 5' HUP; echo ready; while :; do sleep 0.1; done";
        t.containers().create(busybox("sig", script).withLabels(Map.of(Labels.STOP_SIGNAL, "SIGUSR1")), null);
        try {
            t.tasks().start("sig");
            awaitLog("sig", "ready");
            assertThat(t.tasks().stop("sig", StopOptions.DEFAULTS).exitStatus()).isEqualTo(4);
            t.tasks().start("sig");
            awaitLog("sig", "ready\nready");
            assertThat(t.tasks().stop("sig", new StopOptions("hup", null, false)).exitStatus()).isEqualTo(5);
        } finally {
            t.containers().delete("sig", true, true);
        }
    }

    @Test
    void aPausedTaskIsResumedThenStopped() {
        t.containers().create(busybox("paused", TRAPS_TERM), null);
        try {
            t.tasks().start("paused");
            awaitLog("paused", "ready");
            t.tasks().pause("paused");
            assertThat(t.tasks().get("paused").status()).isEqualTo(TaskStatus.PAUSED);
            TaskInfo stopped = t.tasks().stop("paused", new StopOptions(null, Duration.ofSeconds(5), false));
            assertThat(stopped.exitStatus()).isEqualTo(3);
        } finally {
            t.containers().delete("paused", true, true);
        }
    }

    @Test
    void aTaskThatIsGoneOrDoneCountsAsStopped() {
        t.containers().create(busybox("gone", "echo done"), null);
        try {
            TaskInfo none = t.tasks().stop("gone", StopOptions.DEFAULTS);
            assertThat(none.status()).isEqualTo(TaskStatus.STOPPED);
            assertThat(none.exitStatus()).isNull();
            t.tasks().start("gone");
            t.awaitExit("gone", Duration.ofSeconds(20));
            TaskInfo done = t.tasks().stop("gone", StopOptions.DEFAULTS);
            assertThat(done.status()).isEqualTo(TaskStatus.STOPPED);
            assertThat(done.exitStatus()).isZero();
        } finally {
            t.containers().delete("gone");
        }
    }

    @org.junit.jupiter.api.Tag("compat")
    @Test
    void killPauseResumeAndDeleteTask() {
        t.containers().create(busybox("kpr", IGNORES_TERM), null);
        try {
            t.tasks().start("kpr");
            awaitLog("kpr", "ready");
            t.tasks().pause("kpr");
            assertThat(t.tasks().get("kpr").status()).isEqualTo(TaskStatus.PAUSED);
            t.tasks().resume("kpr");
            assertThat(t.tasks().get("kpr").status()).isEqualTo(TaskStatus.RUNNING);
            assertThatThrownBy(() -> t.tasks().kill("kpr", "SIGNOPE", false))
                    .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("SIGNOPE");
            assertThatThrownBy(() -> t.tasks().delete("kpr", false))
                    .isInstanceOf(BerthException.FailedPrecondition.class).hasMessageContaining("is running");
            t.tasks().kill("kpr", "9", false);
            assertThat(t.awaitExit("kpr", Duration.ofSeconds(20)).exitStatus()).isEqualTo(137);
            TaskInfo deleted = t.tasks().delete("kpr", false);
            assertThat(deleted.exitStatus()).isEqualTo(137);
            assertThatThrownBy(() -> t.tasks().get("kpr")).isInstanceOf(BerthException.NotFound.class)
                    .hasMessage("container kpr has no task");
            // force: a running task is killed and removed
            t.tasks().start("kpr");
            awaitLog("kpr", "ready\nready");
            assertThat(t.tasks().delete("kpr", true).exitStatus()).isEqualTo(137);
            assertThat(t.service.tasks().list()).noneMatch(x -> x.containerId().equals("kpr"));
        } finally {
            t.containers().delete("kpr", true, true);
        }
    }

    @Test
    void startingARunningTaskIsRefusedAndAnEndedOneStartsAgain() {
        t.containers().create(busybox("again", "echo run; sleep 0.3"), null);
        try {
            t.tasks().start("again");
            assertThatThrownBy(() -> t.tasks().start("again")).isInstanceOf(BerthException.AlreadyExists.class)
                    .hasMessage("container again already has a running task");
            t.awaitExit("again", Duration.ofSeconds(20));
            t.tasks().start("again");
            t.awaitExit("again", Duration.ofSeconds(20));
            // the log keeps the output of both runs
            assertThat(t.tasks().logs("again", -1)).containsExactly("run", "run");
        } finally {
            t.containers().delete("again");
        }
    }

    @Test
    void aDeleteCanKeepTheSnapshot() {
        t.containers().create(busybox("keep", "true"), null);
        t.containers().delete("keep", false, false);
        assertThat(t.containerExists("keep")).isFalse();
        assertThat(t.snapshotExists("overlayfs", "keep")).isTrue();
        t.context().snapshots().remove("overlayfs", "keep");
    }

    @Test
    void theContainerSeesItsEnvWorkingDirUserAndMounts() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Files.writeString(shared.resolve("hello.txt"), "hello from the host\n");
        ContainerSpec spec = ContainerSpec.IMAGE_DEFAULTS
                .withCommand(List.of("id; pwd; env; cat /data/hello.txt; touch /data/x 2>&1 || echo ro-ok"))
                .withEnv(List.of("FOO=bar", "GREETING=override"))
                .withWorkingDir("/tmp")
                .withMounts(List.of(MountSpec.bind(shared.toString(), "/data", true)));
        String out = t.run(CreateContainerRequest.of("inside", t.image("config:1")).withSpec(spec));
        List<String> lines = ContainerTestSupport.lines(out);
        // test/config:1 runs as app (uid 1000), whose supplementary group is staff (50)
        assertThat(lines.get(0)).startsWith("uid=1000(app) gid=1000(app) groups=")
                .contains("50(staff)").contains("1000(app)");
        assertThat(lines.get(1)).isEqualTo("/tmp");
        assertThat(lines).contains("FOO=bar", "GREETING=override", "PATH=/bin:/usr/bin", "hello from the host", "ro-ok");
        assertThat(lines).doesNotContain("GREETING=hi");
        assertThat(shared.resolve("x")).doesNotExist();
    }

    @Test
    void usersByNumberNameAndGroupAreResolvedAgainstTheImage() {
        record Case(String image, String user, String expected) {
        }
        List<Case> cases = List.of(
                new Case("busybox:1", null, "uid=0(root) gid=0(root) groups=0(root)"),
                new Case("busybox:1", "1000", "uid=1000(app) gid=1000(app) groups=50(staff),1000(app)"),
                new Case("busybox:1", "app", "uid=1000(app) gid=1000(app) groups=50(staff),1000(app)"),
                new Case("busybox:1", "1000:50", "uid=1000(app) gid=50(staff) groups=50(staff)"),
                new Case("busybox:1", "app:staff", "uid=1000(app) gid=50(staff) groups=50(staff)"),
                new Case("busybox:1", "4242", "uid=4242 gid=0(root) groups=0(root)"),
                new Case("config:1", null, "uid=1000(app) gid=1000(app) groups=50(staff),1000(app)"),
                new Case("config:1", "0", "uid=0(root) gid=0(root) groups=0(root)"));
        int i = 0;
        for (Case c : cases) {
            ContainerSpec spec = ContainerSpec.IMAGE_DEFAULTS.withUser(c.user())
                    .withEntrypoint(List.of()).withCommand(List.of("/bin/id"));
            String out = t.run(CreateContainerRequest.of("user" + i++, t.image(c.image())).withSpec(spec));
            assertThat(out.strip()).as(c.image() + " as " + c.user()).isEqualTo(c.expected());
        }
        assertThatThrownBy(() -> t.containers().create(CreateContainerRequest.of("ghost", t.image("busybox:1"))
                .withSpec(ContainerSpec.IMAGE_DEFAULTS.withUser("ghost")), null))
                .isInstanceOf(BerthException.InvalidArgument.class)
                .hasMessage("user \"ghost\" is not in the image's /etc/passwd");
        assertThat(t.containerExists("ghost")).isFalse();
        assertThat(t.snapshotExists("overlayfs", "ghost")).isFalse();
    }

    @org.junit.jupiter.api.Tag("compat")
    @Test
    void logsTailAndFollow() throws Exception {
        t.containers().create(busybox("logs", "for i in 1 2 3; do echo out-$i; echo err-$i >&2; done;"
                + " i=0; while [ $i -lt 5 ]; do echo tick-$i; i=$((i+1)); sleep 0.2; done"), null);
        try {
            List<String> seen = new CopyOnWriteArrayList<>();
            int threadsBefore = Thread.activeCount();
            Subscription s = t.tasks().followLogs("logs", seen::add);
            t.tasks().start("logs");
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!seen.contains("tick-4") && System.nanoTime() < end) {
                ContainerTestSupport.sleep(20);
            }
            s.close();
            s.close();
            // stdout and stderr reach the file through two pipes: each stream keeps its order, not their mix
            assertThat(seen).hasSize(11);
            assertThat(seen.stream().filter(l -> l.startsWith("err-"))).containsExactly("err-1", "err-2", "err-3");
            assertThat(seen.stream().filter(l -> !l.startsWith("err-"))).containsExactly("out-1", "out-2", "out-3",
                    "tick-0", "tick-1", "tick-2", "tick-3", "tick-4");
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(th -> th.getName().equals("berth-logs-logs"));
            assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore + 1);
            t.awaitExit("logs", Duration.ofSeconds(20));
            assertThat(t.tasks().logs("logs", 2)).containsExactly("tick-3", "tick-4");
            assertThat(t.tasks().logs("logs", 0)).isEmpty();
            assertThat(t.tasks().logs("logs", -1)).hasSize(11);
            // following a finished log with a tail gives those lines
            List<String> tail = new CopyOnWriteArrayList<>();
            try (Subscription s2 = t.tasks().followLogs("logs", 1, tail::add)) {
                end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (tail.isEmpty() && System.nanoTime() < end) {
                    ContainerTestSupport.sleep(20);
                }
            }
            assertThat(tail).containsExactly("tick-4");
        } finally {
            t.containers().delete("logs", true, true);
        }
    }

    @org.junit.jupiter.api.Tag("compat")
    @Test
    void statsOfARunningTask() {
        t.containers().create(busybox("stats", "while :; do :; done"), null);
        try {
            t.tasks().start("stats");
            TaskStats a = t.tasks().stats("stats");
            ContainerTestSupport.sleep(300);
            TaskStats b = t.tasks().stats("stats");
            int expected = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? 2 : 1;
            System.out.println("stats: cgroup v" + b.cgroupVersion() + ", cpu " + b.cpuNanos() + " ns, memory "
                    + b.memoryBytes() + " B, pids " + b.pids() + ", cpu% " + TaskStats.cpuPercent(a, b));
            assertThat(b.cgroupVersion()).isEqualTo(expected);
            assertThat(b.containerId()).isEqualTo("stats");
            assertThat(b.memoryBytes()).isPositive();
            assertThat(b.pids()).isGreaterThanOrEqualTo(1);
            assertThat(b.cpuNanos()).isGreaterThan(a.cpuNanos());
            // a busy loop uses most of a CPU
            assertThat(TaskStats.cpuPercent(a, b)).isGreaterThan(20.0);
            t.tasks().delete("stats", true);
            assertThatThrownBy(() -> t.tasks().stats("stats")).isInstanceOf(BerthException.NotFound.class)
                    .hasMessage("container stats has no task");
        } finally {
            t.containers().delete("stats", true, true);
        }
    }

    @Test
    void stopRespondsToInterruption() throws Exception {
        t.containers().create(busybox("interrupt", IGNORES_TERM), null);
        try {
            t.tasks().start("interrupt");
            awaitLog("interrupt", "ready");
            AtomicReference<Throwable> error = new AtomicReference<>();
            Thread stopper = new Thread(() -> {
                try {
                    t.tasks().stop("interrupt", StopOptions.forced(Duration.ofSeconds(60)));
                } catch (Throwable e) {
                    error.set(e);
                }
            });
            stopper.start();
            Thread.sleep(300);
            long start = System.nanoTime();
            stopper.interrupt();
            stopper.join(5000);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(stopper.isAlive()).isFalse();
            assertThat(ms).isLessThan(2000);
            assertThat(error.get()).isInstanceOf(BerthException.Cancelled.class);
            assertThat(t.tasks().get("interrupt").status()).isEqualTo(TaskStatus.RUNNING);
        } finally {
            t.containers().delete("interrupt", true, true);
        }
    }

    @org.junit.jupiter.api.Tag("compat")
    @Test
    void aTtyContainerRunsOnATerminalAndItsOutputIsInItsLog() throws Exception {
        ContainerInfo c = t.containers().create(busybox("tty", "tty; echo tty-done").withSpec(ContainerSpec.IMAGE_DEFAULTS
                .withCommand(List.of("/bin/sh", "-c", "tty; echo tty-done")).withTty(true)), null);
        java.nio.file.Path log = t.tasks().logFile("tty");
        try {
            RuntimeSpec spec = RuntimeSpec.parse(c.specJson().getBytes(StandardCharsets.UTF_8));
            assertThat(spec.terminal()).isTrue();
            assertThat(spec.env()).endsWith("TERM=xterm");
            // the shim copies a terminal only to a logging binary: Berth's TerminalLogCopier, on the same log file
            t.tasks().start("tty");
            t.awaitExit("tty", Duration.ofSeconds(30));
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!t.tasks().logs("tty", -1).contains("tty-done") && System.nanoTime() < end) {
                ContainerTestSupport.sleep(50);
            }
            String out = String.join("\n", t.tasks().logs("tty", -1));
            System.out.println("TTY container on containerd " + t.service.daemon().version() + " logged: " + out.strip());
            assertThat(out).as("the process saw a terminal (tty prints its device)").contains("/dev/pts/")
                    .contains("tty-done").doesNotContain("not a tty");
            assertThat(log.resolveSibling(log.getFileName() + ".tty-args")).exists();
        } finally {
            t.containers().delete("tty", true, true);
        }
        assertThat(log.resolveSibling(log.getFileName() + ".tty-args")).as("the copier's argument file goes with the log")
                .doesNotExist();
    }

    @Test
    void aContainerMadeByCtrRunsWithBerthsLogAndIsDeletedByBerth() {
        t.env.ctr(t.ns, "containers", "create", t.image("busybox:1"), "byctr", "/bin/echo", "from-ctr");
        assertThat(t.containers().get("byctr").labels()).doesNotContainKey(Labels.LOG_PATH);
        t.tasks().start("byctr");
        t.awaitExit("byctr", Duration.ofSeconds(20));
        assertThat(t.tasks().logs("byctr", -1)).containsExactly("from-ctr");
        // the start recorded where the output goes
        assertThat(t.containers().get("byctr").labels())
                .containsEntry(Labels.LOG_PATH, t.context().logFile("byctr").toString())
                .containsEntry(Labels.STOP_SIGNAL, "SIGTERM");
        t.containers().delete("byctr");
        assertThat(t.containerExists("byctr")).isFalse();
        assertThat(t.snapshotExists("overlayfs", "byctr")).isFalse();
        assertThat(t.context().logFile("byctr")).doesNotExist();
    }

    @Test
    void theNativeSnapshotterWorksAndItsFilesAreReadForUsers() {
        // the image is unpacked in overlayfs only: the create unpacks it for native (through the pull)
        assertThat(t.service.snapshots().list("native")).isEmpty();
        String out = t.run(CreateContainerRequest.of("native", t.image("config:1")).withSnapshotter("native")
                .withSpec(ContainerSpec.IMAGE_DEFAULTS.withCommand(List.of("id; pwd"))));
        assertThat(ContainerTestSupport.lines(out)).containsExactly(
                "uid=1000(app) gid=1000(app) groups=50(staff),1000(app)", "/work");
        assertThat(t.service.snapshots().list("native")).isNotEmpty();
    }
}
