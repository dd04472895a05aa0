package dev.berth.registry;

import dev.berth.model.BerthException;
import dev.berth.oci.Descriptor;
import dev.berth.oci.DigestingInputStream;
import dev.berth.oci.Digests;
import dev.berth.oci.ImageManifest;
import dev.berth.oci.MediaTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistryClientTest {

    FakeRegistry registry;
    RegistryClient client;
    byte[] layer;
    String layerDigest;
    byte[] config;
    String configDigest;
    byte[] manifest;
    String manifestDigest;
    final List<RegistryClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        registry = new FakeRegistry();
        layer = new byte[300_000];
        new Random(42).nextBytes(layer);
        layerDigest = registry.putBlob(layer);
        config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}".getBytes(StandardCharsets.UTF_8);
        configDigest = registry.putBlob(config);
        manifest = FakeRegistry.manifestJson(MediaTypes.OCI_MANIFEST, configDigest, config.length, FakeRegistry.layers(layerDigest, layer.length));
        manifestDigest = registry.putManifest("test/app", "1", MediaTypes.OCI_MANIFEST, manifest);
        client = client(RegistryOptions.defaults());
    }

    @AfterEach
    void tearDown() {
        clients.forEach(RegistryClient::close);
        registry.close();
    }

    RegistryClient client(RegistryOptions options) {
        RegistryClient c = new RegistryClient(options.withRetryBackoff(Duration.ofMillis(5)));
        clients.add(c);
        return c;
    }

    RegistryClient clientWith(Credentials credentials) {
        return client(RegistryOptions.defaults().withCredentials(host -> Optional.of(credentials)));
    }

    Descriptor layerDescriptor() {
        return new Descriptor(MediaTypes.OCI_LAYER_GZIP, layerDigest, layer.length);
    }

    // ---------------------------------------------------------------- resolve and fetch

    @Test
    void resolvesATagWithHead() {
        Descriptor d = client.resolve(registry.ref("test/app:1"));
        assertThat(d).isEqualTo(new Descriptor(MediaTypes.OCI_MANIFEST, manifestDigest, manifest.length));
        assertThat(registry.requests).hasSize(1);
        FakeRegistry.Req head = registry.requests.get(0);
        assertThat(head.method()).isEqualTo("HEAD");
        assertThat(head.path()).isEqualTo("/v2/test/app/manifests/1");
        assertThat(head.accept()).isEqualTo(MediaTypes.MANIFEST_ACCEPT);
        assertThat(head.userAgent()).startsWith("berth/");
        assertThat(head.authorization()).isNull();
    }

    @Test
    void fallsBackToGetWhenHeadIsNotAllowed() {
        registry.head405 = true;
        Descriptor d = client.resolve(registry.ref("test/app:1"));
        assertThat(d.digest()).isEqualTo(manifestDigest);
        assertThat(d.size()).isEqualTo(manifest.length);
        assertThat(registry.requests).extracting(FakeRegistry.Req::method).containsExactly("HEAD", "GET");
    }

    @Test
    void fallsBackToGetWhenHeadLacksTheDigestAndHashesTheBody() {
        registry.headWithoutDigest = true;
        Descriptor d = client.resolve(registry.ref("test/app:1"));
        assertThat(d).isEqualTo(new Descriptor(MediaTypes.OCI_MANIFEST, manifestDigest, manifest.length));
        assertThat(registry.requests).extracting(FakeRegistry.Req::method).containsExactly("HEAD", "GET");
    }

    @Test
    void resolveByGetDetectsAManifestThatDoesNotMatchTheRequestedDigest() {
        registry.head405 = true;
        registry.corrupt.put(manifestDigest, "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> client.resolve(registry.ref("test/app@" + manifestDigest)))
                .isInstanceOf(BerthException.Registry.class).hasMessageContaining("has digest");
        assertThatThrownBy(() -> client.resolve(registry.ref("test/app:1")))
                .isInstanceOf(BerthException.Registry.class).hasMessageContaining("does not match its Docker-Content-Digest");
    }

    @Test
    void resolvesADigestReference() {
        Descriptor d = client.resolve(registry.ref("test/app@" + manifestDigest));
        assertThat(d.digest()).isEqualTo(manifestDigest);
        assertThat(registry.requests.get(0).path()).isEqualTo("/v2/test/app/manifests/" + manifestDigest);
    }

    @Test
    void unknownTagIsNotFound() {
        assertThatThrownBy(() -> client.resolve(registry.ref("test/app:nope")))
                .isInstanceOf(BerthException.NotFound.class)
                .hasMessageContaining("image " + registry.host() + "/test/app:nope not found");
        registry.head405 = true;
        assertThatThrownBy(() -> client.resolve(registry.ref("test/app:nope")))
                .isInstanceOf(BerthException.NotFound.class).hasMessageContaining("MANIFEST_UNKNOWN: manifest unknown");
    }

    @Test
    void schema1IsNotSupported() {
        byte[] s1 = "{\"schemaVersion\":1,\"name\":\"x\",\"fsLayers\":[]}".getBytes(StandardCharsets.UTF_8);
        registry.putManifest("test/old", "1", MediaTypes.DOCKER_SCHEMA1_SIGNED_MANIFEST, s1);
        assertThatThrownBy(() -> client.resolve(registry.ref("test/old:1")))
                .isInstanceOf(BerthException.Registry.class).hasMessageContaining("schema 1");
        registry.head405 = true;
        registry.mediaTypes.put(Digests.sha256(s1), "application/json");
        assertThatThrownBy(() -> client.resolve(registry.ref("test/old:1")))
                .isInstanceOf(BerthException.Registry.class).hasMessageContaining("schema 1");
    }

    @Test
    void fetchesAManifestByDigestAndVerifiesIt() {
        ImageReference ref = registry.ref("test/app:1");
        Descriptor d = client.resolve(ref);
        byte[] body = client.fetchManifest(ref, d);
        assertThat(body).isEqualTo(manifest);
        FakeRegistry.Req get = registry.requests.get(1);
        assertThat(get.path()).isEqualTo("/v2/test/app/manifests/" + manifestDigest);
        assertThat(get.accept()).isEqualTo(MediaTypes.MANIFEST_ACCEPT);
        ImageManifest m = ImageManifest.parse(body, d);
        assertThat(m.layers()).extracting(Descriptor::digest).containsExactly(layerDigest);
        assertThat(client.fetchBlob(ref, m.config())).isEqualTo(config);
    }

    @Test
    void aManifestWithTheWrongDigestIsRejected() {
        ImageReference ref = registry.ref("test/app:1");
        byte[] evil = manifest.clone();
        evil[evil.length - 3] = 'X';
        registry.corrupt.put(manifestDigest, evil);
        assertThatThrownBy(() -> client.fetchManifest(ref, new Descriptor(MediaTypes.OCI_MANIFEST, manifestDigest, manifest.length)))
                .isInstanceOf(BerthException.Registry.class)
                .hasMessageContaining("manifest " + manifestDigest + " does not match its digest");
    }

    @Test
    void aManifestLargerThanDeclaredIsCutOffAndRejected() {
        ImageReference ref = registry.ref("test/app:1");
        byte[] longer = new byte[manifest.length + 10_000];
        registry.corrupt.put(manifestDigest, longer);
        assertThatThrownBy(() -> client.fetchManifest(ref, new Descriptor(MediaTypes.OCI_MANIFEST, manifestDigest, manifest.length)))
                .isInstanceOf(BerthException.Registry.class)
                .hasMessageContaining(String.valueOf(manifest.length));
    }

    @Test
    void manifestsOverTheLimitAreRefused() {
        RegistryClient small = client(RegistryOptions.defaults().withMaxManifestSize(100));
        ImageReference ref = registry.ref("test/app:1");
        assertThatThrownBy(() -> small.fetchManifest(ref, new Descriptor(MediaTypes.OCI_MANIFEST, manifestDigest, 5_000_000)))
                .isInstanceOf(BerthException.Registry.class).hasMessageContaining("more than the limit of 100 bytes");
        assertThat(registry.requests).isEmpty(); // refused before any request
        assertThatThrownBy(() -> small.resolve(ref)).isInstanceOf(BerthException.Registry.class)
                .hasMessageContaining("more than the limit");
        registry.head405 = true;
        assertThatThrownBy(() -> small.resolve(ref)).isInstanceOf(BerthException.Registry.class)
                .hasMessageContaining("more than the limit");
        assertThat(RegistryOptions.DEFAULT_MAX_MANIFEST_SIZE).isEqualTo(4L * 1048 * 1048);
    }

    // ---------------------------------------------------------------- blobs

    @Test
    void streamsAWholeBlob() throws IOException {
        try (BlobStream s = client.openBlob(registry.ref("test/app:1"), layerDescriptor(), 0)) {
            assertThat(s.offset()).isZero();
            assertThat(s.length()).isEqualTo(layer.length);
            DigestingInputStream in = new DigestingInputStream(s.stream(), layerDigest, layer.length);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            in.verify();
        }
        FakeRegistry.Req get = registry.requests.get(0);
        assertThat(get.path()).isEqualTo("/v2/test/app/blobs/" + layerDigest);
        assertThat(get.range()).isNull();
        assertThat(get.accept()).isEqualTo(MediaTypes.OCI_LAYER_GZIP + ", */*");
    }

    @Test
    void resumesFromAnOffsetWhenTheRangeIsHonoured() throws IOException {
        try (BlobStream s = client.openBlob(registry.ref("test/app:1"), layerDescriptor(), 100_000)) {
            assertThat(s.offset()).isEqualTo(100_000);
            assertThat(s.length()).isEqualTo(layer.length - 100_000);
            assertThat(s.stream().readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(layer, 100_000, layer.length));
        }
        assertThat(registry.requests.get(0).range()).isEqualTo("bytes=100000-");
    }

    @Test
    void startsOverWhenTheRangeIsIgnored() throws IOException {
        registry.ignoreRange = true;
        try (BlobStream s = client.openBlob(registry.ref("test/app:1"), layerDescriptor(), 100_000)) {
            assertThat(s.offset()).isZero();
            assertThat(s.length()).isEqualTo(layer.length);
            assertThat(s.stream().readAllBytes()).isEqualTo(layer);
        }
    }

    @Test
    void anOffsetOutsideTheBlobIsInvalid() {
        assertThatThrownBy(() -> client.openBlob(registry.ref("test/app:1"), layerDescriptor(), layer.length))
                .isInstanceOf(BerthException.InvalidArgument.class);
        assertThatThrownBy(() -> client.openBlob(registry.ref("test/app:1"), layerDescriptor(), -1))
                .isInstanceOf(BerthException.InvalidArgument.class);
    }

    @Test
    void aMissingBlobIsNotFound() {
        Descriptor missing = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digests.sha256("nothing"), 10);
        assertThatThrownBy(() -> client.openBlob(registry.ref("test/app:1"), missing, 0))
                .isInstanceOf(BerthException.NotFound.class).hasMessageContaining("BLOB_UNKNOWN");
    }

    @Test
    void aCorruptBlobIsDetectedByTheCallersDigest() throws IOException {
        byte[] evil = layer.clone();
        evil[12345] ^= 1;
        registry.corrupt.put(layerDigest, evil);
        try (BlobStream s = client.openBlob(registry.ref("test/app:1"), layerDescriptor(), 0)) {
            DigestingInputStream in = new DigestingInputStream(s.stream(), layerDigest, layer.length);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            assertThatThrownBy(in::verify).isInstanceOf(BerthException.Registry.class).hasMessageContaining("does not match");
        }
    }

    @Test
    void aBlobLargerThanDeclaredIsRefused() {
        registry.corrupt.put(layerDigest, new byte[layer.length + 5]);
        assertThatThrownBy(() -> client.openBlob(registry.ref("test/app:1"), layerDescriptor(), 0))
                .isInstanceOf(BerthException.Registry.class).hasMessageContaining("where 300000 are expected");
    }

    @Test
    void aConnectionThatEndsEarlyIsUnavailable() {
        registry.truncateBlobAt = 1000;
        assertThatThrownBy(() -> {
            try (BlobStream s = client.openBlob(registry.ref("test/app:1"), layerDescriptor(), 0)) {
                s.stream().readAllBytes();
            }
        }).isInstanceOf(BerthException.Unavailable.class);
    }

    @Test
    void aStalledDownloadTimesOut() {
        RegistryClient impatient = client(RegistryOptions.defaults().withReadTimeout(Duration.ofMillis(400)));
        registry.stallBlobAt = 50_000;
        long start = System.nanoTime();
        assertThatThrownBy(() -> {
            try (BlobStream s = impatient.openBlob(registry.ref("test/app:1"), layerDescriptor(), 0)) {
                s.stream().readAllBytes();
            }
        }).isInstanceOf(BerthException.Unavailable.class).hasMessageContaining("sent nothing for");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void interruptingAReadCancelsIt() throws Exception {
        registry.stallBlobAt = 50_000;
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try (BlobStream s = client.openBlob(registry.ref("test/app:1"), layerDescriptor(), 0)) {
                s.stream().readAllBytes();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        Thread.sleep(500);
        t.interrupt();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(BerthException.Cancelled.class);
    }

    @Test
    void closingAStreamFromAnotherThreadFreesItsReader() throws Exception {
        registry.stallBlobAt = 50_000;
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        BlobStream s = client.openBlob(registry.ref("test/app:1"), layerDescriptor(), 0);
        Thread t = new Thread(() -> {
            try {
                s.stream().readAllBytes();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        Thread.sleep(500);
        s.close();
        t.join(5_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(BerthException.Cancelled.class);
    }

    @Test
    void interruptingARequestCancelsIt() throws Exception {
        registry.stallMillis = 30_000;
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                client.resolve(registry.ref("test/app:1"));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        Thread.sleep(300);
        t.interrupt();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(BerthException.Cancelled.class);
    }

    // ---------------------------------------------------------------- redirects

    @Test
    void redirectsToAnotherHostDoNotCarryTheAuthorization() throws Exception {
        try (FakeRegistry storage = new FakeRegistry()) {
            storage.putBlob(layer);
            registry.auth = FakeRegistry.Auth.BASIC;
            registry.redirectBlobsTo = "http://localhost:" + storage.port();
            RegistryClient c = clientWith(new Credentials(registry.user, registry.password));
            try (BlobStream s = c.openBlob(registry.ref("test/app:1"), layerDescriptor(), 1000)) {
                assertThat(s.offset()).isEqualTo(1000);
                assertThat(s.stream().readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(layer, 1000, layer.length));
            }
            List<FakeRegistry.Req> atRegistry = registry.requests("/blobs/");
            assertThat(atRegistry.get(atRegistry.size() - 1).authorization()).isEqualTo(registry.basicHeader());
            assertThat(storage.requests).hasSize(1);
            assertThat(storage.requests.get(0).authorization()).isNull();
            assertThat(storage.requests.get(0).range()).isEqualTo("bytes=1000-");
            assertThat(storage.requests.get(0).query()).contains("X-Amz-Signature");
        }
    }

    @Test
    void redirectLoopsEnd() {
        registry.redirectLoop = true;
        assertThatThrownBy(() -> client.openBlob(registry.ref("test/app:1"), layerDescriptor(), 0))
                .isInstanceOf(BerthException.Registry.class).hasMessageContaining("too many redirects");
        assertThat(registry.requests).hasSize(RegistryClient.MAX_REDIRECTS + 1);
    }

    @Test
    void aRedirectToPlainHttpElsewhereIsRefused() {
        registry.redirectBlobsTo = "http://registry.example.com";
        assertThatThrownBy(() -> client.openBlob(registry.ref("test/app:1"), layerDescriptor(), 0))
                .isInstanceOf(BerthException.Registry.class).hasMessageContaining("plain HTTP");
    }

    // ---------------------------------------------------------------- retries and failures

    @Test
    void retriesOnceOnServerErrors() {
        registry.failNext.add(503);
        assertThat(client.resolve(registry.ref("test/app:1")).digest()).isEqualTo(manifestDigest);
        registry.failNext.add(500);
        registry.failNext.add(504);
        assertThatThrownBy(() -> client.resolve(registry.ref("test/app:1"))).isInstanceOf(BerthException.Unavailable.class)
                .hasMessageContaining("HTTP 504");
    }

    @Test
    void retriesTooManyRequests() {
        registry.failNext.add(429);
        registry.failNext.add(408);
        registry.failNext.add(429);
        assertThat(client.resolve(registry.ref("test/app:1")).digest()).isEqualTo(manifestDigest);
        for (int i = 0; i <= RegistryClient.MAX_RETRIES; i++) {
            registry.failNext.add(429);
        }
        assertThatThrownBy(() -> client.resolve(registry.ref("test/app:1"))).isInstanceOf(BerthException.Unavailable.class)
                .hasMessageContaining("429");
    }

    @Test
    void otherErrorsAreRegistryErrorsWithTheRegistrysMessage() {
        registry.failNext.add(400);
        assertThatThrownBy(() -> client.resolve(registry.ref("test/app:1"))).isInstanceOf(BerthException.Registry.class)
                .hasMessageContaining("HTTP 400"); // a HEAD answer has no body to explain it
        registry.failNext.add(400);
        Descriptor d = new Descriptor(MediaTypes.OCI_MANIFEST, manifestDigest, manifest.length);
        assertThatThrownBy(() -> client.fetchManifest(registry.ref("test/app:1"), d)).isInstanceOf(BerthException.Registry.class)
                .hasMessageContaining("HTTP 400: UNAVAILABLE: injected failure");
        registry.failNext.add(403);
        assertThatThrownBy(() -> client.resolve(registry.ref("test/app:1"))).isInstanceOf(BerthException.PermissionDenied.class);
    }

    @Test
    void aClosedPortIsUnavailable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> client.resolve(ImageReference.parse("127.0.0.1:" + port + "/x:1")))
                .isInstanceOf(BerthException.Unavailable.class).hasMessageContaining("cannot connect to 127.0.0.1:" + port);
    }

    // ---------------------------------------------------------------- auth

    @Test
    void bearerAnonymousFetchesOneTokenAndReusesIt() {
        registry.auth = FakeRegistry.Auth.BEARER;
        ImageReference ref = registry.ref("test/app:1");
        Descriptor d = client.resolve(ref);
        client.fetchManifest(ref, d);
        client.fetchBlob(ref, new Descriptor(MediaTypes.OCI_CONFIG, configDigest, config.length));
        assertThat(registry.tokensIssued.get()).isEqualTo(1);
        List<FakeRegistry.Req> tokenRequests = registry.requests("/token");
        assertThat(tokenRequests).hasSize(1);
        assertThat(tokenRequests.get(0).method()).isEqualTo("GET");
        assertThat(tokenRequests.get(0).authorization()).isNull();
        assertThat(tokenRequests.get(0).query()).isEqualTo("scope=repository%3Atest%2Fapp%3Apull&service=fake-registry");
        // first HEAD without a token, then with it; later requests carry it from the start
        List<FakeRegistry.Req> v2 = registry.requests("/v2/");
        assertThat(v2).extracting(FakeRegistry.Req::authorization).containsExactly(null, "Bearer tok-1", "Bearer tok-1", "Bearer tok-1");
    }

    @Test
    void bearerTokensAreCachedPerScopeSet() {
        registry.auth = FakeRegistry.Auth.BEARER;
        registry.putManifest("test/other", "1", MediaTypes.OCI_MANIFEST, manifest);
        client.resolve(registry.ref("test/app:1"));
        client.resolve(registry.ref("test/other:1"));
        client.resolve(registry.ref("test/app:1"));
        client.resolve(registry.ref("test/other:1"));
        assertThat(registry.tokensIssued.get()).isEqualTo(2);
    }

    @Test
    void parallelRequestsShareOneToken() throws Exception {
        registry.auth = FakeRegistry.Auth.BEARER;
        ImageReference ref = registry.ref("test/app:1");
        client.resolve(ref);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                results.add(pool.submit(() -> client.fetchBlob(ref, new Descriptor(MediaTypes.OCI_CONFIG, configDigest, config.length))));
            }
            for (Future<byte[]> f : results) {
                assertThat(f.get()).isEqualTo(config);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(registry.tokensIssued.get()).isEqualTo(1);
    }

    @Test
    void anExpiredTokenIsRenewed() throws Exception {
        registry.auth = FakeRegistry.Auth.BEARER;
        registry.tokenExpiresIn = 1;
        client.resolve(registry.ref("test/app:1"));
        client.resolve(registry.ref("test/app:1"));
        assertThat(registry.tokensIssued.get()).isEqualTo(1);
        Thread.sleep(1100);
        client.resolve(registry.ref("test/app:1"));
        assertThat(registry.tokensIssued.get()).isEqualTo(2);
    }

    @Test
    void bearerWithCredentialsPostsTheForm() {
        registry.auth = FakeRegistry.Auth.BEARER;
        registry.tokenRequiresCredentials = true;
        registry.tokenAsAccessToken = true;
        RegistryClient c = clientWith(new Credentials(registry.user, registry.password));
        c.resolve(registry.ref("test/app:1"));
        List<FakeRegistry.Req> tokenRequests = registry.requests("/token");
        assertThat(tokenRequests).hasSize(1);
        FakeRegistry.Req post = tokenRequests.get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.authorization()).isNull();
        Map<String, List<String>> form = FakeRegistry.parseForm(post.body());
        assertThat(form).containsEntry("grant_type", List.of("password"))
                .containsEntry("username", List.of("alice"))
                .containsEntry("password", List.of(registry.password))
                .containsEntry("service", List.of("fake-registry"))
                .containsEntry("scope", List.of("repository:test/app:pull"))
                .containsEntry("client_id", List.of("containerd-client"));
    }

    @Test
    void bearerScopesAreTheUnionOfChallengeAndRepositorySortedAndDeduplicated() {
        registry.auth = FakeRegistry.Auth.BEARER;
        registry.challengeOverride = "Bearer realm=\"http://" + registry.host() + "/token\",service=\"fake-registry\","
                + "scope=\"repository:test/app:push,pull repository:test/app:pull repository:a/b:pull\"";
        // the fake accepts the token because it includes repository:test/app:pull
        RegistryClient c = clientWith(new Credentials(registry.user, registry.password));
        c.resolve(registry.ref("test/app:1"));
        FakeRegistry.Req post = registry.requests("/token").get(0);
        assertThat(FakeRegistry.parseForm(post.body()).get("scope"))
                .containsExactly("repository:a/b:pull repository:test/app:pull repository:test/app:push,pull");
    }

    @Test
    void identityTokensUseTheRefreshTokenGrant() {
        registry.auth = FakeRegistry.Auth.BEARER;
        RegistryClient c = clientWith(new Credentials("", registry.refreshToken));
        c.resolve(registry.ref("test/app:1"));
        Map<String, List<String>> form = FakeRegistry.parseForm(registry.requests("/token").get(0).body());
        assertThat(form).containsEntry("grant_type", List.of("refresh_token"))
                .containsEntry("refresh_token", List.of(registry.refreshToken))
                .doesNotContainKey("username");
    }

    @Test
    void tokenServersWithoutPostGetBasicOnAGet() {
        registry.auth = FakeRegistry.Auth.BEARER;
        registry.tokenPostSupported = false;
        registry.tokenRequiresCredentials = true;
        RegistryClient c = clientWith(new Credentials(registry.user, registry.password));
        assertThat(c.resolve(registry.ref("test/app:1")).digest()).isEqualTo(manifestDigest);
        assertThat(registry.requests("/token")).extracting(FakeRegistry.Req::method).containsExactly("POST", "GET");
        assertThat(registry.requests("/token").get(1).authorization()).isEqualTo(registry.basicHeader());
    }

    @Test
    void wrongCredentialsAreDeniedWithoutShowingThem() {
        registry.auth = FakeRegistry.Auth.BEARER;
        RegistryClient c = clientWith(new Credentials("alice", "wrong-password-123"));
        assertThatThrownBy(() -> c.resolve(registry.ref("test/app:1")))
                .isInstanceOf(BerthException.PermissionDenied.class)
                .hasMessageContaining("rejected the credentials")
                .hasMessageNotContaining("wrong-password-123");
    }

    @Test
    void anonymousAccessRefusedByTheTokenServerIsPermissionDenied() {
        registry.auth = FakeRegistry.Auth.BEARER;
        registry.tokenRequiresCredentials = true;
        assertThatThrownBy(() -> client.resolve(registry.ref("test/app:1")))
                .isInstanceOf(BerthException.PermissionDenied.class)
                .hasMessageContaining("docker login");
    }

    @Test
    void basicAuth() {
        registry.auth = FakeRegistry.Auth.BASIC;
        AtomicInteger lookups = new AtomicInteger();
        AtomicReference<String> askedFor = new AtomicReference<>();
        RegistryClient c = client(RegistryOptions.defaults().withCredentials(host -> {
            lookups.incrementAndGet();
            askedFor.set(host);
            return Optional.of(new Credentials(registry.user, registry.password));
        }));
        ImageReference ref = registry.ref("test/app:1");
        Descriptor d = c.resolve(ref);
        c.fetchManifest(ref, d);
        assertThat(registry.requests).extracting(FakeRegistry.Req::authorization)
                .containsExactly(null, registry.basicHeader(), registry.basicHeader());
        assertThat(askedFor.get()).isEqualTo(registry.host());
        assertThat(lookups.get()).isEqualTo(1);
    }

    @Test
    void basicAuthWithoutCredentialsSaysHowToLogIn() {
        registry.auth = FakeRegistry.Auth.BASIC;
        assertThatThrownBy(() -> client.resolve(registry.ref("test/app:1")))
                .isInstanceOf(BerthException.PermissionDenied.class)
                .hasMessageContaining("docker login " + registry.host());
    }

    @Test
    void basicAuthWithWrongCredentialsIsPermissionDenied() {
        registry.auth = FakeRegistry.Auth.BASIC;
        RegistryClient c = clientWith(new Credentials("alice", "not-the-password"));
        assertThatThrownBy(() -> c.resolve(registry.ref("test/app:1")))
                .isInstanceOf(BerthException.PermissionDenied.class)
                .hasMessageContaining("rejected the configured credentials")
                .hasMessageNotContaining("not-the-password");
        assertThat(registry.requests).hasSize(2);
    }

    @Test
    void aMalformedChallengeIsARegistryError() {
        registry.auth = FakeRegistry.Auth.BEARER;
        registry.challengeOverride = "Bearer realm=\"http://x/token";
        assertThatThrownBy(() -> client.resolve(registry.ref("test/app:1")))
                .isInstanceOf(BerthException.Registry.class).hasMessageStartingWith("malformed WWW-Authenticate");
    }

    @Test
    void aTokenServerOnPlainHttpElsewhereIsRefused() {
        registry.auth = FakeRegistry.Auth.BEARER;
        registry.realmOverride = "http://auth.example.com/token";
        RegistryClient c = clientWith(new Credentials(registry.user, registry.password));
        assertThatThrownBy(() -> c.resolve(registry.ref("test/app:1")))
                .isInstanceOf(BerthException.Registry.class).hasMessageContaining("plain HTTP");
        registry.realmOverride = "ftp://" + registry.host() + "/token";
        assertThatThrownBy(() -> c.resolve(registry.ref("test/app:1")))
                .isInstanceOf(BerthException.Registry.class).hasMessageContaining("not an http(s) URL");
    }

    @Test
    void unsupportedSchemesAreNamed() {
        registry.auth = FakeRegistry.Auth.BEARER;
        registry.challengeOverride = "Negotiate abc==";
        assertThatThrownBy(() -> client.resolve(registry.ref("test/app:1")))
                .isInstanceOf(BerthException.Registry.class).hasMessageContaining("negotiate");
    }

    @Test
    void credentialHelpersRunThroughTheProviderEndToEnd(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        registry.auth = FakeRegistry.Auth.BASIC;
        java.nio.file.Path bin = java.nio.file.Files.createDirectories(dir.resolve("bin"));
        DockerConfigCredentialsTest.helper(bin, "fake", "read server; echo \"{\\\"ServerURL\\\":\\\"$server\\\",\\\"Username\\\":\\\"alice\\\",\\\"Secret\\\":\\\""
                + registry.password + "\\\"}\"");
        java.nio.file.Path configFile = dir.resolve("config.json");
        java.nio.file.Files.writeString(configFile, "{\"credHelpers\":{\"" + registry.host() + "\":\"fake\"}}");
        RegistryClient c = client(RegistryOptions.defaults()
                .withCredentials(new DockerConfigCredentials(configFile, List.of(bin), Duration.ofSeconds(10))));
        assertThat(c.resolve(registry.ref("test/app:1")).digest()).isEqualTo(manifestDigest);
    }

    // ---------------------------------------------------------------- options and schemes

    @Test
    void plainHttpOnlyForLoopbackAndInsecureHosts() {
        RegistryOptions o = RegistryOptions.defaults().withInsecureHosts(Set.of("http://Reg.Example.com:5000/", "other.example"));
        assertThat(o.insecureHosts()).containsExactlyInAnyOrder("reg.example.com:5000", "other.example");
        assertThat(o.allowsPlainHttp("reg.example.com:5000")).isTrue();
        assertThat(o.allowsPlainHttp("reg.example.com:5001")).isFalse();
        assertThat(o.allowsPlainHttp("reg.example.com")).isFalse();
        assertThat(o.allowsPlainHttp("other.example:443")).isTrue();
        assertThat(o.allowsPlainHttp("localhost:5000")).isTrue();
        assertThat(o.allowsPlainHttp("127.0.0.1:1")).isTrue();
        assertThat(o.allowsPlainHttp("[::1]:5000")).isTrue();
        assertThat(o.allowsPlainHttp("registry-1.docker.io")).isFalse();
        assertThatThrownBy(() -> RegistryOptions.defaults().withInsecureHosts(Set.of("bad host"))).isInstanceOf(BerthException.InvalidArgument.class);
        assertThat(RegistryOptions.defaults().withInsecureHosts(Set.of("docker.io")).insecureHosts()).containsExactly("registry-1.docker.io");
    }

    @Test
    void nonLoopbackRegistriesUseHttpsUnlessListedAsInsecure() {
        RegistryClient insecure = client(RegistryOptions.defaults().withInsecureHosts(Set.of("reg.example.com:5000")));
        assertThat(client.baseUri(ImageReference.parse("nginx")).toString()).isEqualTo("https://registry-1.docker.io/v2/library/nginx/");
        assertThat(client.baseUri(ImageReference.parse("reg.example.com:5000/a/b:1")).toString()).isEqualTo("https://reg.example.com:5000/v2/a/b/");
        assertThat(insecure.baseUri(ImageReference.parse("reg.example.com:5000/a/b:1")).toString()).isEqualTo("http://reg.example.com:5000/v2/a/b/");
        assertThat(client.baseUri(ImageReference.parse("localhost:5000/x")).toString()).isEqualTo("http://localhost:5000/v2/x/");
        assertThat(client.baseUri(ImageReference.parse("[::1]:5000/x")).toString()).isEqualTo("http://[::1]:5000/v2/x/");
        assertThat(client.baseUri(ImageReference.parse("localhost:" + registry.port() + "/test/app:1")).getScheme()).isEqualTo("http");
        assertThat(client.resolve(ImageReference.parse("localhost:" + registry.port() + "/test/app:1")).digest()).isEqualTo(manifestDigest);
        assertThat(RegistryClient.origin(java.net.URI.create("https://H:443/x"))).isEqualTo("https://h:443");
        assertThat(RegistryClient.origin(java.net.URI.create("https://h/x"))).isEqualTo("https://h:443");
        assertThat(RegistryClient.describe(java.net.URI.create("https://h:1/p?sig=secret"))).isEqualTo("https://h:1/p");
    }
}
