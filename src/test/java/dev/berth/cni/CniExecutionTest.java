package dev.berth.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.model.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin executor and the ADD/DEL/CHECK sequences with fake plugins (executables written by the
 * test): environment, injected configuration, order, result cache, and every kind of failure.
 */
class CniExecutionTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String R1 = "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\",\"sandbox\":\"/ns\"}],"
            + "\"ips\":[{\"address\":\"10.9.0.5/24\",\"gateway\":\"10.9.0.1\",\"interface\":0}]}";
    static final String R2 = "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\",\"sandbox\":\"/ns\"}],"
            + "\"ips\":[{\"address\":\"10.9.0.5/24\",\"gateway\":\"10.9.0.1\",\"interface\":0}],"
            + "\"dns\":{\"nameservers\":[\"10.9.0.1\"]}}";

    @TempDir
    Path tmp;

    FakePlugins fakes;
    Path netns;
    Path cacheDir;

    @BeforeEach
    void setUp() throws IOException {
        fakes = new FakePlugins(tmp);
        netns = Files.createFile(tmp.resolve("netns"));
        cacheDir = tmp.resolve("cache");
    }

    Cni cni(Duration timeout) {
        CniSettings s = CniSettings.defaults().withConfDir(tmp.resolve("no-conf")).withBinDirs(List.of(fakes.bin, tmp.resolve("other-bin")))
                .withTimeout(timeout);
        return new Cni(s, cacheDir);
    }

    static CniNetwork network(String version, String... types) {
        StringBuilder sb = new StringBuilder("{\"cniVersion\":\"" + version + "\",\"name\":\"testnet\",\"plugins\":[");
        for (int i = 0; i < types.length; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"type\":\"").append(types[i]).append("\",\"own\":").append(i).append('}');
        }
        sb.append("]}");
        return new CniNetwork(NetworkConfigList.parseList(sb.toString().getBytes(StandardCharsets.UTF_8), "test"), "eth0");
    }

    Cni.Attachment at() {
        return new Cni.Attachment("ns1--c1", netns.toString(), "1:2", "eth0");
    }

    @Test
    void addRunsThePluginsInOrderWithTheCniEnvironmentAndInjectedConfig() throws Exception {
        fakes.ok("first", R1).ok("second", R2);
        CniResult r = cni(Duration.ofSeconds(10)).add(network("1.0.0", "first", "second"), at());

        assertThat(fakes.log()).containsExactly("ADD first", "ADD second");
        assertThat(r.containerIp()).contains("10.9.0.5");
        assertThat(r.dns().nameservers()).containsExactly("10.9.0.1");
        assertThat(fakes.env("first", "ADD")).containsExactly("CNI_ARGS=", "CNI_COMMAND=ADD", "CNI_CONTAINERID=ns1--c1",
                "CNI_IFNAME=eth0", "CNI_NETNS=" + netns, "CNI_PATH=" + fakes.bin + ":" + tmp.resolve("other-bin"));

        JsonNode first = JSON.readTree(fakes.stdin("first", "ADD"));
        assertThat(first.get("type").asText()).isEqualTo("first");
        assertThat(first.get("own").asInt()).isZero();
        assertThat(first.get("name").asText()).isEqualTo("testnet");
        assertThat(first.get("cniVersion").asText()).isEqualTo("1.0.0");
        assertThat(first.has("prevResult")).isFalse();
        JsonNode second = JSON.readTree(fakes.stdin("second", "ADD"));
        assertThat(second.get("own").asInt()).isEqualTo(1);
        assertThat(second.get("prevResult")).isEqualTo(JSON.readTree(R1));

        // the final result and the configuration are cached under <net>-<container id>-<ifname>
        Path cached = cacheDir.resolve("testnet-ns1--c1-eth0");
        assertThat(cached).exists();
        JsonNode c = JSON.readTree(cached.toFile());
        assertThat(c.get("result")).isEqualTo(JSON.readTree(R2));
        assertThat(c.get("config").get("plugins")).hasSize(2);
        assertThat(c.get("netns").asText()).isEqualTo(netns.toString());
        assertThat(c.get("netnsId").asText()).isEqualTo("1:2");
    }

    @Test
    void removeRunsDelInReverseWithTheCachedResultThenDeletesTheCache() throws Exception {
        fakes.ok("first", R1).ok("second", R2);
        Cni cni = cni(Duration.ofSeconds(10));
        cni.add(network("1.0.0", "first", "second"), at());
        // the network changes on disk after the ADD: DEL uses the cached configuration
        fakes.ok("third", R1);
        boolean ran = cni.remove("testnet", network("1.0.0", "third").config(),
                new Cni.Attachment("ns1--c1", "", "", "eth0"));

        assertThat(ran).isTrue();
        assertThat(fakes.log()).containsExactly("ADD first", "ADD second", "DEL second", "DEL first");
        for (String p : List.of("first", "second")) {
            JsonNode del = JSON.readTree(fakes.stdin(p, "DEL"));
            assertThat(del.get("prevResult")).as(p).isEqualTo(JSON.readTree(R2));
            assertThat(fakes.env(p, "DEL")).contains("CNI_COMMAND=DEL", "CNI_NETNS=", "CNI_IFNAME=eth0");
        }
        assertThat(cacheDir.resolve("testnet-ns1--c1-eth0")).doesNotExist();
        // a second remove finds nothing cached and has no fallback: nothing runs
        assertThat(cni.remove("testnet", null, at())).isFalse();
        assertThat(fakes.log()).hasSize(4);
    }

    @Test
    void removeWithoutCacheUsesTheFallbackConfigAndNoPrevResult() throws Exception {
        fakes.ok("first", R1);
        Cni cni = cni(Duration.ofSeconds(10));
        assertThat(cni.remove("testnet", network("1.0.0", "first").config(), at())).isTrue();
        assertThat(fakes.log()).containsExactly("DEL first");
        assertThat(JSON.readTree(fakes.stdin("first", "DEL")).has("prevResult")).isFalse();
    }

    @Test
    void delOfAPre040NetworkGetsNoPrevResult() throws Exception {
        fakes.ok("first", R1.replace("1.0.0", "0.3.1"));
        Cni cni = cni(Duration.ofSeconds(10));
        cni.add(network("0.3.1", "first"), at());
        cni.remove("testnet", null, at());
        assertThat(JSON.readTree(fakes.stdin("first", "DEL")).has("prevResult")).isFalse();
        assertThat(JSON.readTree(fakes.stdin("first", "DEL")).get("cniVersion").asText()).isEqualTo("0.3.1");
    }

    @Test
    void checkRunsInOrderWithTheCachedResult() throws Exception {
        fakes.ok("first", R1).ok("second", R2);
        Cni cni = cni(Duration.ofSeconds(10));
        cni.add(network("1.0.0", "first", "second"), at());
        cni.check("testnet", at());
        assertThat(fakes.log()).containsExactly("ADD first", "ADD second", "CHECK first", "CHECK second");
        assertThat(JSON.readTree(fakes.stdin("first", "CHECK")).get("prevResult")).isEqualTo(JSON.readTree(R2));
        assertThatThrownBy(() -> cni.check("othernet", at())).isInstanceOf(BerthException.NotFound.class);
    }

    @Test
    void aPluginErrorIsMappedFromTheCniErrorJsonAndTheAddIsUndone() throws Exception {
        fakes.ok("first", R1).failing("second", 7, "bad thing", "the subnet is too small");
        Cni cni = cni(Duration.ofSeconds(10));
        assertThatThrownBy(() -> cni.add(network("1.0.0", "first", "second"), at()))
                .isInstanceOfSatisfying(CniPluginException.class, e -> {
                    assertThat(e.code()).isEqualTo(7);
                    assertThat(e.kind()).isEqualTo(BerthException.Kind.FAILED_PRECONDITION);
                    assertThat(e.plugin()).isEqualTo("second");
                    assertThat(e.pluginMessage()).isEqualTo("bad thing");
                    assertThat(e.details()).isEqualTo("the subnet is too small");
                })
                .hasMessage("CNI plugin second failed (ADD, network testnet): bad thing: the subnet is too small"
                        + " (CNI error code 7)");
        // DEL of the whole list, in reverse, with what the first plugin returned
        assertThat(fakes.log()).containsExactly("ADD first", "ADD second", "DEL second", "DEL first");
        assertThat(JSON.readTree(fakes.stdin("first", "DEL")).get("prevResult")).isEqualTo(JSON.readTree(R1));
        assertThat(cni.cache().files()).isEmpty();
    }

    @Test
    void aFailureWithoutErrorJsonShowsStderr() throws Exception {
        fakes.stderrFailing("first", "plain failure on stderr", 2);
        assertThatThrownBy(() -> cni(Duration.ofSeconds(10)).add(network("1.0.0", "first"), at()))
                .isInstanceOfSatisfying(CniPluginException.class, e -> assertThat(e.code()).isEqualTo(-1))
                .hasMessageContaining("CNI plugin first failed (ADD, network testnet)")
                .hasMessageContaining("plain failure on stderr");
    }

    @Test
    void errorCodesMapToKinds() {
        assertThat(CniPluginException.kind(3)).isEqualTo(BerthException.Kind.NOT_FOUND);
        assertThat(CniPluginException.kind(11)).isEqualTo(BerthException.Kind.UNAVAILABLE);
        assertThat(CniPluginException.kind(1)).isEqualTo(BerthException.Kind.FAILED_PRECONDITION);
        assertThat(CniPluginException.kind(999)).isEqualTo(BerthException.Kind.INTERNAL);
        assertThat(CniPluginException.kind(-1)).isEqualTo(BerthException.Kind.INTERNAL);
    }

    @Test
    void aHangingPluginAndItsChildrenAreKilledAfterTheTimeout() throws Exception {
        fakes.ok("first", R1).hanging("slow");
        Cni cni = cni(Duration.ofMillis(1500));
        long start = System.nanoTime();
        assertThatThrownBy(() -> cni.add(network("1.0.0", "first", "slow"), at()))
                .isInstanceOf(BerthException.Timeout.class)
                .hasMessage("CNI plugin slow (ADD, network testnet) did not finish within 1500 ms; it was killed");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("hanging plugin: Timeout after " + took.toMillis() + " ms (timeout 1500 ms)");
        assertThat(took).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(8));
        long plugin = fakes.pid("slow.pid");
        long child = fakes.pid("slow.child");
        assertThat(gone(plugin)).as("plugin").isTrue();
        assertThat(gone(child)).as("its child").isTrue();
        assertThat(fakes.log()).containsExactly("ADD first", "ADD slow", "DEL slow", "DEL first");
        assertThat(cni.cache().files()).isEmpty();
    }

    /** Whether the process is gone (or a zombie) within a few seconds: killed processes are reaped by init. */
    static boolean gone(long pid) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isEmpty() || !h.get().isAlive() || zombie(pid)) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void garbageOutputIsAClearErrorAndTheAddIsUndone() throws Exception {
        fakes.garbage("first", "this is not json");
        Cni cni = cni(Duration.ofSeconds(10));
        assertThatThrownBy(() -> cni.add(network("1.0.0", "first"), at()))
                .isInstanceOf(BerthException.Internal.class)
                .hasMessage("CNI plugin first (ADD, network testnet) returned output that is not a CNI result "
                        + "(it is not JSON): \"this is not json\"");
        assertThat(fakes.log()).containsExactly("ADD first", "DEL first");

        fakes.garbage("second", "{\"ips\":[{\"address\":\"nonsense\"}]}");
        assertThatThrownBy(() -> cni.add(network("1.0.0", "second"), at()))
                .isInstanceOf(BerthException.Internal.class)
                .hasMessageContaining("\"address\" \"nonsense\" is not an address/prefix");
        fakes.garbage("third", "");
        assertThatThrownBy(() -> cni.add(network("1.0.0", "third"), at()))
                .isInstanceOf(BerthException.Internal.class).hasMessageContaining("): nothing");
    }

    @Test
    void aMissingPluginFailsBeforeAnythingRuns() throws Exception {
        fakes.ok("first", R1);
        assertThatThrownBy(() -> cni(Duration.ofSeconds(10)).add(network("1.0.0", "first", "nope"), at()))
                .isInstanceOf(BerthException.FailedPrecondition.class)
                .hasMessage("CNI plugin \"nope\" is not in " + fakes.bin + " or " + tmp.resolve("other-bin")
                        + " (on Debian: apt-get install containernetworking-plugins)");
        assertThat(fakes.log()).isEmpty();
    }

    @Test
    void aMissingNamespaceFailsBeforeAnythingRuns() throws Exception {
        fakes.ok("first", R1);
        Cni cni = cni(Duration.ofSeconds(10));
        assertThatThrownBy(() -> cni.add(network("1.0.0", "first"),
                new Cni.Attachment("c1", tmp.resolve("gone").toString(), "", "eth0")))
                .isInstanceOf(BerthException.FailedPrecondition.class)
                .hasMessage("network namespace " + tmp.resolve("gone") + " does not exist");
        assertThatThrownBy(() -> cni.add(network("1.0.0", "first"), new Cni.Attachment("c1", "", "", "eth0")))
                .isInstanceOf(BerthException.InvalidArgument.class);
        assertThatThrownBy(() -> new Cni.Attachment("-bad", netns.toString(), "", "eth0"))
                .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("CNI container id \"-bad\"");
        assertThatThrownBy(() -> new Cni.Attachment("c1", "relative/ns", "", "eth0"))
                .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("must be absolute");
        assertThatThrownBy(() -> new Cni.Attachment("c1", netns.toString(), "", "eth0/../x"))
                .isInstanceOf(BerthException.InvalidArgument.class);
        assertThat(fakes.log()).isEmpty();
    }

    @Test
    void removeIgnoresNotFoundButStopsAtOtherErrorsAndKeepsTheCache() throws Exception {
        fakes.failingDel("first", R1, "link eth0 not found");
        Cni cni = cni(Duration.ofSeconds(10));
        cni.add(network("1.0.0", "first"), at());
        assertThat(cni.remove("testnet", null, at())).isTrue();
        assertThat(cni.cache().files()).isEmpty();

        fakes.failingDel("second", R1, "iptables is broken");
        cni.add(network("1.0.0", "second"), at());
        assertThatThrownBy(() -> cni.remove("testnet", null, at()))
                .isInstanceOf(CniPluginException.class).hasMessageContaining("iptables is broken");
        assertThat(cni.cache().files()).hasSize(1); // kept, so that a later remove can try again
    }

    @Test
    void pluginsGetASystemPathEvenWhenBerthHasNone() {
        PluginRunner r = new PluginRunner(List.of(fakes.bin), Duration.ofSeconds(1));
        PluginRunner.Call call = new PluginRunner.Call("ADD", "c1", "/ns", "eth0", "n");
        Map<String, String> env = r.environment(Map.of("PATH", "/home/u/bin", "CNI_ARGS", "IgnoreUnknown=1", "HOME", "/root"), call);
        assertThat(env.get("PATH")).isEqualTo("/home/u/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        assertThat(env.get("CNI_ARGS")).isEmpty(); // an inherited CNI_* never leaks into a plugin
        assertThat(env.get("HOME")).isEqualTo("/root");
        assertThat(r.environment(Map.of(), call).get("PATH")).isEqualTo("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    }

    @Test
    void versionsCompare() {
        assertThat(Cni.atLeast("1.0.0", "0.4.0")).isTrue();
        assertThat(Cni.atLeast("0.4.0", "0.4.0")).isTrue();
        assertThat(Cni.atLeast("0.3.1", "0.4.0")).isFalse();
        assertThat(Cni.atLeast("0.10.0", "0.4.0")).isTrue();
    }
}
