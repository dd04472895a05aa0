package dev.berth.service;

import dev.berth.containerd.NamespacesApi;
import dev.berth.model.NamespaceInfo;
import java.util.List;

final class DefaultNamespaceService implements NamespaceService {

    private final ServiceContext sc;

    DefaultNamespaceService(ServiceContext sc) {
        this.sc = sc;
    }

    @Override
    public List<NamespaceInfo> list() {
        return new NamespacesApi(sc.api()).list();
    }

    @Override
    public void create(String name) {
        new NamespacesApi(sc.api()).create(Validation.namespace(name));
    }

    @Override
    public void delete(String name) {
        new NamespacesApi(sc.api()).delete(Validation.namespace(name));
    }
}
