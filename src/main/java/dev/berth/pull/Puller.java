package dev.berth.pull;

import com.google.protobuf.Timestamp;
import containerd.services.images.v1.Image;
import dev.berth.containerd.ApiContext;
import dev.berth.containerd.ContentApi;
import dev.berth.containerd.ContentWriter;
import dev.berth.containerd.DiffApi;
import dev.berth.containerd.ImagesApi;
import dev.berth.containerd.LeasesApi;
import dev.berth.containerd.Protos;
import dev.berth.containerd.SnapshotsApi;
import dev.berth.model.BerthException;
import dev.berth.model.Labels;
import dev.berth.model.PullProgress;
import dev.berth.model.PullProgress.LayerState;
import dev.berth.model.PullProgress.Phase;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digests;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageIndex;
import dev.berth.oci.ImageManifest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.Platform;
import dev.berth.oci.PlatformMatcher;
import dev.berth.registry.BlobStream;
import dev.berth.registry.ImageReference;
import dev.berth.registry.RegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Client-side pull, as containerd's Go client does it ({@code client.Pull} with unpack): resolve at
 * the registry, write index, manifest, config and layers into the content store with the
 * {@code gc.ref} labels, unpack each layer into a snapshot named by its chain ID, record the image.
 *
 * <p>Everything happens under a lease whose id is derived from the reference, so that a pull that
 * failed (registry gone, network cut, Berth killed) leaves its partial ingests protected until the
 * lease expires (24 h) and pulling again continues each layer from containerd's ingest offset. A
 * successful or cancelled pull deletes the lease.
 */
public final class Puller {

    private static final System.Logger LOG = System.getLogger(Puller.class.getName());
    static final int CHUNK = 1 << 20;
    static final Duration LEASE_EXPIRY = Duration.ofHours(24);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiContext base;
    private final RegistryClient registry;

    public Puller(ApiContext base, RegistryClient registry) {
        this.base = base;
        this.registry = registry;
    }

    /** The lease a pull of {@code ref} uses: the same for every attempt, so a retry finds its ingests. */
    static String leaseId(ImageReference ref) {
        return "berth-pull-" + Digests.hex(Digests.sha256(ref.toString())).substring(0, 20);
    }

    /**
     * Pulls. Blocking; interrupting the thread cancels (the lease is released, no image record is
     * made). Any other failure keeps the lease so that the next attempt resumes.
     */
    public PullResult pull(ImageReference ref, PullOptions options, Consumer<PullProgress> listener) {
        ProgressTracker progress = new ProgressTracker(ref.toString(), listener);
        LeasesApi leases = new LeasesApi(base);
        String lease = leaseId(ref);
        try {
            leases.createWithId(lease, "pull " + ref, LEASE_EXPIRY);
        } catch (BerthException.AlreadyExists e) {
            LOG.log(System.Logger.Level.DEBUG, "reusing lease {0} of an earlier attempt", lease);
        }
        Attempt attempt = new Attempt(ref, options, progress, base.withLease(lease));
        try {
            PullResult result = attempt.run();
            leases.delete(lease, false);
            progress.phase(Phase.DONE, null);
            return result;
        } catch (BerthException.Cancelled e) {
            attempt.stop();
            deleteQuietly(leases, lease);
            progress.phase(Phase.CANCELLED, "cancelled");
            throw e;
        } catch (RuntimeException e) {
            attempt.stop();
            if (Thread.currentThread().isInterrupted()) {
                deleteQuietly(leases, lease);
                progress.phase(Phase.CANCELLED, "cancelled");
                throw new BerthException.Cancelled("pull of " + ref + " cancelled", e);
            }
            if (!(attempt.downloading && (e instanceof BerthException.Unavailable || e instanceof BerthException.Timeout))) {
                // nothing worth resuming (bad reference, auth, bad content): leave nothing behind
                deleteQuietly(leases, lease);
            }
            progress.phase(Phase.FAILED, e.getMessage());
            throw e;
        }
    }

    static void deleteQuietly(LeasesApi leases, String lease) {
        boolean interrupted = Thread.interrupted();
        try {
            leases.delete(lease, false);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not delete lease " + lease, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One attempt: the state shared by the calling thread (unpack) and the download threads. */
    private final class Attempt {
        private final ImageReference ref;
        private final PullOptions options;
        private final ProgressTracker progress;
        private final ApiContext ctx;
        private final ContentApi content;
        private final Map<String, String> sourceLabel;
        private final List<BlobStream> open = new ArrayList<>();
        private ExecutorService pool;
        /** Set once layer downloads began: from then on a connection failure leaves ingests worth resuming. */
        volatile boolean downloading;

        Attempt(ImageReference ref, PullOptions options, ProgressTracker progress, ApiContext ctx) {
            this.ref = ref;
            this.options = options;
            this.progress = progress;
            this.ctx = ctx;
            this.content = new ContentApi(ctx);
            String host = ref.domain();
            int colon = host.lastIndexOf(':');
            if (colon > 0 && !host.endsWith("]")) {
                host = host.substring(0, colon);
            }
            this.sourceLabel = Map.of(Labels.DISTRIBUTION_SOURCE_PREFIX + host, ref.repository());
        }

        PullResult run() {
            progress.phase(Phase.RESOLVING, "resolving " + ref);
            Descriptor root = registry.resolve(ref);
            long size = 0;
            Descriptor manifestDesc = root;
            if (MediaTypes.isIndex(root.mediaType())) {
                byte[] bytes = small(root, true);
                ImageIndex index = ImageIndex.parse(bytes, root);
                Map<String, String> labels = new LinkedHashMap<>(sourceLabel);
                for (int i = 0; i < index.manifests().size(); i++) {
                    labels.put(Labels.GC_REF_CONTENT_PREFIX + "m." + i, index.manifests().get(i).digest());
                }
                store(root, bytes, "index-", labels);
                PlatformMatcher matcher = PlatformMatcher.of(options.platform());
                manifestDesc = matcher.best(index.manifests()).orElseThrow(() -> new BerthException.NotFound(
                        ref + " has no image for " + options.platform() + "; it has: " + index.manifests().stream()
                                .map(d -> d.platform() == null ? "?" : d.platform().toString())
                                .collect(Collectors.joining(", "))));
                if (MediaTypes.isIndex(manifestDesc.mediaType())) {
                    throw new BerthException.Registry(ref + ": nested image indexes are not supported");
                }
                size += root.size();
            }
            byte[] manifestBytes = small(manifestDesc, true);
            ImageManifest manifest = ImageManifest.parse(manifestBytes, manifestDesc);
            Map<String, String> mlabels = new LinkedHashMap<>(sourceLabel);
            mlabels.put(Labels.GC_REF_CONTENT_PREFIX + "config", manifest.config().digest());
            for (int i = 0; i < manifest.layers().size(); i++) {
                mlabels.put(Labels.GC_REF_CONTENT_PREFIX + "l." + i, manifest.layers().get(i).digest());
            }
            store(manifestDesc, manifestBytes, "manifest-", mlabels);
            byte[] configBytes = small(manifest.config(), false);
            ImageConfig config = ImageConfig.parse(configBytes, manifest.config().digest());
            List<Descriptor> layers = manifest.layers();
            List<String> diffIds = config.rootfs() == null ? List.of() : config.rootfs().diffIds();
            if (options.unpack() && diffIds.size() != layers.size()) {
                throw new BerthException.Registry(ref + ": the config lists " + diffIds.size()
                        + " layer diff IDs but the manifest has " + layers.size() + " layers");
            }
            size += manifestDesc.size() + manifest.config().size();
            for (Descriptor l : layers) {
                size += l.size();
            }
            progress.layers(layers);
            List<String> chain = Digests.chainIds(diffIds);
            String snapshotter = options.snapshotter();
            SnapshotsApi snapshots = new SnapshotsApi(ctx);
            int unpacked = options.unpack() ? highestUnpacked(snapshots, snapshotter, chain) : -1;
            for (int i = 0; i <= unpacked; i++) {
                progress.state(i, LayerState.ALREADY_PRESENT);
            }
            progress.phase(Phase.FETCHING, null);
            downloading = true;
            // downloads run in parallel; unpacking follows in layer order as each one arrives
            List<Future<?>> downloads = new ArrayList<>();
            pool = Executors.newFixedThreadPool(Math.max(1, Math.min(options.parallelDownloads(), layers.size())),
                    daemonThreads("berth-pull"));
            for (int i = unpacked + 1; i < layers.size(); i++) {
                final int layer = i;
                downloads.add(pool.submit(() -> {
                    download(layer, layers.get(layer));
                    return null;
                }));
            }
            pool.shutdown();
            int next = 0;
            for (int i = unpacked + 1; i < layers.size(); i++) {
                await(downloads.get(next++));
                if (options.unpack()) {
                    if (i == unpacked + 1) {
                        progress.phase(Phase.UNPACKING, null);
                    }
                    unpack(snapshots, snapshotter, i, layers.get(i), chain, diffIds.get(i));
                } else {
                    progress.state(i, LayerState.DONE);
                }
            }
            String top = chain.isEmpty() ? null : chain.get(chain.size() - 1);
            Map<String, String> clabels = new LinkedHashMap<>(sourceLabel);
            if (options.unpack() && top != null) {
                clabels.put(Labels.GC_REF_SNAPSHOT_PREFIX + snapshotter, top);
            }
            store(manifest.config(), configBytes, "config-", clabels);
            record(root);
            Platform platform = manifestDesc.platform() != null ? manifestDesc.platform() : config.platform();
            return new PullResult(ref.toString(), root, platform, size, progress.downloaded(), options.unpack() ? top : null);
        }

        /** The index of the highest layer whose chain snapshot exists (-1 if none): those need nothing. */
        private int highestUnpacked(SnapshotsApi snapshots, String snapshotter, List<String> chain) {
            for (int i = chain.size() - 1; i >= 0; i--) {
                try {
                    snapshots.stat(snapshotter, chain.get(i));
                    return i;
                } catch (BerthException.NotFound e) {
                    // keep looking lower
                }
            }
            return -1;
        }

        /** A manifest, index or config: from the content store when present, else from the registry. */
        private byte[] small(Descriptor d, boolean manifest) {
            if (content.info(d.digest()).isPresent()) {
                byte[] b = content.readAll(d.digest(), registry.options().maxManifestSize());
                if (Digests.matches(b, d.digest())) {
                    return b;
                }
            }
            return manifest ? registry.fetchManifest(ref, d) : registry.fetchBlob(ref, d);
        }

        /** Writes a small blob with labels; if it is there already, sets the labels on it. */
        private void store(Descriptor d, byte[] data, String prefix, Map<String, String> labels) {
            try (ContentWriter w = content.writer(prefix + d.digest())) {
                long offset = w.stat(data.length, d.digest());
                if (offset != data.length) {
                    w.resetOffset();
                    w.write(data, 0, data.length);
                }
                w.commit(data.length, d.digest(), labels);
            } catch (BerthException.AlreadyExists e) {
                content.setLabels(d.digest(), labels);
            }
        }

        private void download(int layer, Descriptor d) {
            if (content.info(d.digest()).isPresent()) {
                progress.state(layer, LayerState.DOWNLOADED);
                return;
            }
            String ingest = "layer-" + d.digest();
            try (ContentWriter w = content.writer(ingest)) {
                long offset;
                try {
                    offset = w.stat(d.size(), d.digest());
                } catch (BerthException.AlreadyExists e) {
                    progress.state(layer, LayerState.DOWNLOADED);
                    return;
                }
                if (offset > d.size()) {
                    w.resetOffset();
                    offset = 0;
                }
                progress.offset(layer, offset);
                if (offset < d.size()) {
                    progress.state(layer, LayerState.DOWNLOADING);
                    BlobStream blob = registry.openBlob(ref, d, offset);
                    synchronized (open) {
                        open.add(blob);
                    }
                    try (InputStream in = blob.stream()) {
                        if (blob.offset() != offset) {
                            LOG.log(System.Logger.Level.DEBUG, "registry ignored the range for {0}; starting over", d.digest());
                            w.resetOffset();
                            progress.offset(layer, 0);
                        }
                        byte[] buf = new byte[CHUNK];
                        while (true) {
                            int n = in.readNBytes(buf, 0, CHUNK);
                            if (n <= 0) {
                                break;
                            }
                            w.write(buf, 0, n);
                            progress.advance(layer, n);
                            if (Thread.currentThread().isInterrupted()) {
                                throw new BerthException.Cancelled("download of " + d.digest() + " cancelled");
                            }
                        }
                    } catch (IOException e) {
                        throw new BerthException.Unavailable("downloading " + d.digest() + " of " + ref + ": " + e.getMessage(), e);
                    } finally {
                        synchronized (open) {
                            open.remove(blob);
                        }
                    }
                    if (w.offset() != d.size()) {
                        throw new BerthException.Unavailable("the registry sent " + w.offset() + " of " + d.size()
                                + " bytes of layer " + d.digest());
                    }
                }
                progress.state(layer, LayerState.VERIFYING);
                try {
                    w.commit(d.size(), d.digest(), sourceLabel);
                } catch (BerthException.AlreadyExists e) {
                    // committed meanwhile by someone else: fine
                } catch (BerthException.FailedPrecondition | BerthException.InvalidArgument e) {
                    try {
                        content.abort(ingest);
                    } catch (RuntimeException ignored) {
                        // the ingest may be gone already
                    }
                    throw new BerthException.Registry("layer " + d.digest() + " of " + ref
                            + " does not match its digest; nothing was stored (" + e.getMessage() + ")", e);
                }
            }
            progress.state(layer, LayerState.DOWNLOADED);
        }

        private void unpack(SnapshotsApi snapshots, String snapshotter, int i, Descriptor layer, List<String> chain,
                            String diffId) {
            String chainId = chain.get(i);
            String parent = i == 0 ? "" : chain.get(i - 1);
            String key = "extract-" + Instant.now().getNano() + "-" + randomSuffix() + " " + chainId;
            Map<String, String> labels = Map.of(Labels.SNAPSHOT_REF, chainId);
            List<containerd.types.Mount> mounts;
            try {
                mounts = snapshots.prepare(snapshotter, key, parent, labels);
            } catch (BerthException.AlreadyExists e) {
                snapshots.stat(snapshotter, chainId);
                progress.state(i, LayerState.DONE);
                return;
            }
            progress.state(i, LayerState.UNPACKING);
            boolean committed = false;
            try {
                containerd.types.Descriptor applied = new DiffApi(ctx).apply(
                        Protos.descriptor(layer.mediaType(), layer.digest(), layer.size(), layer.annotations()), mounts);
                if (!applied.getDigest().equals(diffId)) {
                    throw new BerthException.Registry("layer " + layer.digest() + " unpacked to " + applied.getDigest()
                            + ", but the image config says " + diffId);
                }
                try {
                    snapshots.commit(snapshotter, chainId, key, labels);
                } catch (BerthException.AlreadyExists e) {
                    // unpacked meanwhile by another pull: the key is still ours to remove
                    removeQuietly(snapshots, snapshotter, key);
                }
                committed = true;
            } finally {
                if (!committed) {
                    removeQuietly(snapshots, snapshotter, key);
                }
            }
            content.setLabels(layer.digest(), Map.of(Labels.UNCOMPRESSED, diffId));
            progress.state(i, LayerState.DONE);
        }

        private void record(Descriptor root) {
            ImagesApi images = new ImagesApi(ctx);
            Image image = Image.newBuilder().setName(ref.toString())
                    .setTarget(Protos.descriptor(root.mediaType(), root.digest(), root.size(), root.annotations()))
                    .build();
            try {
                images.create(image);
            } catch (BerthException.AlreadyExists e) {
                Image existing = images.get(ref.toString());
                images.update(image.toBuilder().putAllLabels(existing.getLabelsMap()).build());
            }
        }

        private void await(Future<?> f) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BerthException.Cancelled("pull of " + ref + " cancelled", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException) {
                    throw (RuntimeException) c;
                }
                throw new BerthException.Internal("pull of " + ref + " failed: " + c, c);
            }
        }

        /** Stops the downloads: interrupts the threads and closes the HTTP streams. */
        void stop() {
            if (pool != null) {
                pool.shutdownNow();
            }
            synchronized (open) {
                for (BlobStream b : open) {
                    try {
                        b.close();
                    } catch (IOException | RuntimeException ignored) {
                        // closing is best effort
                    }
                }
            }
        }
    }

    private static void removeQuietly(SnapshotsApi snapshots, String snapshotter, String key) {
        boolean interrupted = Thread.interrupted();
        try {
            snapshots.remove(snapshotter, key);
        } catch (RuntimeException ignored) {
            // best effort: the lease keeps nothing else alive
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String randomSuffix() {
        byte[] b = new byte[3];
        RANDOM.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
