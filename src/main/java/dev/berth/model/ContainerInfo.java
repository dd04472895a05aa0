package dev.berth.model;

import java.time.Instant;
import java.util.Map;

/**
 * A container record. {@code specJson} is the OCI runtime spec as stored (JSON), or empty: empty
 * also in lists, which skip the specs (a container fetched by id has it).
 */
public record ContainerInfo(String id, String image, Map<String, String> labels, String snapshotter,
                            String snapshotKey, String runtime, Instant createdAt, Instant updatedAt,
                            String specJson) {

    public ContainerInfo {
        labels = Map.copyOf(labels);
        specJson = specJson == null ? "" : specJson;
    }

    /** The IP Berth's network setup recorded on the container, or null. */
    public String ip() {
        return labels.get(Labels.IP);
    }
}
