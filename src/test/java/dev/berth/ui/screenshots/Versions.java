package dev.berth.ui.screenshots;

import dev.berth.model.CommitVersionRequest;
import dev.berth.model.ContainerSpec;
import dev.berth.model.CreateContainerRequest;
import dev.berth.model.Labels;
import dev.berth.model.SnapshotInfo;
import dev.berth.model.StopOptions;
import dev.berth.service.ContainerdService;
import dev.berth.testenv.TestEnv;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A container with versions for the screenshots of the Versions window, made through Berth's own
 * service: two versions committed, then a rollback to the first (which keeps the files before it
 * as a third).
 */
final class Versions {

    static final String CONTAINER = "site-5";
    private static final StopOptions QUICK = StopOptions.forced(Duration.ofSeconds(2));

    private Versions() {
    }

    static void prepare(TestEnv env, String ns) {
        clean(env, ns);
        try (var svc = env.connect(ns)) {
            svc.containers().create(CreateContainerRequest.of(CONTAINER, env.registry() + "/test/busybox:1")
                    .withSpec(ContainerSpec.IMAGE_DEFAULTS.withCommand(List.of("/bin/sh", "-c",
                            "trap 'exit 0' TERM; while :; do sleep 0.1; done")))
                    .withLabels(Map.of("team", "web")), p -> { });
            svc.tasks().start(CONTAINER);
            svc.versions().commit(new CommitVersionRequest(CONTAINER, CONTAINER + "-base",
                    Map.of("reason", "site as deployed"), true, QUICK));
            svc.versions().commit(new CommitVersionRequest(CONTAINER, CONTAINER + "-tls",
                    Map.of("reason", "TLS configured"), true, QUICK));
            svc.versions().rollback(CONTAINER, CONTAINER + "-base", QUICK);
        }
    }

    /** Removes every version left in the namespace (children first); the containers must be gone. */
    static void clean(TestEnv env, String ns) {
        try (var svc = env.connect(ns)) {
            String snapshotter = svc.snapshots().defaultSnapshotter();
            for (int round = 0; round < 10; round++) {
                List<SnapshotInfo> versions = svc.snapshots().list(snapshotter).stream()
                        .filter(s -> s.labels().containsKey(Labels.VERSION_OF)).toList();
                if (versions.isEmpty()) {
                    return;
                }
                for (SnapshotInfo s : versions) {
                    remove(svc, snapshotter, s.name());
                }
            }
        }
    }

    private static void remove(ContainerdService svc, String snapshotter, String name) {
        try {
            svc.snapshots().remove(snapshotter, name);
        } catch (RuntimeException standsOnIt) {
            // a child or a container first; the next round
        }
    }
}
