package dev.berth.service;

import dev.berth.model.MountInfo;
import dev.berth.model.SnapshotInfo;
import dev.berth.model.SnapshotNode;
import dev.berth.model.SnapshotUsage;
import java.util.List;
import java.util.Map;

/**
 * The snapshots of containerd's snapshotters. A null or blank snapshotter means the default one.
 * Names of snapshots to be made are checked ({@link Validation#snapshotName}) before anything is sent.
 */
public interface SnapshotService {

    /** The snapshotter used when none is named: the namespace default, else overlayfs if it works. */
    String defaultSnapshotter();

    /** Every snapshot of the snapshotter, sorted by name. */
    List<SnapshotInfo> list(String snapshotter);

    /**
     * The snapshots as a tree by parent (roots: base layers, and snapshots whose parent is not listed),
     * each with the containers that use it as their root filesystem. Sizes are not read here (that can
     * take long on a big active snapshot): ask {@link #usage} for the ones you want.
     */
    List<SnapshotNode> tree(String snapshotter);

    /** One snapshot. @throws dev.berth.model.BerthException.NotFound when it does not exist */
    SnapshotInfo get(String snapshotter, String key);

    /** Size and inodes of the snapshot's own layer. Blocking; may walk an active snapshot's files. */
    SnapshotUsage usage(String snapshotter, String key);

    /** The mounts that give an active snapshot's (or a view's) files. */
    List<MountInfo> mounts(String snapshotter, String key);

    /**
     * Commits active snapshot {@code key} as {@code name} (the key is consumed). The committed
     * snapshot carries {@code labels} and {@code containerd.io/gc.root}, so containerd's collector
     * keeps it. Refused when the snapshot is a container's root filesystem: commit a version of the
     * container instead ({@link VersionService#commit}).
     */
    SnapshotInfo commit(String snapshotter, String name, String key, Map<String, String> labels);

    /**
     * Prepares active snapshot {@code key} on committed snapshot {@code parent} (null or blank: an
     * empty one), labelled with {@code labels} and {@code containerd.io/gc.root} (without it the
     * collector would remove it at once, since nothing else refers to it).
     */
    SnapshotInfo prepare(String snapshotter, String key, String parent, Map<String, String> labels);

    /**
     * Removes a snapshot. Refused (FailedPrecondition, saying which) while other snapshots are built on
     * it or a container uses it as its root filesystem.
     */
    void remove(String snapshotter, String key);
}
