package dev.berth.service;

import dev.berth.containerd.ApiContext;
import dev.berth.containerd.ContainersApi;
import dev.berth.containerd.ContentApi;
import dev.berth.containerd.DiffApi;
import dev.berth.containerd.ImagesApi;
import dev.berth.containerd.LeasesApi;
import dev.berth.containerd.SnapshotsApi;
import dev.berth.containerd.TasksApi;
import dev.berth.model.DaemonInfo;

/** What the area services share: the API context (connection + namespace), the daemon, the options. */
record ServiceContext(ApiContext api, DaemonInfo daemon, ServiceOptions options, java.util.Set<String> activePulls) {

    ServiceContext(ApiContext api, DaemonInfo daemon, ServiceOptions options) {
        this(api, daemon, options, java.util.concurrent.ConcurrentHashMap.newKeySet());
    }


    ServiceContext withNamespace(String ns) {
        return new ServiceContext(api.withNamespace(ns), daemon, options.withNamespace(ns), activePulls);
    }

    /** The same context, with every call attached to {@code lease}. */
    ServiceContext withLease(String lease) {
        return new ServiceContext(api.withLease(lease), daemon, options, activePulls);
    }

    ImagesApi images() {
        return new ImagesApi(api);
    }

    ContainersApi containers() {
        return new ContainersApi(api);
    }

    TasksApi tasks() {
        return new TasksApi(api);
    }

    SnapshotsApi snapshots() {
        return new SnapshotsApi(api);
    }

    ContentApi content() {
        return new ContentApi(api);
    }

    LeasesApi leases() {
        return new LeasesApi(api);
    }

    DiffApi diff() {
        return new DiffApi(api);
    }

    /** The snapshotter to use when none is named: overlayfs if it works, else the first that does. */
    String defaultSnapshotter() {
        if (daemon.snapshotters().contains("overlayfs")) {
            return "overlayfs";
        }
        return daemon.snapshotters().isEmpty() ? "overlayfs" : daemon.snapshotters().get(0);
    }

    /** Where the task of container {@code id} in this namespace writes its output (Berth's own file). */
    java.nio.file.Path logFile(String containerId) {
        return options.dataDir().resolve("logs").resolve(api.namespace()).resolve(containerId + ".log");
    }
}
