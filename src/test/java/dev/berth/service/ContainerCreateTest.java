package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.model.BerthException;
import dev.berth.model.ContainerInfo;
import dev.berth.model.ContainerSpec;
import dev.berth.model.CreateContainerRequest;
import dev.berth.model.ImageInfo;
import dev.berth.model.MountSpec;
import dev.berth.model.PullProgress;
import dev.berth.service.DefaultContainerService.CreateStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Creating containers: a failure at any step leaves no container, snapshot or lease; bad input is
 * refused before anything is sent; existing names are not touched; explicit parents; pulling.
 */
class ContainerCreateTest {

    static ContainerTestSupport t;

    @BeforeAll
    static void setUp() {
        t = ContainerTestSupport.open("create", "busybox:1", "config:1");
    }

    @AfterAll
    static void tearDown() {
        if (t != null) {
            t.close();
        }
    }

    private static CreateContainerRequest request(String id) {
        return CreateContainerRequest.of(id, t.image("config:1"))
                .withSpec(ContainerSpec.IMAGE_DEFAULTS.withCommand(List.of("id")).withUser("app"));
    }

    private void assertNothingLeft(String id, ContainerTestSupport.Counts before) {
        assertThat(t.containerExists(id)).as("container " + id).isFalse();
        assertThat(t.snapshotExists("overlayfs", id)).as("snapshot " + id).isFalse();
        assertThat(t.context().leases().list()).as("leases").isEmpty();
        assertThat(t.counts()).isEqualTo(before);
    }

    @Test
    void aFailureAtEveryStepLeavesNothingBehind() {
        ContainerTestSupport.Counts before = t.counts();
        assertThat(before.leases()).isZero();
        for (CreateStep step : CreateStep.values()) {
            String id = "fail-" + step.name().toLowerCase().replace('_', '-');
            List<CreateStep> reached = new ArrayList<>();
            BerthException injected = new BerthException.Internal("injected failure before " + step);
            ContainerService failing = t.containers(s -> {
                reached.add(s);
                if (s == step) {
                    throw injected;
                }
            });
            assertThatThrownBy(() -> failing.create(request(id), null)).as(step.name()).isSameAs(injected);
            assertThat(reached).as("steps reached").endsWith(step).hasSize(step.ordinal() + 1);
            assertNothingLeft(id, before);
            System.out.println("failure before " + step + ": nothing left (" + t.counts() + ")");
        }
        // and the same ids work afterwards
        ContainerInfo ok = t.containers().create(request("fail-release-lease"), null);
        assertThat(ok.id()).isEqualTo("fail-release-lease");
        assertThat(t.context().leases().list()).isEmpty();
        t.containers().delete(ok.id());
        assertNothingLeft(ok.id(), before);
    }

    @Test
    void anInterruptedCreateStillCleansUpAndKeepsTheInterrupt() {
        ContainerTestSupport.Counts before = t.counts();
        for (CreateStep step : List.of(CreateStep.PREPARE_SNAPSHOT, CreateStep.READ_MOUNTS, CreateStep.CREATE_CONTAINER,
                CreateStep.RELEASE_LEASE)) {
            String id = "intr-" + step.ordinal();
            ContainerService interrupted = t.containers(s -> {
                if (s == step) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                assertThatThrownBy(() -> interrupted.create(request(id), null)).as(step.name())
                        .isInstanceOf(BerthException.Cancelled.class);
                assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag kept").isTrue();
            } finally {
                Thread.interrupted();
            }
            assertNothingLeft(id, before);
        }
    }

    @Test
    void aRealFailureWhileBuildingTheSpecCleansUp() {
        ContainerTestSupport.Counts before = t.counts();
        assertThatThrownBy(() -> t.containers().create(request("nouser")
                .withSpec(ContainerSpec.IMAGE_DEFAULTS.withUser("app:nogroup")), null))
                .isInstanceOf(BerthException.InvalidArgument.class)
                .hasMessage("group \"nogroup\" is not in the image's /etc/group");
        assertNothingLeft("nouser", before);
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsSent() {
        List<CreateStep> reached = new CopyOnWriteArrayList<>();
        ContainerService watched = t.containers(reached::add);
        ContainerSpec spec = ContainerSpec.IMAGE_DEFAULTS;
        record Bad(CreateContainerRequest req, String message) {
        }
        List<Bad> bad = List.of(
                new Bad(CreateContainerRequest.of("bad id", t.image("busybox:1")), "container id \"bad id\" is not valid"),
                new Bad(CreateContainerRequest.of("-x", t.image("busybox:1")), "container id \"-x\" is not valid"),
                new Bad(CreateContainerRequest.of("a".repeat(77), t.image("busybox:1")), "longer than 76"),
                new Bad(CreateContainerRequest.of("ok", " "), "an image is needed"),
                new Bad(request("ok").withSpec(spec.withEnv(List.of("1=x"))), "env key \"1\" is not valid"),
                new Bad(request("ok").withSpec(spec.withEnv(List.of("NOEQUALS"))), "must be KEY=VALUE"),
                new Bad(request("ok").withSpec(spec.withMounts(List.of(MountSpec.bind("/", "rel", true)))),
                        "mount destination \"rel\" must be an absolute path"),
                new Bad(request("ok").withSpec(spec.withMounts(List.of(MountSpec.bind("/no/such/dir", "/d", true)))),
                        "bind mount source /no/such/dir does not exist"),
                new Bad(request("ok").withSpec(spec.withWorkingDir("tmp")), "working directory \"tmp\" must be an absolute path"),
                new Bad(request("ok").withSpec(spec.withUser("a:b:c")), "user \"a:b:c\" is not valid"),
                new Bad(request("ok").withLabels(Map.of("k", "v".repeat(5000))), "at most 4096"),
                new Bad(request("ok").withSnapshotter("zfs"), "snapshotter \"zfs\" is not available"));
        for (Bad b : bad) {
            assertThatThrownBy(() -> watched.create(b.req(), null)).isInstanceOf(BerthException.InvalidArgument.class)
                    .hasMessageContaining(b.message());
        }
        assertThat(reached).as("no step was reached, so nothing was sent").isEmpty();
        assertThat(t.containerExists("ok")).isFalse();
    }

    @Test
    void anExistingContainerOrSnapshotIsNotTouched() {
        ContainerInfo first = t.containers().create(request("dup"), null);
        assertThatThrownBy(() -> t.containers().create(request("dup"), null))
                .isInstanceOf(BerthException.AlreadyExists.class).hasMessage("container dup already exists");
        assertThat(t.containers().get("dup").createdAt()).isEqualTo(first.createdAt());
        assertThat(t.snapshotExists("overlayfs", "dup")).isTrue();
        t.containers().delete("dup");

        // a snapshot that someone else made under the container's name
        String top = t.context().snapshots().list("overlayfs").stream().filter(i -> i.getKind()
                == containerd.services.snapshots.v1.Kind.COMMITTED).findFirst().orElseThrow().getName();
        // (gc.root: an unreferenced snapshot is collected at the next garbage collection)
        t.context().snapshots().prepare("overlayfs", "theirs", top, Map.of("owner", "someone",
                "containerd.io/gc.root", "test"));
        try {
            assertThatThrownBy(() -> t.containers().create(request("theirs"), null))
                    .isInstanceOf(BerthException.AlreadyExists.class)
                    .hasMessage("snapshotter overlayfs already has a snapshot named theirs; remove it or choose another container id");
            assertThat(t.context().snapshots().stat("overlayfs", "theirs").getLabelsMap()).containsEntry("owner", "someone");
            assertThat(t.containerExists("theirs")).isFalse();
            assertThat(t.context().leases().list()).isEmpty();
        } finally {
            removeQuietly("theirs");
        }
    }

    @Test
    void aCommittedSnapshotCanBeTheParent() {
        ContainerInfo base = t.containers().create(CreateContainerRequest.of("base", t.image("busybox:1"))
                .withSpec(ContainerSpec.IMAGE_DEFAULTS.withCommand(List.of("/bin/sh", "-c", "echo v1 > /marker"))), null);
        t.tasks().start("base");
        t.awaitExit("base", java.time.Duration.ofSeconds(20));
        t.containers().delete("base", false, false);
        t.context().snapshots().commit("overlayfs", "base-v1", base.snapshotKey(), Map.of("containerd.io/gc.root", "test"));
        try {
            String out = t.run(CreateContainerRequest.of("child", t.image("busybox:1")).withParentSnapshot("base-v1")
                    .withSpec(ContainerSpec.IMAGE_DEFAULTS.withCommand(List.of("/bin/cat", "/marker"))));
            assertThat(out.strip()).isEqualTo("v1");

            // an active snapshot no container uses is taken as it is; a second container cannot take it too
            t.context().snapshots().prepare("overlayfs", "active-one", "base-v1", Map.of("containerd.io/gc.root", "test"));
            ContainerInfo taker = t.containers().create(CreateContainerRequest.of("child2", t.image("busybox:1"))
                    .withParentSnapshot("active-one"), null);
            assertThat(taker.snapshotKey()).isEqualTo("active-one");
            assertThatThrownBy(() -> t.containers().create(CreateContainerRequest.of("child4", t.image("busybox:1"))
                    .withParentSnapshot("active-one"), null)).isInstanceOf(BerthException.FailedPrecondition.class)
                    .hasMessage("active snapshot active-one is the root filesystem of container child2; a container can "
                            + "take only an active snapshot no container uses");
            t.containers().delete("child2");
            assertThat(t.snapshotExists("overlayfs", "active-one")).isFalse();
            t.context().snapshots().view("overlayfs", "a-view", "base-v1", Map.of("containerd.io/gc.root", "test"));
            assertThatThrownBy(() -> t.containers().create(CreateContainerRequest.of("child5", t.image("busybox:1"))
                    .withParentSnapshot("a-view"), null)).isInstanceOf(BerthException.FailedPrecondition.class)
                    .hasMessage("snapshot a-view is view; a container starts from a committed snapshot, or takes an "
                            + "active one as it is");
            t.context().snapshots().remove("overlayfs", "a-view");
            assertThatThrownBy(() -> t.containers().create(CreateContainerRequest.of("child3", t.image("busybox:1"))
                    .withParentSnapshot("nope"), null)).isInstanceOf(BerthException.NotFound.class)
                    .hasMessage("snapshot nope not found in snapshotter overlayfs");
            assertThat(t.context().leases().list()).isEmpty();
            assertThat(t.containerExists("child4")).isFalse();
            assertThat(t.containerExists("child5")).isFalse();
            assertThat(t.containerExists("child3")).isFalse();
        } finally {
            removeQuietly("active-one");
            removeQuietly("a-view");
            removeQuietly("base-v1");
        }
    }

    /** Test cleanup that does not hide the test's own failure. */
    private static void removeQuietly(String snapshot) {
        try {
            t.context().snapshots().remove("overlayfs", snapshot);
        } catch (BerthException e) {
            System.out.println("cleanup: snapshot " + snapshot + ": " + e.getMessage());
        }
    }

    @Test
    void aMissingImageIsPulledWithProgress() {
        List<PullProgress> progress = new CopyOnWriteArrayList<>();
        String ref = t.image("multi:3");
        assertThatThrownBy(() -> t.service.images().get(ref)).isInstanceOf(BerthException.NotFound.class);
        ContainerInfo c;
        try {
            c = t.containers().create(CreateContainerRequest.of("pulled", ref)
                    .withSpec(ContainerSpec.IMAGE_DEFAULTS.withCommand(List.of("/bin/true"))), progress::add);
        } catch (BerthException.Internal e) {
            if (String.valueOf(e.getMessage()).contains("not implemented")) {
                System.out.println("SKIPPED (pull is not implemented yet): " + e.getMessage());
                org.junit.jupiter.api.Assumptions.assumeTrue(false, "pull is not implemented yet");
            }
            throw e;
        }
        try {
            ImageInfo image = t.service.images().get(ref);
            assertThat(c.image()).isEqualTo(image.name());
            assertThat(progress).isNotEmpty();
            assertThat(progress.get(progress.size() - 1).phase()).isEqualTo(PullProgress.Phase.DONE);
        } finally {
            t.containers().delete("pulled");
        }
    }
}
