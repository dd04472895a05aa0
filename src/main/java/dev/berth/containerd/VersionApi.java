package dev.berth.containerd;

import com.google.protobuf.Empty;
import containerd.services.introspection.v1.IntrospectionGrpc;
import containerd.services.introspection.v1.Plugin;
import containerd.services.introspection.v1.PluginsRequest;
import containerd.services.version.v1.VersionGrpc;
import containerd.services.version.v1.VersionResponse;
import dev.berth.model.DaemonInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Version and Introspection: what the daemon is and which plugins work. */
public final class VersionApi {

    private final ApiContext ctx;

    public VersionApi(ApiContext ctx) {
        this.ctx = ctx;
    }

    public VersionResponse version() {
        return ctx.call("read containerd's version",
                () -> ctx.deadline(VersionGrpc.newBlockingStub(ctx.connection().channel())).version(Empty.getDefaultInstance()));
    }

    public List<Plugin> plugins(String... filters) {
        PluginsRequest req = PluginsRequest.newBuilder().addAllFilters(List.of(filters)).build();
        return ctx.call("list containerd's plugins",
                () -> ctx.deadline(IntrospectionGrpc.newBlockingStub(ctx.connection().channel())).plugins(req).getPluginsList());
    }

    /** Reads the version, the snapshotters that initialised, and the gRPC services served. */
    public DaemonInfo daemonInfo() {
        VersionResponse v = version();
        List<String> snapshotters = new ArrayList<>();
        Set<String> services = new LinkedHashSet<>();
        for (Plugin p : plugins()) {
            if ("io.containerd.snapshotter.v1".equals(p.getType()) && !p.hasInitErr()) {
                snapshotters.add(p.getId());
            } else if ("io.containerd.grpc.v1".equals(p.getType()) && !p.hasInitErr()) {
                services.add(p.getId());
            }
        }
        return new DaemonInfo(ctx.address(), v.getVersion(), v.getRevision(), snapshotters, services);
    }
}
