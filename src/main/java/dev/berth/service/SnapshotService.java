package dev.berth.service;

import dev.berth.model.MountInfo;
import dev.berth.model.SnapshotInfo;
import java.util.List;

public interface SnapshotService {

    /** The snapshotter used when none is named: the namespace default, else overlayfs if it works. */
    String defaultSnapshotter();

    List<SnapshotInfo> list(String snapshotter);

    List<MountInfo> mounts(String snapshotter, String key);
}
