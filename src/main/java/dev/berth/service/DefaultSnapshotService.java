package dev.berth.service;

import dev.berth.model.ContainerInfo;
import containerd.services.snapshots.v1.Info;
import containerd.services.snapshots.v1.Kind;
import containerd.services.snapshots.v1.UsageResponse;
import dev.berth.containerd.Filters;
import dev.berth.containerd.Protos;
import dev.berth.containerd.SnapshotsApi;
import dev.berth.model.BerthException;
import dev.berth.model.Labels;
import dev.berth.model.MountInfo;
import dev.berth.model.SnapshotInfo;
import dev.berth.model.SnapshotNode;
import dev.berth.model.SnapshotUsage;
import dev.berth.spec.SpecValidation;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
    public List<SnapshotNode> tree(String snapshotter) {
        String s = snapshotter(snapshotter);
        List<SnapshotInfo> all = list(s);
        Map<String, List<String>> users = usersByKey(s);
        Map<String, List<SnapshotInfo>> children = new HashMap<>();
        Map<String, SnapshotInfo> byName = new HashMap<>();
        for (SnapshotInfo i : all) {
            byName.put(i.name(), i);
        }
        List<SnapshotInfo> roots = new ArrayList<>();
        for (SnapshotInfo i : all) {
            if (i.parent().isEmpty() || !byName.containsKey(i.parent())) {
                roots.add(i);
            } else {
                children.computeIfAbsent(i.parent(), k -> new ArrayList<>()).add(i);
            }
        }
        List<SnapshotNode> out = new ArrayList<>(roots.size());
        for (SnapshotInfo r : roots) {
            out.add(node(r, children, users));
        }
        return out;
    }

    /** Builds a node bottom-up without recursion (image chains can be over a hundred layers deep). */
    private static SnapshotNode node(SnapshotInfo root, Map<String, List<SnapshotInfo>> children,
                                     Map<String, List<String>> users) {
        Map<String, SnapshotNode> done = new HashMap<>();
        java.util.ArrayDeque<SnapshotInfo> stack = new java.util.ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            SnapshotInfo top = stack.peek();
            List<SnapshotInfo> kids = children.getOrDefault(top.name(), List.of());
            boolean ready = true;
            for (SnapshotInfo k : kids) {
                if (!done.containsKey(k.name())) {
                    stack.push(k);
                    ready = false;
                }
            }
            if (ready) {
                stack.pop();
                List<SnapshotNode> nodes = kids.stream().map(k -> done.get(k.name()))
                        .sorted(Comparator.comparing(SnapshotNode::name)).collect(Collectors.toList());
                done.put(top.name(), new SnapshotNode(top, users.getOrDefault(top.name(), List.of()), nodes));
            }
        }
        return done.get(root.name());
    }

    /** Container ids by the snapshot key they use in snapshotter {@code s}. */
    Map<String, List<String>> usersByKey(String s) {
        Map<String, List<String>> users = new TreeMap<>();
        for (ContainerInfo c : sc.containers().listSummaries()) {
            if (!c.snapshotKey().isEmpty() && (c.snapshotter().equals(s) || c.snapshotter().isEmpty())) {
                users.computeIfAbsent(c.snapshotKey(), k -> new ArrayList<>()).add(c.id());
            }
        }
        users.values().forEach(l -> l.sort(null));
        return users;
    }

    /** The containers whose root filesystem is {@code key}. */
    List<String> usedBy(String s, String key) {
        return usersByKey(s).getOrDefault(key, List.of());
    }

    /** The snapshots whose parent is {@code key} (filtered by containerd). */
    List<Info> children(String s, String key) {
        return sc.snapshots().list(s, Filters.equal("parent", key));
    }

    Info stat(String s, String key) {
        try {
            return sc.snapshots().stat(s, key);
        } catch (BerthException.NotFound e) {
            throw new BerthException.NotFound("snapshot " + Validation.printable(key) + " not found in snapshotter " + s, e);
        }
    }

    boolean exists(String s, String key) {
        try {
            sc.snapshots().stat(s, key);
            return true;
        } catch (BerthException.NotFound e) {
            return false;
        }
    }

    void ensureFree(String s, String name) {
        if (exists(s, name)) {
            throw new BerthException.AlreadyExists("snapshotter " + s + " already has a snapshot named "
                    + Validation.printable(name) + "; choose another name");
        }
    }

    static String kind(Kind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }

    /** The value Berth gives {@code containerd.io/gc.root}: when it was set (any value keeps the object). */
    static String gcRootValue() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    @Override
    public SnapshotInfo get(String snapshotter, String key) {
        String s = snapshotter(snapshotter);
        return SnapshotsApi.info(s, stat(s, Validation.snapshotRef("snapshot", key)));
    }

    @Override
    public SnapshotUsage usage(String snapshotter, String key) {
        String s = snapshotter(snapshotter);
        Validation.snapshotRef("snapshot", key);
        UsageResponse u;
        try {
            u = sc.snapshots().usage(s, key);
        } catch (BerthException.NotFound e) {
            throw new BerthException.NotFound("snapshot " + Validation.printable(key) + " not found in snapshotter " + s, e);
        }
        return new SnapshotUsage(s, key, u.getSize(), u.getInodes());
    }

    @Override
    public List<MountInfo> mounts(String snapshotter, String key) {
        String s = snapshotter(snapshotter);
        Validation.snapshotRef("snapshot", key);
        try {
            return Protos.mounts(sc.snapshots().mounts(s, key));
        } catch (BerthException.NotFound e) {
            throw new BerthException.NotFound("snapshot " + Validation.printable(key) + " not found in snapshotter " + s, e);
        }
    }

    @Override
    public SnapshotInfo commit(String snapshotter, String name, String key, Map<String, String> labels) {
        Validation.snapshotName("snapshot name", name);
        Validation.snapshotRef("active snapshot", key);
        Map<String, String> l = withGcRoot(labels);
        String s = snapshotter(snapshotter);
        Info active = stat(s, key);
        if (active.getKind() != Kind.ACTIVE) {
            throw new BerthException.FailedPrecondition("snapshot " + Validation.printable(key) + " is "
                    + kind(active.getKind()) + "; only an active snapshot can be committed");
        }
        List<String> users = usedBy(s, key);
        if (!users.isEmpty()) {
            throw new BerthException.FailedPrecondition("snapshot " + Validation.printable(key)
                    + " is the root filesystem of container " + String.join(", ", users)
                    + "; committing it would take it from the container: commit a version of the container instead "
                    + "(berth containers commit " + users.get(0) + ")");
        }
        ensureFree(s, name);
        sc.snapshots().commit(s, name, key, l);
        return SnapshotsApi.info(s, stat(s, name));
    }

    @Override
    public SnapshotInfo prepare(String snapshotter, String key, String parent, Map<String, String> labels) {
        Validation.snapshotName("snapshot key", key);
        String p = parent == null || parent.isBlank() ? null : Validation.snapshotRef("parent snapshot", parent);
        Map<String, String> l = withGcRoot(labels);
        String s = snapshotter(snapshotter);
        if (p != null) {
            Info pi = stat(s, p);
            if (pi.getKind() != Kind.COMMITTED) {
                throw new BerthException.FailedPrecondition("snapshot " + Validation.printable(p) + " is "
                        + kind(pi.getKind()) + "; only a committed snapshot can be a parent");
            }
        }
        ensureFree(s, key);
        sc.snapshots().prepare(s, key, p, l);
        return SnapshotsApi.info(s, stat(s, key));
    }

    private static Map<String, String> withGcRoot(Map<String, String> labels) {
        Map<String, String> l = new LinkedHashMap<>(labels == null ? Map.of() : labels);
        SpecValidation.checkLabels(l);
        l.putIfAbsent(Labels.GC_ROOT, gcRootValue());
        return l;
    }

    @Override
    public void remove(String snapshotter, String key) {
        Validation.snapshotRef("snapshot", key);
        String s = snapshotter(snapshotter);
        stat(s, key);
        List<String> users = usedBy(s, key);
        if (!users.isEmpty()) {
            throw new BerthException.FailedPrecondition("snapshot " + Validation.printable(key)
                    + " is the root filesystem of container " + String.join(", ", users) + "; delete the container first");
        }
        List<Info> kids = children(s, key);
        if (!kids.isEmpty()) {
            throw new BerthException.FailedPrecondition("snapshot " + Validation.printable(key) + " has "
                    + (kids.size() == 1 ? "a child" : kids.size() + " children") + " ("
                    + names(kids) + "); remove those first");
        }
        try {
            sc.snapshots().remove(s, key);
        } catch (BerthException.FailedPrecondition e) {
            // a child made between the check and the remove
            throw new BerthException.FailedPrecondition("snapshot " + Validation.printable(key)
                    + " has children now; remove those first", e);
        }
    }

    static String names(List<Info> infos) {
        List<String> n = infos.stream().map(Info::getName).sorted().limit(5).map(Validation::printable)
                .collect(Collectors.toList());
        return String.join(", ", n) + (infos.size() > 5 ? ", \u2026" : "");
    }
}
