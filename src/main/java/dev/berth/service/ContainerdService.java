package dev.berth.service;

import dev.berth.model.DaemonInfo;

/**
 * Everything Berth can do with one containerd daemon, in one namespace. Each area is its own
 * interface so that view models take only what they use (and tests fake only that).
 * {@link #withNamespace} gives a view of the same connection in another namespace.
 */
public interface ContainerdService extends AutoCloseable {

    DaemonInfo daemon();

    String namespace();

    ContainerdService withNamespace(String namespace);

    NamespaceService namespaces();

    ImageService images();

    ContainerService containers();

    TaskService tasks();

    SnapshotService snapshots();

    /** Versions of containers' files (commit, list, roll back, delete). */
    VersionService versions();

    NetworkService network();

    EventService events();

    /** Closes the connection (only the service made by {@code connect} owns it). */
    @Override
    void close();
}
