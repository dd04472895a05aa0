package dev.berth.service;

import dev.berth.containerd.Protos;
import dev.berth.containerd.SnapshotsApi;
import dev.berth.model.BerthException;
import dev.berth.model.MountInfo;
import dev.berth.model.SnapshotInfo;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

final class DefaultSnapshotService implements SnapshotService {

    private final ServiceContext sc;

    DefaultSnapshotService(ServiceContext sc) {
        this.sc = sc;
    }

    @Override
    public String defaultSnapshotter() {
        return sc.defaultSnapshotter();
    }

    String snapshotter(String name) {
        String s = name == null || name.isBlank() ? sc.defaultSnapshotter() : name;
        if (!sc.daemon().snapshotters().contains(s)) {
            throw new BerthException.InvalidArgument("snapshotter \"" + Validation.printable(s)
                    + "\" is not available; this containerd has " + String.join(", ", sc.daemon().snapshotters()));
        }
        return s;
    }

    @Override
    public List<SnapshotInfo> list(String snapshotter) {
        String s = snapshotter(snapshotter);
        return sc.snapshots().list(s).stream().map(i -> SnapshotsApi.info(s, i))
                .sorted(Comparator.comparing(SnapshotInfo::name)).collect(Collectors.toList());
    }

    @Override
    public List<MountInfo> mounts(String snapshotter, String key) {
        return Protos.mounts(sc.snapshots().mounts(snapshotter(snapshotter), key));
    }
}
