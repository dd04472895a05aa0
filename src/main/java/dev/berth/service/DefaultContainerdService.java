package dev.berth.service;

import dev.berth.containerd.ApiContext;
import dev.berth.containerd.ContainerdConnection;
import dev.berth.containerd.VersionApi;
import dev.berth.model.DaemonInfo;

/**
 * The service over a real containerd. {@link #connect} opens the socket and reads the daemon's
 * version and working snapshotters; {@link #withNamespace} shares that connection.
 */
public final class DefaultContainerdService implements ContainerdService {

    private final ServiceContext sc;
    private final boolean ownsConnection;

    private DefaultContainerdService(ServiceContext sc, boolean ownsConnection) {
        this.sc = sc;
        this.ownsConnection = ownsConnection;
    }

    public static DefaultContainerdService connect(ServiceOptions options) {
        Validation.namespace(options.namespace());
        ContainerdConnection conn = ContainerdConnection.open(options.address(), options.deadline());
        try {
            ApiContext api = new ApiContext(conn, options.namespace(), null);
            DaemonInfo daemon = new VersionApi(api).daemonInfo();
            return new DefaultContainerdService(new ServiceContext(api, daemon, options), true);
        } catch (RuntimeException e) {
            conn.close();
            throw e;
        }
    }

    ServiceContext context() {
        return sc;
    }

    @Override
    public DaemonInfo daemon() {
        return sc.daemon();
    }

    @Override
    public String namespace() {
        return sc.api().namespace();
    }

    @Override
    public ContainerdService withNamespace(String namespace) {
        Validation.namespace(namespace);
        return new DefaultContainerdService(sc.withNamespace(namespace), false);
    }

    @Override
    public NamespaceService namespaces() {
        return new DefaultNamespaceService(sc);
    }

    @Override
    public ImageService images() {
        return new DefaultImageService(sc);
    }

    @Override
    public ContainerService containers() {
        return new DefaultContainerService(sc);
    }

    @Override
    public TaskService tasks() {
        return new DefaultTaskService(sc);
    }

    @Override
    public SnapshotService snapshots() {
        return new DefaultSnapshotService(sc);
    }

    @Override
    public VersionService versions() {
        return new DefaultVersionService(sc);
    }

    @Override
    public NetworkService network() {
        return new DefaultNetworkService(sc);
    }

    @Override
    public EventService events() {
        return new DefaultEventService(sc);
    }

    @Override
    public void close() {
        if (ownsConnection) {
            sc.api().connection().close();
        }
    }
}
