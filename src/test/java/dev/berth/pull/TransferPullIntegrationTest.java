package dev.berth.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.containerd.ApiContext;
import dev.berth.containerd.ContainerdConnection;
import dev.berth.containerd.ContentApi;
import dev.berth.containerd.ImagesApi;
import dev.berth.containerd.LeasesApi;
import dev.berth.containerd.SnapshotsApi;
import dev.berth.model.BerthException;
import dev.berth.model.DaemonInfo;
import dev.berth.model.ImageInfo;
import dev.berth.model.PullMode;
import dev.berth.model.PullProgress;
import dev.berth.model.PullProgress.LayerState;
import dev.berth.model.PullRequest;
import dev.berth.oci.Platform;
import dev.berth.registry.Credentials;
import dev.berth.registry.CredentialsProvider;
import dev.berth.registry.ImageReference;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.RegistryOptions;
import dev.berth.service.DefaultContainerdService;
import dev.berth.testenv.RegistryProxy;
import dev.berth.testenv.TestEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Pulls through containerd's Transfer service ({@link TransferPuller}) against the test environment's
 * real daemon and registry. On 1.6 (no Transfer service) only {@link #modesFollowTheDaemon} runs; the
 * rest skip with the reason printed. containerd 1.7's Transfer service speaks only HTTPS to
 * registries, so there the tests use the environment's TLS registry (whose CA the daemon trusts) and
 * an HTTPS {@link RegistryProxy}; on 2.x the plain-HTTP ones (with {@code default_scheme=http}).
 */
@Tag("compat")
class TransferPullIntegrationTest {

    static TestEnv env;
    static String ns;
    static DefaultContainerdService service;
    static ContainerdConnection conn;
    static DaemonInfo daemon;

    @BeforeAll
    static void setUp() {
        env = TestEnv.get();
        ns = "berth-it-xfer-" + UUID.randomUUID().toString().substring(0, 8);
        service = env.connect(ns);
        daemon = service.daemon();
        conn = ContainerdConnection.open(env.address(), Duration.ofSeconds(10));
        System.out.println("TransferPullIntegrationTest: containerd " + daemon.version() + ", transfer service: "
                + TransferPuller.supported(daemon));
    }

    @AfterAll
    static void tearDown() {
        if (service == null) {
            return;
        }
        for (String n : lines(env.ctr("default", "namespaces", "ls", "-q"))) {
            if (!n.startsWith(ns)) {
                continue;
            }
            env.removeNamespace(n);
        }
        service.close();
        conn.close();
    }

    static List<String> lines(String s) {
        return TestEnv.lines(s);
    }

    static void requireTransfer() {
        if (!TransferPuller.supported(daemon)) {
            String why = "containerd " + daemon.version() + " has no Transfer service (1.7+)";
            System.out.println("SKIPPED (" + why + ")");
            Assumptions.assumeTrue(false, why);
        }
    }

    static boolean plainHttpReachable() {
        return daemon.atLeast(2, 0);
    }

    /** host:port of a registry with the test images that the daemon's Transfer service can reach. */
    static String registry() {
        return plainHttpReachable() ? env.registry() : env.value("BERTH_TEST_TLS_REGISTRY");
    }

    /** A proxy in front of the plain registry, HTTPS where the daemon needs it. */
    static RegistryProxy proxy(int port) throws Exception {
        if (plainHttpReachable()) {
            return new RegistryProxy(env.registry(), port);
        }
        return RegistryProxy.tls(env.registry(), port, Path.of(env.value("BERTH_TEST_TLS_P12")),
                env.value("BERTH_TEST_TLS_P12_PASSWORD"));
    }

    /** ctr pull options that reach {@link #registry()}. */
    static List<String> ctrPull(String ref) {
        List<String> cmd = new ArrayList<>(List.of("images", "pull"));
        if (plainHttpReachable()) {
            cmd.add("--plain-http");
        } else {
            cmd.addAll(List.of("--tlscacert", env.value("BERTH_TEST_TLS_CA")));
        }
        cmd.add(ref);
        return cmd;
    }

    static ApiContext api(String namespace) {
        return new ApiContext(conn, namespace, null);
    }

    static PullResult pull(String namespace, String hostPortRepo, CredentialsProvider creds, Consumer<PullProgress> events) {
        return new TransferPuller(api(namespace), daemon, RegistryOptions.defaults().withCredentials(creds))
                .pull(ImageReference.parse(hostPortRepo), new PullOptions(Platform.current(), "overlayfs", 3, true),
                        events == null ? p -> { } : events);
    }

    static Set<String> snapshotNames(String namespace) {
        return lines(env.ctr(namespace, "snapshots", "ls")).stream().skip(1).map(l -> l.split("\\s+")[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The layers of a pushed image (largest first is not assumed: manifest order). */
    static List<dev.berth.oci.Descriptor> layersOf(String hostPortRepo) {
        try (RegistryClient client = new RegistryClient(RegistryOptions.defaults())) {
            ImageReference ref = ImageReference.parse(hostPortRepo);
            var root = client.resolve(ref);
            return dev.berth.oci.ImageManifest.parse(client.fetchManifest(ref, root), root).layers();
        }
    }

    /** Skips (printing why) when some namespace of the shared store holds the blob: the daemon would not download it. */
    static void requireAbsentEverywhere(String digest) {
        for (String n : lines(env.ctr("default", "namespaces", "ls", "-q"))) {
            if (lines(env.ctr(n, "content", "ls", "-q")).contains(digest)) {
                String why = "layer " + digest + " is already in namespace " + n + " (left by an earlier run?)";
                System.out.println("SKIPPED (" + why + ")");
                Assumptions.assumeTrue(false, why);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------

    @Test
    void modesFollowTheDaemon() {
        ImageReference ref = ImageReference.parse(env.registry() + "/test/busybox:1");
        RegistryOptions reg = RegistryOptions.defaults();
        PullModeChoice auto = PullModeChoice.choose(PullMode.AUTO, daemon, reg, ref, Platform.current(), "overlayfs", "overlayfs");
        assertThat(auto.mode()).isIn(PullMode.CLIENT, PullMode.TRANSFER);
        assertThat(PullModeChoice.choose(PullMode.CLIENT, daemon, reg, ref, Platform.current(), "overlayfs", "overlayfs").mode())
                .isEqualTo(PullMode.CLIENT);
        if (!TransferPuller.supported(daemon)) {
            // 1.6: transfer is refused with a clear message before anything is sent; auto pulls client-side
            assertThat(auto.mode()).isEqualTo(PullMode.CLIENT);
            assertThat(auto.reason()).contains("no Transfer service");
            assertThatThrownBy(() -> PullModeChoice.choose(PullMode.TRANSFER, daemon, reg, ref, Platform.current(), "overlayfs", "overlayfs"))
                    .isInstanceOf(BerthException.FailedPrecondition.class).hasMessageContaining("no Transfer service");
            assertThatThrownBy(() -> service.images().pull(PullRequest.of(ref.toString()).withMode(PullMode.TRANSFER), p -> { }))
                    .isInstanceOf(BerthException.FailedPrecondition.class).hasMessageContaining("--pull-mode=client");
            assertThatThrownBy(() -> pull(ns + "-modes", ref.toString(), CredentialsProvider.anonymous(), null))
                    .isInstanceOf(BerthException.FailedPrecondition.class);
            assertThat(new ImagesApi(api(ns + "-modes")).list()).isEmpty();
            assertThat(new LeasesApi(api(ns + "-modes")).list()).isEmpty();
            ImageInfo viaAuto = service.images().pull(PullRequest.of(ref.toString()), p -> { });
            assertThat(viaAuto.name()).isEqualTo(ref.toString());
            System.out.println("containerd " + daemon.version() + ": transfer refused, auto = client (" + auto.reason() + ")");
            return;
        }
        assertThat(PullModeChoice.choose(PullMode.TRANSFER, daemon, reg, ref, Platform.current(), "overlayfs", "overlayfs").mode())
                .isEqualTo(PullMode.TRANSFER);
        // what the daemon's Transfer service cannot do, auto leaves to the client
        assertThat(PullModeChoice.choose(PullMode.AUTO, daemon, reg, ref, Platform.parse("linux/arm64"), "overlayfs", "overlayfs").mode())
                .isEqualTo(PullMode.CLIENT);
        assertThat(PullModeChoice.choose(PullMode.AUTO, daemon, reg, ref, Platform.current(), "native", "overlayfs").mode())
                .isEqualTo(PullMode.CLIENT);
        if (!plainHttpReachable()) {
            PullModeChoice plain = PullModeChoice.choose(PullMode.AUTO, daemon, reg, ref, Platform.current(), "overlayfs", "overlayfs");
            assertThat(plain.mode()).isEqualTo(PullMode.CLIENT);
            assertThat(plain.reason()).contains("plain HTTP");
            // forced: the daemon's own failure, explained
            String ns0 = ns + "-modes";
            assertThatThrownBy(() -> pull(ns0, ref.toString(), CredentialsProvider.anonymous(), null))
                    .isInstanceOf(BerthException.Unavailable.class).hasMessageContaining("only HTTPS")
                    .hasMessageContaining("--pull-mode=client");
            assertThat(new ImagesApi(api(ns0)).list()).isEmpty();
            assertThat(new LeasesApi(api(ns0)).list()).isEmpty();
        }
        System.out.println("containerd " + daemon.version() + ": auto = " + auto.mode() + " (" + auto.reason() + ")");
    }

    @Test
    void transferPullMatchesCtrAndRuns() {
        requireTransfer();
        String ref = registry() + "/test/multi:3";
        List<PullProgress> events = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        ImageInfo image = service.images().pull(PullRequest.of(ref).withMode(PullMode.TRANSFER), events::add);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(image.name()).isEqualTo(ref);

        // ctr pulls the same image into another namespace: same digest, same snapshots (chain IDs)
        String other = ns + "-ctr";
        env.ctr(other, ctrPull(ref).toArray(String[]::new));
        String ctrDigest = lines(env.ctr(other, "images", "ls")).get(1).split("\\s+")[2];
        assertThat(image.digest()).isEqualTo(ctrDigest);
        assertThat(snapshotNames(ns)).hasSize(3).isEqualTo(snapshotNames(other));

        // what the daemon pulled runs
        String out = env.ctr(ns, "run", "--rm", ref, "xr-" + UUID.randomUUID().toString().substring(0, 6),
                "/bin/cat", "/layer2.txt", "/layer3.txt");
        assertThat(out).contains("layer2").contains("layer3");

        // labels as containerd's own pull writes them (the GC keeps what Berth's read side expects)
        ContentApi content = new ContentApi(api(ns));
        var manifest = content.info(image.digest()).orElseThrow();
        assertThat(manifest.getLabelsMap()).containsKeys("containerd.io/gc.ref.content.config",
                "containerd.io/gc.ref.content.l.0", "containerd.io/gc.ref.content.l.2");
        String config = manifest.getLabelsMap().get("containerd.io/gc.ref.content.config");
        assertThat(content.info(config).orElseThrow().getLabelsMap()).containsKey("containerd.io/gc.ref.snapshot.overlayfs");

        // progress: three layer bars, all done at the end
        PullProgress first = events.stream().filter(e -> !e.layers().isEmpty()).findFirst().orElseThrow();
        assertThat(first.layers()).hasSize(3);
        PullProgress last = events.get(events.size() - 1);
        assertThat(last.phase()).isEqualTo(PullProgress.Phase.DONE);
        assertThat(last.layers()).allMatch(l -> l.state() == LayerState.DONE);
        assertThat(last.fraction()).isEqualTo(1.0);
        assertThat(new LeasesApi(api(ns)).list()).isEmpty();
        System.out.printf("transfer pull of %s: %.2f s, %d progress events%n", ref, seconds, events.size());

        // again: nothing to fetch, every layer already present, the record is kept
        List<PullProgress> again = new CopyOnWriteArrayList<>();
        PullResult r2 = pull(ns, ref, CredentialsProvider.anonymous(), again::add);
        assertThat(r2.downloadedBytes()).isZero();
        assertThat(r2.target().digest()).isEqualTo(image.digest());
        assertThat(again.get(again.size() - 1).layers()).allMatch(l -> l.state() == LayerState.ALREADY_PRESENT);
    }

    @Test
    void perLayerProgressShowsDownloadAndUnpackOfEachLayer() throws Exception {
        requireTransfer();
        env.script("push-random", "test/xfer-layers:1", "3", "6");
        String ns2 = ns + "-layers";
        try (RegistryProxy proxy = proxy(0).throttle(6L << 20)) {
            List<PullProgress> events = new CopyOnWriteArrayList<>();
            PullResult r = pull(ns2, proxy.hostPort() + "/test/xfer-layers:1", CredentialsProvider.anonymous(), events::add);
            List<PullProgress.Layer> last = events.get(events.size() - 1).layers();
            assertThat(last).hasSize(4); // busybox + 3 random layers
            assertThat(last).allMatch(l -> l.state() == LayerState.DONE);
            // each big layer was seen mid-download with a byte count, then unpacking (2.1+ publishes
            // /content/create, which tells at once that a download ended; older daemons only say so on the
            // next 300 ms progress tick, often after the layer is unpacked already)
            boolean contentEvents = daemon.atLeast(2, 1);
            for (PullProgress.Layer big : last.stream().filter(l -> l.size() > (5 << 20)).collect(Collectors.toList())) {
                List<PullProgress.Layer> seen = events.stream().flatMap(e -> e.layers().stream())
                        .filter(l -> l.digest().equals(big.digest())).collect(Collectors.toList());
                assertThat(seen).as("layer %s mid-download", big.digest())
                        .anyMatch(l -> l.state() == LayerState.DOWNLOADING && l.done() > 0 && l.done() < l.size());
                if (contentEvents) {
                    assertThat(seen).as("layer %s unpacking", big.digest()).anyMatch(l -> l.state() == LayerState.UNPACKING);
                } else {
                    System.out.println("layer " + big.digest() + " states: " + seen.stream().map(l -> l.state().toString())
                            .distinct().collect(Collectors.joining(" -> ")));
                }
                // a layer's state never goes back (WAITING < DOWNLOADING < DOWNLOADED < UNPACKING < DONE)
                List<LayerState> order = List.of(LayerState.WAITING, LayerState.DOWNLOADING, LayerState.DOWNLOADED,
                        LayerState.UNPACKING, LayerState.DONE);
                int rank = 0;
                for (PullProgress.Layer l : seen) {
                    assertThat(order.indexOf(l.state())).as("state of %s", big.digest()).isGreaterThanOrEqualTo(rank);
                    rank = order.indexOf(l.state());
                }
            }
            // overall bytes only grow, and the phases come in order
            long prev = 0;
            int prevPhase = 0;
            for (PullProgress p : events) {
                assertThat(p.doneBytes()).isGreaterThanOrEqualTo(prev);
                assertThat(p.phase().ordinal()).isGreaterThanOrEqualTo(prevPhase);
                prev = p.doneBytes();
                prevPhase = p.phase().ordinal();
            }
            assertThat(events).anyMatch(p -> p.phase() == PullProgress.Phase.UNPACKING);
            assertThat(events).anyMatch(p -> p.bytesPerSecond() > 0);
            long layerBytes = last.stream().mapToLong(PullProgress.Layer::size).sum();
            assertThat(r.downloadedBytes()).isBetween(layerBytes - 2_000_000, layerBytes);
            assertThat(proxy.blobBytesServed()).isGreaterThanOrEqualTo(3L * (6 << 20));
            System.out.printf("per-layer progress: %d events, %d bytes downloaded%n", events.size(), r.downloadedBytes());
        }
    }

    @Test
    void interruptedPullResumesFromTheIngestOffset() throws Exception {
        requireTransfer();
        String repo = "test/xfer-big:1";
        env.script("push-random", repo, "1", "48");
        List<dev.berth.oci.Descriptor> layers = layersOf(env.registry() + "/" + repo);
        dev.berth.oci.Descriptor big = Collections.max(layers, (a, b) -> Long.compare(a.size(), b.size()));
        requireAbsentEverywhere(big.digest());
        String ns3 = ns + "-resume";
        long firstServed;
        int port;
        try (RegistryProxy proxy = proxy(0).throttle(16L << 20)) {
            port = proxy.port();
            CountDownLatch third = new CountDownLatch(1);
            AtomicReference<Throwable> error = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    pull(ns3, proxy.hostPort() + "/" + repo, CredentialsProvider.anonymous(), p -> {
                        for (PullProgress.Layer l : p.layers()) {
                            if (l.digest().equals(big.digest()) && l.done() > l.size() / 3) {
                                third.countDown();
                            }
                        }
                    });
                } catch (Throwable e) {
                    error.set(e);
                }
            });
            t.start();
            assertThat(third.await(90, TimeUnit.SECONDS)).as("the daemon got a third of the way").isTrue();
            proxy.close(); // the registry goes away in the middle of the layer
            t.join(60_000);
            assertThat(t.isAlive()).isFalse();
            assertThat(error.get()).isInstanceOf(BerthException.class).isNotInstanceOf(BerthException.Cancelled.class);
            System.out.println("first attempt failed as expected: " + error.get().getMessage());
            firstServed = proxy.blobBytesServed();
        }
        // the partial ingest stays in containerd, protected by the pull's lease; no image record
        ContentApi content = new ContentApi(api(ns3));
        var ingest = content.statuses().stream().filter(s -> s.getRef().equals("layer-" + big.digest())).findFirst();
        assertThat(ingest).as("partial ingest kept").isPresent();
        long offset = ingest.get().getOffset();
        assertThat(offset).isPositive().isLessThan(big.size());
        assertThat(new LeasesApi(api(ns3)).list()).extracting(l -> l.getId()).contains(Puller.leaseId(
                ImageReference.parse("127.0.0.1:" + port + "/" + repo)));
        assertThat(new ImagesApi(api(ns3)).list()).isEmpty();

        // the registry is back at the same address: the daemon continues from the offset
        try (RegistryProxy proxy = proxy(port)) {
            List<PullProgress> events = new CopyOnWriteArrayList<>();
            PullResult r = pull(ns3, proxy.hostPort() + "/" + repo, CredentialsProvider.anonymous(), events::add);
            long secondServed = proxy.blobBytesServed();
            System.out.printf("transfer resume: layer %d bytes, first attempt served %d, ingest offset %d,"
                    + " second attempt served %d, counted as downloaded %d%n", big.size(), firstServed, offset, secondServed,
                    r.downloadedBytes());
            assertThat(secondServed).isLessThan(big.size() - offset / 2);
            assertThat(r.downloadedBytes()).isLessThan(big.size());
            // the base layer was unpacked by the first attempt already
            assertThat(events.get(events.size() - 1).layers()).allMatch(l -> l.digest().equals(big.digest())
                    ? l.state() == LayerState.DONE : l.state() == LayerState.ALREADY_PRESENT);
        }
        assertThat(content.statuses()).isEmpty();
        assertThat(new LeasesApi(api(ns3)).list()).isEmpty();
        assertThat(new SnapshotsApi(api(ns3)).list("overlayfs")).hasSize(layers.size());
    }

    @Test
    void cancelStopsTheDaemonReleasesTheLeaseAndRecordsNothing() throws Exception {
        requireTransfer();
        String repo = "test/xfer-cancel:1";
        env.script("push-random", repo, "1", "48");
        dev.berth.oci.Descriptor big = Collections.max(layersOf(env.registry() + "/" + repo),
                (a, b) -> Long.compare(a.size(), b.size()));
        requireAbsentEverywhere(big.digest());
        String ns4 = ns + "-cancel";
        try (RegistryProxy proxy = proxy(0).throttle(8L << 20)) {
            CountDownLatch downloading = new CountDownLatch(1);
            AtomicReference<Throwable> error = new AtomicReference<>();
            AtomicReference<PullProgress> last = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    pull(ns4, proxy.hostPort() + "/" + repo, CredentialsProvider.anonymous(), p -> {
                        last.set(p);
                        if (p.doneBytes() > (4 << 20)) {
                            downloading.countDown();
                        }
                    });
                } catch (Throwable e) {
                    error.set(e);
                }
            });
            t.start();
            assertThat(downloading.await(90, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            t.interrupt();
            t.join(30_000);
            assertThat(t.isAlive()).isFalse();
            double ms = (System.nanoTime() - t0) / 1e6;
            assertThat(error.get()).isInstanceOf(BerthException.Cancelled.class);
            assertThat(last.get().phase()).isEqualTo(PullProgress.Phase.CANCELLED);
            // the daemon stopped downloading: the proxy serves (almost) nothing more
            Thread.sleep(1000);
            long a = proxy.blobBytesServed();
            Thread.sleep(2000);
            long b = proxy.blobBytesServed();
            System.out.printf("transfer cancel took %.0f ms; proxy served %d bytes in the 2 s after%n", ms, b - a);
            assertThat(b - a).isLessThan(1 << 20);
            assertThat(a).isLessThan(big.size());
        }
        assertThat(new ImagesApi(api(ns4)).list()).isEmpty();
        assertThat(new LeasesApi(api(ns4)).list()).isEmpty();
    }

    @Test
    void basicAuthCredentialsTravelOverTheAuthStream() throws Exception {
        requireTransfer();
        String user = "xfer-user";
        String password = "xfer-s3cret-" + UUID.randomUUID().toString().substring(0, 6);
        String ns5 = ns + "-auth";
        try (RegistryProxy proxy = proxy(0).requireBasic(user, password)) {
            String ref = proxy.hostPort() + "/test/busybox:1";
            List<String> asked = new CopyOnWriteArrayList<>();
            assertThatThrownBy(() -> pull(ns5, ref, h -> {
                asked.add(h);
                return Optional.empty();
            }, null)).isInstanceOf(BerthException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(password));
            assertThat(asked).as("the daemon asked for credentials").contains(proxy.hostPort());
            assertThat(new ImagesApi(api(ns5)).list()).isEmpty();

            asked.clear();
            PullResult r = pull(ns5, ref, h -> {
                asked.add(h);
                return h.equals(proxy.hostPort()) ? Optional.of(new Credentials(user, password)) : Optional.empty();
            }, null);
            assertThat(asked).contains(proxy.hostPort());
            assertThat(new ImagesApi(api(ns5)).get(ref).getTarget().getDigest()).isEqualTo(r.target().digest());
        }
        assertThat(new LeasesApi(api(ns5)).list()).isEmpty();
    }

    @Test
    void bearerTokenFlowWithCredentials() throws Exception {
        requireTransfer();
        String ns6 = ns + "-bearer";
        try (RegistryProxy proxy = proxy(0).requireBearer("tok-user", "tok-secret-9")) {
            String ref = proxy.hostPort() + "/test/busybox:1";
            PullResult r = pull(ns6, ref, h -> Optional.of(new Credentials("tok-user", "tok-secret-9")), null);
            assertThat(r.name()).isEqualTo(ref);
            assertThat(proxy.tokenRequests()).isPositive();
        }
    }
}
