package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.model.BerthException;
import dev.berth.model.CommitVersionRequest;
import dev.berth.model.ContainerInfo;
import dev.berth.model.ContainerSpec;
import dev.berth.model.CreateContainerRequest;
import dev.berth.model.Labels;
import dev.berth.model.SnapshotInfo;
import dev.berth.model.TaskStatus;
import dev.berth.model.VersionChange;
import dev.berth.model.VersionInfo;
import dev.berth.testenv.Exec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Versions against the real containerd and runc: a file written in a running container, a version
 * committed, the file changed and deleted, a rollback that brings it back (and keeps what was there,
 * so a second rollback brings that back), a second container made from the version, with a forced
 * garbage collection before every step of every flow; refusals; a failure at each step.
 */
class VersionsTest {

    /** PID 1 that exits on SIGTERM (a shell PID 1 has no default action for it). */
    static final String SERVE = "trap 'exit 0' TERM; echo ready; while :; do sleep 0.1; done";

    static ContainerTestSupport t;
    static final AtomicInteger EXEC = new AtomicInteger();

    @BeforeAll
    static void setUp() {
        t = ContainerTestSupport.open("versions", "busybox:1");
    }

    @AfterAll
    static void tearDown() {
        if (t != null) {
            t.close();
        }
    }

    private static CreateContainerRequest serving(String id) {
        return CreateContainerRequest.of(id, t.image("busybox:1"))
                .withSpec(ContainerSpec.IMAGE_DEFAULTS.withCommand(List.of("/bin/sh", "-c", SERVE)))
                .withLabels(Map.of("app", id));
    }

    /** Runs a shell line in the container's running task (ctr tasks exec); returns its stdout. */
    static String sh(String id, String script) {
        Exec.Result r = Exec.result(List.of(t.env.ctr(), "--address", t.env.address(), "--namespace", t.ns, "tasks", "exec",
                "--exec-id", "x" + EXEC.incrementAndGet(), id, "/bin/sh", "-c", script), 60);
        if (r.exit() != 0) {
            throw new AssertionError("exec in " + id + " exited " + r.exit() + ": " + r.err() + r.out());
        }
        return r.out().strip();
    }

    static void awaitRunning(String id) {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!(t.tasks().get(id).status() == TaskStatus.RUNNING && t.tasks().logs(id, -1).contains("ready"))) {
            if (System.nanoTime() > end) {
                throw new AssertionError(id + " is not running: " + t.tasks().get(id));
            }
            ContainerTestSupport.sleep(20);
        }
    }

    private static DefaultVersionService versions(DefaultVersionService.Hooks hooks) {
        return new DefaultVersionService(t.context(), hooks);
    }

    /**
     * Forces containerd's garbage collector to run: an image pulled by ctr, deleted through Berth with
     * sync. A canary (an active snapshot nothing refers to) proves the collection ran.
     */
    final class Collector implements DefaultVersionService.Hooks {
        final List<DefaultVersionService.Step> steps = new ArrayList<>();
        final List<String> mustExist = new ArrayList<>();
        int runs;

        @Override
        public void before(DefaultVersionService.Step step) {
            steps.add(step);
            collect();
            for (String s : mustExist) {
                assertThat(t.snapshotExists("overlayfs", s)).as(s + " after a collection before " + step).isTrue();
            }
        }

        void collect() {
            String canary = "canary-" + (++runs);
            t.context().snapshots().prepare("overlayfs", canary, "", Map.of());
            t.pull("multi:3");
            t.service.images().delete(t.image("multi:3"), true);
            assertThat(t.snapshotExists("overlayfs", canary)).as("the collection ran (the canary is gone)").isFalse();
        }
    }

    @org.junit.jupiter.api.Tag("compat")
    @Test
    void commitChangeRollBackAndAFreshContainerFromTheVersionUnderCollections() {
        t.containers().create(serving("ws"), null);
        t.tasks().start("ws");
        awaitRunning("ws");
        ContainerInfo before = t.containers().get("ws");
        sh("ws", "echo first > /data.txt");

        // commit (the task is stopped and started again)
        Collector gc = new Collector();
        VersionChange c = versions(gc).commit(CommitVersionRequest.of("ws").withName("ws-first")
                .withLabels(Map.of("note", "the first state")).stoppingTask(true));
        assertThat(gc.steps).containsExactly(DefaultVersionService.Step.STOP_TASK, DefaultVersionService.Step.REMOVE_TASK,
                DefaultVersionService.Step.COMMIT, DefaultVersionService.Step.PREPARE,
                DefaultVersionService.Step.RELEASE_LEASE, DefaultVersionService.Step.RESTART, DefaultVersionService.Step.DONE);
        assertThat(c.restarted()).isTrue();
        assertThat(c.version().name()).isEqualTo("ws-first");
        assertThat(c.version().current()).isTrue();
        awaitRunning("ws");
        ContainerInfo after = t.containers().get("ws");
        assertThat(after.image()).isEqualTo(before.image());
        assertThat(after.labels()).isEqualTo(before.labels());
        assertThat(after.specJson()).isEqualTo(before.specJson());
        assertThat(after.snapshotKey()).isEqualTo(before.snapshotKey());
        SnapshotInfo active = t.service.snapshots().get("overlayfs", "ws");
        assertThat(active.parent()).as("the new active snapshot is on the version").isEqualTo("ws-first");
        SnapshotInfo version = t.service.snapshots().get("overlayfs", "ws-first");
        assertThat(version.labels()).containsKey(Labels.GC_ROOT).containsEntry(Labels.VERSION_OF, "ws")
                .containsEntry("note", "the first state");
        assertThat(sh("ws", "cat /data.txt")).isEqualTo("first");
        assertThat(t.context().leases().list()).as("the lease is gone").isEmpty();

        // change and delete the file, make another
        sh("ws", "echo second > /data.txt && cat /data.txt && rm /data.txt && echo later > /later.txt");
        assertThat(sh("ws", "ls /")).doesNotContain("data.txt");

        // roll back: the first content is back, and the state from before is kept as a version
        gc.steps.clear();
        gc.mustExist.add("ws-first");
        VersionChange r = versions(gc).rollback("ws", "ws-first", null);
        assertThat(gc.steps).contains(DefaultVersionService.Step.COMMIT, DefaultVersionService.Step.PREPARE);
        assertThat(r.restarted()).isTrue();
        awaitRunning("ws");
        assertThat(sh("ws", "cat /data.txt")).isEqualTo("first");
        assertThat(sh("ws", "ls /")).doesNotContain("later.txt");
        String kept = r.version().name();
        assertThat(kept).startsWith("ws-v");
        assertThat(r.version().note()).isEqualTo("before rollback to ws-first");
        assertThat(t.service.snapshots().get("overlayfs", kept).labels()).containsKey(Labels.GC_ROOT);

        List<VersionInfo> list = t.service.versions().list("ws");
        assertThat(list).extracting(VersionInfo::name).containsExactly(kept, "ws-first");
        VersionInfo first = list.get(1);
        assertThat(first.current()).isTrue();
        assertThat(first.inChain()).isTrue();
        assertThat(first.size()).as("the version's own layer holds data.txt").isPositive();
        assertThat(list.get(0).inChain()).as("the kept state is not under the current files").isFalse();

        // the rollback lost nothing: rolling back to the kept state brings the later file back
        gc.mustExist.add(kept);
        versions(gc).rollback("ws", kept, null);
        awaitRunning("ws");
        assertThat(sh("ws", "cat /later.txt")).isEqualTo("later");
        assertThat(sh("ws", "ls /")).doesNotContain("data.txt");

        // a second container from the version sees the file
        gc.collect();
        String out = t.run(CreateContainerRequest.of("ws-copy", t.image("busybox:1")).withParentSnapshot("ws-first")
                .withSpec(ContainerSpec.IMAGE_DEFAULTS.withCommand(List.of("/bin/cat", "/data.txt"))));
        assertThat(out.strip()).isEqualTo("first");
        gc.collect();
        assertThat(t.service.versions().list("ws")).hasSize(3);
        assertThat(t.context().leases().list()).isEmpty();

        t.containers().delete("ws", true, true);
    }

    @Test
    void aRunningContainerIsNotStoppedUnlessAsked() {
        t.containers().create(serving("busy"), null);
        t.tasks().start("busy");
        awaitRunning("busy");
        ContainerTestSupport.Counts before = t.counts();
        assertThatThrownBy(() -> t.service.versions().commit(CommitVersionRequest.of("busy")))
                .isInstanceOf(BerthException.FailedPrecondition.class).hasMessageContaining("--stop");
        assertThat(t.tasks().get("busy").status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(t.counts()).isEqualTo(before);
        t.containers().delete("busy", true, true);
    }

    @Test
    void aStoppedContainerStaysStopped() {
        t.containers().create(serving("idle"), null);
        VersionChange c = t.service.versions().commit(CommitVersionRequest.of("idle"));
        assertThat(c.restarted()).isFalse();
        assertThat(c.version().name()).matches("idle-v\\d{19}");
        assertThatThrownBy(() -> t.tasks().get("idle")).isInstanceOf(BerthException.NotFound.class);
        assertThat(t.service.snapshots().get("overlayfs", "idle").parent()).isEqualTo(c.version().name());
        t.containers().delete("idle", true, true);
    }

    @org.junit.jupiter.api.Tag("compat")
    @Test
    void removingASnapshotThatOthersStandOnIsRefused() {
        t.containers().create(serving("tree"), null);
        String v1 = t.service.versions().commit(CommitVersionRequest.of("tree").withName("tree-1")).version().name();
        // the version has a child (the container's active snapshot): containerd would refuse; Berth says why first
        assertThatThrownBy(() -> t.service.snapshots().remove("overlayfs", v1))
                .isInstanceOf(BerthException.FailedPrecondition.class).hasMessageContaining("has a child (tree)");
        assertThatThrownBy(() -> t.service.snapshots().remove("overlayfs", "tree"))
                .isInstanceOf(BerthException.FailedPrecondition.class).hasMessageContaining("root filesystem of container tree");
        assertThatThrownBy(() -> t.service.versions().delete("tree", v1))
                .isInstanceOf(BerthException.FailedPrecondition.class)
                .hasMessageContaining("the current files of tree").hasMessageContaining("cannot be deleted");
        // after a rollback the kept version is a leaf: it can go; the one below cannot
        String kept = t.service.versions().rollback("tree", v1, null).version().name();
        String v2 = t.service.versions().commit(CommitVersionRequest.of("tree").withName("tree-2")).version().name();
        assertThatThrownBy(() -> t.service.versions().delete("tree", v1))
                .isInstanceOf(BerthException.FailedPrecondition.class)
                .hasMessageContaining("version " + kept).hasMessageContaining("version " + v2);
        t.service.versions().delete("tree", kept);
        assertThat(t.snapshotExists("overlayfs", kept)).isFalse();
        assertThatThrownBy(() -> t.service.versions().delete("tree", "sha256:nope"))
                .isInstanceOf(BerthException.NotFound.class);
        t.containers().delete("tree", true, true);
        // the container is gone; its versions stay (gc.root) until removed, leaves first
        t.service.snapshots().remove("overlayfs", v2);
        t.service.snapshots().remove("overlayfs", v1);
        assertThat(t.snapshotExists("overlayfs", v1)).isFalse();
    }

    @Test
    void aRollbackToSomethingThatIsNotAVersionOfItIsRefused() {
        t.containers().create(serving("a1"), null);
        t.containers().create(serving("b1"), null);
        String va = t.service.versions().commit(CommitVersionRequest.of("a1")).version().name();
        assertThatThrownBy(() -> t.service.versions().rollback("b1", va, null))
                .isInstanceOf(BerthException.FailedPrecondition.class).hasMessageContaining("it is one of a1");
        assertThatThrownBy(() -> t.service.versions().rollback("b1", "b1", null))
                .isInstanceOf(BerthException.FailedPrecondition.class).hasMessageContaining("active snapshot, not a version");
        assertThatThrownBy(() -> t.service.versions().commit(CommitVersionRequest.of("b1").withName(va)))
                .isInstanceOf(BerthException.AlreadyExists.class);
        t.containers().delete("a1", true, true);
        t.containers().delete("b1", true, true);
        t.service.snapshots().remove("overlayfs", va);
    }

    /** A failure before the files change leaves the container as it was, running, with nothing new. */
    @Test
    void aFailureAtAnyStepBeforeThePrepareLeavesTheContainerAsItWas() {
        t.containers().create(serving("frail"), null);
        t.tasks().start("frail");
        awaitRunning("frail");
        sh("frail", "echo kept > /f.txt");
        for (DefaultVersionService.Step step : List.of(DefaultVersionService.Step.STOP_TASK,
                DefaultVersionService.Step.REMOVE_TASK, DefaultVersionService.Step.COMMIT)) {
            int snapshots = t.counts().snapshots();
            DefaultVersionService.Hooks fail = s -> {
                if (s == step) {
                    throw new BerthException.Unavailable("injected failure before " + s);
                }
            };
            assertThatThrownBy(() -> versions(fail).commit(CommitVersionRequest.of("frail").stoppingTask(true)))
                    .hasMessageContaining("injected failure before " + step);
            awaitRunning("frail");
            assertThat(sh("frail", "cat /f.txt")).as("after a failure before " + step).isEqualTo("kept");
            assertThat(t.counts().snapshots()).as("no version after a failure before " + step).isEqualTo(snapshots);
            assertThat(t.context().leases().list()).isEmpty();
            assertThat(t.service.versions().list("frail")).isEmpty();
        }
        t.containers().delete("frail", true, true);
    }

    /** A prepare that fails once is tried again; failing twice leaves the files in a version and says how to get them back. */
    @Test
    void aFailedPrepareIsRetriedAndOtherwiseRepairedByARollback() {
        t.containers().create(serving("prep"), null);
        t.tasks().start("prep");
        awaitRunning("prep");
        sh("prep", "echo one > /p.txt");
        VersionChange once = versions(s -> {
            if (s == DefaultVersionService.Step.PREPARE) {
                throw new BerthException.Unavailable("injected");
            }
        }).commit(CommitVersionRequest.of("prep").withName("prep-1").stoppingTask(true));
        assertThat(once.restarted()).isTrue();
        awaitRunning("prep");
        assertThat(sh("prep", "cat /p.txt")).isEqualTo("one");

        // a rollback whose prepare on the version fails gives the container its files back
        sh("prep", "echo two > /p.txt");
        assertThatThrownBy(() -> versions(s -> {
            if (s == DefaultVersionService.Step.PREPARE) {
                throw new BerthException.Unavailable("injected");
            }
        }).rollback("prep", "prep-1", null)).hasMessageContaining("has the files it had");
        awaitRunning("prep");
        assertThat(sh("prep", "cat /p.txt")).isEqualTo("two");

        // both fail: no active snapshot; the message says which rollback repairs it, and it does
        String[] message = new String[1];
        assertThatThrownBy(() -> versions(s -> {
            if (s == DefaultVersionService.Step.PREPARE || s == DefaultVersionService.Step.RESTORE) {
                throw new BerthException.Unavailable("injected");
            }
        }).commit(CommitVersionRequest.of("prep").withName("prep-2").stoppingTask(true)))
                .isInstanceOf(BerthException.FailedPrecondition.class)
                .satisfies(e -> message[0] = e.getMessage())
                .hasMessageContaining("berth containers rollback prep prep-2");
        assertThat(t.snapshotExists("overlayfs", "prep")).isFalse();
        assertThatThrownBy(() -> t.service.versions().commit(CommitVersionRequest.of("prep")))
                .isInstanceOf(BerthException.FailedPrecondition.class).hasMessageContaining("rollback prep prep-2");
        VersionChange repaired = t.service.versions().rollback("prep", "prep-2", null);
        assertThat(repaired.version()).as("nothing to keep").isNull();
        t.tasks().start("prep");
        awaitRunning("prep");
        assertThat(sh("prep", "cat /p.txt")).isEqualTo("two");
        assertThat(t.context().leases().list()).isEmpty();
        t.containers().delete("prep", true, true);
    }

    @Test
    void aTaskThatCannotStartAgainIsReportedWithTheVersionMade() {
        t.containers().create(serving("norestart"), null);
        t.tasks().start("norestart");
        awaitRunning("norestart");
        assertThatThrownBy(() -> versions(s -> {
            if (s == DefaultVersionService.Step.RESTART) {
                throw new BerthException.Internal("injected");
            }
        }).commit(CommitVersionRequest.of("norestart").withName("nr-1").stoppingTask(true)))
                .hasMessageContaining("done (version nr-1)").hasMessageContaining("berth tasks start norestart");
        assertThat(t.snapshotExists("overlayfs", "nr-1")).isTrue();
        t.tasks().start("norestart");
        awaitRunning("norestart");
        t.containers().delete("norestart", true, true);
    }
}
