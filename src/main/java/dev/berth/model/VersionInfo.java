package dev.berth.model;

import java.time.Instant;
import java.util.Map;

/**
 * A version: a committed snapshot Berth made of a container's files (labelled
 * {@link Labels#VERSION_OF} and {@link Labels#GC_ROOT}).
 *
 * @param containerId the container it is a version of (its {@code dev.berth/version-of} label)
 * @param size bytes of this version's own layer, or -1 when not known
 * @param inodes inodes of this version's own layer, or -1 when not known
 * @param inChain true when the container's current files are built on it (it is an ancestor of the
 *                container's active snapshot); after a rollback the newer versions are not
 * @param current true when it is the version the container's files were last committed or rolled back to
 *                (the parent of its active snapshot)
 * @param note why Berth made it, e.g. "before rollback to web-v1" ({@link Labels#VERSION_NOTE}), or empty
 */
public record VersionInfo(String name, String containerId, String snapshotter, String parent, Instant createdAt,
                          Map<String, String> labels, long size, long inodes, boolean inChain, boolean current,
                          String note) {

    public VersionInfo {
        labels = Map.copyOf(labels);
        parent = parent == null ? "" : parent;
        note = note == null ? "" : note;
    }
}
