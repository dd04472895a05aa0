package dev.berth.service;

import dev.berth.model.BerthException;
import dev.berth.model.ContainerInfo;
import dev.berth.model.CreateContainerRequest;
import dev.berth.model.SnapshotInfo;
import dev.berth.model.TaskInfo;
import dev.berth.model.TaskStatus;
import dev.berth.testenv.TestEnv;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A namespace of the real test containerd for one test class, with its test images pulled by ctr,
 * Berth's service connected to it, and counts of what is in it. {@link #close} removes everything.
 */
final class ContainerTestSupport implements AutoCloseable {

    final TestEnv env;
    final String ns;
    final DefaultContainerdService service;

    private ContainerTestSupport(TestEnv env, String ns) {
        this.env = env;
        this.ns = ns;
        this.service = env.connect(ns);
    }

    /** A fresh namespace {@code berth-it-<name>-<random>} with these images (e.g. {@code busybox:1}) pulled by ctr. */
    static ContainerTestSupport open(String name, String... images) {
        TestEnv env = TestEnv.get();
        String ns = "berth-it-" + name.toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 8);
        ContainerTestSupport s = new ContainerTestSupport(env, ns);
        for (String i : images) {
            s.pull(i);
        }
        return s;
    }

    /** The full reference of a test image, e.g. {@code 127.0.0.1:PORT/test/busybox:1}. */
    String image(String shortName) {
        return env.registry() + "/test/" + shortName;
    }

    void pull(String shortName, String... extra) {
        String[] args = new String[4 + extra.length];
        args[0] = "images";
        args[1] = "pull";
        args[2] = "--plain-http";
        System.arraycopy(extra, 0, args, 3, extra.length);
        args[3 + extra.length] = image(shortName);
        env.ctr(ns, args);
    }

    ContainerService containers() {
        return service.containers();
    }

    TaskService tasks() {
        return service.tasks();
    }

    /** A container service whose create calls {@code faults} before each step. */
    ContainerService containers(DefaultContainerService.CreateFaults faults) {
        return new DefaultContainerService(service.context(), faults);
    }

    ServiceContext context() {
        return service.context();
    }

    /** What the namespace holds. */
    record Counts(int containers, int tasks, int snapshots, int activeSnapshots, int leases) {
    }

    Counts counts() {
        ServiceContext sc = service.context();
        List<SnapshotInfo> snaps = service.snapshots().list("overlayfs");
        int active = (int) snaps.stream().filter(s -> s.kind() == dev.berth.model.SnapshotKind.ACTIVE).count();
        return new Counts(sc.containers().list().size(), sc.tasks().list().size(), snaps.size(), active,
                sc.leases().list().size());
    }

    boolean snapshotExists(String snapshotter, String key) {
        try {
            service.context().snapshots().stat(snapshotter, key);
            return true;
        } catch (BerthException.NotFound e) {
            return false;
        }
    }

    boolean containerExists(String id) {
        try {
            service.containers().get(id);
            return true;
        } catch (BerthException.NotFound e) {
            return false;
        }
    }

    /** Polls until the task has stopped (it is expected to end by itself). */
    TaskInfo awaitExit(String id, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            TaskInfo t = tasks().get(id);
            if (t.status() == TaskStatus.STOPPED) {
                return t;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("task " + id + " still " + t.status() + " after " + timeout);
            }
            sleep(20);
        }
    }

    /** Creates, starts, waits for the exit; returns the output; deletes the container. */
    String run(CreateContainerRequest req) {
        containers().create(req, null);
        try {
            tasks().start(req.id());
            TaskInfo t = awaitExit(req.id(), Duration.ofSeconds(30));
            String out = String.join("\n", tasks().logs(req.id(), -1));
            if (t.exitStatus() == null || t.exitStatus() != 0) {
                throw new AssertionError(req.id() + " exited " + t.exitStatus() + ": " + out);
            }
            return out;
        } finally {
            containers().delete(req.id(), true, true);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    static List<String> lines(String s) {
        return Arrays.stream(s.split("\n")).map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toList());
    }

    /** Removes every task, container, image, lease and snapshot of the namespace, then the namespace. */
    @Override
    public void close() {
        try {
            for (ContainerInfo c : service.containers().list()) {
                try {
                    service.containers().delete(c.id(), true, true);
                } catch (RuntimeException e) {
                    System.out.println("cleanup: container " + c.id() + ": " + e.getMessage());
                }
            }
            for (var l : service.context().leases().list()) {
                service.context().leases().delete(l.getId(), true);
            }
            for (String i : lines(env.ctr(ns, "images", "ls", "-q"))) {
                env.ctr(ns, "images", "rm", "--sync", i);
            }
            for (String snapshotter : List.of("overlayfs", "native")) {
                // committed snapshots a test made itself (children first)
                for (int round = 0; round < 10; round++) {
                    List<SnapshotInfo> left = service.snapshots().list(snapshotter);
                    if (left.isEmpty()) {
                        break;
                    }
                    for (SnapshotInfo s : left) {
                        try {
                            service.context().snapshots().remove(snapshotter, s.name());
                        } catch (RuntimeException ignored) {
                            // has children; the next round gets it
                        }
                    }
                }
            }
            env.ctr("default", "namespaces", "rm", ns);
        } catch (RuntimeException e) {
            System.out.println("cleanup of namespace " + ns + " incomplete: " + e.getMessage());
        } finally {
            service.close();
        }
    }
}
