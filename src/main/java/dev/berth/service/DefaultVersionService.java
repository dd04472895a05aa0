package dev.berth.service;

import containerd.services.containers.v1.Container;
import containerd.services.snapshots.v1.Info;
import containerd.services.snapshots.v1.Kind;
import containerd.v1.types.Process;
import containerd.v1.types.Status;
import dev.berth.containerd.Filters;
import dev.berth.containerd.Protos;
import dev.berth.model.BerthException;
import dev.berth.model.CommitVersionRequest;
import dev.berth.model.Labels;
import dev.berth.model.StopOptions;
import dev.berth.model.VersionChange;
import dev.berth.model.VersionInfo;
import dev.berth.spec.SpecValidation;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Commit, list, roll back and delete versions of a container (the flow is written down in
 * {@code docs/versions.md}). The container record is never deleted: its snapshot key is given a new
 * active snapshot on top of the version, so id, image, labels, spec, created time and the log stay.
 */
final class DefaultVersionService implements VersionService {

    private static final Logger LOG = Logger.getLogger(DefaultVersionService.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A chain longer than this is not followed (image chains stay far below; a loop cannot happen). */
    private static final int MAX_CHAIN = 1024;

    /** The steps of a commit or rollback, in order; tests run a garbage collection or throw before each. */
    enum Step {
        STOP_TASK, REMOVE_TASK, COMMIT, PREPARE, RESTORE, RELEASE_LEASE, RESTART, DONE
    }

    /** Called before each step (tests: force a garbage collection, or fail the step). */
    @FunctionalInterface
    interface Hooks {
        Hooks NONE = step -> { };

        void before(Step step);
    }

    private final ServiceContext sc;
    private final Hooks hooks;
    private final DefaultSnapshotService snaps;
    private final DefaultTaskService tasks;

    DefaultVersionService(ServiceContext sc) {
        this(sc, Hooks.NONE);
    }

    DefaultVersionService(ServiceContext sc, Hooks hooks) {
        this.sc = sc;
        this.hooks = hooks;
        this.snaps = new DefaultSnapshotService(sc);
        this.tasks = new DefaultTaskService(sc);
    }

    // ---------------------------------------------------------------------------------------------
    // what a change works on

    /** The container's snapshot: snapshotter, key, and the active snapshot (null when it is missing). */
    private record Target(Container container, String snapshotter, String key, Info active) {
        String id() {
            return container.getId();
        }
    }

    private Target target(String id) {
        Container c = new DefaultContainerService(sc).getRecord(id);
        if (c.getSnapshotKey().isEmpty()) {
            throw new BerthException.FailedPrecondition("container " + id + " has no snapshot, so it has no versions");
        }
        String s = c.getSnapshotter().isEmpty() ? sc.defaultSnapshotter() : c.getSnapshotter();
        Info active = statOrNull(s, c.getSnapshotKey());
        if (active != null && active.getKind() != Kind.ACTIVE) {
            throw new BerthException.FailedPrecondition("snapshot " + c.getSnapshotKey() + " of container " + id + " is "
                    + DefaultSnapshotService.kind(active.getKind()) + ", not active; Berth makes versions of active snapshots only");
        }
        return new Target(c, s, c.getSnapshotKey(), active);
    }

    private Info statOrNull(String s, String key) {
        try {
            return sc.snapshots().stat(s, key);
        } catch (BerthException.NotFound e) {
            return null;
        }
    }

    /** {@code <id>-v<unix nanoseconds>}, as memoh names its versions. */
    static String defaultName(String id) {
        Instant now = Instant.now();
        return id + "-v" + (now.getEpochSecond() * 1_000_000_000L + now.getNano());
    }

    private static Map<String, String> versionLabels(String id, Map<String, String> extra, String note) {
        Map<String, String> l = new LinkedHashMap<>(extra);
        l.put(Labels.GC_ROOT, DefaultSnapshotService.gcRootValue());
        l.put(Labels.VERSION_OF, id);
        if (note != null) {
            l.put(Labels.VERSION_NOTE, note);
        }
        return l;
    }

    private boolean live(String id) {
        Optional<Process> t = tasks.find(id);
        return t.isPresent() && t.get().getStatus() != Status.STOPPED;
    }

    /** The latest version of the container, for messages; null when it has none. */
    private String latestVersion(String s, String id) {
        return sc.snapshots().list(s, Filters.label(Labels.VERSION_OF, id)).stream()
                .max(Comparator.comparing(i -> Protos.instant(i.getCreatedAt()), Comparator.nullsFirst(Comparator.naturalOrder())))
                .map(Info::getName).orElse(null);
    }

    private BerthException missingActive(Target t) {
        String latest = latestVersion(t.snapshotter(), t.id());
        return new BerthException.FailedPrecondition("container " + t.id() + " has no active snapshot (" + t.key()
                + " is missing: a commit or rollback was interrupted?)" + (latest == null
                ? "; it cannot run until it is given one"
                : "; roll it back to a version to give it one: berth containers rollback " + t.id() + " " + latest));
    }

    // ---------------------------------------------------------------------------------------------
    // commit

    @Override
    public VersionChange commit(CommitVersionRequest req) {
        String id = Validation.containerId(req.containerId());
        String name = req.name() == null || req.name().isBlank() ? null : Validation.snapshotName("version name", req.name());
        SpecValidation.checkLabels(req.labels());
        Target t = target(id);
        if (t.active() == null) {
            throw missingActive(t);
        }
        String version = name == null ? defaultName(id) : name;
        snaps.ensureFree(t.snapshotter(), version);
        boolean live = live(id);
        if (live && !req.stopTask()) {
            throw new BerthException.FailedPrecondition("container " + id + " is running; its task must be stopped for "
                    + "the commit (it is started again afterwards): commit with --stop, or tick \"stop the task first\"");
        }
        return change("commit a version of " + id, t, live, version, versionLabels(id, req.labels(), null), version,
                req.stop());
    }

    // ---------------------------------------------------------------------------------------------
    // rollback

    @Override
    public VersionChange rollback(String containerId, String version, StopOptions stop) {
        String id = Validation.containerId(containerId);
        Validation.snapshotRef("version", version);
        Target t = target(id);
        Info v = statOrNull(t.snapshotter(), version);
        if (v == null) {
            throw new BerthException.NotFound("version " + Validation.printable(version) + " not found in snapshotter "
                    + t.snapshotter());
        }
        if (v.getKind() != Kind.COMMITTED) {
            throw new BerthException.FailedPrecondition(Validation.printable(version) + " is an "
                    + DefaultSnapshotService.kind(v.getKind()) + " snapshot, not a version");
        }
        boolean own = id.equals(v.getLabelsMap().get(Labels.VERSION_OF));
        if (!own && !(t.active() != null && chain(t.snapshotter(), t.active()).contains(version))) {
            String of = v.getLabelsMap().get(Labels.VERSION_OF);
            throw new BerthException.FailedPrecondition(Validation.printable(version) + " is not a version of " + id
                    + (of == null ? "" : " (it is one of " + of + ")") + " and its files are not built on it; "
                    + "create a new container from it instead");
        }
        String keep = null;
        if (t.active() != null) {
            keep = defaultName(id);
            snaps.ensureFree(t.snapshotter(), keep);
        }
        return change("roll " + id + " back to " + version, t, live(id), keep,
                versionLabels(id, Map.of(), "before rollback to " + version), version,
                stop == null ? StopOptions.forced(StopOptions.DEFAULT_TIMEOUT) : stop);
    }

    /** The names of the snapshots below {@code active}, nearest first. */
    private List<String> chain(String s, Info active) {
        List<String> out = new ArrayList<>();
        for (Info i : ancestors(s, active)) {
            out.add(i.getName());
        }
        return out;
    }

    private List<Info> ancestors(String s, Info from) {
        List<Info> out = new ArrayList<>();
        String p = from.getParent();
        while (!p.isEmpty() && out.size() < MAX_CHAIN) {
            Info i = statOrNull(s, p);
            if (i == null) {
                break;
            }
            out.add(i);
            p = i.getParent();
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // the change itself: stop, commit (keep), prepare on the base, release, restart

    /**
     * Runs the change on a thread of its own, so that an interrupt of the caller (a cancelled UI task)
     * cannot cut it off half-way; the caller still waits for it. Only an interrupt that came before
     * anything changed cancels it.
     */
    private VersionChange change(String what, Target t, boolean live, String keep, Map<String, String> keepLabels,
                                 String base, StopOptions stop) {
        if (Thread.currentThread().isInterrupted()) {
            throw new BerthException.Cancelled(what + ": cancelled");
        }
        CompletableFuture<VersionChange> done = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                done.complete(run(what, t, live, keep, keepLabels, base, stop));
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "berth-version-" + t.id());
        worker.setDaemon(true);
        worker.start();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return done.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException) {
                        throw (RuntimeException) c;
                    }
                    if (c instanceof Error) {
                        throw (Error) c;
                    }
                    throw new BerthException.Internal(what + ": " + c, c);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private VersionChange run(String what, Target t, boolean live, String keep, Map<String, String> keepLabels,
                              String base, StopOptions stop) {
        String id = t.id();
        String s = t.snapshotter();
        String key = t.key();
        boolean hadNetwork = t.container().getLabelsMap().containsKey(Labels.IP);
        Map<String, String> activeLabels = t.active() == null ? Map.of() : t.active().getLabelsMap();
        String lease = "berth-version-" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
        sc.leases().createWithId(lease, what, DefaultContainerService.LEASE_EXPIRY);
        ServiceContext leased = sc.withLease(lease);

        // 1. the task: stopped and removed (the files must not change while they are committed)
        try {
            if (live) {
                hooks.before(Step.STOP_TASK);
                tasks.stop(id, stop);
            }
            if (tasks.find(id).isPresent()) {
                hooks.before(Step.REMOVE_TASK);
                tasks.removeStopped(id);
            }
        } catch (RuntimeException e) {
            restartAfterFailure(id, live, hadNetwork, e);
            releaseLease(lease, e);
            throw e;
        }

        // 2. keep the current files as a version (the active snapshot is consumed)
        if (keep != null) {
            try {
                hooks.before(Step.COMMIT);
                leased.snapshots().commit(s, keep, key, keepLabels);
            } catch (RuntimeException e) {
                boolean committed = statOrNull(s, key) == null && statOrNull(s, keep) != null;
                if (!committed) {
                    // nothing changed: the container is as it was
                    restartAfterFailure(id, live, hadNetwork, e);
                    releaseLease(lease, e);
                    throw e;
                }
                LOG.log(Level.WARNING, what + ": the commit reported " + e.getMessage() + ", but it was made; going on", e);
            }
        }

        // 3. a new active snapshot under the container's key, on the base; tried twice, then (for a
        //    rollback) the files from before are given back
        String restoredTo = null;
        RuntimeException prepareError = null;
        for (Step step : new Step[] {Step.PREPARE, Step.RESTORE}) {
            String on = step == Step.PREPARE || keep == null ? base : keep;
            try {
                hooks.before(step);
                leased.snapshots().prepare(s, key, on, activeLabels);
                restoredTo = on;
                break;
            } catch (RuntimeException e) {
                Info now = statOrNull(s, key);
                if (now != null && now.getParent().equals(on)) {
                    restoredTo = on; // made after all (the answer was lost)
                    break;
                }
                if (prepareError == null) {
                    prepareError = e;
                } else {
                    prepareError.addSuppressed(e);
                }
            }
        }
        if (restoredTo == null) {
            releaseLease(lease, prepareError);
            throw new BerthException.FailedPrecondition(what + " failed: no new active snapshot could be prepared ("
                    + prepareError.getMessage() + "). Container " + id + " has no files to run on now; "
                    + (keep == null ? "its files are in " + base : "its files are kept as version " + keep)
                    + ": give them back with: berth containers rollback " + id + " " + (keep == null ? base : keep),
                    prepareError);
        }

        // 4. the lease goes; the versions are kept by their gc.root label, the active snapshot by the container
        hooks.before(Step.RELEASE_LEASE);
        releaseLease(lease, null);

        if (prepareError != null && restoredTo.equals(base)) {
            LOG.log(Level.WARNING, what + ": the first prepare failed (" + prepareError.getMessage() + "); the second worked",
                    prepareError);
        }
        VersionInfo kept = keep == null ? null
                : info(s, statOrNull(s, keep), id, restoredTo.equals(keep), restoredTo.equals(keep));
        if (!restoredTo.equals(base)) {
            // a rollback that could not prepare on the version: the container has the files it had
            restartAfterFailure(id, live, hadNetwork, prepareError);
            throw new BerthException.FailedPrecondition(what + " failed (" + prepareError.getMessage()
                    + "); container " + id + " has the files it had (on version " + keep + ")", prepareError);
        }

        // 5. the task again, as it was
        boolean restarted = false;
        String ip = null;
        if (live) {
            try {
                hooks.before(Step.RESTART);
                tasks.start(id);
                restarted = true;
                if (hadNetwork) {
                    ip = new DefaultNetworkService(sc).setup(id);
                }
            } catch (RuntimeException e) {
                throw new BerthException.FailedPrecondition(what + ": done" + (keep == null ? "" : " (version " + keep + ")")
                        + ", but " + (restarted ? "its network could not be set up again: " + e.getMessage()
                        + "; try: berth net up " + id : "its task could not be started again: " + e.getMessage()
                        + "; try: berth tasks start " + id), e);
            }
        }
        hooks.before(Step.DONE);
        return new VersionChange(id, kept, base, restarted, ip);
    }

    /** After a failed change that left the files as they were: a task that was live is started again. */
    private void restartAfterFailure(String id, boolean live, boolean hadNetwork, RuntimeException cause) {
        if (!live) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            if (!live(id)) {
                tasks.start(id);
                if (hadNetwork) {
                    new DefaultNetworkService(sc).setup(id);
                }
            }
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            LOG.log(Level.WARNING, "could not start " + id + " again after a failed version change: " + e.getMessage(), e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Deletes the lease; a failure is logged (it expires by itself) or added to {@code cause}. */
    private void releaseLease(String lease, RuntimeException cause) {
        try {
            sc.leases().delete(lease, false);
        } catch (BerthException.NotFound ignored) {
            // expired already
        } catch (RuntimeException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
            LOG.log(Level.WARNING, "could not delete lease " + lease + " (it expires by itself): " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // list

    @Override
    public List<VersionInfo> list(String containerId) {
        String id = Validation.containerId(containerId);
        Target t = target(id);
        String s = t.snapshotter();
        Map<String, Info> versions = new LinkedHashMap<>();
        for (Info i : sc.snapshots().list(s, Filters.label(Labels.VERSION_OF, id))) {
            if (i.getKind() == Kind.COMMITTED) {
                versions.put(i.getName(), i);
            }
        }
        Set<String> chain = new HashSet<>();
        String current = null;
        if (t.active() != null) {
            List<Info> below = ancestors(s, t.active());
            for (Info i : below) {
                chain.add(i.getName());
                if (i.getLabelsMap().containsKey(Labels.VERSION_OF)) {
                    versions.putIfAbsent(i.getName(), i);
                }
            }
            if (!below.isEmpty() && below.get(0).getLabelsMap().containsKey(Labels.VERSION_OF)) {
                current = below.get(0).getName();
            }
        }
        List<VersionInfo> out = new ArrayList<>();
        for (Info i : versions.values()) {
            VersionInfo v = info(s, i, i.getLabelsMap().getOrDefault(Labels.VERSION_OF, id), chain.contains(i.getName()),
                    i.getName().equals(current));
            if (v != null) {
                out.add(v);
            }
        }
        out.sort(Comparator.comparing(VersionInfo::createdAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(VersionInfo::name, Comparator.reverseOrder()));
        return out;
    }

    /** A version with its size (read from the snapshotter; committed layers' usage is stored, so quick). */
    private VersionInfo info(String s, Info i, String of, boolean inChain, boolean current) {
        if (i == null) {
            return null;
        }
        long size = -1;
        long inodes = -1;
        try {
            var u = sc.snapshots().usage(s, i.getName());
            size = u.getSize();
            inodes = u.getInodes();
        } catch (BerthException e) {
            LOG.fine(() -> "usage of " + i.getName() + ": " + e.getMessage());
        }
        return new VersionInfo(i.getName(), of, s, i.getParent(), Protos.instant(i.getCreatedAt()), i.getLabelsMap(),
                size, inodes, inChain, current, i.getLabelsMap().get(Labels.VERSION_NOTE));
    }

    // ---------------------------------------------------------------------------------------------
    // delete

    @Override
    public void delete(String containerId, String version) {
        String id = Validation.containerId(containerId);
        Validation.snapshotRef("version", version);
        Target t = target(id);
        String s = t.snapshotter();
        Info v = statOrNull(s, version);
        if (v == null) {
            throw new BerthException.NotFound("version " + Validation.printable(version) + " of " + id + " not found");
        }
        String of = v.getLabelsMap().get(Labels.VERSION_OF);
        if (v.getKind() != Kind.COMMITTED || !id.equals(of)) {
            throw new BerthException.FailedPrecondition(Validation.printable(version) + " is not a version of " + id
                    + (of == null || id.equals(of) ? "" : " (it is one of " + of + "; delete it from there)"));
        }
        List<String> on = new ArrayList<>();
        for (Info child : snaps.children(s, version)) {
            on.add(describe(s, t, child));
        }
        List<String> users = snaps.usedBy(s, version);
        for (String u : users) {
            on.add("container " + u);
        }
        if (!on.isEmpty()) {
            boolean current = on.stream().anyMatch(x -> x.startsWith("the current files"));
            throw new BerthException.FailedPrecondition("version " + version + " cannot be deleted: "
                    + String.join(", ", on) + (on.size() == 1 ? " is" : " are") + " built on it, and containerd "
                    + "cannot remove a layer others stand on. Only a version nothing is built on can be deleted"
                    + (current ? "; the container's current files stand on it until it is rolled back to a version "
                    + "that is not built on it" : "; delete what is built on it first"));
        }
        try {
            sc.snapshots().remove(s, version);
        } catch (BerthException.FailedPrecondition e) {
            throw new BerthException.FailedPrecondition("version " + version
                    + " cannot be deleted: something was built on it just now", e);
        }
    }

    private String describe(String s, Target t, Info child) {
        if (child.getName().equals(t.key())) {
            return "the current files of " + t.id() + " (active snapshot " + t.key() + ")";
        }
        List<String> users = snaps.usedBy(s, child.getName());
        if (!users.isEmpty()) {
            return "container " + String.join(", ", users);
        }
        if (child.getLabelsMap().containsKey(Labels.VERSION_OF)) {
            return "version " + child.getName();
        }
        return DefaultSnapshotService.kind(child.getKind()) + " snapshot " + Validation.printable(child.getName());
    }
}
