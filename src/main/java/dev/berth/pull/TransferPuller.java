package dev.berth.pull;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import containerd.services.images.v1.Image;
import containerd.types.transfer.AuthRequest;
import containerd.types.transfer.AuthResponse;
import containerd.types.transfer.AuthType;
import containerd.types.transfer.ImageStore;
import containerd.types.transfer.OCIRegistry;
import containerd.types.transfer.Progress;
import containerd.types.transfer.RegistryResolver;
import containerd.types.transfer.UnpackConfiguration;
import dev.berth.containerd.ApiContext;
import dev.berth.containerd.ContentApi;
import dev.berth.containerd.EventsApi;
import dev.berth.containerd.Filters;
import dev.berth.containerd.ImagesApi;
import dev.berth.containerd.LeasesApi;
import dev.berth.containerd.SnapshotsApi;
import dev.berth.containerd.StreamingApi;
import dev.berth.containerd.TransferApi;
import dev.berth.model.BerthException;
import dev.berth.model.ContainerdEvent;
import dev.berth.model.DaemonInfo;
import dev.berth.model.PullProgress;
import dev.berth.model.PullProgress.LayerState;
import dev.berth.model.PullProgress.Phase;
import dev.berth.model.Subscription;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digests;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageIndex;
import dev.berth.oci.ImageManifest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.Platform;
import dev.berth.oci.PlatformMatcher;
import dev.berth.registry.Credentials;
import dev.berth.registry.ImageReference;
import dev.berth.registry.RegistryOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Server-side pull through containerd's Transfer service (1.7+): the daemon resolves, fetches and
 * unpacks; Berth sends one {@code Transfer(OCIRegistry → ImageStore)} call and follows it.
 *
 * <p>What Berth sees of the work, and how it becomes {@link PullProgress}:
 * <ul>
 *   <li>Progress messages ({@code containerd.types.transfer.Progress}) on a Streaming stream, about every
 *   300 ms per blob: {@code waiting}, {@code downloading} (bytes so far), {@code complete},
 *   {@code already exists}, named by ingest ref ({@code layer-sha256:…}). The layer list and its order
 *   come from the manifest, read from the content store once the daemon has committed it.</li>
 *   <li>Unpacking is not reported by the Transfer service at all. Berth follows the namespace's
 *   {@code /snapshot/prepare} and {@code /snapshot/commit} events instead: the unpacker prepares
 *   {@code extract-… <chainID>} and commits {@code <chainID>}, which gives each layer its
 *   UNPACKING and DONE states.</li>
 *   <li>Layers whose snapshot exists already are never fetched by the daemon; Berth marks them
 *   ALREADY_PRESENT by looking up their chain IDs once the config is in the content store.</li>
 * </ul>
 *
 * <p>Registry credentials travel over a second stream: the daemon asks (AuthRequest{host}) and Berth
 * answers from its {@link dev.berth.registry.CredentialsProvider} (user + password, or an identity
 * token as REFRESH; nothing known: NONE = anonymous).
 *
 * <p>Resume and cancel follow {@link Puller}: the call carries the same per-reference lease as a
 * client-side pull (the daemon then uses it instead of its own), so the partial ingests of a pull
 * that failed stay, and the next attempt — in either mode, the ingest refs are the same — continues
 * each layer from its offset with a Range request. Interrupting the calling thread cancels the gRPC
 * call (the daemon cancels its work), releases the lease and leaves no new image record.
 */
public final class TransferPuller {

    private static final System.Logger LOG = System.getLogger(TransferPuller.class.getName());
    /** How long to wait for the last progress messages after the Transfer call returned. */
    static final Duration DRAIN = Duration.ofSeconds(2);
    /** How often the ingests are polled on daemons whose progress stream loses layers (before 2.0). */
    static final long POLL_MILLIS = 250;

    private final ApiContext base;
    private final DaemonInfo daemon;
    private final RegistryOptions registry;

    /**
     * @param daemon what the daemon serves and its version (the plain-HTTP scheme needs 2.0)
     * @param registry plain-HTTP hosts and credentials (the rest of the options are the daemon's business)
     */
    public TransferPuller(ApiContext base, DaemonInfo daemon, RegistryOptions registry) {
        this.base = base;
        this.daemon = daemon;
        this.registry = registry;
    }

    /** Whether the daemon can do this at all (Transfer and Streaming services, containerd 1.7+). */
    public static boolean supported(DaemonInfo daemon) {
        return daemon.serves("transfer") && daemon.serves("streaming");
    }

    /**
     * Whether the daemon can reach this registry: containerd 1.7's Transfer service speaks only HTTPS
     * (its resolver has no scheme setting), so a plain-HTTP registry needs 2.0.
     */
    public static boolean reaches(DaemonInfo daemon, RegistryOptions registry, ImageReference ref) {
        return !registry.allowsPlainHttp(ref.domain()) || daemon.atLeast(2, 0);
    }

    /**
     * Pulls. Blocking; interrupting the thread cancels. {@code options.parallelDownloads()} does not
     * apply: the daemon's {@code max_concurrent_downloads} (transfer plugin config, default 3) does.
     */
    public PullResult pull(ImageReference ref, PullOptions options, Consumer<PullProgress> listener) {
        if (!supported(daemon)) {
            throw new BerthException.FailedPrecondition("containerd " + daemon.version()
                    + " has no Transfer service (it came with 1.7); pull with --pull-mode=client");
        }
        ProgressTracker progress = new ProgressTracker(ref.toString(), listener);
        LeasesApi leases = new LeasesApi(base);
        String lease = Puller.leaseId(ref);
        try {
            leases.createWithId(lease, "pull " + ref, Puller.LEASE_EXPIRY);
        } catch (BerthException.AlreadyExists e) {
            LOG.log(System.Logger.Level.DEBUG, "reusing lease {0} of an earlier attempt", lease);
        }
        Attempt attempt = new Attempt(ref, options, progress, base.withLease(lease));
        try {
            PullResult result = attempt.run();
            leases.delete(lease, false);
            progress.phase(Phase.DONE, attempt.doneMessage);
            return result;
        } catch (RuntimeException e) {
            boolean interrupted = Thread.currentThread().isInterrupted();
            attempt.stop();
            if (e instanceof BerthException.Cancelled || interrupted) {
                attempt.forgetNewImage();
                Puller.deleteQuietly(leases, lease);
                progress.phase(Phase.CANCELLED, "cancelled");
                throw e instanceof BerthException.Cancelled ? e : new BerthException.Cancelled("pull of " + ref + " cancelled", e);
            }
            if (!attempt.hasPartialIngests()) {
                Puller.deleteQuietly(leases, lease);
            }
            RuntimeException mapped = attempt.explain(e);
            progress.phase(Phase.FAILED, mapped.getMessage());
            throw mapped;
        } finally {
            attempt.close();
        }
    }

    /** What one blob's progress messages (or Berth's own look at the ingests) said last. */
    private static final class Blob {
        String event = "";
        long progress;
        long total;
        boolean counted;
        /** seen as an active ingest by the poller */
        boolean polled;
    }

    private final class Attempt {
        private final ImageReference ref;
        private final PullOptions options;
        private final ProgressTracker progress;
        private final ApiContext ctx;
        private final ContentApi content;
        private final ExecutorService worker;
        private java.util.concurrent.ScheduledExecutorService poller;
        /** progress by digest, for blobs seen before the manifest told which are layers */
        private final Map<String, Blob> blobs = new HashMap<>();
        private final Set<String> prepared = new HashSet<>();
        private final Set<String> committed = new HashSet<>();
        /** digests of blobs committed to the content store (containerd 2.1+ publishes /content/create) */
        private final Set<String> created = new HashSet<>();
        private final Map<String, Long> initialOffsets = new HashMap<>();
        private final List<String> authErrors = new ArrayList<>();
        private StreamingApi.NamedStream progressStream;
        private StreamingApi.NamedStream authStream;
        private Subscription snapshotEvents;
        private boolean imageExisted;
        private String doneMessage;
        // guarded by this
        private List<Descriptor> layers;
        private Map<String, Integer> layerIndex = Map.of();
        private List<String> chain;
        private Map<String, Integer> chainIndex = Map.of();
        private LayerState[] states;
        private long[] counted;
        private boolean[] present;
        private Phase phase = Phase.RESOLVING;
        private String manifestDigest;
        private String configDigest;
        private boolean presentChecked;

        Attempt(ImageReference ref, PullOptions options, ProgressTracker progress, ApiContext ctx) {
            this.ref = ref;
            this.options = options;
            this.progress = progress;
            this.ctx = ctx;
            this.content = new ContentApi(ctx);
            AtomicInteger n = new AtomicInteger();
            this.worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "berth-transfer-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }

        PullResult run() {
            progress.phase(Phase.RESOLVING, "resolving " + ref + " (containerd's Transfer service)");
            ImagesApi images = new ImagesApi(ctx);
            try {
                images.get(ref.toString());
                imageExisted = true;
            } catch (BerthException.NotFound e) {
                imageExisted = false;
            }
            for (var s : content.statuses()) {
                initialOffsets.put(s.getRef(), s.getOffset());
            }
            if (options.unpack()) {
                String inNamespace = Filters.equal("namespace", ctx.namespace());
                snapshotEvents = new EventsApi(ctx).subscribe(List.of(inNamespace + ",topic~=\"^/snapshot/(prepare|commit)$\"",
                        inNamespace + ",topic==\"/content/create\""), this::onEvent, e -> { });
            }
            StreamingApi streaming = new StreamingApi(ctx);
            progressStream = streaming.open(StreamingApi.newId("progress"), this::onProgress);
            if (!daemon.atLeast(2, 0)) {
                // 1.7's progress tracker marks a layer finished, silently, if its download has not begun at
                // the first tick after it was queued: later layers get no progress at all. Berth looks at
                // the namespace's ingests itself, as the tracker does.
                poller = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "berth-transfer-poll");
                    t.setDaemon(true);
                    return t;
                });
                poller.scheduleWithFixedDelay(this::pollIngests, POLL_MILLIS, POLL_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            authStream = streaming.open(StreamingApi.newId("creds"), this::onAuth);

            RegistryResolver.Builder resolver = RegistryResolver.newBuilder().setAuthStream(authStream.id());
            if (registry.allowsPlainHttp(ref.domain())) {
                resolver.setDefaultScheme("http"); // ignored by 1.7, which speaks only https
            }
            OCIRegistry source = OCIRegistry.newBuilder().setReference(ref.toString()).setResolver(resolver).build();
            containerd.types.Platform platform = proto(options.platform());
            ImageStore.Builder dest = ImageStore.newBuilder().setName(ref.toString()).addPlatforms(platform)
                    .setManifestLimit(1);
            if (options.unpack()) {
                dest.addUnpacks(UnpackConfiguration.newBuilder().setPlatform(platform).setSnapshotter(options.snapshotter()));
            }
            new TransferApi(ctx).transfer("pull " + ref + " through containerd's Transfer service",
                    StreamingApi.pack(source), StreamingApi.pack(dest.build()), progressStream.id());
            try {
                progressStream.awaitEnd(DRAIN);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BerthException.Cancelled("pull of " + ref + " cancelled", e);
            }
            return finish(images);
        }

        /** After a successful transfer: the result from the image record, every layer's final state. */
        private PullResult finish(ImagesApi images) {
            Image image = images.get(ref.toString());
            containerd.types.Descriptor t = image.getTarget();
            Descriptor root = new Descriptor(t.getMediaType(), t.getDigest(), t.getSize(), t.getAnnotationsMap(), null, null);
            long limit = RegistryOptions.DEFAULT_MAX_MANIFEST_SIZE;
            long size = 0;
            Descriptor manifestDesc = root;
            if (MediaTypes.isIndex(root.mediaType())) {
                ImageIndex index = ImageIndex.parse(content.readAll(root.digest(), limit), root);
                manifestDesc = PlatformMatcher.of(options.platform()).best(index.manifests())
                        .orElseThrow(() -> new BerthException.NotFound(ref + " has no image for " + options.platform()));
                size += root.size();
            }
            ImageManifest manifest = ImageManifest.parse(content.readAll(manifestDesc.digest(), limit), manifestDesc);
            ImageConfig config = ImageConfig.parse(content.readAll(manifest.config().digest(), limit), manifest.config().digest());
            size += manifestDesc.size() + manifest.config().size();
            for (Descriptor l : manifest.layers()) {
                size += l.size();
            }
            List<String> diffIds = config.rootfs() == null ? List.of() : config.rootfs().diffIds();
            List<String> chainIds = Digests.chainIds(diffIds);
            String top = chainIds.isEmpty() ? null : chainIds.get(chainIds.size() - 1);
            boolean unpacked = false;
            if (options.unpack() && top != null) {
                try {
                    new SnapshotsApi(ctx).stat(options.snapshotter(), top);
                    unpacked = true;
                } catch (BerthException.NotFound e) {
                    doneMessage = "not unpacked: containerd's Transfer service unpacks only for the platform and"
                            + " snapshotter of its own configuration (asked: " + options.platform() + ", "
                            + options.snapshotter() + ")";
                }
            }
            synchronized (this) {
                if (layers == null) {
                    setLayers(manifest.layers());
                }
                if (chain == null) {
                    setChain(chainIds);
                }
                for (int i = 0; i < states.length; i++) {
                    Blob b = blobs.get(layers.get(i).digest());
                    if (b != null && !"already exists".equals(b.event)) {
                        count(i, layers.get(i).size());
                    }
                    if (!present[i]) {
                        set(i, unpacked || !options.unpack() ? LayerState.DONE : LayerState.DOWNLOADED);
                    }
                }
            }
            Platform p = manifestDesc.platform() != null ? manifestDesc.platform() : config.platform();
            return new PullResult(ref.toString(), root, p, size, progress.downloaded(), unpacked ? top : null);
        }

        // ------------------------------------------------------------------ progress stream

        private void onProgress(Any any) {
            if (!"containerd.types.transfer.Progress".equals(StreamingApi.typeName(any))) {
                LOG.log(System.Logger.Level.DEBUG, "unexpected message on the progress stream: {0}", any.getTypeUrl());
                return;
            }
            Progress p;
            try {
                p = Progress.parseFrom(any.getValue());
            } catch (InvalidProtocolBufferException e) {
                LOG.log(System.Logger.Level.DEBUG, "undecodable progress message", e);
                return;
            }
            String name = p.getName();
            LOG.log(System.Logger.Level.TRACE, "progress {0} {1} {2}/{3}", p.getEvent(), name, p.getProgress(), p.getTotal());
            String digest = digestOfRef(name);
            if (digest == null) {
                // a text event: "Resolving from …", "Pulling from …", "fetching image content", "saved", "Completed pull from …"
                synchronized (this) {
                    if (p.getEvent().startsWith("Pulling from") || p.getEvent().equals("fetching image content")) {
                        advancePhase(Phase.FETCHING, null);
                    }
                }
                return;
            }
            String kind = name.substring(0, name.indexOf('-'));
            boolean finished = p.getEvent().equals("complete") || p.getEvent().equals("already exists");
            synchronized (this) {
                Blob b = blobs.computeIfAbsent(digest, d -> new Blob());
                if (rank(p.getEvent()) >= rank(b.event)) {
                    b.event = p.getEvent();
                }
                b.progress = Math.max(b.progress, p.getProgress());
                b.total = p.getTotal();
                advancePhase(Phase.FETCHING, null);
                Integer i = layerIndex.get(digest);
                if (i != null) {
                    apply(i);
                }
                if (finished && kind.equals("manifest") && manifestDigest == null) {
                    manifestDigest = digest;
                    background(() -> loadManifest(digest, p.hasDesc() ? p.getDesc().getMediaType() : null));
                }
                if (finished && kind.equals("config") && configDigest == null) {
                    configDigest = digest;
                    background(() -> loadConfig(digest));
                }
            }
        }

        private void loadManifest(String digest, String mediaType) {
            try {
                byte[] bytes = content.readAll(digest, RegistryOptions.DEFAULT_MAX_MANIFEST_SIZE);
                ImageManifest m = ImageManifest.parse(bytes, new Descriptor(mediaType == null ? "" : mediaType, digest, bytes.length));
                synchronized (this) {
                    if (layers == null) {
                        setLayers(m.layers());
                    }
                }
                checkPresent();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not read manifest " + digest + " for progress", e);
            }
        }

        private void loadConfig(String digest) {
            try {
                ImageConfig c = ImageConfig.parse(content.readAll(digest, RegistryOptions.DEFAULT_MAX_MANIFEST_SIZE), digest);
                List<String> ids = Digests.chainIds(c.rootfs() == null ? List.of() : c.rootfs().diffIds());
                synchronized (this) {
                    if (chain == null) {
                        setChain(ids);
                    }
                }
                checkPresent();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not read config " + digest + " for progress", e);
            }
        }

        /**
         * Once layers and chain IDs are known (manifest and config may complete in either order): the
         * layers whose snapshot exists already, which the daemon neither fetches nor unpacks.
         */
        private void checkPresent() {
            List<String> ids;
            synchronized (this) {
                if (!options.unpack() || presentChecked || layers == null || chain == null) {
                    return;
                }
                presentChecked = true;
                ids = chain;
            }
            SnapshotsApi snapshots = new SnapshotsApi(ctx);
            for (int i = ids.size() - 1; i >= 0; i--) {
                try {
                    snapshots.stat(options.snapshotter(), ids.get(i));
                } catch (BerthException.NotFound e) {
                    continue;
                }
                synchronized (this) {
                    for (int j = 0; j <= i && j < states.length; j++) {
                        if (!blobs.containsKey(layers.get(j).digest()) && !prepared.contains(ids.get(j))) {
                            present[j] = true;
                            set(j, LayerState.ALREADY_PRESENT);
                        }
                    }
                }
                return;
            }
        }

        private void background(Runnable r) {
            try {
                worker.submit(r);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the pull is over
            }
        }

        private void setLayers(List<Descriptor> list) {
            layers = List.copyOf(list);
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < list.size(); i++) {
                index.putIfAbsent(list.get(i).digest(), i);
            }
            layerIndex = index;
            states = new LayerState[list.size()];
            java.util.Arrays.fill(states, LayerState.WAITING);
            counted = new long[list.size()];
            present = new boolean[list.size()];
            progress.layers(list);
            for (int i = 0; i < list.size(); i++) {
                apply(i);
            }
        }

        private void setChain(List<String> ids) {
            chain = List.copyOf(ids);
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                index.putIfAbsent(ids.get(i), i);
            }
            chainIndex = index;
            if (layers != null) {
                for (int i = 0; i < layers.size(); i++) {
                    apply(i);
                }
            }
        }

        /** Recomputes layer i from everything known about it (callers hold the lock). */
        private void apply(int i) {
            if (layers == null || i >= states.length || present[i]) {
                return;
            }
            Descriptor d = layers.get(i);
            Blob b = blobs.get(d.digest());
            String chainId = chain != null && i < chain.size() ? chain.get(i) : null;
            boolean exists = b != null && b.event.equals("already exists");
            // the blob is in the content store: a "complete" tick (every 300 ms), or at once on 2.1+ by event
            boolean fetched = exists || (b != null && b.event.equals("complete")) || created.contains(d.digest());
            LayerState s;
            if (chainId != null && committed.contains(chainId)) {
                s = LayerState.DONE;
                advancePhase(Phase.UNPACKING, null);
            } else if (chainId != null && prepared.contains(chainId) && fetched) {
                // the unpacker prepares a layer's snapshot before its download ends, applies it after
                s = LayerState.UNPACKING;
                advancePhase(Phase.UNPACKING, null);
            } else if (fetched) {
                s = LayerState.DOWNLOADED;
            } else if (b != null && b.event.equals("downloading")) {
                s = LayerState.DOWNLOADING;
            } else {
                s = LayerState.WAITING;
            }
            set(i, s);
            // bytes: a resumed ingest starts at its old offset, which this pull did not download
            if (b != null && !b.counted) {
                Long start = initialOffsets.get("layer-" + d.digest());
                if (start != null && start > 0 && counted[i] == 0) {
                    progress.offset(i, start);
                    counted[i] = start;
                }
                b.counted = true;
            }
            if (exists) {
                return;
            }
            if (fetched || s == LayerState.DONE && b != null) {
                count(i, d.size());
            } else if (b != null) {
                count(i, b.progress);
            }
        }

        private void count(int i, long bytes) {
            long delta = Math.min(bytes, layers.get(i).size()) - counted[i];
            if (delta > 0) {
                counted[i] += delta;
                progress.advance(i, delta);
            }
        }

        private void set(int i, LayerState s) {
            if (states[i] != s) {
                states[i] = s;
                progress.state(i, s);
            }
        }

        private void advancePhase(Phase p, String message) {
            if (p.ordinal() > phase.ordinal()) {
                phase = p;
                progress.phase(p, message);
            }
        }

        // ------------------------------------------------------------------ ingest poller (before 2.0)

        private void pollIngests() {
            List<containerd.services.content.v1.Status> active;
            try {
                active = content.statuses("ref~=\"^layer-\"");
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not list ingests for progress", e);
                return;
            }
            synchronized (this) {
                if (layers == null) {
                    return;
                }
                Set<String> seen = new HashSet<>();
                for (var st : active) {
                    String digest = digestOfRef(st.getRef());
                    Integer i = digest == null ? null : layerIndex.get(digest);
                    if (i == null) {
                        continue;
                    }
                    seen.add(digest);
                    Blob b = blobs.computeIfAbsent(digest, d -> new Blob());
                    if (b.event.equals("complete") || b.event.equals("already exists")) {
                        continue;
                    }
                    b.polled = true;
                    if (st.getOffset() > b.progress || b.event.isEmpty() || b.event.equals("waiting")) {
                        b.progress = Math.max(b.progress, st.getOffset());
                        b.total = st.getTotal();
                        if (b.progress > initialOffsets.getOrDefault(st.getRef(), 0L)) {
                            b.event = "downloading";
                        }
                        apply(i);
                    }
                }
                // an ingest that was written and is gone was committed (a failure leaves it in place)
                for (Map.Entry<String, Blob> e : blobs.entrySet()) {
                    Blob b = e.getValue();
                    Integer i = layerIndex.get(e.getKey());
                    if (i != null && b.polled && !seen.contains(e.getKey()) && b.event.equals("downloading")) {
                        b.event = "complete";
                        apply(i);
                    }
                }
            }
        }

        // ------------------------------------------------------------------ snapshot events (unpack)

        private void onEvent(ContainerdEvent e) {
            String subject = e.subject() == null ? "" : e.subject();
            synchronized (this) {
                String chainId;
                if (e.topic().equals("/snapshot/prepare")) {
                    int space = subject.lastIndexOf(' ');
                    if (!subject.startsWith("extract-") || space < 0) {
                        return;
                    }
                    chainId = subject.substring(space + 1);
                    prepared.add(chainId);
                } else if (e.topic().equals("/snapshot/commit")) {
                    chainId = subject;
                    committed.add(chainId);
                } else if (e.topic().equals("/content/create")) {
                    created.add(subject);
                    Integer i = layerIndex.get(subject);
                    if (i != null) {
                        apply(i);
                    }
                    return;
                } else {
                    return;
                }
                Integer i = chainIndex.get(chainId);
                if (i != null) {
                    apply(i);
                }
            }
        }

        // ------------------------------------------------------------------ auth stream

        private void onAuth(Any any) {
            AuthRequest req;
            try {
                req = AuthRequest.parseFrom(any.getValue());
            } catch (InvalidProtocolBufferException e) {
                LOG.log(System.Logger.Level.DEBUG, "undecodable auth request", e);
                req = AuthRequest.getDefaultInstance();
            }
            AuthRequest r = req;
            // the daemon waits for the answer; a credential helper may take seconds: not on a gRPC thread
            background(() -> authStream.send(StreamingApi.pack(answer(r))));
        }

        private AuthResponse answer(AuthRequest req) {
            Optional<Credentials> c;
            try {
                c = registry.credentials().lookup(req.getHost());
            } catch (RuntimeException e) {
                synchronized (this) {
                    authErrors.add(req.getHost() + ": " + e.getMessage());
                }
                c = Optional.empty();
            }
            if (c.isEmpty()) {
                return AuthResponse.newBuilder().setAuthType(AuthType.NONE).build();
            }
            if (c.get().isIdentityToken()) {
                return AuthResponse.newBuilder().setAuthType(AuthType.REFRESH).setSecret(c.get().secret()).build();
            }
            return AuthResponse.newBuilder().setAuthType(AuthType.CREDENTIALS).setUsername(c.get().username())
                    .setSecret(c.get().secret()).build();
        }

        // ------------------------------------------------------------------ failure handling

        /** Whether this pull left a partial layer ingest that a retry can continue from. */
        boolean hasPartialIngests() {
            boolean interrupted = Thread.interrupted();
            try {
                for (var s : content.statuses()) {
                    if (s.getRef().startsWith("layer-") && s.getOffset() > 0) {
                        String digest = s.getRef().substring("layer-".length());
                        synchronized (this) {
                            if (blobs.containsKey(digest) || (layers != null && layerIndex.containsKey(digest))) {
                                return true;
                            }
                        }
                    }
                }
                return false;
            } catch (RuntimeException e) {
                return true; // cannot tell: keep the lease (it expires by itself)
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** A failure with a message that says what to do, where the daemon's own says little. */
        RuntimeException explain(RuntimeException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage();
            if (msg.contains("server gave HTTP response to HTTPS client")) {
                return new BerthException.Unavailable(ref.domain() + " answers plain HTTP, but containerd "
                        + daemon.version() + "'s Transfer service speaks only HTTPS to registries (plain HTTP needs"
                        + " containerd 2.0); pull with --pull-mode=client", e);
            }
            synchronized (this) {
                if (!authErrors.isEmpty()) {
                    return new BerthException.PermissionDenied(msg + " (credentials: " + String.join("; ", authErrors) + ")", e);
                }
            }
            return e;
        }

        /** After a cancel: an image record this pull made (none existed before) is removed again. */
        void forgetNewImage() {
            if (imageExisted) {
                return;
            }
            boolean interrupted = Thread.interrupted();
            try {
                new ImagesApi(ctx.withLease(null)).delete(ref.toString(), false);
                LOG.log(System.Logger.Level.DEBUG, "the daemon recorded {0} before it saw the cancel; removed", ref);
            } catch (RuntimeException ignored) {
                // not recorded: as it should be
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Cancels the streams (the Transfer call itself is cancelled by the interrupt). */
        void stop() {
            close();
        }

        void close() {
            if (poller != null) {
                poller.shutdownNow();
            }
            if (progressStream != null) {
                progressStream.close();
            }
            if (authStream != null) {
                authStream.close();
            }
            if (snapshotEvents != null) {
                snapshotEvents.close();
            }
            worker.shutdownNow();
        }
    }

    /** Blob events in the order they happen (messages of two sources may cross: never go back). */
    static int rank(String event) {
        switch (event) {
            case "waiting":
                return 1;
            case "downloading":
                return 2;
            case "complete":
            case "already exists":
                return 3;
            default:
                return 0;
        }
    }

    /** The digest in an ingest ref ({@code layer-sha256:…}, {@code manifest-name@sha256:…}); null for text events. */
    static String digestOfRef(String name) {
        if (name == null || name.indexOf('-') <= 0) {
            return null;
        }
        int at = name.lastIndexOf('@');
        String d = at >= 0 ? name.substring(at + 1) : name.substring(name.indexOf('-') + 1);
        return Digests.isValid(d) ? d : null;
    }

    static containerd.types.Platform proto(Platform p) {
        containerd.types.Platform.Builder b = containerd.types.Platform.newBuilder().setOs(p.os()).setArchitecture(p.architecture());
        if (p.variant() != null) {
            b.setVariant(p.variant());
        }
        return b.build();
    }
}
