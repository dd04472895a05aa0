package dev.berth.service;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import containerd.services.containers.v1.Container;
import containerd.types.Mount;
import dev.berth.containerd.ContainersApi;
import dev.berth.containerd.Filters;
import dev.berth.containerd.Protos;
import dev.berth.model.BerthException;
import dev.berth.model.ContainerInfo;
import dev.berth.model.CreateContainerRequest;
import dev.berth.model.ImageInfo;
import dev.berth.model.Labels;
import dev.berth.model.PullProgress;
import dev.berth.model.PullRequest;
import dev.berth.oci.ImageConfig;
import dev.berth.spec.ClientDefaults;
import dev.berth.spec.LayeredRootFs;
import dev.berth.spec.RootFs;
import dev.berth.spec.RuntimeSpec;
import dev.berth.spec.SpecGenerator;
import dev.berth.spec.SpecValidation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

final class DefaultContainerService implements ContainerService {

    private static final Logger LOG = Logger.getLogger(DefaultContainerService.class.getName());

    /** containerd stores the runtime spec as JSON under this type URL (no type.googleapis.com prefix). */
    static final String SPEC_TYPE_URL = RuntimeSpec.TYPE_URL;
    static final String RUNTIME = "io.containerd.runc.v2";
    /** A create lease expires by itself after this, should Berth die before releasing it. */
    static final Duration LEASE_EXPIRY = Duration.ofMinutes(30);
    /** How long the cleanup of a failed create waits for an unreachable containerd to come back. */
    static final Duration UNDO_PATIENCE = Duration.ofSeconds(10);
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** The steps of {@link #create}, in order; a test makes each one fail through {@link CreateFaults}. */
    enum CreateStep {
        RESOLVE_IMAGE, CREATE_LEASE, READ_IMAGE_CONFIG, PREPARE_SNAPSHOT, READ_MOUNTS, BUILD_SPEC,
        CREATE_CONTAINER, RELEASE_LEASE
    }

    /** Called before each step of a create (tests throw from it). */
    @FunctionalInterface
    interface CreateFaults {
        CreateFaults NONE = step -> { };

        void before(CreateStep step);
    }

    private final ServiceContext sc;
    private final CreateFaults faults;

    DefaultContainerService(ServiceContext sc) {
        this(sc, CreateFaults.NONE);
    }

    DefaultContainerService(ServiceContext sc, CreateFaults faults) {
        this.sc = sc;
        this.faults = faults;
    }

    static ContainerInfo info(Container c) {
        return ContainersApi.info(c, true);
    }

    private static List<ContainerInfo> infos(List<ContainerInfo> cs) {
        cs.sort(Comparator.comparing(ContainerInfo::id));
        return cs;
    }

    @Override
    public List<ContainerInfo> list() {
        return infos(sc.containers().listSummaries());
    }

    @Override
    public List<ContainerInfo> listByLabel(String key, String value) {
        return infos(sc.containers().listSummaries(Filters.label(key, value)));
    }

    @Override
    public ContainerInfo get(String id) {
        return info(getRecord(id));
    }

    Container getRecord(String id) {
        try {
            return sc.containers().get(Validation.containerId(id));
        } catch (BerthException.NotFound e) {
            throw new BerthException.NotFound("container " + id + " not found", e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // create

    /**
     * What a create has made so far, so a failure can remove it. A call that failed without an
     * answer (cancelled, connection lost) may still have been carried out by containerd: the lease id
     * is chosen before it is created, a snapshot prepared under the lease goes with the lease, the
     * container record is created without letting an interrupt cancel the call, and a container that
     * may exist after a lost answer is looked at and removed if it is the one this create made.
     */
    private static final class Made {
        String lease;
        String snapshotter;
        String snapshot;
        Container container;
        boolean containerCertain;
    }

    @Override
    public ContainerInfo create(CreateContainerRequest req, Consumer<PullProgress> progress) {
        // everything the user gave is checked before anything is sent
        String id = Validation.containerId(req.id());
        if (req.image() == null || req.image().isBlank()) {
            throw new BerthException.InvalidArgument("an image is needed to create container " + id);
        }
        SpecValidation.validate(req.spec());
        SpecValidation.checkLabels(req.labels());
        String snapshotter = new DefaultSnapshotService(sc).snapshotter(req.snapshotter());
        String parent = req.parentSnapshot() == null || req.parentSnapshot().isBlank() ? null : req.parentSnapshot();
        if (parent != null) {
            Validation.snapshotRef("parent snapshot", parent);
        }
        Consumer<PullProgress> pullProgress = progress == null ? p -> { } : progress;

        faults.before(CreateStep.RESOLVE_IMAGE);
        if (exists(id)) {
            throw new BerthException.AlreadyExists("container " + id + " already exists");
        }
        ImageInfo image = imageOrPull(req.image(), snapshotter, pullProgress);

        Made made = new Made();
        try {
            faults.before(CreateStep.CREATE_LEASE);
            made.lease = "berth-create-" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
            sc.leases().createWithId(made.lease, "create container " + id, LEASE_EXPIRY);
            ServiceContext leased = sc.withLease(made.lease);

            faults.before(CreateStep.READ_IMAGE_CONFIG);
            ImageConfig config = ImageContent.config(leased.content(), image);
            if (parent == null) {
                List<String> chain = config.chainIds();
                if (chain.isEmpty()) {
                    throw new BerthException.FailedPrecondition("image " + image.name() + " has no layers to run");
                }
                parent = chain.get(chain.size() - 1);
                ensureUnpacked(image, snapshotter, parent, pullProgress);
            }
            // an active snapshot no container uses becomes the container's own, as it is
            boolean adopted = req.parentSnapshot() != null && !req.parentSnapshot().isBlank() && adopt(snapshotter, parent);
            String key = adopted ? parent : id;

            faults.before(CreateStep.PREPARE_SNAPSHOT);
            if (!adopted) {
                if (snapshotExists(snapshotter, id)) {
                    throw snapshotTaken(snapshotter, id, null);
                }
                try {
                    leased.snapshots().prepare(snapshotter, id, parent, Map.of());
                } catch (BerthException.AlreadyExists e) {
                    throw snapshotTaken(snapshotter, id, e);
                }
                made.snapshotter = snapshotter;
                made.snapshot = id;
            }

            faults.before(CreateStep.READ_MOUNTS);
            List<Mount> mounts = leased.snapshots().mounts(snapshotter, key);

            faults.before(CreateStep.BUILD_SPEC);
            RuntimeSpec spec = SpecGenerator.generate(ClientDefaults.forDaemon(sc.daemon()), sc.api().namespace(), id,
                    config.config(), req.spec(), rootfs(mounts, config, req));

            Map<String, String> labels = new LinkedHashMap<>(req.labels());
            String stopSignal = config.config().stopSignal();
            if (stopSignal != null && !stopSignal.isBlank()) {
                labels.putIfAbsent(Labels.STOP_SIGNAL, stopSignal);
            }
            labels.put(Labels.LOG_PATH, sc.logFile(id).toString());
            Container record = Container.newBuilder()
                    .setId(id)
                    .setImage(image.name())
                    .putAllLabels(labels)
                    .setRuntime(Container.Runtime.newBuilder().setName(RUNTIME))
                    .setSpec(Any.newBuilder().setTypeUrl(SPEC_TYPE_URL).setValue(ByteString.copyFrom(spec.toJson())))
                    .setSnapshotter(snapshotter)
                    .setSnapshotKey(key)
                    .build();

            faults.before(CreateStep.CREATE_CONTAINER);
            made.container = record;
            Container created;
            try {
                // not cancelled by an interrupt, so that it is known whether the container exists
                created = leased.containers().createUninterruptibly(record);
            } catch (BerthException e) {
                if (e.kind() != BerthException.Kind.UNAVAILABLE && e.kind() != BerthException.Kind.TIMEOUT) {
                    made.container = null; // containerd answered: nothing was made (e.g. a racing create of the id)
                }
                throw e;
            }
            made.containerCertain = true;
            if (Thread.currentThread().isInterrupted()) {
                throw new BerthException.Cancelled("create container " + id + ": cancelled");
            }

            faults.before(CreateStep.RELEASE_LEASE);
            sc.leases().delete(made.lease, false);
            made.lease = null;
            return info(created);
        } catch (RuntimeException e) {
            undo(made, e);
            throw e;
        }
    }

    private boolean snapshotExists(String snapshotter, String key) {
        try {
            sc.snapshots().stat(snapshotter, key);
            return true;
        } catch (BerthException.NotFound e) {
            return false;
        }
    }

    private static BerthException snapshotTaken(String snapshotter, String key, Throwable cause) {
        return new BerthException.AlreadyExists("snapshotter " + snapshotter + " already has a snapshot named "
                + key + "; remove it or choose another container id", cause);
    }

    private boolean exists(String id) {
        try {
            sc.containers().get(id);
            return true;
        } catch (BerthException.NotFound e) {
            return false;
        }
    }

    private ImageInfo imageOrPull(String reference, String snapshotter, Consumer<PullProgress> progress) {
        ImageService images = new DefaultImageService(sc);
        try {
            return images.get(reference);
        } catch (BerthException.NotFound e) {
            LOG.fine(() -> "image " + reference + " not found; pulling it");
            return images.pull(new PullRequest(reference, null, false, snapshotter), progress);
        }
    }

    /** The image's top layer must be unpacked in this snapshotter; if not, the pull unpacks it. */
    private void ensureUnpacked(ImageInfo image, String snapshotter, String top, Consumer<PullProgress> progress) {
        try {
            sc.snapshots().stat(snapshotter, top);
        } catch (BerthException.NotFound e) {
            LOG.fine(() -> "image " + image.name() + " is not unpacked in " + snapshotter + "; pulling it");
            new DefaultImageService(sc).pull(new PullRequest(image.name(), null, false, snapshotter), progress);
            try {
                sc.snapshots().stat(snapshotter, top);
            } catch (BerthException.NotFound again) {
                throw new BerthException.FailedPrecondition("image " + image.name() + " is not unpacked in snapshotter "
                        + snapshotter + " (no snapshot " + top + ")", again);
            }
        }
    }

    /**
     * Whether {@code snapshot} is to be the container's own snapshot as it is (an active snapshot no
     * container uses) rather than the parent of a new one (a committed snapshot).
     */
    private boolean adopt(String snapshotter, String snapshot) {
        containerd.services.snapshots.v1.Info info;
        try {
            info = sc.snapshots().stat(snapshotter, snapshot);
        } catch (BerthException.NotFound e) {
            throw new BerthException.NotFound("snapshot " + snapshot + " not found in snapshotter " + snapshotter, e);
        }
        if (info.getKind() == containerd.services.snapshots.v1.Kind.COMMITTED) {
            return false;
        }
        if (info.getKind() != containerd.services.snapshots.v1.Kind.ACTIVE) {
            throw new BerthException.FailedPrecondition("snapshot " + snapshot + " is " + info.getKind().name().toLowerCase()
                    + "; a container starts from a committed snapshot, or takes an active one as it is");
        }
        List<String> users = new DefaultSnapshotService(sc).usedBy(snapshotter, snapshot);
        if (!users.isEmpty()) {
            throw new BerthException.FailedPrecondition("active snapshot " + snapshot + " is the root filesystem of container "
                    + String.join(", ", users) + "; a container can take only an active snapshot no container uses");
        }
        return true;
    }

    /**
     * The prepared snapshot's files, for {@code /etc/passwd} and {@code /etc/group}. When Berth cannot
     * read that kind of mount and no user is asked for, root's groups are not looked up (gid 0 only).
     */
    private static RootFs rootfs(List<Mount> mounts, ImageConfig config, CreateContainerRequest req) {
        try {
            return LayeredRootFs.fromMounts(Protos.mounts(mounts));
        } catch (BerthException.FailedPrecondition e) {
            boolean userAsked = config.config().user() != null && !config.config().user().isEmpty()
                    || req.spec().user() != null && !req.spec().user().isEmpty();
            if (userAsked) {
                throw e;
            }
            LOG.fine(() -> e.getMessage() + "; running as root without looking up root's groups");
            return RootFs.EMPTY;
        }
    }

    /** Removes what a failed create made (container, snapshot, lease), even when the thread was interrupted. */
    private void undo(Made made, RuntimeException cause) {
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + UNDO_PATIENCE.toNanos();
        try {
            if (made.container != null) {
                try {
                    Container sent = made.container;
                    boolean certain = made.containerCertain;
                    untilReachable(deadline, () -> {
                        if (certain || isOurs(sent)) {
                            sc.containers().delete(sent.getId());
                        }
                    });
                } catch (BerthException.NotFound ignored) {
                    // already gone, or never made
                } catch (RuntimeException e) {
                    cause.addSuppressed(e);
                }
            }
            if (made.snapshot != null) {
                try {
                    untilReachable(deadline, () -> sc.snapshots().remove(made.snapshotter, made.snapshot));
                } catch (BerthException.NotFound ignored) {
                    // already gone
                } catch (RuntimeException e) {
                    cause.addSuppressed(e);
                }
            }
            if (made.lease != null) {
                try {
                    untilReachable(deadline, () -> sc.leases().delete(made.lease, true));
                } catch (BerthException.NotFound ignored) {
                    // already gone
                } catch (RuntimeException e) {
                    cause.addSuppressed(e);
                }
            }
            for (Throwable s : cause.getSuppressed()) {
                LOG.log(Level.WARNING, "cleaning up after a failed create: " + s.getMessage(), s);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs a cleanup step, trying again while containerd is unreachable (it was restarted or killed
     * in the middle of the create) until {@code deadline}: without this a create cut by a restart left
     * its lease (and with it the prepared snapshot) behind until the lease expired.
     */
    private static void untilReachable(long deadline, Runnable step) {
        while (true) {
            try {
                step.run();
                return;
            } catch (BerthException e) {
                boolean unreachable = e.kind() == BerthException.Kind.UNAVAILABLE || e.kind() == BerthException.Kind.TIMEOUT;
                if (!unreachable || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** After a Containers.Create without answer: does the container exist, and is it the one we sent? */
    private boolean isOurs(Container sent) {
        Container c = sc.containers().get(sent.getId());
        return c.getSnapshotKey().equals(sent.getSnapshotKey()) && c.getSnapshotter().equals(sent.getSnapshotter())
                && c.getImage().equals(sent.getImage()) && c.getLabelsMap().equals(sent.getLabelsMap())
                && c.getSpec().equals(sent.getSpec());
    }

    // ---------------------------------------------------------------------------------------------
    // delete

    @Override
    public void delete(String id, boolean cleanupSnapshot, boolean force) {
        Container c = getRecord(id);
        DefaultTaskService tasks = new DefaultTaskService(sc);
        tasks.find(id).ifPresent(task -> {
            if (task.getStatus() == containerd.v1.types.Status.STOPPED) {
                tasks.removeStopped(id);
            } else if (force) {
                tasks.delete(id, true);
            } else {
                throw new BerthException.FailedPrecondition("container " + id + " has a "
                        + task.getStatus().name().toLowerCase() + " task; stop it first, or delete with force");
            }
        });
        tasks.releaseNetwork(id);
        if (cleanupSnapshot && !c.getSnapshotKey().isEmpty() && !c.getSnapshotter().isEmpty()) {
            try {
                sc.snapshots().remove(c.getSnapshotter(), c.getSnapshotKey());
            } catch (BerthException.NotFound ignored) {
                // nothing to clean
            }
        }
        try {
            sc.containers().delete(id);
        } catch (BerthException.NotFound e) {
            throw new BerthException.NotFound("container " + id + " not found", e);
        }
        // the log goes with the snapshot (a container re-created on a kept snapshot keeps its log);
        // only Berth's own file is deleted, never a path another tool put into the label
        Path own = sc.logFile(id);
        if (cleanupSnapshot && (own.toString().equals(c.getLabelsMap().get(Labels.LOG_PATH))
                || !c.getLabelsMap().containsKey(Labels.LOG_PATH))) {
            TaskLogs.deleteQuietly(own);
        }
    }
}
