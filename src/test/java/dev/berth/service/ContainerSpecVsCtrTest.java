package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import containerd.services.containers.v1.Container;
import dev.berth.model.ContainerSpec;
import dev.berth.model.CreateContainerRequest;
import dev.berth.model.Labels;
import dev.berth.model.MountSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same containers made by {@code ctr containers create} and by Berth, from the same images with
 * the same choices; the specs stored in containerd (Containers.Get) are compared field by field.
 *
 * <p>Berth starts from the default spec of the Go client of the daemon's own release line
 * ({@link dev.berth.spec.ClientDefaults}): ctr 1.6 writes runtime-spec 1.0.2-dev, 1.7 writes 1.2.0
 * and masks {@code /sys/devices/virtual/powercap}, 2.1 writes 1.2.1; this test passes against all
 * three ({@code BERTH_CONTAINERD=1.6|1.7|2} for scripts/testenv).
 *
 * <p>The differences allowed, each checked to be exactly what is explained (so a new difference, or
 * a stale explanation, fails the test):
 * <ol>
 * <li>{@code linux.cgroupsPath} is {@code /<namespace>/<container id>}, and the two containers have
 *     different ids.</li>
 * <li>{@code linux.resources.devices}: ctr adds {@code oci.WithDefaultUnixDevices} (allow rules for
 *     /dev/null, random, full, tty, zero, urandom, console, pts and ptmx) on top of the default spec.
 *     Berth builds the spec as containerd's Go client does with {@code WithDefaultSpecForPlatform}
 *     (as memoh does), which keeps only the deny-all rule; runc allows these same default devices
 *     by itself, so containers behave the same.</li>
 * <li>{@code annotations}: ctr copies its {@code --label}s into the spec's annotations
 *     ({@code oci.WithAnnotations}); Berth puts labels on the container record only
 *     ({@code WithContainerLabels}, as the Go client and memoh).</li>
 * <li>{@code process.args} when a command is given for an image with an Entrypoint: ctr replaces the
 *     whole argv ({@code WithProcessArgs}); Berth replaces the Cmd and keeps the Entrypoint, as issue 4
 *     asks (Docker's rule, {@code WithImageConfigArgs}).</li>
 * </ol>
 * The container records differ too: ctr sets runtime options {@code containerd.runc.v1.Options}
 * (empty) where Berth sets none ({@code WithRuntime(name, nil)}; runc's defaults either way), and the
 * labels: ctr always adds {@code io.containerd.image.config.stop-signal} (SIGTERM when the image has
 * none), Berth adds it only when the image names one, plus its own {@code dev.berth/log}.
 */
@org.junit.jupiter.api.Tag("compat")
class ContainerSpecVsCtrTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> IMAGES = List.of("busybox:1", "config:1", "multi:3", "docker:1", "multiarch:1");

    static ContainerTestSupport t;
    static Path shared;

    @BeforeAll
    static void setUp() throws Exception {
        t = ContainerTestSupport.open("specctr", IMAGES.toArray(new String[0]));
        shared = Files.createTempDirectory("berth-spec-ctr");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (t != null) {
            t.close();
        }
        if (shared != null) {
            Files.deleteIfExists(shared);
        }
    }

    /** One way of creating a container, in ctr's flags and in Berth's request. */
    record Choices(String name, List<String> ctrFlags, List<String> command, ContainerSpec spec,
                   Map<String, String> labels) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Object[]> cases() {
        List<Choices> choices = List.of(
                new Choices("defaults", List.of(), List.of(), ContainerSpec.IMAGE_DEFAULTS, Map.of()),
                new Choices("env-cwd-tty-mount-cmd",
                        List.of("--env", "FOO=bar", "--env", "PATH=/x:/bin", "--cwd", "/tmp", "--tty",
                                "--mount", "type=bind,src=" + sharedDir() + ",dst=/data,options=rbind:ro"),
                        List.of("/bin/echo", "hi", "there"),
                        new ContainerSpec(null, List.of("/bin/echo", "hi", "there"), List.of("FOO=bar", "PATH=/x:/bin"),
                                "/tmp", null, true, List.of(MountSpec.bind(sharedDir(), "/data", true))),
                        Map.of()),
                new Choices("labels", List.of("--label", "app=web", "--label", "dev.example/x=1"), List.of(),
                        ContainerSpec.IMAGE_DEFAULTS, Map.of("app", "web", "dev.example/x", "1")));
        List<Object[]> out = new ArrayList<>();
        for (String image : IMAGES) {
            for (Choices c : choices) {
                out.add(new Object[] {image, c});
            }
        }
        return out;
    }

    private static String sharedDir() {
        try {
            if (shared == null) {
                shared = Files.createTempDirectory("berth-spec-ctr");
            }
            return shared.toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void berthsSpecMatchesCtrsExceptForTheExplainedDifferences(String image, Choices c) throws Exception {
        String suffix = image.replaceAll("[^a-z0-9]", "") + "-" + c.name();
        String ctrId = "ctr-" + suffix;
        String berthId = "berth-" + suffix;
        List<String> ctrArgs = new ArrayList<>(List.of("containers", "create"));
        ctrArgs.addAll(c.ctrFlags());
        ctrArgs.add(t.image(image));
        ctrArgs.add(ctrId);
        // (no "--": ctr 1.6 would take it for the end of its flags, 1.7+ would keep it in argv;
        // a command without dashes is read the same by both)
        ctrArgs.addAll(c.command());
        t.env.ctr(t.ns, ctrArgs.toArray(new String[0]));
        t.containers().create(new CreateContainerRequest(berthId, t.image(image), c.spec(), c.labels(), null, null), null);
        try {
            Container ctrRecord = t.context().containers().get(ctrId);
            Container berthRecord = t.context().containers().get(berthId);
            ObjectNode ctr = (ObjectNode) JSON.readTree(ctrRecord.getSpec().getValue().toByteArray());
            ObjectNode berth = (ObjectNode) JSON.readTree(berthRecord.getSpec().getValue().toByteArray());
            assertThat(berthRecord.getSpec().getTypeUrl()).isEqualTo(ctrRecord.getSpec().getTypeUrl())
                    .isEqualTo("types.containerd.io/opencontainers/runtime-spec/1/Spec");

            List<String> explained = new ArrayList<>();
            List<String> before = diff("", ctr, berth);

            // 1. the cgroups path names the container
            assertThat(ctr.at("/linux/cgroupsPath").asText()).isEqualTo("/" + t.ns + "/" + ctrId);
            assertThat(berth.at("/linux/cgroupsPath").asText()).isEqualTo("/" + t.ns + "/" + berthId);
            ((ObjectNode) ctr.get("linux")).put("cgroupsPath", "/" + t.ns + "/" + berthId);
            explained.add("linux.cgroupsPath (container id)");

            // 2. ctr's WithDefaultUnixDevices
            ArrayNode devices = (ArrayNode) ctr.at("/linux/resources/devices");
            assertThat(devices).isEqualTo(JSON.readTree(CTR_DEVICES));
            assertThat(berth.at("/linux/resources/devices")).isEqualTo(JSON.readTree(DENY_ALL));
            ((ObjectNode) ctr.at("/linux/resources")).set("devices", JSON.readTree(DENY_ALL));
            explained.add("linux.resources.devices (ctr's WithDefaultUnixDevices)");

            // 3. ctr's labels as annotations
            if (!c.labels().isEmpty()) {
                assertThat(JSON.convertValue(ctr.get("annotations"), Map.class)).isEqualTo(c.labels());
                assertThat(berth.has("annotations")).isFalse();
                ctr.remove("annotations");
                explained.add("annotations (ctr copies --label into the spec)");
            }

            // 4. a command with an Entrypoint: ctr replaces argv, Berth replaces Cmd
            List<String> entrypoint = entrypoint(image);
            if (!c.command().isEmpty() && !entrypoint.isEmpty()) {
                List<String> expected = new ArrayList<>(entrypoint);
                expected.addAll(c.command());
                assertThat(JSON.convertValue(ctr.at("/process/args"), List.class)).isEqualTo(c.command());
                assertThat(JSON.convertValue(berth.at("/process/args"), List.class)).isEqualTo(expected);
                ((ObjectNode) ctr.get("process")).set("args", berth.at("/process/args"));
                explained.add("process.args (command replaces Cmd, Entrypoint kept)");
            }

            List<String> left = diff("", ctr, berth);
            System.out.printf("%-12s %-22s %3d fields compared; differences %s; allowed: %s%n", image, c.name(),
                    leaves(berth), before, explained);
            assertThat(left).as("differences not explained").isEmpty();
            assertThat(berth).isEqualTo(ctr);

            // the container records
            assertThat(berthRecord.getImage()).isEqualTo(ctrRecord.getImage()).isEqualTo(t.image(image));
            assertThat(berthRecord.getRuntime().getName()).isEqualTo(ctrRecord.getRuntime().getName())
                    .isEqualTo("io.containerd.runc.v2");
            assertThat(ctrRecord.getRuntime().getOptions().getTypeUrl()).isEqualTo("containerd.runc.v1.Options");
            assertThat(ctrRecord.getRuntime().getOptions().getValue().isEmpty()).isTrue();
            assertThat(berthRecord.getRuntime().hasOptions()).isFalse();
            assertThat(berthRecord.getSnapshotter()).isEqualTo(ctrRecord.getSnapshotter()).isEqualTo("overlayfs");
            assertThat(ctrRecord.getSnapshotKey()).isEqualTo(ctrId);
            assertThat(berthRecord.getSnapshotKey()).isEqualTo(berthId);
            Map<String, String> ctrLabels = new LinkedHashMap<>(c.labels());
            ctrLabels.put(Labels.STOP_SIGNAL, "SIGTERM");
            assertThat(ctrRecord.getLabelsMap()).isEqualTo(ctrLabels);
            Map<String, String> berthLabels = new LinkedHashMap<>(c.labels());
            berthLabels.put(Labels.LOG_PATH, t.context().logFile(berthId).toString());
            assertThat(berthRecord.getLabelsMap()).isEqualTo(berthLabels);
            assertThat(berthRecord.getExtensionsCount()).isEqualTo(ctrRecord.getExtensionsCount()).isZero();
            // both snapshots sit on the same parent
            assertThat(t.context().snapshots().stat("overlayfs", berthId).getParent())
                    .isEqualTo(t.context().snapshots().stat("overlayfs", ctrId).getParent());
        } finally {
            t.env.ctr(t.ns, "containers", "rm", ctrId);
            t.containers().delete(berthId);
        }
    }

    private static List<String> entrypoint(String image) {
        return image.equals("config:1") ? List.of("/bin/sh", "-c") : List.of();
    }

    static final String DENY_ALL = "[{\"allow\":false,\"access\":\"rwm\"}]";
    static final String CTR_DEVICES = "[{\"allow\":false,\"access\":\"rwm\"},"
            + "{\"allow\":true,\"type\":\"c\",\"major\":1,\"minor\":3,\"access\":\"rwm\"},"
            + "{\"allow\":true,\"type\":\"c\",\"major\":1,\"minor\":8,\"access\":\"rwm\"},"
            + "{\"allow\":true,\"type\":\"c\",\"major\":1,\"minor\":7,\"access\":\"rwm\"},"
            + "{\"allow\":true,\"type\":\"c\",\"major\":5,\"minor\":0,\"access\":\"rwm\"},"
            + "{\"allow\":true,\"type\":\"c\",\"major\":1,\"minor\":5,\"access\":\"rwm\"},"
            + "{\"allow\":true,\"type\":\"c\",\"major\":1,\"minor\":9,\"access\":\"rwm\"},"
            + "{\"allow\":true,\"type\":\"c\",\"major\":5,\"minor\":1,\"access\":\"rwm\"},"
            + "{\"allow\":true,\"type\":\"c\",\"major\":136,\"access\":\"rwm\"},"
            + "{\"allow\":true,\"type\":\"c\",\"major\":5,\"minor\":2,\"access\":\"rwm\"}]";

    /** The paths where two JSON trees differ (objects by key, arrays by index). */
    static List<String> diff(String path, JsonNode a, JsonNode b) {
        List<String> out = new ArrayList<>();
        if (a == null || b == null || a.getNodeType() != b.getNodeType()) {
            out.add(path.isEmpty() ? "/" : path);
        } else if (a.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                out.addAll(diff(path + "." + k, a.get(k), b.get(k)));
            }
        } else if (a.isArray()) {
            if (a.size() != b.size()) {
                out.add(path + "[size " + a.size() + " vs " + b.size() + "]");
            } else {
                for (int i = 0; i < a.size(); i++) {
                    out.addAll(diff(path + "[" + i + "]", a.get(i), b.get(i)));
                }
            }
        } else if (!a.equals(b)) {
            out.add(path);
        }
        return out;
    }

    static int leaves(JsonNode n) {
        if (n.isContainerNode()) {
            int sum = 0;
            for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
                sum += leaves(it.next());
            }
            return sum;
        }
        return 1;
    }
}
