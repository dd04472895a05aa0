package dev.berth.model;

import java.time.Instant;
import java.util.Map;

/** One snapshot of a snapshotter; {@code parent} is empty for a base layer. */
public record SnapshotInfo(String snapshotter, String name, String parent, SnapshotKind kind,
                           Instant createdAt, Instant updatedAt, Map<String, String> labels) {

    public SnapshotInfo {
        labels = Map.copyOf(labels);
        parent = parent == null ? "" : parent;
    }
}
