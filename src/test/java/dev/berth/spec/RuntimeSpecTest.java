package dev.berth.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.model.BerthException;
import dev.berth.model.MountSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeSpecTest {

    /** containerd 1.6's populateDefaultUnixSpec for ns/c1, as Go's json.Marshal writes it. */
    static final String DEFAULT_SPEC = "{\"ociVersion\":\"1.0.2-dev\",\"process\":{\"user\":{\"uid\":0,\"gid\":0},"
            + "\"cwd\":\"/\",\"capabilities\":{"
            + "\"bounding\":" + caps() + ",\"effective\":" + caps() + ",\"permitted\":" + caps() + "},"
            + "\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1024,\"soft\":1024}],\"noNewPrivileges\":true},"
            + "\"root\":{\"path\":\"rootfs\"},\"mounts\":["
            + "{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\",\"options\":[\"nosuid\",\"noexec\",\"nodev\"]},"
            + "{\"destination\":\"/dev\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"nosuid\",\"strictatime\",\"mode=755\",\"size=65536k\"]},"
            + "{\"destination\":\"/dev/pts\",\"type\":\"devpts\",\"source\":\"devpts\",\"options\":[\"nosuid\",\"noexec\",\"newinstance\",\"ptmxmode=0666\",\"mode=0620\",\"gid=5\"]},"
            + "{\"destination\":\"/dev/shm\",\"type\":\"tmpfs\",\"source\":\"shm\",\"options\":[\"nosuid\",\"noexec\",\"nodev\",\"mode=1777\",\"size=65536k\"]},"
            + "{\"destination\":\"/dev/mqueue\",\"type\":\"mqueue\",\"source\":\"mqueue\",\"options\":[\"nosuid\",\"noexec\",\"nodev\"]},"
            + "{\"destination\":\"/sys\",\"type\":\"sysfs\",\"source\":\"sysfs\",\"options\":[\"nosuid\",\"noexec\",\"nodev\",\"ro\"]},"
            + "{\"destination\":\"/run\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"nosuid\",\"strictatime\",\"mode=755\",\"size=65536k\"]}],"
            + "\"linux\":{\"resources\":{\"devices\":[{\"allow\":false,\"access\":\"rwm\"}]},\"cgroupsPath\":\"/ns/c1\","
            + "\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"ipc\"},{\"type\":\"uts\"},{\"type\":\"mount\"},{\"type\":\"network\"}],"
            + "\"maskedPaths\":[\"/proc/acpi\",\"/proc/asound\",\"/proc/kcore\",\"/proc/keys\",\"/proc/latency_stats\","
            + "\"/proc/timer_list\",\"/proc/timer_stats\",\"/proc/sched_debug\",\"/sys/firmware\",\"/proc/scsi\"],"
            + "\"readonlyPaths\":[\"/proc/bus\",\"/proc/fs\",\"/proc/irq\",\"/proc/sys\",\"/proc/sysrq-trigger\"]}}";

    private static String caps() {
        return "[\"CAP_CHOWN\",\"CAP_DAC_OVERRIDE\",\"CAP_FSETID\",\"CAP_FOWNER\",\"CAP_MKNOD\",\"CAP_NET_RAW\","
                + "\"CAP_SETGID\",\"CAP_SETUID\",\"CAP_SETFCAP\",\"CAP_SETPCAP\",\"CAP_NET_BIND_SERVICE\","
                + "\"CAP_SYS_CHROOT\",\"CAP_KILL\",\"CAP_AUDIT_WRITE\"]";
    }

    @Test
    void theDefaultSpecIsByteForByteTheGoClientsJson() {
        String json = new String(RuntimeSpec.defaults("ns", "c1").toJson(), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo(DEFAULT_SPEC);
    }

    @Test
    void newerClientLinesWriteTheirSpecVersionAndMaskPowercap() {
        assertThat(RuntimeSpec.defaults("ns", "c1", ClientDefaults.V1_6).toJson())
                .isEqualTo(RuntimeSpec.defaults("ns", "c1").toJson());
        for (ClientDefaults c : List.of(ClientDefaults.V1_7, ClientDefaults.V2)) {
            String json = new String(RuntimeSpec.defaults("ns", "c1", c).toJson(), StandardCharsets.UTF_8);
            String expected = DEFAULT_SPEC.replace("\"1.0.2-dev\"", "\"" + c.ociVersion() + "\"")
                    .replace("\"/sys/firmware\",\"/proc/scsi\"", "\"/sys/firmware\",\"/sys/devices/virtual/powercap\",\"/proc/scsi\"");
            assertThat(json).as(c.name()).isEqualTo(expected);
        }
        assertThat(ClientDefaults.V1_7.ociVersion()).isEqualTo("1.2.0");
        assertThat(ClientDefaults.V2.ociVersion()).isEqualTo("1.2.1");
    }

    @Test
    void theClientLineFollowsTheDaemon() {
        assertThat(ClientDefaults.forDaemon(daemon("1.6.20~ds1"))).isEqualTo(ClientDefaults.V1_6);
        assertThat(ClientDefaults.forDaemon(daemon("1.5.9"))).isEqualTo(ClientDefaults.V1_6);
        assertThat(ClientDefaults.forDaemon(daemon("1.7.24~ds1"))).isEqualTo(ClientDefaults.V1_7);
        assertThat(ClientDefaults.forDaemon(daemon("v2.1.9"))).isEqualTo(ClientDefaults.V2);
        assertThat(ClientDefaults.forDaemon(null)).isEqualTo(ClientDefaults.V1_6);
    }

    private static dev.berth.model.DaemonInfo daemon(String version) {
        return new dev.berth.model.DaemonInfo("/s", version, "r", List.of("overlayfs"), java.util.Set.of());
    }

    @Test
    void newFieldsLandWhereGoPutsThem() throws Exception {
        RuntimeSpec s = RuntimeSpec.defaults("ns", "c1").setArgs(List.of("sh")).setEnv(List.of("A=1")).withTty();
        JsonNode process = new ObjectMapper().readTree(s.toJson()).get("process");
        List<String> keys = new java.util.ArrayList<>();
        process.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("terminal", "user", "args", "env", "cwd", "capabilities", "rlimits",
                "noNewPrivileges");
        assertThat(s.env()).containsExactly("A=1", "TERM=xterm");
        assertThat(s.terminal()).isTrue();
    }

    @Test
    void userAndMountsReadBack() {
        RuntimeSpec s = RuntimeSpec.defaults("ns", "c1")
                .setUser(new UserResolver.ResolvedUser(1000, 50, List.of(50L, 10L)))
                .addMounts(List.of(MountSpec.bind("/src", "/dst", true)));
        assertThat(s.uid()).isEqualTo(1000);
        assertThat(s.gid()).isEqualTo(50);
        assertThat(s.additionalGids()).containsExactly(50L, 10L);
        assertThat(s.mounts()).hasSize(8).last().isEqualTo(new MountSpec("bind", "/src", "/dst", List.of("rbind", "ro")));
        assertThat(s.cgroupsPath()).isEqualTo("/ns/c1");
    }

    @Test
    void parseKeepsUnknownFieldsAndRoundTrips() {
        String withExtra = DEFAULT_SPEC.substring(0, DEFAULT_SPEC.length() - 1) + ",\"vendorThing\":{\"x\":1}}";
        RuntimeSpec s = RuntimeSpec.parse(withExtra.getBytes(StandardCharsets.UTF_8));
        assertThat(new String(s.toJson(), StandardCharsets.UTF_8)).isEqualTo(withExtra);
    }

    @Test
    void garbageIsRefused() {
        assertThatThrownBy(() -> RuntimeSpec.parse("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BerthException.InvalidArgument.class);
        assertThatThrownBy(() -> RuntimeSpec.parse("{".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BerthException.InvalidArgument.class);
    }
}
