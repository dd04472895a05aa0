package dev.berth.containerd;

import containerd.services.snapshots.v1.CommitSnapshotRequest;
import containerd.services.snapshots.v1.Info;
import containerd.services.snapshots.v1.ListSnapshotsRequest;
import containerd.services.snapshots.v1.ListSnapshotsResponse;
import containerd.services.snapshots.v1.MountsRequest;
import containerd.services.snapshots.v1.PrepareSnapshotRequest;
import containerd.services.snapshots.v1.RemoveSnapshotRequest;
import containerd.services.snapshots.v1.SnapshotsGrpc;
import containerd.services.snapshots.v1.StatSnapshotRequest;
import containerd.services.snapshots.v1.UpdateSnapshotRequest;
import containerd.services.snapshots.v1.UsageRequest;
import containerd.services.snapshots.v1.UsageResponse;
import containerd.services.snapshots.v1.ViewSnapshotRequest;
import containerd.types.Mount;
import com.google.protobuf.FieldMask;
import dev.berth.model.SnapshotInfo;
import dev.berth.model.SnapshotKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The Snapshots service, for one snapshotter per call. */
public final class SnapshotsApi {

    private final ApiContext ctx;

    public SnapshotsApi(ApiContext ctx) {
        this.ctx = ctx;
    }

    private SnapshotsGrpc.SnapshotsBlockingStub stub() {
        return ctx.deadline(SnapshotsGrpc.newBlockingStub(ctx.channel()));
    }

    public static SnapshotInfo info(String snapshotter, Info i) {
        return new SnapshotInfo(snapshotter, i.getName(), i.getParent(), kind(i.getKind()),
                Protos.instant(i.getCreatedAt()), Protos.instant(i.getUpdatedAt()), i.getLabelsMap());
    }

    static SnapshotKind kind(containerd.services.snapshots.v1.Kind k) {
        switch (k) {
            case VIEW:
                return SnapshotKind.VIEW;
            case ACTIVE:
                return SnapshotKind.ACTIVE;
            case COMMITTED:
                return SnapshotKind.COMMITTED;
            default:
                return SnapshotKind.UNKNOWN;
        }
    }

    public List<Info> list(String snapshotter, String... filters) {
        ListSnapshotsRequest req = ListSnapshotsRequest.newBuilder().setSnapshotter(snapshotter)
                .addAllFilters(List.of(filters)).build();
        return ctx.call("list snapshots of " + snapshotter, () -> {
            List<Info> out = new ArrayList<>();
            Iterator<ListSnapshotsResponse> it = ctx.deadline(SnapshotsGrpc.newBlockingStub(ctx.channel()),
                    ctx.connection().defaultDeadline().multipliedBy(6)).list(req);
            while (it.hasNext()) {
                out.addAll(it.next().getInfoList());
            }
            return out;
        });
    }

    public Info stat(String snapshotter, String key) {
        return ctx.call("stat snapshot " + key, () -> stub().stat(StatSnapshotRequest.newBuilder()
                .setSnapshotter(snapshotter).setKey(key).build()).getInfo());
    }

    public List<Mount> prepare(String snapshotter, String key, String parent, Map<String, String> labels) {
        PrepareSnapshotRequest req = PrepareSnapshotRequest.newBuilder().setSnapshotter(snapshotter).setKey(key)
                .setParent(parent == null ? "" : parent).putAllLabels(labels).build();
        return ctx.call("prepare snapshot " + key, () -> stub().prepare(req).getMountsList());
    }

    public List<Mount> view(String snapshotter, String key, String parent, Map<String, String> labels) {
        ViewSnapshotRequest req = ViewSnapshotRequest.newBuilder().setSnapshotter(snapshotter).setKey(key)
                .setParent(parent).putAllLabels(labels).build();
        return ctx.call("view snapshot " + key, () -> stub().view(req).getMountsList());
    }

    public List<Mount> mounts(String snapshotter, String key) {
        return ctx.call("read mounts of snapshot " + key, () -> stub().mounts(MountsRequest.newBuilder()
                .setSnapshotter(snapshotter).setKey(key).build()).getMountsList());
    }

    public void commit(String snapshotter, String name, String key, Map<String, String> labels) {
        CommitSnapshotRequest req = CommitSnapshotRequest.newBuilder().setSnapshotter(snapshotter).setName(name)
                .setKey(key).putAllLabels(labels).build();
        ctx.run("commit snapshot " + key + " as " + name,
                () -> ctx.deadline(SnapshotsGrpc.newBlockingStub(ctx.channel()), Duration.ofMinutes(5)).commit(req));
    }

    public void remove(String snapshotter, String key) {
        ctx.run("remove snapshot " + key, () -> ctx.deadline(SnapshotsGrpc.newBlockingStub(ctx.channel()), Duration.ofMinutes(2))
                .remove(RemoveSnapshotRequest.newBuilder().setSnapshotter(snapshotter).setKey(key).build()));
    }

    public UsageResponse usage(String snapshotter, String key) {
        return ctx.call("read usage of snapshot " + key, () -> ctx.deadline(SnapshotsGrpc.newBlockingStub(ctx.channel()),
                Duration.ofMinutes(2)).usage(UsageRequest.newBuilder().setSnapshotter(snapshotter).setKey(key).build()));
    }

    /** Sets labels (only those keys) on a snapshot. */
    public Info setLabels(String snapshotter, String name, Map<String, String> labels) {
        FieldMask.Builder mask = FieldMask.newBuilder();
        labels.keySet().forEach(k -> mask.addPaths("labels." + k));
        UpdateSnapshotRequest req = UpdateSnapshotRequest.newBuilder().setSnapshotter(snapshotter)
                .setInfo(Info.newBuilder().setName(name).putAllLabels(labels)).setUpdateMask(mask).build();
        return ctx.call("label snapshot " + name, () -> stub().update(req).getInfo());
    }
}
