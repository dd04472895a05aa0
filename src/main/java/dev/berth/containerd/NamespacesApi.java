package dev.berth.containerd;

import containerd.services.namespaces.v1.CreateNamespaceRequest;
import containerd.services.namespaces.v1.DeleteNamespaceRequest;
import containerd.services.namespaces.v1.ListNamespacesRequest;
import containerd.services.namespaces.v1.Namespace;
import containerd.services.namespaces.v1.NamespacesGrpc;
import dev.berth.model.NamespaceInfo;
import java.util.List;
import java.util.stream.Collectors;

/** The Namespaces service. */
public final class NamespacesApi {

    private final ApiContext ctx;

    public NamespacesApi(ApiContext ctx) {
        this.ctx = ctx;
    }

    public List<NamespaceInfo> list() {
        return ctx.call("list namespaces", () -> ctx.deadline(NamespacesGrpc.newBlockingStub(ctx.connection().channel()))
                .list(ListNamespacesRequest.getDefaultInstance()).getNamespacesList().stream()
                .map(n -> new NamespaceInfo(n.getName(), n.getLabelsMap()))
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .collect(Collectors.toList()));
    }

    public void create(String name) {
        ctx.run("create namespace " + name, () -> ctx.deadline(NamespacesGrpc.newBlockingStub(ctx.connection().channel()))
                .create(CreateNamespaceRequest.newBuilder().setNamespace(Namespace.newBuilder().setName(name)).build()));
    }

    public void delete(String name) {
        ctx.run("delete namespace " + name, () -> ctx.deadline(NamespacesGrpc.newBlockingStub(ctx.connection().channel()))
                .delete(DeleteNamespaceRequest.newBuilder().setName(name).build()));
    }
}
