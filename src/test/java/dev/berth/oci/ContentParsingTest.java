package dev.berth.oci;

import dev.berth.model.BerthException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContentParsingTest {

    static final String D1 = Digests.sha256("1");
    static final String D2 = Digests.sha256("2");
    static final String D3 = Digests.sha256("3");

    static byte[] json(String s) {
        return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    static final String INDEX = """
            {'schemaVersion': 2, 'mediaType': 'application/vnd.oci.image.index.v1+json',
             'manifests': [
               {'mediaType': 'application/vnd.oci.image.manifest.v1+json', 'digest': '%s', 'size': 500,
                'platform': {'architecture': 'amd64', 'os': 'linux'}},
               {'mediaType': 'application/vnd.oci.image.manifest.v1+json', 'digest': '%s', 'size': 501,
                'platform': {'architecture': 'arm64', 'os': 'linux', 'variant': 'v8', 'os.features': ['x']},
                'annotations': {'org.opencontainers.image.ref.name': '1'}},
               {'mediaType': 'application/vnd.oci.image.manifest.v1+json', 'digest': '%s', 'size': 502,
                'unknownField': true}
             ],
             'annotations': {'a': 'b'}, 'somethingNew': [1, 2]}
            """.formatted(D1, D2, D3);

    static final String MANIFEST = """
            {'schemaVersion': 2, 'mediaType': 'application/vnd.docker.distribution.manifest.v2+json',
             'config': {'mediaType': 'application/vnd.docker.container.image.v1+json', 'digest': '%s', 'size': 1469},
             'layers': [
               {'mediaType': 'application/vnd.docker.image.rootfs.diff.tar.gzip', 'digest': '%s', 'size': 772788},
               {'mediaType': 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', 'digest': '%s', 'size': 5,
                'urls': ['https://example.com/layer']}
             ]}
            """.formatted(D1, D2, D3);

    @Test
    void parsesAnIndex() {
        ImageIndex index = ImageIndex.parse(json(INDEX), new Descriptor(MediaTypes.OCI_INDEX, D1, 1));
        assertThat(index.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(index.manifests()).hasSize(3);
        assertThat(index.manifests().get(0).platform()).isEqualTo(new Platform("linux", "amd64"));
        assertThat(index.manifests().get(1).platform()).isEqualTo(new Platform("linux", "arm64", "v8"));
        assertThat(index.manifests().get(1).annotations()).containsEntry("org.opencontainers.image.ref.name", "1");
        assertThat(index.manifests().get(2).platform()).isNull();
        assertThat(index.manifests().get(2).size()).isEqualTo(502);
        assertThat(index.annotations()).isEqualTo(Map.of("a", "b"));
        assertThat(PlatformMatcher.of(Platform.parse("linux/arm64")).select(index, "x").digest()).isEqualTo(D2);
    }

    @Test
    void parsesADockerManifest() {
        ImageManifest m = ImageManifest.parse(json(MANIFEST), null);
        assertThat(m.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(m.config().digest()).isEqualTo(D1);
        assertThat(MediaTypes.isConfig(m.config().mediaType())).isTrue();
        assertThat(m.layers()).extracting(Descriptor::digest).containsExactly(D2, D3);
        assertThat(m.layers()).allMatch(l -> MediaTypes.isLayer(l.mediaType()));
        assertThat(m.layers().get(1).urls()).containsExactly("https://example.com/layer");
        assertThat(MediaTypes.isNonDistributable(m.layers().get(1).mediaType())).isTrue();
        assertThat(MediaTypes.compression(m.layers().get(0).mediaType())).isEqualTo("gzip");
    }

    @Test
    void missingMediaTypeFallsBackToTheDescriptor() {
        String noType = MANIFEST.replace("'mediaType': 'application/vnd.docker.distribution.manifest.v2+json',", "");
        assertThat(ImageManifest.parse(json(noType), new Descriptor(MediaTypes.DOCKER_MANIFEST, D1, 1)).mediaType())
                .isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(ImageManifest.parse(json(noType), new Descriptor("application/json; charset=utf-8", D1, 1)).mediaType())
                .isEqualTo(MediaTypes.OCI_MANIFEST);
        String noIndexType = INDEX.replace("'mediaType': 'application/vnd.oci.image.index.v1+json',", "");
        assertThat(ImageIndex.parse(json(noIndexType), new Descriptor(MediaTypes.DOCKER_MANIFEST_LIST + "; charset=utf-8", D1, 1)).mediaType())
                .isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    }

    @Test
    void detectsTheMediaTypeFromContent() {
        assertThat(ImageManifest.detectMediaType(json(INDEX), "application/json", D1)).isEqualTo(MediaTypes.OCI_INDEX);
        String noType = MANIFEST.replace("'mediaType': 'application/vnd.docker.distribution.manifest.v2+json',", "");
        assertThat(ImageManifest.detectMediaType(json(noType), MediaTypes.DOCKER_MANIFEST, D1)).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(ImageManifest.detectMediaType(json(noType), null, D1)).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(ImageManifest.detectMediaType(json("{'schemaVersion': 1, 'fsLayers': []}"), "application/json", D1))
                .isEqualTo(MediaTypes.DOCKER_SCHEMA1_MANIFEST);
        assertThatThrownBy(() -> ImageManifest.detectMediaType(json("{'hello': 1}"), null, D1))
                .isInstanceOf(BerthException.Registry.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "not json", "[1,2]", "{'schemaVersion': 2", "{'schemaVersion': 2} trailing",
            "{'config': {}, 'layers': []}",
            "{'schemaVersion': 3, 'config': {}, 'layers': []}",
            "{'schemaVersion': 1, 'fsLayers': []}",
            "{'schemaVersion': '2'}",
            "{'schemaVersion': 2, 'layers': []}",
            "{'schemaVersion': 2, 'config': {'mediaType': 'x', 'digest': 'DIGEST', 'size': 1}}",
            "{'schemaVersion': 2, 'config': {'mediaType': 'x', 'digest': 'DIGEST', 'size': 1}, 'layers': {}}",
            "{'schemaVersion': 2, 'config': {'mediaType': 'x', 'digest': 'sha256:abc', 'size': 1}, 'layers': []}",
            "{'schemaVersion': 2, 'config': {'mediaType': 'x', 'digest': 'md5:d41d8cd98f00b204e9800998ecf8427e', 'size': 1}, 'layers': []}",
            "{'schemaVersion': 2, 'config': {'mediaType': 'x', 'digest': 'DIGEST', 'size': -1}, 'layers': []}",
            "{'schemaVersion': 2, 'config': {'mediaType': 'x', 'digest': 'DIGEST', 'size': 1.5}, 'layers': []}",
            "{'schemaVersion': 2, 'config': {'digest': 'DIGEST', 'size': 1}, 'layers': []}",
            "{'schemaVersion': 2, 'config': {'mediaType': 'x', 'digest': 'DIGEST', 'size': 1}, 'layers': [42]}",
            "{'schemaVersion': 2, 'mediaType': 'application/vnd.oci.image.index.v1+json', 'manifests': []}",
            "{'schemaVersion': 2, 'mediaType': 'text/plain', 'config': {'mediaType': 'x', 'digest': 'DIGEST', 'size': 1}, 'layers': []}",
    })
    void malformedManifestsAreRegistryErrorsNamingTheDigest(String text) {
        byte[] bytes = json(text.replace("DIGEST", D2));
        assertThatThrownBy(() -> ImageManifest.parse(bytes, new Descriptor(MediaTypes.OCI_MANIFEST, D1, bytes.length)))
                .isInstanceOf(BerthException.Registry.class)
                .hasMessageStartingWith("manifest " + D1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{'schemaVersion': 2}", "{'schemaVersion': 2, 'manifests': {}}",
            "{'schemaVersion': 2, 'manifests': [{'mediaType': 'x', 'digest': 'sha256:1', 'size': 1}]}",
            "{'schemaVersion': 2, 'manifests': [{'mediaType': 'x', 'digest': 'DIGEST', 'size': 1, 'platform': {'os': 'linux'}}]}",
            "{'schemaVersion': 2, 'mediaType': 'application/vnd.oci.image.manifest.v1+json', 'manifests': []}"})
    void malformedIndexesAreRegistryErrors(String text) {
        byte[] bytes = json(text.replace("DIGEST", D2));
        assertThatThrownBy(() -> ImageIndex.parse(bytes, new Descriptor(MediaTypes.OCI_INDEX, D1, bytes.length)))
                .isInstanceOf(BerthException.Registry.class)
                .hasMessageStartingWith("index " + D1);
    }

    @Test
    void malformedJsonMessageGivesThePositionNotTheContent() {
        byte[] bytes = "{\"schemaVersion\": 2,\n \"secret-looking\": nope}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ImageManifest.parse(bytes, new Descriptor(MediaTypes.OCI_MANIFEST, D1, 1)))
                .isInstanceOf(BerthException.Registry.class)
                .hasMessageContaining("not valid JSON (line 2")
                .hasMessageNotContaining("nope");
    }

    @Test
    void tooManyLayersAreRejected() {
        StringBuilder layers = new StringBuilder();
        for (int i = 0; i <= ImageManifest.MAX_LAYERS; i++) {
            layers.append(i == 0 ? "" : ",").append("{'mediaType': 'application/vnd.oci.image.layer.v1.tar+gzip', 'digest': '")
                    .append(D2).append("', 'size': 1}");
        }
        byte[] bytes = json("{'schemaVersion': 2, 'config': {'mediaType': 'application/vnd.oci.image.config.v1+json', 'digest': '"
                + D1 + "', 'size': 1}, 'layers': [" + layers + "]}");
        assertThatThrownBy(() -> ImageManifest.parse(bytes, new Descriptor(MediaTypes.OCI_MANIFEST, D3, bytes.length)))
                .isInstanceOf(BerthException.Registry.class)
                .hasMessage("manifest " + D3 + ": it lists 1001 layers; at most 1000 are supported");
    }

    static final String CONFIG = """
            {'architecture': 'amd64', 'os': 'linux', 'created': '2024-01-02T03:04:05.123456789Z',
             'config': {'User': 'app', 'Env': ['PATH=/bin', 'A=b'], 'Entrypoint': ['/bin/sh', '-c'], 'Cmd': ['echo hi'],
                        'WorkingDir': '/work', 'Labels': {'l': 'v', 'n': null}, 'StopSignal': 'SIGQUIT',
                        'ExposedPorts': {'80/tcp': {}, '53/udp': {}}, 'Volumes': {'/data': {}}, 'OnBuild': null},
             'container_config': {'Cmd': ['ignored']},
             'rootfs': {'type': 'layers', 'diff_ids': ['%s', '%s']},
             'history': [{'created': '2024-01-01T00:00:00Z', 'created_by': 'ADD file', 'empty_layer': false},
                         {'created_by': 'ENV A=b', 'empty_layer': true}]}
            """.formatted(D1, D2);

    @Test
    void parsesAnImageConfig() {
        ImageConfig c = ImageConfig.parse(json(CONFIG), D3);
        assertThat(c.platform()).isEqualTo(new Platform("linux", "amd64"));
        assertThat(c.createdInstant()).isPresent();
        assertThat(c.config().user()).isEqualTo("app");
        assertThat(c.config().env()).containsExactly("PATH=/bin", "A=b");
        assertThat(c.config().entrypoint()).containsExactly("/bin/sh", "-c");
        assertThat(c.config().cmd()).containsExactly("echo hi");
        assertThat(c.config().workingDir()).isEqualTo("/work");
        assertThat(c.config().labels()).isEqualTo(Map.of("l", "v"));
        assertThat(c.config().stopSignal()).isEqualTo("SIGQUIT");
        assertThat(c.config().exposedPorts()).containsExactlyInAnyOrder("80/tcp", "53/udp");
        assertThat(c.config().volumes()).containsExactly("/data");
        assertThat(c.rootfs().diffIds()).containsExactly(D1, D2);
        assertThat(c.chainIds()).containsExactly(D1, Digests.sha256(D1 + " " + D2));
        assertThat(c.history()).hasSize(2);
        assertThat(c.history().get(1).emptyLayer()).isTrue();
        assertThat(c.history().get(0).createdBy()).isEqualTo("ADD file");
    }

    @Test
    void aConfigWithoutProcessSettingsIsFine() {
        ImageConfig c = ImageConfig.parse(json("{'architecture': 'arm64', 'variant': 'v8', 'os': 'linux', 'config': null, "
                + "'rootfs': {'type': 'layers', 'diff_ids': []}}"), null);
        assertThat(c.config()).isEqualTo(ImageConfig.ContainerConfig.EMPTY);
        assertThat(c.config().entrypoint()).isEmpty();
        assertThat(c.platform()).isEqualTo(new Platform("linux", "arm64", "v8"));
        assertThat(c.history()).isEmpty();
        assertThat(c.createdInstant()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "{}", "{'architecture': 'amd64', 'os': 'linux'}",
            "{'architecture': 'amd64', 'os': 'linux', 'rootfs': {'type': 'layers'}}",
            "{'architecture': 'amd64', 'os': 'linux', 'rootfs': {'type': 'zfs', 'diff_ids': []}}",
            "{'architecture': 'amd64', 'os': 'linux', 'rootfs': {'type': 'layers', 'diff_ids': ['sha256:bad']}}",
            "{'architecture': 'amd64', 'rootfs': {'type': 'layers', 'diff_ids': []}}",
            "{'architecture': 'amd64', 'os': 'linux', 'config': {'Env': 'PATH=/bin'}, 'rootfs': {'type': 'layers', 'diff_ids': []}}",
            "{'architecture': 'amd64', 'os': 'linux', 'config': {'Cmd': [1]}, 'rootfs': {'type': 'layers', 'diff_ids': []}}",
            "{'architecture': 'amd64', 'os': 'linux', 'config': {'Labels': {'a': 1}}, 'rootfs': {'type': 'layers', 'diff_ids': []}}",
            "{'architecture': 'amd64', 'os': 'linux', 'rootfs': {'type': 'layers', 'diff_ids': []}, 'history': {}}"})
    void malformedConfigsAreRegistryErrors(String text) {
        assertThatThrownBy(() -> ImageConfig.parse(json(text), D3))
                .isInstanceOf(BerthException.Registry.class)
                .hasMessageStartingWith("image config " + D3);
    }

    @Test
    void mediaTypeClassification() {
        assertThat(MediaTypes.isIndex(MediaTypes.DOCKER_MANIFEST_LIST)).isTrue();
        assertThat(MediaTypes.isIndex(MediaTypes.OCI_INDEX + "; charset=utf-8")).isTrue();
        assertThat(MediaTypes.isManifest(MediaTypes.OCI_MANIFEST)).isTrue();
        assertThat(MediaTypes.isSchema1(MediaTypes.DOCKER_SCHEMA1_SIGNED_MANIFEST)).isTrue();
        assertThat(MediaTypes.isLayer(MediaTypes.OCI_LAYER_ZSTD)).isTrue();
        assertThat(MediaTypes.compression(MediaTypes.OCI_LAYER_ZSTD)).isEqualTo("zstd");
        assertThat(MediaTypes.compression(MediaTypes.OCI_LAYER)).isEqualTo("none");
        assertThat(MediaTypes.isNonDistributable(MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_GZIP)).isTrue();
        assertThat(MediaTypes.isLayer(MediaTypes.OCI_CONFIG)).isFalse();
        assertThat(MediaTypes.MANIFEST_ACCEPT).isEqualTo("application/vnd.docker.distribution.manifest.v2+json, "
                + "application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, "
                + "application/vnd.oci.image.index.v1+json, */*");
        assertThat(List.of(MediaTypes.strip(null), MediaTypes.strip(" Application/JSON ; q=1"))).containsExactly("", "application/json");
    }
}
