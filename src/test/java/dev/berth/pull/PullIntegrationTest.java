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
import dev.berth.model.ImageInfo;
import dev.berth.model.PullMode;
import dev.berth.model.PullProgress;
import dev.berth.model.PullRequest;
import dev.berth.oci.Platform;
import dev.berth.registry.CredentialsProvider;
import dev.berth.registry.DockerConfigCredentials;
import dev.berth.registry.ImageReference;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.RegistryOptions;
import dev.berth.service.DefaultContainerdService;
import dev.berth.service.ServiceOptions;
import dev.berth.testenv.RegistryProxy;
import dev.berth.testenv.TestEnv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls against the test environment's real registry and containerd, compared with ctr. */
@org.junit.jupiter.api.Tag("compat")
class PullIntegrationTest {

    static TestEnv env;
    static String ns;
    static DefaultContainerdService service;
    static ContainerdConnection conn;
    static String registry;

    @BeforeAll
    static void setUp() {
        env = TestEnv.get();
        ns = "berth-it-pull-" + UUID.randomUUID().toString().substring(0, 8);
        registry = env.registry();
        service = env.connect(ns);
        conn = ContainerdConnection.open(env.address(), Duration.ofSeconds(10));
        // the big image for resume/cancel tests: one ~48 MiB layer of random data on top of busybox
        env.script("push-random", "test/big:1", "1", "48");
    }

    @AfterAll
    static void tearDown() {
        if (service == null) {
            return;
        }
        for (String ctrNs : List.of(ns, ns + "-ctr")) {
            env.removeNamespace(ctrNs);
        }
        service.close();
        conn.close();
    }

    static List<String> lines(String s) {
        return TestEnv.lines(s);
    }

    ApiContext api() {
        return new ApiContext(conn, ns, null);
    }

    Set<String> snapshotNames(String namespace) {
        return lines(env.ctr(namespace, "snapshots", "ls")).stream().skip(1).map(l -> l.split("\\s+")[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    PullResult pullDirect(String hostPort, String repo, CredentialsProvider creds, List<PullProgress> events) {
        return pullDirect(api(), hostPort, repo, creds, events);
    }

    PullResult pullDirect(ApiContext api, String hostPort, String repo, CredentialsProvider creds, List<PullProgress> events) {
        RegistryOptions opts = RegistryOptions.defaults().withCredentials(creds);
        try (RegistryClient client = new RegistryClient(opts)) {
            return new Puller(api, client).pull(ImageReference.parse(hostPort + "/" + repo),
                    new PullOptions(Platform.current(), "overlayfs", 3, true), events == null ? p -> { } : events::add);
        }
    }

    void removeImage(String name) {
        try {
            service.images().delete(name, true);
        } catch (BerthException.NotFound ignored) {
            // not there
        }
    }

    @Test
    void multiLayerPullMatchesCtrAndRuns() {
        List<PullProgress> events = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        // Berth's own pull (the default on 1.6 and where the Transfer service can't pull): its unpack is
        // Berth's own work and always shows. Through the Transfer service, small layers can go from
        // downloaded to done between two progress updates; TransferPullIntegrationTest covers that
        // mode's states with layers large enough to be seen unpacking.
        ImageInfo image = service.images().pull(PullRequest.of(registry + "/test/multi:3").withMode(PullMode.CLIENT), events::add);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(image.name()).isEqualTo(registry + "/test/multi:3");

        // ctr pulls the same image into another namespace: same digest, same snapshot (chain ID) names
        env.ctr(ns + "-ctr", "images", "pull", "--plain-http", registry + "/test/multi:3");
        String ctrDigest = lines(env.ctr(ns + "-ctr", "images", "ls")).get(1).split("\\s+")[2];
        assertThat(image.digest()).isEqualTo(ctrDigest);
        Set<String> ours = snapshotNames(ns);
        assertThat(ours).hasSize(3).isEqualTo(snapshotNames(ns + "-ctr"));

        // ctr runs what Berth pulled
        String out = env.ctr(ns, "run", "--rm", registry + "/test/multi:3", "run-" + UUID.randomUUID().toString().substring(0, 6),
                "/bin/cat", "/layer2.txt", "/layer3.txt");
        assertThat(out).contains("layer2").contains("layer3");

        // labels as the Go client writes them
        ContentApi content = new ContentApi(api());
        var manifestInfo = content.info(image.digest()).orElseThrow();
        assertThat(manifestInfo.getLabelsMap()).containsKey("containerd.io/gc.ref.content.config")
                .containsKeys("containerd.io/gc.ref.content.l.0", "containerd.io/gc.ref.content.l.1", "containerd.io/gc.ref.content.l.2")
                .containsEntry("containerd.io/distribution.source.127.0.0.1", "test/multi");
        String configDigest = manifestInfo.getLabelsMap().get("containerd.io/gc.ref.content.config");
        assertThat(content.info(configDigest).orElseThrow().getLabelsMap()).containsKey("containerd.io/gc.ref.snapshot.overlayfs");
        String layer0 = manifestInfo.getLabelsMap().get("containerd.io/gc.ref.content.l.0");
        assertThat(content.info(layer0).orElseThrow().getLabelsMap()).containsKey("containerd.io/uncompressed");

        // progress: every layer known from the first event after resolving; all done at the end
        PullProgress firstWithLayers = events.stream().filter(e -> !e.layers().isEmpty()).findFirst().orElseThrow();
        assertThat(firstWithLayers.layers()).hasSize(3);
        PullProgress last = events.get(events.size() - 1);
        assertThat(last.phase()).isEqualTo(PullProgress.Phase.DONE);
        assertThat(last.layers()).allMatch(l -> l.state() == PullProgress.LayerState.DONE);
        assertThat(last.fraction()).isEqualTo(1.0);
        assertThat(events.stream().flatMap(e -> e.layers().stream()).map(PullProgress.Layer::state))
                .contains(PullProgress.LayerState.UNPACKING);
        System.out.printf("multi-layer pull: %.2f s, %d progress events%n", seconds, events.size());

        // no lease left behind
        assertThat(new LeasesApi(api()).list()).isEmpty();
    }

    @Test
    void indexChoosesThePlatform() {
        ImageInfo amd = service.images().pull(PullRequest.of(registry + "/test/multiarch:1"), p -> { });
        assertThat(amd.mediaType()).contains("index");
        assertThat(amd.platform()).isEqualTo("linux/amd64");
        String out = env.ctr(ns, "run", "--rm", registry + "/test/multiarch:1", "ma-" + UUID.randomUUID().toString().substring(0, 6),
                "/bin/cat", "/arch.txt");
        assertThat(out.strip()).isEqualTo("amd64");
        // the other platform: a different manifest and config, hence different snapshots
        Set<String> before = snapshotNames(ns);
        PullResult arm;
        try (RegistryClient client = new RegistryClient(RegistryOptions.defaults())) {
            arm = new Puller(api(), client).pull(ImageReference.parse(registry + "/test/multiarch:1"),
                    new PullOptions(Platform.parse("linux/arm64"), "overlayfs", 3, true), p -> { });
        }
        assertThat(arm.platform().architecture()).isEqualTo("arm64");
        assertThat(snapshotNames(ns)).contains(arm.topChainId()).containsAll(before);
        assertThat(before).doesNotContain(arm.topChainId());
        assertThatThrownBy(() -> service.images().pull(new PullRequest(registry + "/test/multiarch:1", "linux/s390x", false, null), p -> { }))
                .isInstanceOf(BerthException.NotFound.class).hasMessageContaining("linux/s390x").hasMessageContaining("linux/arm64");
    }

    @Test
    void dockerSchema2MediaTypes() {
        ImageInfo image = service.images().pull(PullRequest.of(registry + "/test/docker:1"), p -> { });
        assertThat(image.mediaType()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        String out = env.ctr(ns, "run", "--rm", registry + "/test/docker:1", "d-" + UUID.randomUUID().toString().substring(0, 6),
                "/bin/echo", "docker-ok");
        assertThat(out).contains("docker-ok");
    }

    @Test
    void alreadyPresentImageFetchesNoLayerBytes() throws Exception {
        // a fresh random layer, so that no namespace of the shared content store has it yet
        String tag = "test/present:" + UUID.randomUUID().toString().substring(0, 8);
        env.script("push-random", tag, "1", "2");
        String ns5 = ns + "-present";
        ApiContext api5 = new ApiContext(conn, ns5, null);
        try (RegistryProxy proxy = new RegistryProxy(registry)) {
            List<PullProgress> first = new ArrayList<>();
            PullResult r1 = pullDirect(api5, proxy.hostPort(), tag, CredentialsProvider.anonymous(), first);
            assertThat(r1.downloadedBytes()).isPositive();
            assertThat(proxy.blobBytesServed()).isGreaterThan(1_000_000);
            proxy.resetCounters();
            List<PullProgress> second = new ArrayList<>();
            PullResult r2 = pullDirect(api5, proxy.hostPort(), tag, CredentialsProvider.anonymous(), second);
            assertThat(r2.downloadedBytes()).isZero();
            assertThat(proxy.blobBytesServed()).isZero();
            assertThat(second.get(second.size() - 1).layers()).allMatch(l -> l.state() == PullProgress.LayerState.ALREADY_PRESENT);
        } finally {
            try (DefaultContainerdService s5 = env.connect(ns5)) {
                s5.images().list().forEach(i -> s5.images().delete(i.name(), true));
            }
            env.ctr("default", "namespaces", "rm", ns5);
        }
    }

    @Test
    void basicAuthRegistryWithDockerConfig(@TempDir Path dir) throws Exception {
        String host = env.value("BERTH_TEST_AUTH_REGISTRY");
        String user = env.value("BERTH_TEST_AUTH_USER");
        String password = env.value("BERTH_TEST_AUTH_PASSWORD");
        Path config = dir.resolve("config.json");
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        Files.writeString(config, "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}");

        assertThatThrownBy(() -> pullDirect(host, "test/busybox:1", CredentialsProvider.anonymous(), null))
                .isInstanceOf(BerthException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(password));
        PullResult r = pullDirect(host, "test/busybox:1", new DockerConfigCredentials(config, List.of(), Duration.ofSeconds(5)), null);
        assertThat(new ImagesApi(api()).get(r.name()).getTarget().getDigest()).isEqualTo(r.target().digest());
    }

    @Test
    void credentialHelperSuppliesTheSecret(@TempDir Path dir) throws Exception {
        String host = env.value("BERTH_TEST_AUTH_REGISTRY");
        String user = env.value("BERTH_TEST_AUTH_USER");
        String password = env.value("BERTH_TEST_AUTH_PASSWORD");
        Path helper = dir.resolve("docker-credential-berthtest");
        Files.writeString(helper, "#!/bin/sh\nread host\nprintf '{\"ServerURL\":\"%s\",\"Username\":\"" + user
                + "\",\"Secret\":\"" + password + "\"}' \"$host\"\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"credHelpers\":{\"" + host + "\":\"berthtest\"}}");
        removeImage(host + "/test/busybox:1");
        PullResult r = pullDirect(host, "test/busybox:1", new DockerConfigCredentials(config, List.of(dir), Duration.ofSeconds(5)), null);
        assertThat(r.name()).isEqualTo(host + "/test/busybox:1");
    }

    @Test
    void bearerTokenFlow() throws Exception {
        try (RegistryProxy proxy = new RegistryProxy(registry).requireBearer("tok-user", "tok-secret-9")) {
            assertThatThrownBy(() -> pullDirect(proxy.hostPort(), "test/busybox:1", CredentialsProvider.anonymous(), null))
                    .isInstanceOf(BerthException.class);
            CredentialsProvider creds = h -> h.equals(proxy.hostPort())
                    ? java.util.Optional.of(new dev.berth.registry.Credentials("tok-user", "tok-secret-9")) : java.util.Optional.empty();
            proxy.resetCounters();
            PullResult r = pullDirect(proxy.hostPort(), "test/busybox:1", creds, null);
            assertThat(r.name()).isEqualTo(proxy.hostPort() + "/test/busybox:1");
            // one token per scope, reused for every request of the pull
            assertThat(proxy.tokenRequests()).isBetween(1L, 2L);
        }
    }

    @Test
    void interruptedPullResumesFromTheIngestOffset() throws Exception {
        String repo = "test/big:1";
        long layerSize;
        long firstServed;
        int port;
        try (RegistryProxy proxy = new RegistryProxy(registry).throttle(16L << 20)) {
            port = proxy.port();
            AtomicReference<PullProgress> last = new AtomicReference<>();
            CountDownLatch halfway = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                try {
                    pullDirect(proxy.hostPort(), repo, CredentialsProvider.anonymous(), new ArrayList<>() {
                        @Override
                        public boolean add(PullProgress p) {
                            last.set(p);
                            PullProgress.Layer big = p.layers().isEmpty() ? null
                                    : Collections.max(p.layers(), (a, b) -> Long.compare(a.size(), b.size()));
                            if (big != null && big.done() > big.size() / 3) {
                                halfway.countDown();
                            }
                            return true;
                        }
                    });
                } catch (BerthException e) {
                    last.set(null);
                }
            });
            t.start();
            assertThat(halfway.await(60, TimeUnit.SECONDS)).as("the download got a third of the way").isTrue();
            proxy.close(); // the registry goes away in the middle of the layer
            t.join(60_000);
            assertThat(t.isAlive()).isFalse();
            firstServed = proxy.blobBytesServed();
        }
        // the partial ingest is in containerd, protected by the pull's lease
        ContentApi content = new ContentApi(api());
        var statuses = content.statuses();
        assertThat(statuses).as("partial ingest kept").isNotEmpty();
        long offset = statuses.stream().mapToLong(s -> s.getOffset()).max().orElse(0);
        layerSize = statuses.stream().mapToLong(s -> s.getTotal()).max().orElse(0);
        assertThat(offset).isPositive().isLessThan(layerSize);
        assertThat(new ImagesApi(api()).list()).noneMatch(i -> i.getName().contains("test/big"));

        // the registry is back (same address): pulling again continues from the offset
        try (RegistryProxy proxy = new RegistryProxy(registry, port)) {
            PullResult r = pullDirect(proxy.hostPort(), repo, CredentialsProvider.anonymous(), null);
            long secondServed = proxy.blobBytesServed();
            System.out.printf("resume: layer %d bytes, first attempt served %d, ingest offset %d, second attempt served %d%n",
                    layerSize, firstServed, offset, secondServed);
            assertThat(secondServed).isLessThan(layerSize - offset / 2).isLessThan(layerSize);
            assertThat(r.downloadedBytes()).isLessThan(layerSize);
        }
        assertThat(content.statuses()).isEmpty();
        assertThat(new LeasesApi(api()).list()).isEmpty();
    }

    @Test
    void corruptBlobIsRejectedAndNothingIsRecorded() throws Exception {
        // a fresh random layer, so that the shared content store cannot already have it
        String tag = "test/corrupt:" + UUID.randomUUID().toString().substring(0, 8);
        env.script("push-random", tag, "1", "2");
        String layer;
        try (RegistryClient client = new RegistryClient(RegistryOptions.defaults())) {
            ImageReference ref = ImageReference.parse(registry + "/" + tag);
            var root = client.resolve(ref);
            var manifest = dev.berth.oci.ImageManifest.parse(client.fetchManifest(ref, root), root);
            layer = manifest.layers().get(manifest.layers().size() - 1).digest();
        }
        try (RegistryProxy proxy = new RegistryProxy(registry).corrupt(layer)) {
            String ns2 = ns + "-corrupt";
            ApiContext api2 = new ApiContext(conn, ns2, null);
            try (RegistryClient client = new RegistryClient(RegistryOptions.defaults())) {
                assertThatThrownBy(() -> new Puller(api2, client).pull(ImageReference.parse(proxy.hostPort() + "/" + tag),
                        new PullOptions(Platform.current(), "overlayfs", 3, true), p -> { }))
                        .isInstanceOf(BerthException.Registry.class).hasMessageContaining(layer).hasMessageContaining("digest");
            }
            assertThat(new ImagesApi(api2).list()).isEmpty();
            assertThat(new ContentApi(api2).info(layer)).isEmpty();
            assertThat(new ContentApi(api2).statuses()).isEmpty();
            for (String l : lines(env.ctr(ns2, "leases", "ls", "-q"))) {
                env.ctr(ns2, "leases", "rm", "--sync", l);
            }
            env.pruneContent(ns2);
            env.ctr("default", "namespaces", "rm", ns2);
        }
    }

    @Test
    void cancelStopsDownloadsReleasesTheLeaseAndRecordsNothing() throws Exception {
        String ns3 = ns + "-cancel";
        ApiContext api3 = new ApiContext(conn, ns3, null);
        try (RegistryProxy proxy = new RegistryProxy(registry).throttle(8L << 20);
             RegistryClient client = new RegistryClient(RegistryOptions.defaults())) {
            CountDownLatch downloading = new CountDownLatch(1);
            AtomicReference<Throwable> error = new AtomicReference<>();
            AtomicReference<PullProgress> last = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    new Puller(api3, client).pull(ImageReference.parse(proxy.hostPort() + "/test/big:1"),
                            new PullOptions(Platform.current(), "overlayfs", 3, true), p -> {
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
            assertThat(downloading.await(60, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            t.interrupt();
            t.join(30_000);
            assertThat(t.isAlive()).isFalse();
            System.out.printf("cancel took %.0f ms%n", (System.nanoTime() - t0) / 1e6);
            assertThat(error.get()).isInstanceOf(BerthException.Cancelled.class);
            assertThat(last.get().phase()).isEqualTo(PullProgress.Phase.CANCELLED);
        }
        assertThat(new ImagesApi(api3).list()).isEmpty();
        assertThat(new LeasesApi(api3).list()).isEmpty();
        env.pruneContent(ns3);
        for (String s : lines(env.ctr(ns3, "content", "active")).stream().skip(1).collect(Collectors.toList())) {
            System.out.println("active ingest left after cancel: " + s);
        }
    }

    @Test
    void deleteWithSyncCollectsTheContent() {
        String ns4 = ns + "-del";
        try (DefaultContainerdService s = env.connect(ns4)) {
            ImageInfo image = s.images().pull(PullRequest.of(registry + "/test/busybox:1"), p -> { });
            ApiContext api4 = new ApiContext(conn, ns4, null);
            assertThat(new ContentApi(api4).info(image.digest())).isPresent();
            assertThat(new SnapshotsApi(api4).list("overlayfs")).isNotEmpty();
            s.images().delete("127.0.0.1" + registry.substring(registry.indexOf(':')) + "/test/busybox:1", true);
            assertThat(new ImagesApi(api4).list()).isEmpty();
            assertThat(new ContentApi(api4).info(image.digest())).isEmpty();
            assertThat(new SnapshotsApi(api4).list("overlayfs")).isEmpty();
            env.ctr("default", "namespaces", "rm", ns4);
        }
    }

    @Test
    void badReferencesFailBeforeAnyRequest() {
        assertThatThrownBy(() -> service.images().pull(PullRequest.of("UPPER/Case"), p -> { }))
                .isInstanceOf(BerthException.InvalidArgument.class);
        assertThatThrownBy(() -> service.images().pull(PullRequest.of(""), p -> { }))
                .isInstanceOf(BerthException.InvalidArgument.class);
        assertThatThrownBy(() -> service.images().pull(new PullRequest(registry + "/test/busybox:1", "linux/", false, null), p -> { }))
                .isInstanceOf(BerthException.InvalidArgument.class);
    }
}
