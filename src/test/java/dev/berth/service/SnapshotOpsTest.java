package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.containerd.ApiContext;
import dev.berth.containerd.ContainerdConnection;
import dev.berth.model.BerthException;
import dev.berth.model.CommitVersionRequest;
import dev.berth.model.ContainerInfo;
import dev.berth.model.ContainerSpec;
import dev.berth.model.CreateContainerRequest;
import dev.berth.model.DaemonInfo;
import dev.berth.model.Labels;
import dev.berth.model.MountInfo;
import dev.berth.model.SnapshotInfo;
import dev.berth.model.SnapshotKind;
import dev.berth.model.SnapshotNode;
import dev.berth.model.SnapshotUsage;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot operations against the real containerd: the tree with the containers that use each
 * snapshot, prepare / commit / mounts / usage / remove and their refusals, a container made from a
 * committed snapshot and one that takes an active snapshot as it is; and bad input refused before
 * anything is sent (checked with a socket that counts connections).
 */
class SnapshotOpsTest {

    static ContainerTestSupport t;

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        t = ContainerTestSupport.open("snapshots", "busybox:1");
    }

    @AfterAll
    static void tearDown() {
        if (t != null) {
            t.close();
        }
    }

    private static SnapshotService snapshots() {
        return t.service.snapshots();
    }

    private static Optional<SnapshotNode> find(List<SnapshotNode> roots, String name) {
        return roots.stream().flatMap(r -> r.flatten().stream()).filter(n -> n.name().equals(name)).findFirst();
    }

    private static String top() {
        return snapshots().list("overlayfs").stream().filter(s -> s.kind() == SnapshotKind.COMMITTED
                && s.parent().isEmpty()).findFirst().orElseThrow().name();
    }

    @Test
    void treeShowsParentsChildrenAndWhichContainerUsesEachActiveSnapshot() {
        t.containers().create(CreateContainerRequest.of("t-web", t.image("busybox:1")), null);
        t.containers().create(CreateContainerRequest.of("t-api", t.image("busybox:1")), null);
        List<SnapshotNode> roots = snapshots().tree("overlayfs");
        SnapshotNode base = find(roots, top()).orElseThrow();
        assertThat(roots).contains(base);
        assertThat(base.children()).extracting(SnapshotNode::name).contains("t-api", "t-web");
        assertThat(find(roots, "t-web").orElseThrow().usedBy()).containsExactly("t-web");
        assertThat(find(roots, "t-web").orElseThrow().info().kind()).isEqualTo(SnapshotKind.ACTIVE);
        assertThat(base.usedBy()).isEmpty();
        t.containers().delete("t-web", true, true);
        t.containers().delete("t-api", true, true);
    }

    @Test
    void prepareCommitMountsUsageRemove() throws Exception {
        String base = top();
        SnapshotInfo scratch = snapshots().prepare(null, "scratch", base, Map.of("purpose", "test"));
        assertThat(scratch.kind()).isEqualTo(SnapshotKind.ACTIVE);
        assertThat(scratch.parent()).isEqualTo(base);
        assertThat(scratch.labels()).containsEntry("purpose", "test").containsKey(Labels.GC_ROOT);
        List<MountInfo> mounts = snapshots().mounts("overlayfs", "scratch");
        assertThat(mounts).hasSize(1);
        assertThat(mounts.get(0).type()).isEqualTo("overlay");
        SnapshotUsage empty = snapshots().usage("overlayfs", "scratch");
        // write into the snapshot's own layer (upperdir) as a container would
        String upper = mounts.get(0).options().stream().filter(o -> o.startsWith("upperdir=")).findFirst().orElseThrow()
                .substring("upperdir=".length());
        java.nio.file.Files.write(Path.of(upper, "blob.bin"), new byte[300_000]);
        SnapshotUsage full = snapshots().usage("overlayfs", "scratch");
        assertThat(full.size() - empty.size()).isGreaterThanOrEqualTo(300_000);
        assertThat(full.inodes()).isGreaterThan(empty.inodes());

        forceCollection();
        assertThat(t.snapshotExists("overlayfs", "scratch")).as("gc.root keeps a prepared snapshot").isTrue();

        SnapshotInfo done = snapshots().commit("overlayfs", "scratch-done", "scratch", Map.of("stage", "done"));
        assertThat(done.kind()).isEqualTo(SnapshotKind.COMMITTED);
        assertThat(done.labels()).containsEntry("stage", "done").containsKey(Labels.GC_ROOT);
        assertThat(t.snapshotExists("overlayfs", "scratch")).as("the key is consumed").isFalse();
        assertThat(snapshots().usage("overlayfs", "scratch-done").size()).isGreaterThanOrEqualTo(300_000);
        forceCollection();
        assertThat(t.snapshotExists("overlayfs", "scratch-done")).isTrue();

        // a container from the committed snapshot sees the file
        String out = t.run(CreateContainerRequest.of("from-done", t.image("busybox:1")).withParentSnapshot("scratch-done")
                .withSpec(ContainerSpec.IMAGE_DEFAULTS.withCommand(List.of("/bin/sh", "-c", "wc -c < /blob.bin"))));
        assertThat(out.strip()).isEqualTo("300000");

        // an active snapshot no container uses: a container takes it as it is
        snapshots().prepare("overlayfs", "loose", "scratch-done", Map.of());
        ContainerInfo adopter = t.containers().create(CreateContainerRequest.of("adopter", t.image("busybox:1"))
                .withParentSnapshot("loose"), null);
        assertThat(adopter.snapshotKey()).isEqualTo("loose");
        assertThatThrownBy(() -> t.containers().create(CreateContainerRequest.of("adopter-2", t.image("busybox:1"))
                .withParentSnapshot("loose"), null))
                .isInstanceOf(BerthException.FailedPrecondition.class).hasMessageContaining("root filesystem of container adopter");
        assertThat(t.containerExists("adopter-2")).isFalse();

        // refusals: a container's own snapshot, a parent with children, an active parent, taken names
        assertThatThrownBy(() -> snapshots().commit("overlayfs", "steal", "loose", Map.of()))
                .isInstanceOf(BerthException.FailedPrecondition.class).hasMessageContaining("berth containers commit adopter");
        assertThatThrownBy(() -> snapshots().remove("overlayfs", "loose"))
                .isInstanceOf(BerthException.FailedPrecondition.class).hasMessageContaining("delete the container first");
        assertThatThrownBy(() -> snapshots().remove("overlayfs", "scratch-done"))
                .isInstanceOf(BerthException.FailedPrecondition.class).hasMessageContaining("has a child (loose)");
        assertThatThrownBy(() -> snapshots().prepare("overlayfs", "on-active", "loose", Map.of()))
                .isInstanceOf(BerthException.FailedPrecondition.class).hasMessageContaining("only a committed snapshot");
        assertThatThrownBy(() -> snapshots().prepare("overlayfs", "loose", "scratch-done", Map.of()))
                .isInstanceOf(BerthException.AlreadyExists.class);
        assertThatThrownBy(() -> snapshots().usage("overlayfs", "no-such"))
                .isInstanceOf(BerthException.NotFound.class).hasMessageContaining("no-such");

        t.containers().delete("adopter", true, true);
        assertThat(t.snapshotExists("overlayfs", "loose")).as("deleted with its container").isFalse();
        snapshots().remove("overlayfs", "scratch-done");
        assertThat(t.snapshotExists("overlayfs", "scratch-done")).isFalse();
    }

    /** Forces containerd's collector: an image pulled by ctr, deleted through Berth with sync. */
    static void forceCollection() {
        t.pull("multi:3");
        t.service.images().delete(t.image("multi:3"), true);
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsSent() throws Exception {
        Path sock = tmp.resolve("counting.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            server.configureBlocking(false);
            ContainerdConnection conn = ContainerdConnection.open(sock.toString(), Duration.ofSeconds(2));
            try {
                ServiceContext sc = new ServiceContext(new ApiContext(conn, "ns", null),
                        new DaemonInfo(sock.toString(), "1.6.20", "x", List.of("overlayfs", "native"), Set.of()),
                        ServiceOptions.of(sock.toString(), "ns"));
                SnapshotService s = new DefaultSnapshotService(sc);
                VersionService v = new DefaultVersionService(sc);
                ContainerService c = new DefaultContainerService(sc);
                List<ThrowableAssert.ThrowingCallable> bad = List.of(
                        () -> s.prepare("overlayfs", "bad name", null, Map.of()),
                        () -> s.prepare("overlayfs", "", null, Map.of()),
                        () -> s.prepare("overlayfs", "-leading-dash", null, Map.of()),
                        () -> s.prepare("overlayfs", "x".repeat(256), null, Map.of()),
                        () -> s.prepare("overlayfs", "ok", "a\nb", Map.of()),
                        () -> s.prepare("overlayfs", "ok", null, Map.of("", "empty key")),
                        () -> s.prepare("zfs", "ok", null, Map.of()),
                        () -> s.commit("overlayfs", "new\tname", "key", Map.of()),
                        () -> s.commit("overlayfs", "name", "", Map.of()),
                        () -> s.mounts("overlayfs", "a\u0000b"),
                        () -> s.usage("overlayfs", ""),
                        () -> s.remove("overlayfs", "\u0007"),
                        () -> s.get("overlayfs", null),
                        () -> v.commit(CommitVersionRequest.of("bad id!")),
                        () -> v.commit(CommitVersionRequest.of("ok").withName("white space")),
                        () -> v.commit(CommitVersionRequest.of("ok").withName("caf\u00e9")),
                        () -> v.commit(CommitVersionRequest.of("ok").withLabels(Map.of("k", "v".repeat(5000)))),
                        () -> v.rollback("ok", "a\nb", null),
                        () -> v.rollback("-x", "v", null),
                        () -> v.list(""),
                        () -> v.delete("ok", ""),
                        () -> c.create(CreateContainerRequest.of("ok", "img").withParentSnapshot("p\u0001"), null));
                for (ThrowableAssert.ThrowingCallable call : bad) {
                    assertThatThrownBy(call).isInstanceOf(BerthException.InvalidArgument.class);
                }
                assertThat(server.accept()).as("no connection was made to the socket").isNull();
            } finally {
                conn.close();
            }
        }
    }

    @Test
    void aVersionNameIsCheckedLikeASnapshotName() {
        assertThat(Validation.snapshotName("n", "web-v1700000000000000000")).isNotNull();
        assertThat(Validation.snapshotName("n", "sha256:abc/def@x+y=z")).isNotNull();
        assertThatThrownBy(() -> Validation.snapshotName("version name", "a b"))
                .hasMessage("version name \"a b\" is not valid: start with a letter or digit, then use letters, digits "
                        + "and . _ - : @ / + = (no spaces)");
        assertThat(DefaultVersionService.defaultName("web")).matches("web-v\\d{19}");
    }
}
