package dev.berth.ui.snapshots;

import dev.berth.model.ContainerdEvent;
import dev.berth.model.MountInfo;
import dev.berth.model.SnapshotInfo;
import dev.berth.model.SnapshotKind;
import dev.berth.model.SnapshotUsage;
import dev.berth.service.ContainerdService;
import dev.berth.ui.common.BackgroundTask;
import dev.berth.ui.common.ChangeGuard;
import dev.berth.ui.common.Details;
import dev.berth.ui.common.DialogService;
import dev.berth.ui.common.Formats;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ResourceListViewModel;
import dev.berth.ui.common.ServiceSession;
import dev.berth.ui.common.TaskExecutor;
import dev.berth.ui.common.UserError;
import dev.berth.ui.versions.SnapshotFormViewModel;
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
 * children, the container using each, size (read on demand), mounts and labels; commit (a version
 * when a container uses the snapshot), prepare, mounts, usage, remove, and "new container from this
 * snapshot".
 */
public final class SnapshotsViewModel extends ResourceListViewModel<SnapshotRow> {

    private final DialogService dialogs;
    private final ChangeGuard guard;
    private final StringProperty snapshotter = new SimpleStringProperty(this, "snapshotter", "");
    private final ObservableList<String> snapshotters = FXCollections.observableArrayList();
    private volatile String current = "";
    /** Sizes read so far (by the Usage action or the details), kept across refreshes; any thread. */
    private final Map<String, SnapshotUsage> sizes = new java.util.concurrent.ConcurrentHashMap<>();

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
            SnapshotUsage u = sizes.get(sizeKey(s.snapshotter(), s.name()));
            rows.add(SnapshotRow.of(s, kindText(s.kind()), children.getOrDefault(s.name(), 0), users.get(s.name()),
                    u == null ? -1 : u.size()));
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
        return builder(row, null, sizes.get(sizeKey(row.info().snapshotter(), row.name()))).build();
    }

    @Override
    protected Details fullDetails(SnapshotRow row, ContainerdService service) {
        SnapshotUsage usage = null;
        try {
            usage = service.snapshots().usage(row.info().snapshotter(), row.name());
            sizes.put(sizeKey(row.info().snapshotter(), row.name()), usage);
        } catch (dev.berth.model.BerthException e) {
            if (UserError.isConnectionLoss(e) || e instanceof dev.berth.model.BerthException.Cancelled) {
                throw e;
            }
            // no size for this one (e.g. removed meanwhile); the rest of the details still show
        }
        List<String> mounts = null;
        if (row.kind() == SnapshotKind.ACTIVE || row.kind() == SnapshotKind.VIEW) {
            mounts = new ArrayList<>();
            for (MountInfo m : service.snapshots().mounts(row.info().snapshotter(), row.name())) {
                mounts.add(m.type() + " " + m.source() + (m.options().isEmpty() ? ""
                        : "  (" + String.join(",", m.options()) + ")"));
            }
        }
        return builder(row, mounts, usage).build();
    }

    private Details.Builder builder(SnapshotRow row, List<String> mounts, SnapshotUsage usage) {
        SnapshotInfo s = row.info();
        Details.Builder b = Details.builder(s.name(), row.kindText() + " \u00b7 " + s.snapshotter())
                .section(i18n.tr("snapshots.details.snapshot"))
                .field(i18n.tr("snapshots.column.kind"), row.kindText())
                .field(i18n.tr("snapshots.column.parent"), s.parent())
                .field(i18n.tr("snapshots.column.created"), row.createdText())
                .field(i18n.tr("snapshots.column.children"), Integer.toString(row.children()))
                .field(i18n.tr("snapshots.column.container"), row.container())
                .field(i18n.tr("snapshots.details.snapshotter"), s.snapshotter())
                .field(i18n.tr("snapshots.column.size"), usage == null ? null : Formats.size(usage.size()))
                .field(i18n.tr("snapshots.details.inodes"), usage == null ? null : Long.toString(usage.inodes()));
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

    static String sizeKey(String snapshotter, String name) {
        return snapshotter + "\u0000" + name;
    }

    private BooleanBinding focusedIs(java.util.function.Predicate<SnapshotRow> p) {
        return Bindings.createBooleanBinding(() -> session.isOnline() && focusedProperty().get() != null
                && p.test(focusedProperty().get()), focusedProperty(), session.onlineProperty());
    }

    private BooleanBinding anySelected() {
        return Bindings.createBooleanBinding(() -> session.isOnline() && !selection().isEmpty(), selection(),
                session.onlineProperty());
    }

    /** Commit: an active snapshot (a container's: a version of the container). */
    public BooleanBinding canCommit() {
        return focusedIs(SnapshotRow::isActive);
    }

    public BooleanBinding canPrepare() {
        return focusedIs(SnapshotRow::isCommitted);
    }

    public BooleanBinding canShowMounts() {
        return focusedIs(r -> r.isActive() || r.isView());
    }

    public BooleanBinding canReadUsage() {
        return anySelected();
    }

    public BooleanBinding canRemove() {
        return anySelected();
    }

    private String snapshotterOf(SnapshotRow r) {
        return r.info().snapshotter();
    }

    /**
     * The commit form for the focused active snapshot: a version of its container when a container
     * uses it (committing it alone would take the container's files away), else a plain commit.
     */
    public SnapshotFormViewModel newCommitForm() {
        SnapshotRow r = focusedProperty().get();
        if (r == null || !r.isActive()) {
            return null;
        }
        if (!r.container().isEmpty()) {
            return new SnapshotFormViewModel(session, executor, i18n, guard, SnapshotFormViewModel.Mode.VERSION,
                    r.container(), null, made -> made(i18n.tr("versions.committed", made, r.container())));
        }
        return new SnapshotFormViewModel(session, executor, i18n, guard, SnapshotFormViewModel.Mode.COMMIT, r.name(),
                snapshotterOf(r), made -> made(i18n.tr("snapshots.committed", r.name(), made)));
    }

    /** The prepare form on the focused committed snapshot. */
    public SnapshotFormViewModel newPrepareForm() {
        SnapshotRow r = focusedProperty().get();
        if (r == null || !r.isCommitted()) {
            return null;
        }
        return new SnapshotFormViewModel(session, executor, i18n, guard, SnapshotFormViewModel.Mode.PREPARE, r.name(),
                snapshotterOf(r), made -> made(i18n.tr("snapshots.prepared", made, r.name())));
    }

    private void made(String notice) {
        dialogs.notify(notice);
        refresh();
    }

    /** Reads the focused snapshot's mounts in the background and hands them, one line each, to {@code show}. */
    public void loadMounts(java.util.function.BiConsumer<String, List<String>> show) {
        SnapshotRow r = focusedProperty().get();
        if (r == null) {
            return;
        }
        ContainerdService s = session.require();
        BackgroundTask.of(p -> s.snapshots().mounts(snapshotterOf(r), r.name()))
                .onSuccess(ms -> {
                    List<String> lines = new ArrayList<>();
                    for (MountInfo m : ms) {
                        lines.add(m.type() + " " + m.source() + (m.options().isEmpty() ? ""
                                : " " + String.join(",", m.options())));
                    }
                    show.accept(r.name(), lines);
                })
                .onFailure(e -> {
                    session.reportFailure(e);
                    dialogs.showError(i18n.tr("snapshots.mounts.title", r.name()), UserError.of(e, i18n).message(), e);
                })
                .executeWith(executor);
    }

    /** Reads the size and inodes of the selected snapshots (in the background; they show in the Size column). */
    public void usageSelected() {
        List<SnapshotRow> rows = List.copyOf(selection());
        if (rows.isEmpty()) {
            return;
        }
        ContainerdService s = session.require();
        int n = rows.size();
        BackgroundTask.of(p -> {
            List<SnapshotUsage> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new dev.berth.model.BerthException.Cancelled("cancelled");
                }
                SnapshotRow r = rows.get(i);
                try {
                    out.add(s.snapshots().usage(snapshotterOf(r), r.name()));
                } catch (dev.berth.model.BerthException.NotFound gone) {
                    // removed meanwhile
                }
                p.progress(i + 1, n);
            }
            return out;
        }).title(n == 1 ? i18n.tr("snapshots.usage.activity", rows.get(0).shortName())
                        : i18n.tr("snapshots.usage.activityMany", n))
                .resultText(out -> out.size() == 1 ? Formats.size(out.get(0).size())
                        : i18n.tr("snapshots.usage.total", Formats.size(out.stream().mapToLong(SnapshotUsage::size).sum())))
                .onSuccess(out -> {
                    Map<String, Long> read = new HashMap<>();
                    for (SnapshotUsage u : out) {
                        sizes.put(sizeKey(u.snapshotter(), u.name()), u);
                        read.put(u.name(), u.size());
                    }
                    patchRows(r -> read.containsKey(r.name()) && read.get(r.name()) != r.size()
                            ? r.withSize(read.get(r.name())) : r);
                })
                .onFailure(e -> {
                    session.reportFailure(e);
                    if (!UserError.isConnectionLoss(e)) {
                        dialogs.showError(i18n.tr("snapshots.usage"), UserError.of(e, i18n).message(), e);
                    }
                })
                .executeWith(executor);
    }

    /**
     * Removes the selected snapshots after asking (children before their parents); the service
     * refuses, saying why, one that a container uses or that others are built on.
     */
    public void removeSelected() {
        List<SnapshotRow> rows = new ArrayList<>(selection());
        if (rows.isEmpty()) {
            return;
        }
        String what = rows.size() == 1 ? rows.get(0).shortName() : i18n.tr("snapshots.many", rows.size());
        if (!guard.confirmDestructive(namespace(), i18n.tr("snapshots.remove.title"),
                i18n.tr("snapshots.remove.message", what, namespace()), i18n.tr("common.delete"))) {
            return;
        }
        // deepest first, so a parent selected with its child goes after it
        Map<String, SnapshotRow> byName = new HashMap<>();
        for (SnapshotRow r : allRows()) {
            byName.put(r.name(), r);
        }
        rows.sort(java.util.Comparator.comparingInt((SnapshotRow r) -> depth(r, byName)).reversed());
        ContainerdService s = session.require();
        runEach(rows, SnapshotRow::shortName, i18n.tr("snapshots.remove.activity", rows.get(0).shortName()),
                i18n.tr("snapshots.remove.activityMany", rows.size()),
                r -> s.snapshots().remove(snapshotterOf(r), r.name()), dialogs);
    }

    private static int depth(SnapshotRow r, Map<String, SnapshotRow> byName) {
        int d = 0;
        String p = r.parent();
        while (p != null && !p.isEmpty() && d < 1024) {
            d++;
            SnapshotRow up = byName.get(p);
            p = up == null ? null : up.parent();
        }
        return d;
    }

    public BooleanBinding canCreateContainer() {
        return Bindings.createBooleanBinding(() -> session.isOnline() && focusedProperty().get() != null
                && focusedProperty().get().isCommitted(), focusedProperty(), session.onlineProperty());
    }
}
