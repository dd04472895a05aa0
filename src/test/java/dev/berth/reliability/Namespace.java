package dev.berth.reliability;

import containerd.services.containers.v1.Container;
import containerd.services.images.v1.Image;
import containerd.services.leases.v1.Lease;
import containerd.services.snapshots.v1.Info;
import dev.berth.containerd.ApiContext;
import dev.berth.containerd.ContainerdConnection;
import dev.berth.containerd.ContainersApi;
import dev.berth.containerd.ImagesApi;
import dev.berth.containerd.LeasesApi;
import dev.berth.containerd.NamespacesApi;
import dev.berth.containerd.SnapshotsApi;
import dev.berth.containerd.TasksApi;
import dev.berth.model.BerthException;
import dev.berth.service.DefaultContainerdService;
import dev.berth.testenv.TestEnv;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A namespace of the real test containerd for one reliability test: Berth's service in it, and an
 * independent connection (not the service's) that tells what the namespace holds, so that "nothing
 * half-made" is checked by someone other than the code under test. {@link #close} removes everything.
 */
final class Namespace implements AutoCloseable {

    static final String SNAPSHOTTER = "overlayfs";

    final TestEnv env;
    final String name;
    final DefaultContainerdService service;
    private final ContainerdConnection observer;

    /** What the namespace holds (content is left out: containerd's collector removes it on its own time). */
    record State(List<String> containers, List<String> tasks, List<String> snapshots, List<String> leases,
                 List<String> images) {

        boolean isEmpty() {
            return containers.isEmpty() && tasks.isEmpty() && snapshots.isEmpty() && leases.isEmpty() && images.isEmpty();
        }

        @Override
        public String toString() {
            return "containers " + containers + ", tasks " + tasks + ", snapshots " + snapshots.size() + " " + snapshots
                    + ", leases " + leases + ", images " + images;
        }
    }

    private Namespace(TestEnv env, String name) {
        this.env = env;
        this.name = name;
        this.service = env.connect(name);
        this.observer = ContainerdConnection.open(env.address(), Duration.ofSeconds(20));
    }

    /** A fresh namespace {@code berth-rel-<what>-<random>}. */
    static Namespace open(String what) {
        TestEnv env = TestEnv.get();
        return new Namespace(env, "berth-rel-" + what.toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    ApiContext api() {
        return new ApiContext(observer, name, null);
    }

    /** {@code <registry>/test/<image>} of the test environment's plain registry. */
    String image(String shortName) {
        return env.registry() + "/test/" + shortName;
    }

    State state() {
        ApiContext api = api();
        return new State(
                new ContainersApi(api).list().stream().map(Container::getId).sorted().collect(Collectors.toList()),
                new TasksApi(api).list().stream().map(p -> p.getId() + ":" + p.getStatus()).sorted().collect(Collectors.toList()),
                new SnapshotsApi(api).list(SNAPSHOTTER).stream().map(Info::getName).sorted().collect(Collectors.toList()),
                new LeasesApi(api).list().stream().map(Lease::getId).sorted().collect(Collectors.toList()),
                new ImagesApi(api).list().stream().map(Image::getName).sorted().collect(Collectors.toList()));
    }

    /** Removes every container (and task), lease, image and snapshot, then the namespace. */
    @Override
    public void close() {
        ApiContext api = api();
        try {
            for (Container c : new ContainersApi(api).list()) {
                try {
                    service.containers().delete(c.getId(), true, true);
                } catch (RuntimeException e) {
                    System.out.println("cleanup of " + name + ": container " + c.getId() + ": " + e.getMessage());
                }
            }
            for (Lease l : new LeasesApi(api).list()) {
                new LeasesApi(api).delete(l.getId(), true);
            }
            for (Image i : new ImagesApi(api).list()) {
                new ImagesApi(api).delete(i.getName(), true);
            }
            for (int round = 0; round < 20; round++) {
                List<Info> left = new SnapshotsApi(api).list(SNAPSHOTTER);
                if (left.isEmpty()) {
                    break;
                }
                for (Info s : left) {
                    try {
                        new SnapshotsApi(api).remove(SNAPSHOTTER, s.getName());
                    } catch (BerthException ignored) {
                        // it has children: a later round gets it
                    }
                }
            }
            env.pruneContent(name);
            new NamespacesApi(api).delete(name);
        } catch (RuntimeException e) {
            System.out.println("cleanup of namespace " + name + " incomplete: " + e.getMessage());
        } finally {
            service.close();
            observer.close();
        }
    }
}
