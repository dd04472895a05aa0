package dev.berth.ui.snapshots;

import dev.berth.model.ContainerdEvent;
import dev.berth.model.MountInfo;
import dev.berth.model.SnapshotInfo;
import dev.berth.model.SnapshotKind;
import dev.berth.service.ContainerdService;
import dev.berth.ui.common.ChangeGuard;
import dev.berth.ui.common.Details;
import dev.berth.ui.common.DialogService;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ResourceListViewModel;
import dev.berth.ui.common.ServiceSession;
import dev.berth.ui.common.TaskExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Snapshots screen: the snapshots of one snapshotter as a tree by parent, with kind, chain,
 * children, mounts and labels; commit, prepare and "new container from this snapshot".
 */
public final class SnapshotsViewModel extends ResourceListViewModel<SnapshotRow> {

    private final DialogService dialogs;
    private final ChangeGuard guard;
    private final StringProperty snapshotter = new SimpleStringProperty(this, "snapshotter", "");
    private final ObservableList<String> snapshotters = FXCollections.observableArrayList();
    private volatile String current = "";

    public SnapshotsViewModel(ServiceSession session, TaskExecutor executor, I18n i18n, DialogService dialogs,
                              ChangeGuard guard) {
        super(session, executor, i18n);
        this.dialogs = dialogs;
        this.guard = guard;
        session.serviceProperty().addListener((o, a, b) -> {
            if (b != null) {
                snapshotters.setAll(b.daemon().snapshotters());
                String now = snapshotter.get();
                if (now == null || now.isEmpty() || !snapshotters.contains(now)) {
                    String d = snapshotters.contains("overlayfs") || snapshotters.isEmpty() ? "overlayfs" : snapshotters.get(0);
                    current = d;
                    snapshotter.set(d);
                }
            }
        });
        snapshotter.addListener((o, a, b) -> {
            if (b == null || b.isEmpty()) {
                return; // a chooser clearing itself while its items change; keep showing what we show
            }
            current = b;
            if (a != null && !a.isEmpty() && !b.equals(a)) {
                resetAndReload();
            }
        });
    }

    public StringProperty snapshotterProperty() {
        return snapshotter;
    }

    public ObservableList<String> snapshotters() {
        return snapshotters;
    }

    @Override
    protected List<SnapshotRow> load(ContainerdService service) {
        String sn = current.isEmpty() ? null : current;
        List<SnapshotInfo> all = service.snapshots().list(sn);
        Map<String, String> users = new HashMap<>();
        for (dev.berth.model.ContainerInfo c : service.containers().list()) {
            if (c.snapshotKey() != null && !c.snapshotKey().isEmpty()
                    && (sn == null || sn.equals(c.snapshotter()) || c.snapshotter().isEmpty())) {
                users.put(c.snapshotKey(), c.id());
            }
        }
        Map<String, Integer> children = new HashMap<>();
        for (SnapshotInfo s : all) {
            if (!s.parent().isEmpty()) {
                children.merge(s.parent(), 1, Integer::sum);
            }
        }
        List<SnapshotRow> rows = new ArrayList<>(all.size());
        for (SnapshotInfo s : all) {
            rows.add(SnapshotRow.of(s, kindText(s.kind()), children.getOrDefault(s.name(), 0), users.get(s.name())));
        }
        return rows;
    }

    String kindText(SnapshotKind k) {
        switch (k) {
            case ACTIVE:
                return i18n.tr("snapshots.kind.active");
            case COMMITTED:
                return i18n.tr("snapshots.kind.committed");
            case VIEW:
                return i18n.tr("snapshots.kind.view");
            default:
                return i18n.tr("snapshots.kind.unknown");
        }
    }

    @Override
    protected Object key(SnapshotRow row) {
        return row.name();
    }

    @Override
    protected String searchText(SnapshotRow row) {
        return row.searchText();
    }

    @Override
    protected boolean isRelevant(ContainerdEvent e) {
        return e.topic().startsWith("/snapshot/") || e.topic().startsWith("/containers/")
                || e.topic().startsWith("/images/");
    }

    @Override
    protected Details quickDetails(SnapshotRow row) {
        return builder(row, null).build();
    }

    @Override
    protected Details fullDetails(SnapshotRow row, ContainerdService service) {
        List<String> mounts = null;
        if (row.kind() == SnapshotKind.ACTIVE || row.kind() == SnapshotKind.VIEW) {
            mounts = new ArrayList<>();
            for (MountInfo m : service.snapshots().mounts(row.info().snapshotter(), row.name())) {
                mounts.add(m.type() + " " + m.source() + (m.options().isEmpty() ? ""
                        : "  (" + String.join(",", m.options()) + ")"));
            }
        }
        return builder(row, mounts).build();
    }

    private Details.Builder builder(SnapshotRow row, List<String> mounts) {
        SnapshotInfo s = row.info();
        Details.Builder b = Details.builder(s.name(), row.kindText() + " \u00b7 " + s.snapshotter())
                .section(i18n.tr("snapshots.details.snapshot"))
                .field(i18n.tr("snapshots.column.kind"), row.kindText())
                .field(i18n.tr("snapshots.column.parent"), s.parent())
                .field(i18n.tr("snapshots.column.created"), row.createdText())
                .field(i18n.tr("snapshots.column.children"), Integer.toString(row.children()))
                .field(i18n.tr("snapshots.column.container"), row.container())
                .field(i18n.tr("snapshots.details.snapshotter"), s.snapshotter());
        b.section(i18n.tr("details.snapshotChain")).lines(chain(row)).empty(i18n.tr("details.noChain"));
        if (mounts != null) {
            b.section(i18n.tr("details.mounts")).lines(mounts).empty(i18n.tr("details.noMounts"));
        }
        b.section(i18n.tr("details.labels")).labels(s.labels()).empty(i18n.tr("details.noLabels"));
        return b;
    }

    /** The parents of a snapshot, nearest first. */
    List<String> chain(SnapshotRow row) {
        Map<String, SnapshotRow> byName = new HashMap<>();
        for (SnapshotRow r : allRows()) {
            byName.put(r.name(), r);
        }
        List<String> out = new ArrayList<>();
        String p = row.parent();
        while (p != null && !p.isEmpty() && out.size() < 256) {
            SnapshotRow r = byName.get(p);
            out.add((r == null ? "" : r.kindText() + "  ") + SnapshotRow.shorten(p));
            p = r == null ? null : r.parent();
        }
        return out;
    }

    public BooleanBinding canCreateContainer() {
        return Bindings.createBooleanBinding(() -> session.isOnline() && focusedProperty().get() != null
                && focusedProperty().get().isCommitted(), focusedProperty(), session.onlineProperty());
    }
}
