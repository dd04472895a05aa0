package dev.berth.registry;

import dev.berth.model.BerthException;
import dev.berth.oci.Descriptor;
import dev.berth.oci.DigestingInputStream;
import dev.berth.oci.Digests;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageIndex;
import dev.berth.oci.ImageManifest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.Platform;
import dev.berth.oci.PlatformMatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Against the test environment's real registries (Debian's docker-registry, plain and behind
 * htpasswd Basic auth) started by {@code scripts/testenv start}. Reads
 * {@code $BERTH_TESTENV_DIR/env} (default {@code /tmp/berth-te/env}); skipped, with the reason
 * printed, only when that file is absent.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RegistryClientRealRegistryTest {

    static Map<String, String> env;
    RegistryClient client;

    @BeforeAll
    static void readEnv() throws IOException {
        String dir = System.getenv("BERTH_TESTENV_DIR");
        Path file = Path.of(dir == null || dir.isBlank() ? "/tmp/berth-te" : dir, "env");
        if (!Files.isRegularFile(file)) {
            String reason = "RegistryClientRealRegistryTest skipped: no test environment (" + file
                    + " is absent; run scripts/testenv start)";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        env = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        assertThat(env).containsKeys("BERTH_TEST_REGISTRY", "BERTH_TEST_AUTH_REGISTRY", "BERTH_TEST_AUTH_USER", "BERTH_TEST_AUTH_PASSWORD");
    }

    @BeforeEach
    void setUp() {
        client = new RegistryClient(RegistryOptions.defaults());
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    static ImageReference ref(String registryKey, String name) {
        return ImageReference.parse(env.get(registryKey) + "/" + name);
    }

    static String sha256Of(InputStream in) throws IOException {
        return Digests.sha256(in.readAllBytes());
    }

    /** Resolves, fetches and verifies a whole single-platform image; returns its manifest. */
    static ImageManifest pullAndVerify(RegistryClient c, ImageReference ref) throws IOException {
        Descriptor root = c.resolve(ref);
        assertThat(MediaTypes.isManifest(root.mediaType())).as(root.mediaType()).isTrue();
        ImageManifest m = ImageManifest.parse(c.fetchManifest(ref, root), root);
        ImageConfig config = ImageConfig.parse(c.fetchBlob(ref, m.config()), m.config().digest());
        assertThat(config.rootfs().diffIds()).hasSameSizeAs(m.layers());
        assertThat(config.chainIds()).hasSameSizeAs(m.layers()).first().isEqualTo(config.rootfs().diffIds().get(0));
        for (Descriptor layer : m.layers()) {
            try (BlobStream s = c.openBlob(ref, layer, 0)) {
                DigestingInputStream in = new DigestingInputStream(s.stream(), layer.digest(), layer.size());
                in.transferTo(OutputStream.nullOutputStream());
                in.verify();
            }
        }
        return m;
    }

    @Test
    void oneLayerOciImage() throws IOException {
        ImageReference ref = ref("BERTH_TEST_REGISTRY", "test/busybox:1");
        ImageManifest m = pullAndVerify(client, ref);
        assertThat(m.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(m.layers()).hasSize(1);
        // by digest too
        Descriptor byTag = client.resolve(ref);
        assertThat(client.resolve(ref.withDigest(byTag.digest()))).isEqualTo(byTag);
    }

    @Test
    void multiLayerImageAndRangeResume() throws IOException {
        ImageReference ref = ref("BERTH_TEST_REGISTRY", "test/multi:3");
        ImageManifest m = pullAndVerify(client, ref);
        assertThat(m.layers()).hasSize(3);
        Descriptor big = m.layers().stream().max((a, b) -> Long.compare(a.size(), b.size())).orElseThrow();
        long half = big.size() / 2;
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (BlobStream s = client.openBlob(ref, big, 0)) {
            all.write(s.stream().readNBytes((int) half));
        }
        try (BlobStream s = client.openBlob(ref, big, half)) {
            assertThat(s.offset()).as("docker-registry honours Range").isEqualTo(half);
            assertThat(s.length()).isEqualTo(big.size() - half);
            s.stream().transferTo(all);
        }
        assertThat(Digests.sha256(all.toByteArray())).isEqualTo(big.digest());
    }

    @Test
    void anIndexAndThePlatformChoice() throws IOException {
        ImageReference ref = ref("BERTH_TEST_REGISTRY", "test/multiarch:1");
        Descriptor root = client.resolve(ref);
        assertThat(MediaTypes.isIndex(root.mediaType())).isTrue();
        ImageIndex index = ImageIndex.parse(client.fetchManifest(ref, root), root);
        for (String platform : List.of("linux/amd64", "linux/arm64")) {
            Descriptor chosen = PlatformMatcher.of(Platform.parse(platform)).select(index, ref.toString());
            assertThat(chosen.platform().normalize()).isEqualTo(Platform.parse(platform).normalize());
            ImageManifest m = ImageManifest.parse(client.fetchManifest(ref, chosen), chosen);
            ImageConfig config = ImageConfig.parse(client.fetchBlob(ref, m.config()), m.config().digest());
            assertThat(config.platform().normalize()).isEqualTo(Platform.parse(platform).normalize());
        }
        assertThatThrownBy(() -> PlatformMatcher.of(Platform.parse("linux/s390x")).select(index, ref.toString()))
                .isInstanceOf(BerthException.NotFound.class).hasMessageContaining("linux/amd64");
    }

    @Test
    void dockerSchema2MediaTypes() throws IOException {
        ImageReference ref = ref("BERTH_TEST_REGISTRY", "test/docker:1");
        ImageManifest m = pullAndVerify(client, ref);
        assertThat(m.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(m.config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
        assertThat(m.layers()).allMatch(l -> l.mediaType().equals(MediaTypes.DOCKER_LAYER_GZIP));
    }

    @Test
    void unknownTagsAndBlobsAreNotFound() {
        assertThatThrownBy(() -> client.resolve(ref("BERTH_TEST_REGISTRY", "test/busybox:no-such-tag")))
                .isInstanceOf(BerthException.NotFound.class);
        assertThatThrownBy(() -> client.resolve(ref("BERTH_TEST_REGISTRY", "test/no-such-repo:1")))
                .isInstanceOf(BerthException.NotFound.class);
        Descriptor missing = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digests.sha256("no such blob"), 12);
        assertThatThrownBy(() -> client.openBlob(ref("BERTH_TEST_REGISTRY", "test/busybox:1"), missing, 0))
                .isInstanceOf(BerthException.NotFound.class);
    }

    @Test
    void basicAuthRegistry() throws IOException {
        ImageReference ref = ref("BERTH_TEST_AUTH_REGISTRY", "test/busybox:1");
        assertThatThrownBy(() -> client.resolve(ref)).isInstanceOf(BerthException.PermissionDenied.class)
                .hasMessageContaining("docker login");
        String user = env.get("BERTH_TEST_AUTH_USER");
        String password = env.get("BERTH_TEST_AUTH_PASSWORD");
        try (RegistryClient wrong = new RegistryClient(RegistryOptions.defaults()
                .withCredentials(host -> Optional.of(new Credentials(user, "not-" + password))))) {
            assertThatThrownBy(() -> wrong.resolve(ref)).isInstanceOf(BerthException.PermissionDenied.class)
                    .hasMessageNotContaining(password);
        }
        try (RegistryClient right = new RegistryClient(RegistryOptions.defaults()
                .withCredentials(host -> Optional.of(new Credentials(user, password))))) {
            pullAndVerify(right, ref);
            pullAndVerify(right, ref("BERTH_TEST_AUTH_REGISTRY", "test/docker:1"));
        }
    }

    @Test
    void basicAuthFromADockerConfigFile(@TempDir Path dir) throws IOException {
        String host = env.get("BERTH_TEST_AUTH_REGISTRY");
        String auth = Base64.getEncoder().encodeToString((env.get("BERTH_TEST_AUTH_USER") + ":" + env.get("BERTH_TEST_AUTH_PASSWORD"))
                .getBytes(StandardCharsets.UTF_8));
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"auths\":{\"http://" + host + "\":{\"auth\":\"" + auth + "\"}}}");
        DockerConfigCredentials creds = new DockerConfigCredentials(config, List.of(), Duration.ofSeconds(10));
        try (RegistryClient c = new RegistryClient(RegistryOptions.defaults().withCredentials(creds))) {
            ImageReference ref = ref("BERTH_TEST_AUTH_REGISTRY", "test/multi:3");
            assertThat(pullAndVerify(c, ref).layers()).hasSize(3);
        }
    }
}
