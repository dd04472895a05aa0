package dev.berth.service;

import com.google.protobuf.Any;
import containerd.services.containers.v1.Container;
import dev.berth.containerd.Filters;
import dev.berth.containerd.Protos;
import dev.berth.model.ContainerInfo;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

final class DefaultContainerService implements ContainerService {

    /** containerd stores the runtime spec as JSON under this type URL (no type.googleapis.com prefix). */
    static final String SPEC_TYPE_URL = "types.containerd.io/opencontainers/runtime-spec/1/Spec";

    private final ServiceContext sc;

    DefaultContainerService(ServiceContext sc) {
        this.sc = sc;
    }

    static ContainerInfo info(Container c) {
        Any spec = c.getSpec();
        String json = spec.getTypeUrl().endsWith("runtime-spec/1/Spec") ? spec.getValue().toString(StandardCharsets.UTF_8) : "";
        return new ContainerInfo(c.getId(), c.getImage(), c.getLabelsMap(), c.getSnapshotter(), c.getSnapshotKey(),
                c.getRuntime().getName(), Protos.instant(c.getCreatedAt()), Protos.instant(c.getUpdatedAt()), json);
    }

    private static List<ContainerInfo> infos(List<Container> cs) {
        return cs.stream().map(DefaultContainerService::info).sorted(Comparator.comparing(ContainerInfo::id))
                .collect(Collectors.toList());
    }

    @Override
    public List<ContainerInfo> list() {
        return infos(sc.containers().list());
    }

    @Override
    public List<ContainerInfo> listByLabel(String key, String value) {
        return infos(sc.containers().list(Filters.label(key, value)));
    }

    @Override
    public ContainerInfo get(String id) {
        return info(sc.containers().get(Validation.containerId(id)));
    }
}
