package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.model.BerthException;
import dev.berth.model.ContainerInfo;
import dev.berth.model.ImageInfo;
import dev.berth.model.SnapshotInfo;
import dev.berth.model.TaskInfo;
import dev.berth.testenv.TestEnv;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read side against ctr on the same daemon: state made with ctr (images pulled, containers with
 * labels, a running task), then Berth's lists must agree with ctr's.
 */
@org.junit.jupiter.api.Tag("compat")
class ReadSideCtrTest {

    static TestEnv env;
    static String ns;
    static DefaultContainerdService service;
    static String registry;

    @BeforeAll
    static void makeStateWithCtr() {
        env = TestEnv.get();
        ns = "berth-it-read-" + UUID.randomUUID().toString().substring(0, 8);
        registry = env.registry();
        for (String image : List.of("test/busybox:1", "test/multi:3", "test/config:1", "test/multiarch:1")) {
            env.ctr(ns, "images", "pull", "--plain-http", registry + "/" + image);
        }
        // a Docker-style stored name, to check that short references resolve
        env.ctr(ns, "images", "tag", registry + "/test/busybox:1", "docker.io/library/bb:latest");
        env.ctr(ns, "images", "tag", registry + "/test/busybox:1", "docker.io/someone/app:latest");
        String bb = registry + "/test/busybox:1";
        env.ctr(ns, "containers", "create", "--label", "a.b/c-d=x y", "--label", "app=web", bb, "c1");
        env.ctr(ns, "containers", "create", "--label", "app=db", bb, "c2");
        env.ctr(ns, "containers", "create", "--label", "other=1", registry + "/test/multi:3", "c3");
        env.ctr(ns, "run", "-d", bb, "t1", "/bin/sleep", "1000");
        service = env.connect(ns);
    }

    @AfterAll
    static void cleanUp() {
        if (env == null) {
            return;
        }
        if (service != null) {
            service.close();
        }
        try {
            env.ctr(ns, "tasks", "kill", "-s", "SIGKILL", "t1");
        } catch (RuntimeException ignored) {
            // already gone
        }
        for (int i = 0; i < 50; i++) {
            try {
                env.ctr(ns, "tasks", "rm", "-f", "t1");
                break;
            } catch (RuntimeException e) {
                sleep(100);
            }
        }
        for (String c : List.of("t1", "c1", "c2", "c3")) {
            env.ctr(ns, "containers", "rm", c);
        }
        for (String i : lines(env.ctr(ns, "images", "ls", "-q"))) {
            env.ctr(ns, "images", "rm", "--sync", i);
        }
        env.ctr("default", "namespaces", "rm", ns);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<String> lines(String s) {
        return Arrays.stream(s.split("\n")).map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toList());
    }

    /** ctr's table rows (without the header), split on whitespace. */
    static List<String[]> table(String s) {
        List<String> ls = lines(s);
        List<String[]> rows = new ArrayList<>();
        for (String l : ls.subList(1, ls.size())) {
            rows.add(l.split("\\s+"));
        }
        return rows;
    }

    @Test
    void namespacesAgree() {
        Set<String> ctr = new TreeSet<>(lines(env.ctr("default", "namespaces", "ls", "-q")));
        Set<String> berth = service.namespaces().list().stream().map(n -> n.name()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(berth).isEqualTo(ctr).contains(ns);
    }

    @Test
    void imagesAgreeWithCtr() {
        Map<String, String> ctr = new TreeMap<>();
        for (String[] row : table(env.ctr(ns, "images", "ls"))) {
            ctr.put(row[0], row[2]);
        }
        Map<String, String> berth = new TreeMap<>();
        for (ImageInfo i : service.images().list()) {
            berth.put(i.name(), i.digest());
        }
        System.out.println("images compared with ctr: " + ctr.size());
        assertThat(berth).isEqualTo(ctr);
        assertThat(berth).hasSize(6);
    }

    @Test
    void imageSizesAgreeWithCtr() {
        // ctr prints sizes as %.1f with binary units; the size is index/manifest + config + layers for this platform
        Map<String, String> ctr = new TreeMap<>();
        for (String l : lines(env.ctr(ns, "images", "ls")).subList(1, 7)) {
            String[] row = l.split("\\s+");
            ctr.put(row[0], row[3] + " " + row[4]);
        }
        Map<String, String> berth = new TreeMap<>();
        for (ImageInfo i : service.images().list()) {
            berth.put(i.name(), dev.berth.cli.Output.size(i.size()));
            assertThat(i.createdAt()).isNotNull();
        }
        assertThat(berth).isEqualTo(ctr);
    }

    @Test
    void shortReferencesResolveLikeDocker() {
        ImageInfo bb = service.images().get("bb");
        assertThat(bb.name()).isEqualTo("docker.io/library/bb:latest");
        assertThat(service.images().get("someone/app").name()).isEqualTo("docker.io/someone/app:latest");
        assertThat(service.images().get("docker.io/library/bb").digest()).isEqualTo(bb.digest());
        assertThat(service.images().get(registry + "/test/multi:3").name()).isEqualTo(registry + "/test/multi:3");
        assertThat(service.images().get(registry + "/test/busybox@" + bb.digest()).digest()).isEqualTo(bb.digest());
        assertThatThrownBy(() -> service.images().get("nothere")).isInstanceOf(BerthException.NotFound.class)
                .hasMessageContaining("docker.io/library/nothere:latest");
        assertThatThrownBy(() -> service.images().get("UPPER/case")).isInstanceOf(BerthException.InvalidArgument.class);
    }

    @Test
    void containersAgreeWithCtr() {
        Set<String> ctr = new TreeSet<>(lines(env.ctr(ns, "containers", "ls", "-q")));
        List<ContainerInfo> list = service.containers().list();
        Set<String> listed = ids(list);
        assertThat(listed).isEqualTo(ctr);
        assertThat(ctr).containsExactly("c1", "c2", "c3", "t1");
        ContainerInfo c1 = service.containers().get("c1");
        assertThat(c1.labels()).containsEntry("a.b/c-d", "x y").containsEntry("app", "web");
        assertThat(c1.image()).isEqualTo(registry + "/test/busybox:1");
        assertThat(c1.snapshotter()).isEqualTo("overlayfs");
        assertThat(c1.snapshotKey()).isEqualTo("c1");
        assertThat(c1.runtime()).isEqualTo("io.containerd.runc.v2");
        assertThat(c1.createdAt()).isNotNull();
        assertThat(c1.specJson()).contains("\"ociVersion\"");
    }

    @Test
    void containersByLabelAreFilteredByContainerdLikeCtr() {
        assertThat(ids(service.containers().listByLabel("app", "web")))
                .isEqualTo(new TreeSet<>(lines(env.ctr(ns, "containers", "ls", "-q", "labels.app==web"))))
                .containsExactly("c1");
        assertThat(ids(service.containers().listByLabel("app", null)))
                .isEqualTo(new TreeSet<>(lines(env.ctr(ns, "containers", "ls", "-q", "labels.app"))))
                .containsExactly("c1", "c2");
        assertThat(ids(service.containers().listByLabel("a.b/c-d", "x y")))
                .isEqualTo(new TreeSet<>(lines(env.ctr(ns, "containers", "ls", "-q", "labels.\"a.b/c-d\"==\"x y\""))))
                .containsExactly("c1");
        assertThat(ids(service.containers().listByLabel("a.b/c-d", ""))).containsExactly("c1");
        assertThat(ids(service.containers().listByLabel("app", "web,other=1"))).isEmpty();
        assertThat(ids(service.containers().listByLabel("app", "\"web\""))).isEmpty();
    }

    static Set<String> ids(List<ContainerInfo> cs) {
        return cs.stream().map(ContainerInfo::id).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void tasksAgreeWithCtr() {
        Map<String, String> ctr = new TreeMap<>();
        for (String[] row : table(env.ctr(ns, "tasks", "ls"))) {
            ctr.put(row[0], row[1] + " " + row[2]);
        }
        Map<String, String> berth = new TreeMap<>();
        for (TaskInfo t : service.tasks().list()) {
            berth.put(t.containerId(), t.pid() + " " + t.status());
        }
        assertThat(berth).isEqualTo(ctr).containsOnlyKeys("t1");
        TaskInfo t1 = service.tasks().get("t1");
        assertThat(t1.status()).isEqualTo(dev.berth.model.TaskStatus.RUNNING);
        assertThat(t1.exitStatus()).isNull();
        assertThat(t1.exitedAt()).isNull();
        assertThatThrownBy(() -> service.tasks().get("c1")).isInstanceOf(BerthException.NotFound.class);
    }

    @Test
    void snapshotsAgreeWithCtr() {
        Map<String, String> ctr = new TreeMap<>();
        for (String[] row : table(env.ctr(ns, "snapshots", "ls"))) {
            // KEY PARENT KIND; a base layer has no parent, so the row has two cells
            ctr.put(row[0], row.length == 3 ? row[1] + " " + row[2].toUpperCase() : " " + row[1].toUpperCase());
        }
        Map<String, String> berth = new TreeMap<>();
        for (SnapshotInfo s : service.snapshots().list("overlayfs")) {
            berth.put(s.name(), s.parent() + " " + s.kind().name());
        }
        System.out.println("snapshots compared with ctr: " + ctr.size());
        assertThat(berth).isEqualTo(ctr);
        assertThat(berth).containsKeys("c1", "c2", "c3", "t1");
        List<dev.berth.model.MountInfo> mounts = service.snapshots().mounts("overlayfs", "c1");
        assertThat(mounts).hasSize(1);
        assertThat(mounts.get(0).type()).isIn("overlay", "bind");
    }
}
