package dev.berth.model;

import java.util.Map;

/**
 * What {@code containers().create} makes: a container {@code id} from {@code image} (pulled first when
 * missing), with its own writable snapshot (key = id) on top of the image's layers, or on top of
 * {@code parentSnapshot} when given and committed (e.g. a version). When {@code parentSnapshot} is an
 * active snapshot that no container uses (e.g. one made by {@code berth snapshots prepare}), the
 * container takes it as its own, as it is (its key stays the snapshot's name).
 *
 * @param labels container labels (Berth adds {@link Labels#LOG_PATH} and, when the image names one,
 *               {@link Labels#STOP_SIGNAL})
 * @param snapshotter null or blank: the default snapshotter
 * @param parentSnapshot null or blank: the image's top layer; else a committed snapshot, or an unused active one
 */
public record CreateContainerRequest(String id, String image, ContainerSpec spec, Map<String, String> labels,
                                     String snapshotter, String parentSnapshot) {

    public CreateContainerRequest {
        spec = spec == null ? ContainerSpec.IMAGE_DEFAULTS : spec;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static CreateContainerRequest of(String id, String image) {
        return new CreateContainerRequest(id, image, ContainerSpec.IMAGE_DEFAULTS, Map.of(), null, null);
    }

    public CreateContainerRequest withSpec(ContainerSpec s) {
        return new CreateContainerRequest(id, image, s, labels, snapshotter, parentSnapshot);
    }

    public CreateContainerRequest withLabels(Map<String, String> l) {
        return new CreateContainerRequest(id, image, spec, l, snapshotter, parentSnapshot);
    }

    public CreateContainerRequest withSnapshotter(String s) {
        return new CreateContainerRequest(id, image, spec, labels, s, parentSnapshot);
    }

    public CreateContainerRequest withParentSnapshot(String p) {
        return new CreateContainerRequest(id, image, spec, labels, snapshotter, p);
    }
}
