package dev.berth.app.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.containerd.ContainerdConnection;
import dev.berth.model.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("berth").resolve("settings.json");
    }

    private static Settings sample() {
        return Settings.defaults()
                .withEndpoints(List.of(new Endpoint("local", "/run/containerd/containerd.sock", "k8s.io"),
                        new Endpoint("build box", "/tmp/remote-containerd.sock", "builds")), "build box")
                .withTheme("dark").withLanguage("zh-CN")
                .withInsecureRegistries(List.of("registry.lan:5000", "10.0.0.7"))
                .withParallelDownloads(7)
                .withCni("lab", "10.77.0.0/16")
                .withWindow(new WindowBounds(40, 30, 1400, 900, true));
    }

    @Test
    void roundTripKeepsEveryValue() throws IOException {
        SettingsStore store = new SettingsStore(file(), CLOCK);
        store.save(sample());
        SettingsStore.Loaded loaded = new SettingsStore(file(), CLOCK).load();
        assertThat(loaded.problem()).isEqualTo(SettingsStore.Problem.NONE);
        assertThat(loaded.settings()).isEqualTo(sample());
        assertThat(loaded.settings().current()).isEqualTo(new Endpoint("build box", "/tmp/remote-containerd.sock", "builds"));
    }

    @Test
    void missingFileAndDirectoryGiveTheDefaultsAndSavingCreatesTheDirectory() throws IOException {
        SettingsStore store = new SettingsStore(file(), CLOCK);
        SettingsStore.Loaded loaded = store.load();
        assertThat(loaded.problem()).isEqualTo(SettingsStore.Problem.NONE);
        assertThat(loaded.settings()).isEqualTo(Settings.defaults());
        assertThat(loaded.settings().current().address()).isEqualTo(ContainerdConnection.DEFAULT_ADDRESS);
        assertThat(loaded.settings().current().namespace()).isEqualTo("default");
        assertThat(Files.exists(file().getParent())).isFalse();
        store.save(Settings.defaults());
        assertThat(file()).exists();
        try (Stream<Path> files = Files.list(file().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("settings.json");
        }
    }

    @Test
    void corruptFileIsKeptAsideAndDefaultsAreUsed() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\"theme\": \"dark\", \"endpoints\": [", StandardCharsets.UTF_8);
        SettingsStore store = new SettingsStore(file(), CLOCK);
        SettingsStore.Loaded loaded = store.load();
        assertThat(loaded.problem()).isEqualTo(SettingsStore.Problem.CORRUPT);
        assertThat(loaded.settings()).isEqualTo(Settings.defaults());
        assertThat(loaded.keptAt()).isEqualTo(file().resolveSibling("settings.json.corrupt-20260304-050607"));
        assertThat(Files.readString(loaded.keptAt())).isEqualTo("{\"theme\": \"dark\", \"endpoints\": [");
        assertThat(file()).doesNotExist();
        assertThat(store.isWritable()).isTrue();
        store.save(Settings.defaults());
        assertThat(store.load().problem()).isEqualTo(SettingsStore.Problem.NONE);
    }

    @Test
    void aSecondCorruptFileInTheSameSecondDoesNotOverwriteTheFirst() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "first");
        Path a = new SettingsStore(file(), CLOCK).load().keptAt();
        Files.writeString(file(), "[\"second\"]");
        Path b = new SettingsStore(file(), CLOCK).load().keptAt();
        assertThat(a).isNotEqualTo(b);
        assertThat(Files.readString(a)).isEqualTo("first");
        assertThat(Files.readString(b)).isEqualTo("[\"second\"]");
    }

    @Test
    void unreadableFileIsKeptAsideAndDefaultsAreUsed() throws IOException {
        // a directory where the file should be cannot be read, even by root
        Files.createDirectories(file());
        Files.writeString(file().resolve("inside"), "x");
        SettingsStore store = new SettingsStore(file(), CLOCK);
        SettingsStore.Loaded loaded = store.load();
        assertThat(loaded.problem()).isEqualTo(SettingsStore.Problem.UNREADABLE);
        assertThat(loaded.settings()).isEqualTo(Settings.defaults());
        assertThat(loaded.keptAt()).isEqualTo(file().resolveSibling("settings.json.unreadable-20260304-050607"));
        assertThat(loaded.keptAt().resolve("inside")).hasContent("x");
        store.save(sample());
        assertThat(store.load().settings()).isEqualTo(sample());
    }

    @Test
    void unreadableFileThatCannotBeMovedIsLeftAloneForTheWholeRun() throws IOException {
        Path ro = dir.resolve("ro");
        Path f = ro.resolve("settings.json");
        Files.createDirectories(f);
        SettingsStore store = new SettingsStore(f, CLOCK);
        ro.toFile().setWritable(false, false);
        try {
            boolean rootCanStillWrite = Files.isWritable(ro);
            SettingsStore.Loaded loaded = store.load();
            assertThat(loaded.problem()).isEqualTo(SettingsStore.Problem.UNREADABLE);
            assertThat(loaded.settings()).isEqualTo(Settings.defaults());
            if (!rootCanStillWrite) {
                assertThat(loaded.keptAt()).isNull();
                assertThat(store.isWritable()).isFalse();
                store.save(sample());
                assertThat(f).isDirectory();
            }
        } finally {
            ro.toFile().setWritable(true, false);
        }
    }

    @Test
    void unknownFieldsAreIgnoredAndBadValuesFallBackOneByOne() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\n"
                + "  \"format\": 9, \"fromTheFuture\": {\"a\": [1, 2]},\n"
                + "  \"endpoints\": [{\"name\": \"lab\", \"socket\": \"/tmp/lab.sock\", \"colour\": \"red\"},\n"
                + "                {\"name\": \"no socket\"}, 42,\n"
                + "                {\"name\": \"lab\", \"socket\": \"/tmp/duplicate.sock\"}],\n"
                + "  \"currentEndpoint\": \"gone\",\n"
                + "  \"theme\": \"purple\", \"language\": 5,\n"
                + "  \"insecureRegistries\": [\"reg.lan:5000\", 3, \"reg.lan:5000\", \"a b\", \"http://REG.lan:5001/v2\"],\n"
                + "  \"parallelDownloads\": 1000,\n"
                + "  \"cni\": {\"network\": \"bad name!\", \"subnet\": \"10.9.0.0/24\"},\n"
                + "  \"window\": {\"x\": 10, \"y\": 10, \"width\": 20, \"height\": 20}\n"
                + "}\n");
        SettingsStore.Loaded loaded = new SettingsStore(file(), CLOCK).load();
        assertThat(loaded.problem()).isEqualTo(SettingsStore.Problem.NONE);
        Settings s = loaded.settings();
        assertThat(s.endpoints()).containsExactly(new Endpoint("lab", "/tmp/lab.sock", "default"));
        assertThat(s.currentEndpoint()).isEqualTo("lab");
        assertThat(s.theme()).isEqualTo("system");
        assertThat(s.language()).isNull();
        // "a b" would make every pull fail: dropped; a URL becomes the host:port it names
        assertThat(s.insecureRegistries()).containsExactly("reg.lan:5000", "reg.lan:5001");
        assertThat(s.parallelDownloads()).isEqualTo(Settings.defaults().parallelDownloads());
        assertThat(s.cniNetwork()).isEqualTo("berth");
        assertThat(s.cniSubnet()).isEqualTo("10.9.0.0/24");
        assertThat(s.window()).isNull();
    }

    @Test
    void aByteOrderMarkIsSkipped() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "\uFEFF{\"theme\": \"dark\"}");
        SettingsStore.Loaded loaded = new SettingsStore(file(), CLOCK).load();
        assertThat(loaded.problem()).isEqualTo(SettingsStore.Problem.NONE);
        assertThat(loaded.settings().theme()).isEqualTo("dark");
        assertThat(loaded.keptAt()).isNull();
    }

    @Test
    void savingLeavesNoTemporaryFilesAndReplacesTheOldFile() throws IOException {
        SettingsStore store = new SettingsStore(file(), CLOCK);
        store.save(Settings.defaults());
        store.save(sample());
        try (Stream<Path> files = Files.list(file().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("settings.json");
        }
        assertThat(store.load().settings()).isEqualTo(sample());
    }

    @Test
    void saverWritesTheNewestSettings() {
        SettingsStore store = new SettingsStore(file(), CLOCK);
        SettingsSaver saver = new SettingsSaver(store);
        saver.save(Settings.defaults().withParallelDownloads(2));
        saver.save(Settings.defaults().withParallelDownloads(3));
        saver.save(sample());
        saver.flush(Duration.ofSeconds(10));
        assertThat(store.load().settings()).isEqualTo(sample());
    }

    @Test
    void xdgConfigHomeWinsOverHome() {
        assertThat(SettingsStore.defaultFile(Map.of("XDG_CONFIG_HOME", "/x/cfg"), "/home/ann"))
                .isEqualTo(Path.of("/x/cfg/berth/settings.json"));
        assertThat(SettingsStore.defaultFile(Map.of(), "/home/ann")).isEqualTo(Path.of("/home/ann/.config/berth/settings.json"));
        assertThat(SettingsStore.defaultFile(Map.of("XDG_CONFIG_HOME", "relative"), "/home/ann"))
                .isEqualTo(Path.of("/home/ann/.config/berth/settings.json"));
    }

    @Test
    void requestedAddressAndNamespaceBecomeTheCurrentEndpoint() {
        Settings s = sample();
        Settings same = s.withRequested("/tmp/remote-containerd.sock", null);
        assertThat(same.current()).isEqualTo(new Endpoint("build box", "/tmp/remote-containerd.sock", "builds"));
        Settings ns = s.withRequested(null, "moby");
        assertThat(ns.current()).isEqualTo(new Endpoint("build box", "/tmp/remote-containerd.sock", "moby"));
        Settings fresh = s.withRequested("/tmp/other.sock", "x");
        assertThat(fresh.endpoints()).hasSize(3);
        assertThat(fresh.current()).isEqualTo(new Endpoint("tmp/other.sock", "/tmp/other.sock", "x"));
        assertThat(fresh.withRequested("/srv/b/other.sock", null).current().name()).isEqualTo("b/other.sock");
        assertThat(Settings.defaults().withRequested("/x.sock", null).current().name()).isEqualTo("/x.sock");
        assertThat(s.withRequested(null, null)).isSameAs(s);
    }

    @Test
    void serviceOptionsCarryTheSettings() {
        var o = sample().serviceOptions("/tmp/x.sock", "ns1");
        assertThat(o.address()).isEqualTo("/tmp/x.sock");
        assertThat(o.namespace()).isEqualTo("ns1");
        assertThat(o.insecureRegistries()).containsExactlyInAnyOrder("registry.lan:5000", "10.0.0.7");
        assertThat(o.parallelDownloads()).isEqualTo(7);
        assertThat(o.cni().networkName()).isEqualTo("lab");
        assertThat(o.cni().subnet()).isEqualTo("10.77.0.0/16");
    }
}
