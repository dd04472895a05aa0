package dev.berth.reliability;

import static dev.berth.model.BerthException.Kind.ALREADY_EXISTS;
import static dev.berth.model.BerthException.Kind.FAILED_PRECONDITION;
import static dev.berth.model.BerthException.Kind.INTERNAL;
import static dev.berth.model.BerthException.Kind.INVALID_ARGUMENT;
import static dev.berth.model.BerthException.Kind.NOT_FOUND;
import static dev.berth.model.BerthException.Kind.PERMISSION_DENIED;
import static dev.berth.model.BerthException.Kind.REGISTRY;
import static dev.berth.model.BerthException.Kind.UNAVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.app.settings.Settings;
import dev.berth.app.settings.SettingsStore;
import dev.berth.cli.Cli;
import dev.berth.cni.Cni;
import dev.berth.cni.CniNetwork;
import dev.berth.cni.CniSettings;
import dev.berth.cni.NetworkConfigList;
import dev.berth.model.BerthException;
import dev.berth.model.BerthException.Kind;
import dev.berth.model.CommitVersionRequest;
import dev.berth.model.ContainerSpec;
import dev.berth.model.CreateContainerRequest;
import dev.berth.model.MountSpec;
import dev.berth.model.PullRequest;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digests;
import dev.berth.oci.ImageManifest;
import dev.berth.oci.MediaTypes;
import dev.berth.registry.AuthChallenge;
import dev.berth.registry.DockerConfigCredentials;
import dev.berth.registry.ImageReference;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.RegistryOptions;
import dev.berth.service.ContainerdService;
import dev.berth.service.DefaultContainerdService;
import dev.berth.service.ServiceOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.TestAbortedException;

/**
 * The bad input battery: every kind of input Berth takes from a person or from the outside world,
 * spoiled in the ways a hostile world spoils it — image references, container ids, env entries,
 * mounts, users, labels and label filters, snapshot and version names, manifests and indexes from a
 * registry that lies, {@code WWW-Authenticate} challenges and token servers, broken Docker
 * credentials and credential helpers, CNI plugin results, and the command line's own options.
 *
 * <p>Each case must end in a clear {@link BerthException} of the expected kind (never another
 * exception type; a bounded message without control characters) and, through the command line run
 * in-process, in exit 1 or 2 with one {@code berth: ...} line. Every case that reaches containerd
 * then checks, through a connection of its own, that the namespace holds exactly what it held
 * before: no container, task, snapshot, lease or image was left half-made. The test prints how many
 * cases it tried and how many passed. The settings file ({@link SettingsStore}) is read only by the
 * console: its cases check that a spoiled file never stops the console from connecting (the file is
 * moved aside whole, or the bad values fall back one by one) and that nothing is left half-written.
 */
class BadInputTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final SecureRandom RANDOM = new SecureRandom();
    static final String HEX64 = "0123456789abcdef".repeat(4);
    static final String FAKE_SECRET = "hunter2-Xq9-not-for-messages";

    static Namespace ns;
    static String skipReason;
    static HostileRegistry hostile;
    static Path tmp;
    static Namespace.State baseline;
    static String busybox;
    static Descriptor realConfig;
    static byte[] realConfigBytes;
    static Descriptor realLayer;

    static final AtomicInteger tried = new AtomicInteger();
    static final AtomicInteger passed = new AtomicInteger();
    static final Map<String, int[]> byArea = new TreeMap<>();

    /** One case: an area, the input (for the report) and what must happen. */
    record Case(String area, String input, Checks.Action check) {
        @Override
        public String toString() {
            return area + ": " + Checks.printable(input);
        }
    }

    @BeforeAll
    static void setUp() throws IOException {
        tmp = Files.createTempDirectory("berth-badinput-");
        try {
            ns = Namespace.open("badinput");
        } catch (TestAbortedException e) {
            skipReason = e.getMessage();
            return;
        }
        busybox = ns.image("busybox:1");
        ns.service.images().pull(PullRequest.of(busybox), p -> { });
        try (RegistryClient rc = new RegistryClient(RegistryOptions.defaults())) {
            ImageReference ref = ImageReference.parse(busybox);
            Descriptor root = rc.resolve(ref);
            ImageManifest m = ImageManifest.parse(rc.fetchManifest(ref, root), root);
            realConfig = m.config();
            realConfigBytes = rc.fetchBlob(ref, realConfig);
            realLayer = m.layers().get(0);
        }
        hostile = new HostileRegistry(ns.env.registry(), "test/busybox");
        baseline = ns.state();
        System.out.println("bad input battery: namespace " + ns.name + ", baseline " + baseline);
    }

    @AfterAll
    static void report() throws IOException {
        StringBuilder sb = new StringBuilder("bad input battery: " + tried.get() + " cases tried, " + passed.get() + " passed");
        byArea.forEach((area, n) -> sb.append("\n  ").append(area).append(": ").append(n[1]).append('/').append(n[0]));
        System.out.println(sb);
        if (hostile != null) {
            hostile.close();
        }
        if (ns != null) {
            ns.close();
        }
        deleteTree(tmp);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void badInputGivesAClearErrorAndLeavesNothing(Case c) throws Exception {
        System.out.println("case " + (tried.get() + 1) + ": " + c);
        tried.incrementAndGet();
        synchronized (byArea) {
            byArea.computeIfAbsent(c.area(), k -> new int[2])[0]++;
        }
        c.check().run();
        passed.incrementAndGet();
        synchronized (byArea) {
            byArea.get(c.area())[1]++;
        }
    }

    static Stream<Case> cases() {
        List<Case> all = new ArrayList<>();
        references(all);
        containerIds(all);
        envEntries(all);
        mounts(all);
        usersAndProcess(all);
        labels(all);
        snapshotsAndVersions(all);
        manifests(all);
        authChallenges(all);
        dockerCredentials(all);
        cniResults(all);
        commandLine(all);
        settingsFile(all);
        return all.stream();
    }

    // ============================================================================================ helpers

    /** The test environment, or the case is skipped saying why. */
    static Namespace env() {
        if (ns == null) {
            System.out.println("SKIPPED (no test environment): " + skipReason);
            Assumptions.assumeTrue(false, "no test environment: " + skipReason);
        }
        return ns;
    }

    static Map<String, String> cliEnv() {
        Namespace n = env();
        return Map.of(ServiceOptions.ENV_ADDRESS, n.env.address(), ServiceOptions.ENV_NAMESPACE, n.name);
    }

    /** Runs a service call that must fail with one of {@code kinds}, then checks the namespace is as before. */
    static BerthException service(Set<Kind> kinds, Checks.Action call) {
        Namespace n = env();
        try {
            BerthException e = Checks.expect(kinds, call);
            System.out.println("  -> " + e.kind() + ": " + Checks.printable(e.getMessage(), 400));
            return e;
        } finally {
            Namespace.State after = n.state();
            assertThat(after).as("what the namespace holds after the case (nothing half-made)").isEqualTo(baseline);
        }
    }

    static BerthException service(Kind kind, Checks.Action call) {
        return service(Set.of(kind), call);
    }

    static BerthException pure(Kind kind, Checks.Action call) {
        BerthException e = Checks.expect(kind, call);
        System.out.println("  -> " + e.kind() + ": " + Checks.printable(e.getMessage(), 400));
        return e;
    }

    static void cli(int exit, String... args) {
        Checks.CliRun r = Checks.expectCli(cliEnv(), exit, args);
        System.out.println("  cli -> " + r.exit() + ": " + Checks.printable(r.errLines().get(0), 400));
        assertThat(ns.state()).as("what the namespace holds after the command line (nothing half-made)").isEqualTo(baseline);
    }

    static ContainerdService svc() {
        return env().service;
    }

    static CreateContainerRequest create(String id) {
        return CreateContainerRequest.of(id, busybox);
    }

    static String shortId() {
        return "bad-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ============================================================================================ references

    static void references(List<Case> all) {
        List<String> refs = new ArrayList<>(List.of(
                "", "   ", "UPPER/Case", "nginx:", "nginx@", "nginx@sha256:abc",
                "nginx@md5:d41d8cd98f00b204e9800998ecf8427e", "nginx@sha384:" + HEX64 + HEX64.substring(0, 32),
                "nginx@SHA256:" + HEX64, "nginx@sha256:" + HEX64.toUpperCase(),
                "http://127.0.0.1:5000/test/busybox:1", "https://user:" + FAKE_SECRET + "@registry.example.com/app:1",
                "a//b", "/nginx", "nginx/", "registry.example.com:99999/app", "registry.example.com:port/app",
                "[::1/app", "[fe80::zz]:5000/app", "a b", "ngi\u0000nx", "nginx\nlatest", "nginx\u001b[31m:1",
                "na\u00efve", "\u00f1/app", HEX64, "nginx:" + "t".repeat(129), "nginx:.hidden", "nginx:-dash",
                "x".repeat(300), "a".repeat(5000), "nginx..x", "registry.example.com/", ":tag", "@sha256:" + HEX64,
                "nginx:1@sha256:bad", "reg_istry.example.com:5000/app", "app:\u00e9t\u00e9", "app\u202e:1"));
        for (String ref : refs) {
            all.add(new Case("image reference", ref, () -> {
                BerthException e = pure(INVALID_ARGUMENT, () -> ImageReference.parse(ref));
                assertThat(e.getMessage()).doesNotContain(FAKE_SECRET);
                service(INVALID_ARGUMENT, () -> svc().images().pull(PullRequest.of(ref), p -> { }));
                service(INVALID_ARGUMENT, () -> svc().images().check(ref, false));
                service(INVALID_ARGUMENT, () -> svc().containers().create(CreateContainerRequest.of("refcase", ref), null));
                if (!ref.startsWith("-")) {
                    cli(Cli.USAGE, "images", "pull", "-q", ref);
                }
            }));
        }
        // well-formed, but nothing there: NotFound from the registry, nothing recorded
        all.add(new Case("image reference", "<registry>/test/no-such-image:1", () ->
                service(NOT_FOUND, () -> svc().images().pull(PullRequest.of(ns.image("no-such-image:1")), p -> { }))));
        all.add(new Case("image reference", "<registry>/test/busybox:no-such-tag", () -> {
            service(NOT_FOUND, () -> svc().images().pull(PullRequest.of(ns.image("busybox:no-such-tag")), p -> { }));
            cli(Cli.FAILED, "images", "pull", "-q", ns.image("busybox:no-such-tag"));
        }));
        all.add(new Case("image reference", "127.0.0.1:1/nothing-listens:1 (connection refused)", () -> {
            service(UNAVAILABLE, () -> svc().images().pull(PullRequest.of("127.0.0.1:1/nothing-listens:1"), p -> { }));
            cli(Cli.FAILED, "images", "pull", "-q", "127.0.0.1:1/nothing-listens:1");
        }));
        all.add(new Case("image reference", "docker.io/a.b/app must not find the image of registry a.b", () -> {
            Namespace n = env();
            var images = new dev.berth.containerd.ImagesApi(n.api());
            var busyboxRecord = images.get(busybox);
            images.create(busyboxRecord.toBuilder().setName("a.b/app:latest").build());
            Namespace.State before = baseline;
            baseline = n.state();
            try {
                service(NOT_FOUND, () -> svc().images().get("docker.io/a.b/app"));
                service(NOT_FOUND, () -> svc().images().delete("docker.io/a.b/app:latest", false));
            } finally {
                baseline = before;
                images.delete("a.b/app:latest", false);
            }
        }));
        all.add(new Case("image reference", "images rm of an image that is not there", () -> {
            service(NOT_FOUND, () -> svc().images().delete("no-such-image:1", false));
            cli(Cli.FAILED, "images", "rm", "no-such-image:1");
        }));
    }

    // ============================================================================================ container ids

    static void containerIds(List<Case> all) {
        for (String id : List.of("", "-a", "a-", "a..b", "a b", "a/b", "\u00e4bc", "a".repeat(77), "a\nb", "../etc",
                "a:b", "a\u0000b", "a\u001b[2Jb")) {
            all.add(new Case("container id", id, () -> {
                service(INVALID_ARGUMENT, () -> svc().containers().create(create(id), null));
                service(INVALID_ARGUMENT, () -> svc().tasks().start(id));
                service(INVALID_ARGUMENT, () -> svc().containers().delete(id, true, true));
                service(INVALID_ARGUMENT, () -> svc().network().setup(id));
                if (!id.startsWith("-") && id.indexOf('\0') < 0) {
                    cli(Cli.USAGE, "containers", "create", id, busybox);
                    cli(Cli.USAGE, "tasks", "start", id);
                }
            }));
        }
        all.add(new Case("container id", "a container that does not exist", () -> {
            service(NOT_FOUND, () -> svc().containers().delete("no-such-container", true, false));
            service(NOT_FOUND, () -> svc().tasks().start("no-such-container"));
            cli(Cli.FAILED, "containers", "rm", "no-such-container");
            cli(Cli.FAILED, "logs", "no-such-container");
        }));
        all.add(new Case("container id", "create over an existing snapshot of that name", () -> {
            String id = shortId();
            svc().snapshots().prepare(null, id, null, Map.of());
            try {
                Namespace.State before = baseline;
                baseline = ns.state();
                try {
                    service(ALREADY_EXISTS, () -> svc().containers().create(create(id), null));
                } finally {
                    baseline = before;
                }
            } finally {
                svc().snapshots().remove(null, id);
            }
        }));
    }

    // ============================================================================================ env

    static void envEntries(List<Case> all) {
        for (String e : List.of("NOEQUALS", "=value", "1ABC=x", "A B=x", "A=\u0000", "\u00dc=x", "-A=x", "A\nB=x", ".A=x",
                "A$B=x")) {
            all.add(new Case("env entry", e, () -> {
                service(INVALID_ARGUMENT, () -> svc().containers().create(create(shortId())
                        .withSpec(ContainerSpec.IMAGE_DEFAULTS.withEnv(List.of("GOOD=1", e))), null));
                if (e.indexOf('\0') < 0) {
                    cli(Cli.USAGE, "containers", "create", "-e", e, shortId(), busybox);
                }
            }));
        }
    }

    // ============================================================================================ mounts

    static void mounts(List<Case> all) {
        String missing = "/nonexistent/berth-" + UUID.randomUUID();
        Map<String, MountSpec> specs = new java.util.LinkedHashMap<>();
        specs.put("relative destination", MountSpec.bind("/tmp", "data", false));
        specs.put("destination /", MountSpec.bind("/tmp", "/", false));
        specs.put("destination /a/.. (is /)", MountSpec.bind("/tmp", "/a/..", false));
        specs.put("empty destination", new MountSpec("bind", "/tmp", "", List.of("rbind")));
        specs.put("no type", new MountSpec("", "/tmp", "/x", List.of()));
        specs.put("bind source missing", MountSpec.bind(missing, "/x", false));
        specs.put("relative bind source", MountSpec.bind("relative/src", "/x", false));
        specs.put("empty option", new MountSpec("tmpfs", "tmpfs", "/x", List.of("")));
        specs.put("NUL in an option", new MountSpec("tmpfs", "tmpfs", "/x", List.of("size=1m\u0000")));
        specs.put("NUL in the destination", MountSpec.bind("/tmp", "/x\u0000y", false));
        specs.put("NUL in the source", MountSpec.bind("/tmp\u0000/x", "/x", false));
        specs.forEach((what, m) -> all.add(new Case("mount", what, () ->
                service(INVALID_ARGUMENT, () -> svc().containers().create(create(shortId())
                        .withSpec(ContainerSpec.IMAGE_DEFAULTS.withMounts(List.of(m))), null)))));
        for (String arg : List.of("onlyonepart", "/a:/b:ro:extra", "/tmp:/x:rx", "/tmp:relative", ":/x", "/tmp:",
                missing + ":/x", "/tmp:/")) {
            all.add(new Case("mount", "--mount " + arg, () -> cli(Cli.USAGE, "containers", "create", "--mount", arg, shortId(), busybox)));
        }
    }

    // ============================================================================================ user, workdir, command

    static void usersAndProcess(List<Case> all) {
        for (String u : List.of("a:b:c", ":", "a:", ":0", "a b", "a\tb", "u\u0000")) {
            all.add(new Case("user", u, () -> {
                service(INVALID_ARGUMENT, () -> svc().containers().create(create(shortId())
                        .withSpec(ContainerSpec.IMAGE_DEFAULTS.withUser(u)), null));
                if (u.indexOf('\0') < 0) {
                    cli(Cli.USAGE, "containers", "create", "-u", u, shortId(), busybox);
                }
            }));
        }
        // these pass the checks made before anything is sent, and fail once the snapshot is prepared:
        // the snapshot and the lease must go again
        for (String u : List.of("nosuchuser", "nosuchuser:nosuchgroup", "app:nosuchgroup", "root:nosuchgroup")) {
            all.add(new Case("user", u + " (not in the image)", () -> {
                service(INVALID_ARGUMENT, () -> svc().containers().create(create(shortId())
                        .withSpec(ContainerSpec.IMAGE_DEFAULTS.withUser(u)), null));
                cli(Cli.USAGE, "containers", "create", "-u", u, shortId(), busybox);
            }));
        }
        all.add(new Case("working directory", "relative", () -> {
            service(INVALID_ARGUMENT, () -> svc().containers().create(create(shortId())
                    .withSpec(ContainerSpec.IMAGE_DEFAULTS.withWorkingDir("work")), null));
            cli(Cli.USAGE, "containers", "create", "-w", "work", shortId(), busybox);
        }));
        all.add(new Case("command", "NUL in an argument", () ->
                service(INVALID_ARGUMENT, () -> svc().containers().create(create(shortId())
                        .withSpec(ContainerSpec.IMAGE_DEFAULTS.withCommand(List.of("/bin/echo", "a\u0000b"))), null))));
        all.add(new Case("command", "NUL in the entrypoint", () ->
                service(INVALID_ARGUMENT, () -> svc().containers().create(create(shortId())
                        .withSpec(ContainerSpec.IMAGE_DEFAULTS.withEntrypoint(List.of("/bin/s\u0000h"))), null))));
        all.add(new Case("snapshotter", "no such snapshotter", () -> {
            service(INVALID_ARGUMENT, () -> svc().containers().create(create(shortId()).withSnapshotter("nosuchfs"), null));
            cli(Cli.USAGE, "containers", "create", "--snapshotter", "nosuchfs", shortId(), busybox);
        }));
        all.add(new Case("parent snapshot", "no such parent snapshot", () -> {
            service(NOT_FOUND, () -> svc().containers().create(create(shortId()).withParentSnapshot("no-such-snapshot"), null));
            cli(Cli.FAILED, "containers", "create", "--parent-snapshot", "no-such-snapshot", shortId(), busybox);
        }));
        all.add(new Case("parent snapshot", "control characters", () ->
                service(INVALID_ARGUMENT, () -> svc().containers().create(create(shortId()).withParentSnapshot("a\u0001b"), null))));
    }

    // ============================================================================================ labels and filters

    static void labels(List<Case> all) {
        all.add(new Case("label", "empty key", () ->
                service(INVALID_ARGUMENT, () -> svc().containers().create(create(shortId()).withLabels(Map.of("", "v")), null))));
        all.add(new Case("label", "key and value over 4096 bytes", () ->
                service(INVALID_ARGUMENT, () -> svc().containers().create(create(shortId())
                        .withLabels(Map.of("k", "\u00fc".repeat(2100))), null))));
        for (String arg : List.of("=value", "novalue", "")) {
            all.add(new Case("label", "--label " + arg, () -> cli(Cli.USAGE, "containers", "create", "--label", arg, shortId(), busybox)));
        }
        all.add(new Case("label filter", "empty key", () -> {
            service(INVALID_ARGUMENT, () -> svc().containers().listByLabel("", "x"));
            cli(Cli.USAGE, "containers", "ls", "--label", "=x");
        }));
        all.add(new Case("label filter", "a lone surrogate", () ->
                service(INVALID_ARGUMENT, () -> svc().containers().listByLabel("k", "\ud800x"))));
        // odd keys and values are matched literally: no error, and they match nothing here
        String[][] filters = {{"a\"b", "x"}, {"a,b", "c"}, {"k", "x,y"}, {"k", "a==b"}, {"a==b", "c"}, {"k", "\""},
                {"k", "\\"}, {"k", "\\\""}, {"\u00fc\u00f1\u00ee", "\u00e7\u00f8d\u00e9"}, {"k", "\u0001\u007f"}, {"k", "a\nb"},
                {"\u2603", "\ud83d\udea2"}, {"labels.x", "y"}, {"*", "*"}, {"k", " spaced "}, {"k", "a||b"},
                {"containerd.io/gc.root", "x"}, {"k", "\u2028"}};
        for (String[] f : filters) {
            all.add(new Case("label filter", f[0] + "==" + f[1], () -> {
                Namespace n = env();
                assertThat(svc().containers().listByLabel(f[0], f[1])).as("containers matching an odd filter").isEmpty();
                if (f[0].indexOf('=') < 0) {
                    Checks.CliRun r = Checks.cli(cliEnv(), "-o", "json", "containers", "ls", "--label", f[0] + "=" + f[1]);
                    assertThat(r.exit()).as("exit of containers ls --label (stderr %s)", r.err()).isZero();
                    assertThat(r.err()).isEmpty();
                    assertThat(JSON.readTree(r.out())).isEmpty();
                }
                assertThat(n.state()).isEqualTo(baseline);
            }));
        }
    }

    // ============================================================================================ snapshots and versions

    static void snapshotsAndVersions(List<Case> all) {
        for (String name : List.of("", " x", "-x", "a b", "a\nb", "n".repeat(256), "\u00e4", ".hidden", "a\u0000b")) {
            all.add(new Case("snapshot name", name, () -> {
                service(INVALID_ARGUMENT, () -> svc().snapshots().commit(null, name, "no-such-key", Map.of()));
                service(INVALID_ARGUMENT, () -> svc().snapshots().prepare(null, name, null, Map.of()));
            }));
            all.add(new Case("version name", name, () ->
                    service(INVALID_ARGUMENT, () -> svc().versions().commit(CommitVersionRequest.of("no-such-container")
                            .withName(name.isBlank() ? "a b" : name)))));
        }
        all.add(new Case("snapshot", "commit of an active snapshot that does not exist", () ->
                service(NOT_FOUND, () -> svc().snapshots().commit(null, "ok-name", "no-such-key", Map.of()))));
        all.add(new Case("snapshot", "prepare on a parent that does not exist", () ->
                service(NOT_FOUND, () -> svc().snapshots().prepare(null, "ok-key-" + UUID.randomUUID(), "no-such-parent", Map.of()))));
        all.add(new Case("snapshot", "prepare with an empty label key", () ->
                service(INVALID_ARGUMENT, () -> svc().snapshots().prepare(null, "ok-key", null, Map.of("", "v")))));
        all.add(new Case("snapshot", "remove of a snapshot that does not exist", () ->
                service(NOT_FOUND, () -> svc().snapshots().remove(null, "no-such-snapshot"))));
        all.add(new Case("snapshot", "get with control characters", () ->
                service(INVALID_ARGUMENT, () -> svc().snapshots().get(null, "a\u0001b"))));
        all.add(new Case("snapshot", "a snapshotter that does not exist", () -> {
            service(INVALID_ARGUMENT, () -> svc().snapshots().list("nosuchfs"));
            cli(Cli.USAGE, "snapshots", "ls", "--snapshotter", "nosuchfs");
        }));
        all.add(new Case("snapshot", "mounts of a snapshot that does not exist", () ->
                service(NOT_FOUND, () -> svc().snapshots().mounts(null, "no-such-snapshot"))));
        all.add(new Case("snapshot", "remove of an image layer other snapshots are built on (none here: parent refused)", () -> {
            String key = "child-" + UUID.randomUUID().toString().substring(0, 8);
            String top = new dev.berth.containerd.SnapshotsApi(ns.api()).list(Namespace.SNAPSHOTTER).get(0).getName();
            svc().snapshots().prepare(null, key, top, Map.of());
            try {
                Namespace.State before = baseline;
                baseline = ns.state();
                try {
                    service(FAILED_PRECONDITION, () -> svc().snapshots().remove(null, top));
                } finally {
                    baseline = before;
                }
            } finally {
                svc().snapshots().remove(null, key);
            }
        }));
        all.add(new Case("version", "commit of a container that does not exist", () ->
                service(NOT_FOUND, () -> svc().versions().commit(CommitVersionRequest.of("no-such-container").withName("v1")))));
        all.add(new Case("version", "rollback to a name with control characters", () ->
                service(INVALID_ARGUMENT, () -> svc().versions().rollback("no-such-container", "v\u0001", null))));
        all.add(new Case("version", "delete of an empty version name", () ->
                service(INVALID_ARGUMENT, () -> svc().versions().delete("no-such-container", ""))));
        all.add(new Case("version", "list for a bad container id", () ->
                service(INVALID_ARGUMENT, () -> svc().versions().list("a b"))));
        all.add(new Case("version", "version labels with an empty key", () ->
                service(INVALID_ARGUMENT, () -> svc().versions().commit(CommitVersionRequest.of("no-such-container")
                        .withLabels(Map.of("", "x"))))));
    }

    // ============================================================================================ manifests and indexes

    static ObjectNode descriptor(String mediaType, String digest, long size) {
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", mediaType);
        d.put("digest", digest);
        d.put("size", size);
        return d;
    }

    static ObjectNode descriptor(Descriptor d) {
        return descriptor(d.mediaType(), d.digest(), d.size());
    }

    static ObjectNode manifest(ObjectNode config, List<ObjectNode> layers) {
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaTypes.OCI_MANIFEST);
        m.set("config", config);
        ArrayNode l = m.putArray("layers");
        layers.forEach(l::add);
        return m;
    }

    static byte[] bytes(Object json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves {@code body} as the manifest of {@code repo} at tag 1 and at its digest; returns the reference. */
    static String serveManifest(String repo, String contentType, byte[] body) {
        String digest = Digests.sha256(body);
        HostileRegistry.Reply r = HostileRegistry.json(contentType, body).header("Docker-Content-Digest", digest);
        hostile.on("/v2/" + repo + "/manifests/1", r);
        hostile.on("/v2/" + repo + "/manifests/" + digest, r);
        return hostile.hostPort() + "/" + repo + ":1";
    }

    static String serveBlob(String repo, byte[] body) {
        String digest = Digests.sha256(body);
        hostile.on("/v2/" + repo + "/blobs/" + digest, HostileRegistry.json("application/octet-stream", body));
        return digest;
    }

    /** A config and a layer no namespace has (fresh digests), served for {@code repo}. */
    record Fresh(ObjectNode config, ObjectNode layer, byte[] layerBytes, byte[] configBytes) {
    }

    static Fresh fresh(String repo, int diffIds) {
        try {
            ObjectNode config = (ObjectNode) JSON.readTree(realConfigBytes);
            config.put("comment", "berth bad input " + UUID.randomUUID());
            ArrayNode ids = ((ObjectNode) config.get("rootfs")).putArray("diff_ids");
            for (int i = 0; i < diffIds; i++) {
                ids.add("sha256:" + HEX64.substring(0, 60) + String.format("%04x", i));
            }
            byte[] cb = bytes(config);
            String cd = serveBlob(repo, cb);
            byte[] layer = new byte[4096];
            RANDOM.nextBytes(layer);
            String ld = serveBlob(repo, layer);
            return new Fresh(descriptor(MediaTypes.OCI_CONFIG, cd, cb.length), descriptor(MediaTypes.OCI_LAYER_GZIP, ld, layer.length),
                    layer, cb);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A case: the hostile registry serves {@code repo} as {@code setup} scripts it; pulling it must fail with {@code kind}. */
    static void pullCase(List<Case> all, String area, String what, Set<Kind> kinds, boolean viaCli,
                         java.util.function.Function<String, String> setup) {
        all.add(new Case(area, what, () -> {
            env();
            String repo = "bad/" + Integer.toHexString(what.hashCode() & 0x7fffffff);
            String ref = setup.apply(repo);
            service(kinds, () -> svc().images().pull(PullRequest.of(ref), p -> { }));
            if (viaCli) {
                cli(Cli.FAILED, "images", "pull", "-q", ref);
            }
        }));
    }

    static void manifests(List<Case> all) {
        String area = "manifest";
        Set<Kind> reg = Set.of(REGISTRY);
        pullCase(all, area, "malformed JSON", reg, true, repo ->
                serveManifest(repo, MediaTypes.OCI_MANIFEST, "{\"schemaVersion\":2,\"layers\":[".getBytes(StandardCharsets.UTF_8)));
        pullCase(all, area, "a JSON array", reg, false, repo ->
                serveManifest(repo, MediaTypes.OCI_MANIFEST, "[]".getBytes(StandardCharsets.UTF_8)));
        pullCase(all, area, "an HTML page as text/html", reg, true, repo ->
                serveManifest(repo, "text/html", "<html><body>Welcome</body></html>".getBytes(StandardCharsets.UTF_8)));
        pullCase(all, area, "media type of an image config", reg, false, repo -> {
            ObjectNode m = manifest(descriptor(realConfig), List.of(descriptor(realLayer)));
            m.put("mediaType", MediaTypes.OCI_CONFIG);
            return serveManifest(repo, MediaTypes.OCI_CONFIG, bytes(m));
        });
        pullCase(all, area, "no media type and no known shape", reg, false, repo ->
                serveManifest(repo, null, "{\"schemaVersion\":2,\"things\":[]}".getBytes(StandardCharsets.UTF_8)));
        pullCase(all, area, "Content-Type of an index, body of a manifest without mediaType", reg, false, repo -> {
            ObjectNode m = manifest(descriptor(realConfig), List.of(descriptor(realLayer)));
            m.remove("mediaType");
            return serveManifest(repo, MediaTypes.OCI_INDEX, bytes(m));
        });
        pullCase(all, area, "a mediaType with an escape sequence", reg, false, repo -> {
            ObjectNode m = manifest(descriptor(realConfig), List.of(descriptor(realLayer)));
            m.put("mediaType", "\u001b[2J\u001b[31mapplication/evil");
            return serveManifest(repo, MediaTypes.OCI_MANIFEST, bytes(m));
        });
        pullCase(all, area, "a media type nobody knows", reg, false, repo -> {
            ObjectNode m = manifest(descriptor(realConfig), List.of(descriptor(realLayer)));
            m.put("mediaType", "application/vnd.example.unknown+json");
            return serveManifest(repo, "application/vnd.example.unknown+json", bytes(m));
        });
        pullCase(all, area, "Docker schema 1", reg, true, repo ->
                serveManifest(repo, MediaTypes.DOCKER_SCHEMA1_SIGNED_MANIFEST,
                        "{\"schemaVersion\":1,\"name\":\"x\",\"tag\":\"1\",\"fsLayers\":[]}".getBytes(StandardCharsets.UTF_8)));
        pullCase(all, area, "schemaVersion 3", reg, false, repo -> {
            ObjectNode m = manifest(descriptor(realConfig), List.of(descriptor(realLayer)));
            m.put("schemaVersion", 3);
            return serveManifest(repo, MediaTypes.OCI_MANIFEST, bytes(m));
        });
        pullCase(all, area, "HEAD announces a smaller size than GET sends", reg, false, repo -> {
            byte[] body = bytes(manifest(descriptor(realConfig), List.of(descriptor(realLayer))));
            String digest = Digests.sha256(body);
            HostileRegistry.Reply r = HostileRegistry.json(MediaTypes.OCI_MANIFEST, body).header("Docker-Content-Digest", digest)
                    .headLength(body.length / 2);
            hostile.on("/v2/" + repo + "/manifests/1", r);
            hostile.on("/v2/" + repo + "/manifests/" + digest, r);
            return hostile.hostPort() + "/" + repo + ":1";
        });
        pullCase(all, area, "a layer size smaller than the blob", reg, true, repo -> {
            Fresh f = fresh(repo, 1);
            f.layer().put("size", f.layerBytes().length - 1);
            return serveManifest(repo, MediaTypes.OCI_MANIFEST, bytes(manifest(f.config(), List.of(f.layer()))));
        });
        pullCase(all, area, "a layer size larger than the blob", reg, false, repo -> {
            Fresh f = fresh(repo, 1);
            f.layer().put("size", f.layerBytes().length + 1000);
            return serveManifest(repo, MediaTypes.OCI_MANIFEST, bytes(manifest(f.config(), List.of(f.layer()))));
        });
        pullCase(all, area, "a config size that lies", reg, false, repo -> {
            Fresh f = fresh(repo, 1);
            f.config().put("size", f.configBytes().length + 7);
            return serveManifest(repo, MediaTypes.OCI_MANIFEST, bytes(manifest(f.config(), List.of(f.layer()))));
        });
        pullCase(all, area, "a layer of size 0 that is not empty", reg, false, repo -> {
            Fresh f = fresh(repo, 1);
            f.layer().put("size", 0);
            return serveManifest(repo, MediaTypes.OCI_MANIFEST, bytes(manifest(f.config(), List.of(f.layer()))));
        });
        for (int n : new int[] {1001, 5000}) {
            pullCase(all, area, n + " layers", reg, n == 5000, repo -> {
                List<ObjectNode> layers = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    layers.add(descriptor(MediaTypes.OCI_LAYER_GZIP, "sha256:" + HEX64.substring(0, 56) + String.format("%08x", i), 100));
                }
                return serveManifest(repo, MediaTypes.OCI_MANIFEST, bytes(manifest(descriptor(realConfig), layers)));
            });
        }
        pullCase(all, area, "1000 layers (the limit) and a config with one diff ID", reg, false, repo -> {
            Fresh f = fresh(repo, 1);
            List<ObjectNode> layers = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                layers.add(descriptor(MediaTypes.OCI_LAYER_GZIP, "sha256:" + HEX64.substring(0, 56) + String.format("%08x", i), 100));
            }
            return serveManifest(repo, MediaTypes.OCI_MANIFEST, bytes(manifest(f.config(), layers)));
        });
        for (String digest : List.of("md5:d41d8cd98f00b204e9800998ecf8427e", "sha384:" + HEX64 + HEX64.substring(0, 32),
                "sha256:" + HEX64.toUpperCase(), "sha256:" + HEX64.substring(1), "blake3:" + HEX64, "sha256:" + HEX64 + "\n")) {
            pullCase(all, area, "a layer digest " + digest, reg, digest.startsWith("md5"), repo -> {
                Fresh f = fresh(repo, 1);
                f.layer().put("digest", digest);
                return serveManifest(repo, MediaTypes.OCI_MANIFEST, bytes(manifest(f.config(), List.of(f.layer()))));
            });
        }
        pullCase(all, area, "a config digest of an unknown algorithm", reg, false, repo -> {
            Fresh f = fresh(repo, 1);
            f.config().put("digest", "sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709");
            return serveManifest(repo, MediaTypes.OCI_MANIFEST, bytes(manifest(f.config(), List.of(f.layer()))));
        });
        pullCase(all, area, "a redirect loop", reg, true, repo -> {
            String path = "/v2/" + repo + "/manifests/1";
            hostile.on(path, HostileRegistry.redirect(path));
            return hostile.hostPort() + "/" + repo + ":1";
        });
        pullCase(all, area, "a redirect ping-pong between two paths", reg, false, repo -> {
            String a = "/v2/" + repo + "/manifests/1";
            String b = "/elsewhere/" + repo;
            hostile.on(a, HostileRegistry.redirect("http://" + hostile.hostPort() + b));
            hostile.on(b, HostileRegistry.redirect(a));
            return hostile.hostPort() + "/" + repo + ":1";
        });
        pullCase(all, area, "a redirect to file:///etc/passwd", reg, false, repo -> {
            hostile.on("/v2/" + repo + "/manifests/1", HostileRegistry.redirect("file:///etc/passwd"));
            return hostile.hostPort() + "/" + repo + ":1";
        });
        pullCase(all, area, "a redirect without Location", reg, false, repo -> {
            hostile.on("/v2/" + repo + "/manifests/1", HostileRegistry.redirect(null));
            return hostile.hostPort() + "/" + repo + ":1";
        });
        pullCase(all, area, "a redirect to plain HTTP on another host", reg, true, repo -> {
            hostile.on("/v2/" + repo + "/manifests/1", HostileRegistry.redirect("http://registry.invalid/v2/x/manifests/1"));
            return hostile.hostPort() + "/" + repo + ":1";
        });
        pullCase(all, area, "a manifest of 50 MB announced by HEAD", reg, false, repo -> {
            byte[] body = bytes(manifest(descriptor(realConfig), List.of(descriptor(realLayer))));
            hostile.on("/v2/" + repo + "/manifests/1", HostileRegistry.json(MediaTypes.OCI_MANIFEST, body)
                    .header("Docker-Content-Digest", Digests.sha256(body)).headLength(50L << 20));
            return hostile.hostPort() + "/" + repo + ":1";
        });
        pullCase(all, area, "a manifest of 6 MB sent without a length", reg, true, repo -> {
            hostile.on("/v2/" + repo + "/manifests/1", HostileRegistry.endless(MediaTypes.OCI_MANIFEST, 6L << 20));
            return hostile.hostPort() + "/" + repo + ":1";
        });
        pullCase(all, area, "pulled by digest, other content sent", reg, false, repo -> {
            byte[] body = bytes(manifest(descriptor(realConfig), List.of(descriptor(realLayer))));
            String asked = "sha256:" + HEX64;
            hostile.on("/v2/" + repo + "/manifests/" + asked, HostileRegistry.json(MediaTypes.OCI_MANIFEST, body)
                    .header("Docker-Content-Digest", Digests.sha256(body)));
            return hostile.hostPort() + "/" + repo + "@" + asked;
        });
        pullCase(all, area, "HEAD's digest differs from what GET sends", reg, false, repo -> {
            byte[] a = bytes(manifest(descriptor(realConfig), List.of(descriptor(realLayer))));
            ObjectNode other = manifest(descriptor(realConfig), List.of(descriptor(realLayer)));
            other.putObject("annotations").put("x", "y");
            byte[] b = bytes(other);
            String da = Digests.sha256(a);
            hostile.on("/v2/" + repo + "/manifests/1", HostileRegistry.json(MediaTypes.OCI_MANIFEST, a).header("Docker-Content-Digest", da));
            hostile.on("/v2/" + repo + "/manifests/" + da, HostileRegistry.json(MediaTypes.OCI_MANIFEST, b));
            return hostile.hostPort() + "/" + repo + ":1";
        });
        pullCase(all, area, "deeply nested JSON", reg, false, repo ->
                serveManifest(repo, MediaTypes.OCI_MANIFEST, ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8)));
        pullCase(all, area, "a size of 1e30", reg, false, repo -> {
            Fresh f = fresh(repo, 1);
            String m = new String(bytes(manifest(f.config(), List.of(f.layer()))), StandardCharsets.UTF_8)
                    .replace("\"size\":" + f.layerBytes().length, "\"size\":1e30");
            return serveManifest(repo, MediaTypes.OCI_MANIFEST, m.getBytes(StandardCharsets.UTF_8));
        });
        pullCase(all, area, "a size beyond 64 bits", reg, false, repo -> {
            Fresh f = fresh(repo, 1);
            String m = new String(bytes(manifest(f.config(), List.of(f.layer()))), StandardCharsets.UTF_8)
                    .replace("\"size\":" + f.layerBytes().length, "\"size\":123456789012345678901234567890");
            return serveManifest(repo, MediaTypes.OCI_MANIFEST, m.getBytes(StandardCharsets.UTF_8));
        });
        pullCase(all, area, "a negative size", reg, false, repo -> {
            Fresh f = fresh(repo, 1);
            f.layer().put("size", -1);
            return serveManifest(repo, MediaTypes.OCI_MANIFEST, bytes(manifest(f.config(), List.of(f.layer()))));
        });
        pullCase(all, area, "an empty body", reg, false, repo -> serveManifest(repo, MediaTypes.OCI_MANIFEST, new byte[0]));
        pullCase(all, area, "\"layers\" that is not a list", reg, false, repo -> {
            ObjectNode m = manifest(descriptor(realConfig), List.of());
            m.put("layers", "all of them");
            return serveManifest(repo, MediaTypes.OCI_MANIFEST, bytes(m));
        });
        pullCase(all, area, "a descriptor without mediaType", reg, false, repo -> {
            Fresh f = fresh(repo, 1);
            f.layer().remove("mediaType");
            return serveManifest(repo, MediaTypes.OCI_MANIFEST, bytes(manifest(f.config(), List.of(f.layer()))));
        });
        pullCase(all, area, "a config that is not JSON", reg, false, repo -> {
            byte[] garbage = "this is no config".getBytes(StandardCharsets.UTF_8);
            String cd = serveBlob(repo, garbage);
            Fresh f = fresh(repo, 1);
            return serveManifest(repo, MediaTypes.OCI_MANIFEST, bytes(manifest(
                    descriptor(MediaTypes.OCI_CONFIG, cd, garbage.length), List.of(f.layer()))));
        });
        pullCase(all, area, "a config with two diff IDs for one layer", reg, true, repo -> {
            Fresh f = fresh(repo, 2);
            return serveManifest(repo, MediaTypes.OCI_MANIFEST, bytes(manifest(f.config(), List.of(f.layer()))));
        });
        pullCase(all, area, "a config whose digest does not match", reg, false, repo -> {
            Fresh f = fresh(repo, 1);
            byte[] other = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
            hostile.on("/v2/" + repo + "/blobs/" + f.config().get("digest").asText(), HostileRegistry.json("application/json", other));
            f.config().put("size", other.length);
            return serveManifest(repo, MediaTypes.OCI_MANIFEST, bytes(manifest(f.config(), List.of(f.layer()))));
        });
        pullCase(all, area, "HTTP 404", Set.of(NOT_FOUND), false, repo -> {
            hostile.on("/v2/" + repo + "/manifests/1", new HostileRegistry.Reply(404, "application/json",
                    "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}".getBytes(StandardCharsets.UTF_8)));
            return hostile.hostPort() + "/" + repo + ":1";
        });
        pullCase(all, area, "HTTP 403", Set.of(PERMISSION_DENIED), true, repo -> {
            hostile.on("/v2/" + repo + "/manifests/1", HostileRegistry.status(403));
            return hostile.hostPort() + "/" + repo + ":1";
        });
        pullCase(all, area, "HTTP 500 every time", reg, false, repo -> {
            hostile.on("/v2/" + repo + "/manifests/1", HostileRegistry.status(500).header("Retry-After", "0"));
            return hostile.hostPort() + "/" + repo + ":1";
        });
        pullCase(all, area, "HTTP 503 every time", Set.of(UNAVAILABLE), false, repo -> {
            hostile.on("/v2/" + repo + "/manifests/1", HostileRegistry.status(503).header("Retry-After", "0"));
            return hostile.hostPort() + "/" + repo + ":1";
        });
        pullCase(all, area, "HTTP 429 every time", Set.of(UNAVAILABLE), false, repo -> {
            hostile.on("/v2/" + repo + "/manifests/1", HostileRegistry.status(429).header("Retry-After", "0"));
            return hostile.hostPort() + "/" + repo + ":1";
        });
        pullCase(all, area, "HTTP 502 with an HTML page", Set.of(UNAVAILABLE), false, repo -> {
            hostile.on("/v2/" + repo + "/manifests/1", new HostileRegistry.Reply(502, "text/html",
                    "<html>\u001b[31mBad Gateway</html>".getBytes(StandardCharsets.UTF_8)));
            return hostile.hostPort() + "/" + repo + ":1";
        });
        pullCase(all, area, "an error body with control characters in its message", Set.of(REGISTRY), false, repo -> {
            hostile.on("/v2/" + repo + "/manifests/1", new HostileRegistry.Reply(418, "application/json",
                    "{\"errors\":[{\"code\":\"TEAPOT\",\"message\":\"a\\u001b[2Jb\\nc\"}]}".getBytes(StandardCharsets.UTF_8)));
            return hostile.hostPort() + "/" + repo + ":1";
        });

        String iarea = "index";
        pullCase(all, iarea, "no image for this platform", Set.of(NOT_FOUND), true, repo -> {
            ObjectNode idx = index(List.of(platformed(descriptor(realConfig).put("mediaType", MediaTypes.OCI_MANIFEST), "linux", "s390x")));
            return serveManifest(repo, MediaTypes.OCI_INDEX, bytes(idx));
        });
        pullCase(all, iarea, "a nested index", reg, false, repo -> {
            ObjectNode inner = descriptor(MediaTypes.OCI_INDEX, "sha256:" + HEX64, 100);
            String here = dev.berth.oci.Platform.current().toString();
            String[] p = here.split("/");
            return serveManifest(repo, MediaTypes.OCI_INDEX, bytes(index(List.of(platformed(inner, p[0], p[1])))));
        });
        pullCase(all, iarea, "an entry with an invalid digest", reg, false, repo -> {
            ObjectNode e = platformed(descriptor(MediaTypes.OCI_MANIFEST, "sha256:nothex", 100), "linux", "amd64");
            return serveManifest(repo, MediaTypes.OCI_INDEX, bytes(index(List.of(e))));
        });
        pullCase(all, iarea, "10001 entries", reg, false, repo -> {
            List<ObjectNode> es = new ArrayList<>();
            for (int i = 0; i < 10_001; i++) {
                es.add(platformed(descriptor(MediaTypes.OCI_MANIFEST, "sha256:" + HEX64.substring(0, 56) + String.format("%08x", i), 100),
                        "linux", "riscv64"));
            }
            return serveManifest(repo, MediaTypes.OCI_INDEX, bytes(index(es)));
        });
        pullCase(all, iarea, "a platform without os", reg, false, repo -> {
            ObjectNode e = descriptor(MediaTypes.OCI_MANIFEST, "sha256:" + HEX64, 100);
            e.putObject("platform").put("architecture", "amd64");
            return serveManifest(repo, MediaTypes.OCI_INDEX, bytes(index(List.of(e))));
        });
        pullCase(all, iarea, "\"manifests\" that is an object", reg, false, repo -> {
            ObjectNode idx = index(List.of());
            idx.putObject("manifests");
            return serveManifest(repo, MediaTypes.OCI_INDEX, bytes(idx));
        });
        pullCase(all, iarea, "an index entry whose manifest is 404", Set.of(NOT_FOUND), false, repo -> {
            String here = dev.berth.oci.Platform.current().toString();
            String[] p = here.split("/");
            ObjectNode e = platformed(descriptor(MediaTypes.OCI_MANIFEST, "sha256:" + HEX64, 300), p[0], p[1]);
            hostile.on("/v2/" + repo + "/manifests/sha256:" + HEX64, HostileRegistry.status(404));
            return serveManifest(repo, MediaTypes.OCI_INDEX, bytes(index(List.of(e))));
        });
    }

    static ObjectNode index(List<ObjectNode> entries) {
        ObjectNode i = JSON.createObjectNode();
        i.put("schemaVersion", 2);
        i.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode a = i.putArray("manifests");
        entries.forEach(a::add);
        return i;
    }

    static ObjectNode platformed(ObjectNode d, String os, String arch) {
        d.putObject("platform").put("os", os).put("architecture", arch);
        return d;
    }

    // ============================================================================================ WWW-Authenticate

    static void authChallenges(List<Case> all) {
        String area = "WWW-Authenticate";
        for (String h : List.of("Bearer realm=\"x\"garbage", "Bearer realm=\"http://x", "Bearer realm=\"a\", realm=\"b\"",
                "Bearer realm=\"x\" scope=\"y\"", "Bearer =x", "Bearer realm=\"x\\", "Bearer realm=\"a\u0001b\"",
                "Bearer  realm=\"x\",,=y", "x".repeat(17_000), "Bearer realm=\"x\",\u00fc=1", "Bearer realm=\"x\",\u001b[2J")) {
            all.add(new Case(area, h + " (parser)", () -> pure(REGISTRY, () -> AuthChallenge.parse(h))));
        }
        Set<Kind> reg = Set.of(REGISTRY);
        authCase(all, "Bearer (no realm)", reg, repo -> HostileRegistry.challenge("Bearer"));
        authCase(all, "Bearer realm= (no value)", reg, repo -> HostileRegistry.challenge("Bearer realm="));
        authCase(all, "an unterminated quoted realm", reg, repo -> HostileRegistry.challenge("Bearer realm=\"http://127.0.0.1/t"));
        authCase(all, "Basic with no credentials configured", Set.of(PERMISSION_DENIED), repo -> HostileRegistry.challenge("Basic realm=\"x\""));
        authCase(all, "Negotiate only", reg, repo -> HostileRegistry.challenge("Negotiate YWJjZA=="));
        authCase(all, "a realm on plain HTTP at another host", reg, repo ->
                HostileRegistry.challenge("Bearer realm=\"http://registry.invalid/token\",service=\"x\""));
        authCase(all, "a realm of file:///etc/passwd", reg, repo -> HostileRegistry.challenge("Bearer realm=\"file:///etc/passwd\""));
        authCase(all, "a realm that is not a URL", reg, repo -> HostileRegistry.challenge("Bearer realm=\"::not a url::\""));
        authCase(all, "a realm twice", reg, repo -> HostileRegistry.challenge("Bearer realm=\"a\", realm=\"b\""));
        authCase(all, "a header of 17000 characters", reg, repo -> HostileRegistry.challenge("Bearer realm=\"" + "x".repeat(17_000) + "\""));
        authCase(all, "only commas", reg, repo -> HostileRegistry.challenge(",,, ,"));
        authCase(all, "a token server where nothing listens", Set.of(UNAVAILABLE), repo ->
                HostileRegistry.challenge("Bearer realm=\"http://127.0.0.1:1/token\""));
        all.add(new Case("WWW-Authenticate", "a token server on https that speaks http (read timeout 2 s)", () -> {
            env();
            String repo = "bad/tls-to-plain";
            hostile.on("/v2/" + repo + "/manifests/1", HostileRegistry.challenge("Bearer realm=\"https://" + hostile.hostPort() + "/token\""));
            long t0 = System.nanoTime();
            try (RegistryClient client = new RegistryClient(RegistryOptions.defaults().withReadTimeout(Duration.ofSeconds(2)))) {
                pure(UNAVAILABLE, () -> client.resolve(ImageReference.parse(hostile.hostPort() + "/" + repo + ":1")));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        }));
        tokenCase(all, "a token server answering garbage", reg, HostileRegistry.json("application/json", "<<<not json " + FAKE_SECRET + ">>>"));
        tokenCase(all, "a token server answering JSON without a token", reg, HostileRegistry.json("application/json", "{\"expires_in\":60}"));
        tokenCase(all, "a token with a line break", reg, HostileRegistry.json("application/json",
                "{\"token\":\"abc\\r\\nX-Injected: 1\"}"));
        tokenCase(all, "a token server answering 500", reg, HostileRegistry.status(500));
        tokenCase(all, "a token server answering 401", Set.of(PERMISSION_DENIED), HostileRegistry.status(401));
        tokenCase(all, "a token the registry keeps refusing", Set.of(PERMISSION_DENIED),
                HostileRegistry.json("application/json", "{\"token\":\"" + FAKE_SECRET + "\"}"));
        tokenCase(all, "a token response of 2 MB", reg, HostileRegistry.endless("application/json", 2L << 20));
    }

    static void authCase(List<Case> all, String what, Set<Kind> kinds, java.util.function.Function<String, HostileRegistry.Reply> reply) {
        pullCase(all, "WWW-Authenticate", what, kinds, false, repo -> {
            hostile.on("/v2/" + repo + "/manifests/1", reply.apply(repo));
            return hostile.hostPort() + "/" + repo + ":1";
        });
    }

    /** The registry always challenges with a realm on the hostile registry, whose token endpoint answers {@code token}. */
    static void tokenCase(List<Case> all, String what, Set<Kind> kinds, HostileRegistry.Script token) {
        all.add(new Case("token server", what, () -> {
            env();
            String repo = "bad/" + Integer.toHexString(what.hashCode() & 0x7fffffff);
            String path = "/token-" + repo.replace('/', '-');
            hostile.on(path, token);
            hostile.on("/v2/" + repo + "/manifests/1", HostileRegistry.challenge(
                    "Bearer realm=\"http://" + hostile.hostPort() + path + "\",service=\"hostile\",scope=\"repository:" + repo + ":pull\""));
            BerthException e = service(kinds, () -> svc().images().pull(PullRequest.of(hostile.hostPort() + "/" + repo + ":1"), p -> { }));
            assertThat(e.getMessage()).doesNotContain(FAKE_SECRET);
        }));
    }

    // ============================================================================================ Docker credentials

    static Path file(String name, String content) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "cfg-");
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    static String authRegistry() {
        return env().env.value("BERTH_TEST_AUTH_REGISTRY");
    }

    /** Pulls from the Basic-auth registry of the test environment with {@code config} as the Docker config. */
    static void credentialsCase(List<Case> all, String what, Set<Kind> kinds, Checks.Action prepare,
                                java.util.function.Supplier<Path> config) {
        all.add(new Case("docker config", what, () -> {
            Namespace n = env();
            prepare.run();
            Path cfg = config.get();
            ServiceOptions o = ServiceOptions.of(n.env.address(), n.name).withDataDir(tmp.resolve("data")).withDockerConfig(cfg);
            try (DefaultContainerdService s = DefaultContainerdService.connect(o)) {
                BerthException e = service(kinds, () -> s.images().pull(PullRequest.of(authRegistry() + "/test/busybox:1"), p -> { }));
                assertThat(e.getMessage()).doesNotContain(FAKE_SECRET);
                if (e.kind() == REGISTRY) {
                    assertThat(e.getMessage()).as("the message names the file").contains(cfg.getFileName().toString());
                }
            }
        }));
    }

    static void dockerCredentials(List<Case> all) {
        Path[] cfg = new Path[1];
        java.util.function.Supplier<Path> current = () -> cfg[0];
        Set<Kind> reg = Set.of(REGISTRY);
        credentialsCase(all, "config.json that is not JSON", reg,
                () -> cfg[0] = file("config.json", "{\"auths\": {\"" + FAKE_SECRET), current);
        credentialsCase(all, "config.json that is a JSON array", reg, () -> cfg[0] = file("config.json", "[1,2]"), current);
        credentialsCase(all, "an auth entry that is not base64", reg, () -> cfg[0] = file("config.json",
                "{\"auths\":{\"" + authRegistry() + "\":{\"auth\":\"%%%" + FAKE_SECRET + "%%%\"}}}"), current);
        credentialsCase(all, "an auth entry without a colon", reg, () -> cfg[0] = file("config.json",
                "{\"auths\":{\"" + authRegistry() + "\":{\"auth\":\"" + Base64.getEncoder().encodeToString(
                        ("user" + FAKE_SECRET).getBytes(StandardCharsets.UTF_8)) + "\"}}}"), current);
        credentialsCase(all, "a credsStore helper that is not installed", reg, () -> cfg[0] = file("config.json",
                "{\"credsStore\":\"berth-missing-helper-" + UUID.randomUUID().toString().substring(0, 6) + "\"}"), current);
        credentialsCase(all, "a credHelpers entry naming a path", reg, () -> cfg[0] = file("config.json",
                "{\"credHelpers\":{\"" + authRegistry() + "\":\"../../bin/sh\"}}"), current);
        credentialsCase(all, "a credHelpers entry with an escape sequence", reg, () -> cfg[0] = file("config.json",
                "{\"credHelpers\":{\"" + authRegistry() + "\":\"x\\u001b[2Jy\"}}"), current);
        credentialsCase(all, "config.json that is a directory", reg, () -> {
            Path d = Files.createTempDirectory(tmp, "cfgdir-");
            cfg[0] = Files.createDirectory(d.resolve("config.json"));
        }, current);
        credentialsCase(all, "config.json of 9 MB", reg, () -> cfg[0] = file("config.json",
                "{\"auths\":{},\"pad\":\"" + "x".repeat(9 << 20) + "\"}"), current);
        credentialsCase(all, "a wrong password", Set.of(PERMISSION_DENIED), () -> cfg[0] = file("config.json",
                "{\"auths\":{\"" + authRegistry() + "\":{\"username\":\"berth-test\",\"password\":\"" + FAKE_SECRET + "\"}}}"), current);
        credentialsCase(all, "an empty config.json", Set.of(PERMISSION_DENIED), () -> cfg[0] = file("config.json", ""), current);
        credentialsCase(all, "\"auths\" that is a string", Set.of(PERMISSION_DENIED), () -> cfg[0] = file("config.json",
                "{\"auths\":\"" + FAKE_SECRET + "\"}"), current);

        // credential helpers: programs of our own, found only in a directory the client is given
        helperCase(all, "prints garbage", REGISTRY, "echo 'garbage " + FAKE_SECRET + "'\n");
        helperCase(all, "prints JSON without a Secret", REGISTRY, "echo '{\"Username\":\"u\"}'\n");
        helperCase(all, "prints a Secret that is a number", REGISTRY, "echo '{\"Username\":\"u\",\"Secret\":42}'\n");
        helperCase(all, "exits 1", REGISTRY, "echo 'helper broke' >&2\nexit 1\n");
        helperCase(all, "hangs", REGISTRY, "exec sleep 60\n");
        helperCase(all, "prints 2 MB", REGISTRY, "head -c 2097152 /dev/zero | tr '\\0' 'x'\n");
        helperCase(all, "is not executable", REGISTRY, null);
        helperCase(all, "knows nothing of the registry", PERMISSION_DENIED, "echo 'credentials not found in native keychain'\nexit 1\n");
    }

    static void helperCase(List<Case> all, String what, Kind kind, String script) {
        all.add(new Case("credential helper", what, () -> {
            env();
            Path dir = Files.createTempDirectory(tmp, "helper-");
            Path helper = dir.resolve("docker-credential-berthtest");
            Files.writeString(helper, "#!/bin/sh\ncat >/dev/null\n" + (script == null ? "exit 0\n" : script), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString(script == null ? "rw-r--r--" : "rwxr-xr-x"));
            Path cfg = dir.resolve("config.json");
            Files.writeString(cfg, "{\"credsStore\":\"berthtest\"}", StandardCharsets.UTF_8);
            RegistryOptions o = RegistryOptions.defaults()
                    .withCredentials(new DockerConfigCredentials(cfg, List.of(dir), Duration.ofSeconds(2)));
            long t0 = System.nanoTime();
            try (RegistryClient client = new RegistryClient(o)) {
                BerthException e = pure(kind, () -> client.resolve(ImageReference.parse(authRegistry() + "/test/busybox:1")));
                assertThat(e.getMessage()).doesNotContain(FAKE_SECRET).doesNotContain("xxxxxxxx");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("bounded by the helper timeout").isLessThan(Duration.ofSeconds(15));
        }));
    }

    // ============================================================================================ CNI results

    static void cniResults(List<Case> all) {
        cniCase(all, "not JSON", INTERNAL, "printf 'not json at all'\n", true);
        cniCase(all, "a JSON array", INTERNAL, "printf '[1,2]'\n", true);
        cniCase(all, "an address that is no CIDR", INTERNAL,
                "printf '{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"10.1.2.300/24\"}]}'\n", true);
        cniCase(all, "an interface index out of range", INTERNAL,
                "printf '{\"cniVersion\":\"1.0.0\",\"interfaces\":[],\"ips\":[{\"address\":\"10.1.2.3/24\",\"interface\":5}]}'\n", true);
        cniCase(all, "interfaces that is not a list", INTERNAL, "printf '{\"cniVersion\":\"1.0.0\",\"interfaces\":{}}'\n", true);
        cniCase(all, "dns that is a string", INTERNAL, "printf '{\"cniVersion\":\"1.0.0\",\"dns\":\"8.8.8.8\"}'\n", true);
        cniCase(all, "empty output", INTERNAL, "true\n", true);
        cniCase(all, "CNI error code 7 (invalid network config)", FAILED_PRECONDITION,
                "printf '{\"cniVersion\":\"1.0.0\",\"code\":7,\"msg\":\"bad config\"}'\nexit 1\n", true);
        cniCase(all, "CNI error code 11 (try again later)", UNAVAILABLE,
                "printf '{\"cniVersion\":\"1.0.0\",\"code\":11,\"msg\":\"busy\"}'\nexit 1\n", true);
        cniCase(all, "an error message with escape sequences", INTERNAL,
                "printf '{\"cniVersion\":\"1.0.0\",\"code\":100,\"msg\":\"a\\\\u001b[2Jb\",\"details\":\"x\\\\ny\"}'\nexit 1\n", true);
        cniCase(all, "exit 2 with garbage on stderr", INTERNAL, "printf '\\033[31mred garbage\\n' >&2\nexit 2\n", true);
        cniCase(all, "a 100 kB error message", INTERNAL,
                "printf '{\"code\":999,\"msg\":\"'\nhead -c 100000 /dev/zero | tr '\\0' 'm'\nprintf '\"}'\nexit 1\n", true);
        cniCase(all, "a plugin that is not there", FAILED_PRECONDITION, null, false);
    }

    static void cniCase(List<Case> all, String what, Kind kind, String addScript, boolean ran) {
        all.add(new Case("CNI result", what, () -> {
            Path dir = Files.createTempDirectory(tmp, "cni-");
            Path bin = Files.createDirectories(dir.resolve("bin"));
            Path log = dir.resolve("calls.log");
            if (addScript != null) {
                Path p = bin.resolve("hostile");
                Files.writeString(p, "#!/bin/sh\ncat >/dev/null\necho \"$CNI_COMMAND\" >> '" + log + "'\n"
                        + "if [ \"$CNI_COMMAND\" = ADD ]; then\n" + addScript + "fi\nexit 0\n", StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Path netns = Files.createFile(dir.resolve("netns"));
            Path cache = dir.resolve("cache");
            Cni cni = new Cni(CniSettings.defaults().withConfDir(dir.resolve("no-conf")).withBinDirs(List.of(bin))
                    .withTimeout(Duration.ofSeconds(10)), cache);
            CniNetwork net = new CniNetwork(NetworkConfigList.parseList(
                    "{\"cniVersion\":\"1.0.0\",\"name\":\"hostile\",\"plugins\":[{\"type\":\"hostile\"}]}".getBytes(StandardCharsets.UTF_8),
                    "battery"), "eth0");
            pure(kind, () -> cni.add(net, new Cni.Attachment("ns--c1", netns.toString(), "", "eth0")));
            // nothing cached, and the failed ADD was undone with a DEL
            assertThat(cni.cached("hostile", "ns--c1", "eth0")).isEmpty();
            if (ran) {
                assertThat(Files.readAllLines(log)).as("plugin calls").containsExactly("ADD", "DEL");
            }
        }));
    }

    // ============================================================================================ command line

    static void commandLine(List<Case> all) {
        String[][] usage = {
                {"nosuchcommand"}, {"containers", "ls", "--nosuchoption"}, {"containers", "create"}, {"-o", "yaml", "containers", "ls"},
                {"--max-concurrent-downloads", "0", "images", "pull", "127.0.0.1:1/x:1"},
                {"--max-concurrent-downloads", "many", "images", "ls"},
                {"--pull-mode", "warp", "images", "pull", "127.0.0.1:1/x:1"}, {"-n", "bad ns", "containers", "ls"},
                {"-n", "a\u001b[2Jb", "containers", "ls"},
                {"--insecure-registry", "a b", "images", "pull", "127.0.0.1:1/x:1"},
                {"tasks", "stop", "-t", "-1", "some-id"}, {"tasks", "stop", "-t", "abc", "some-id"},
                {"tasks", "kill", "-s", "SIGFOO", "some-id"}, {"tasks", "kill", "-s", "65", "some-id"},
                {"logs", "--tail", "x", "some-id"}, {"net", "up", "--cni-timeout", "0", "some-id"},
                {"net", "up", "--subnet", "10.0.0.0/33", "some-id"}, {"containers", "ls", "--label", ""},
                {"images", "pull", "--platform", "linux/", "127.0.0.1:1/x:1"}, {"images", "pull", "--platform", "plan9/\u00e4", "127.0.0.1:1/x:1"},
                {"--pull-mode", "\u001b[31mred", "images", "ls"},
                {"containers", "ls", "--unknown\nsecond-line"}, {"images", "pull"}};
        for (String[] args : usage) {
            all.add(new Case("command line", String.join(" ", args), () -> cli(Cli.USAGE, args)));
        }
        all.add(new Case("command line", "--address of a socket that does not exist", () ->
                cli(Cli.FAILED, "--address", "/nonexistent/berth-" + UUID.randomUUID() + ".sock", "containers", "ls")));
        all.add(new Case("command line", "--address of a file that is not a socket", () ->
                cli(Cli.FAILED, "--address", tmp.toString(), "containers", "ls")));
    }

    // ============================================================================================ settings file

    /**
     * The console's settings file spoiled: loading never throws; a file that is not a JSON object is
     * moved aside whole ({@code .corrupt-}/{@code .unreadable-<time>}, byte for byte) and the defaults
     * used; a bad value falls back to its default alone. Whatever was loaded must give service options
     * that connect to the real containerd, and a save afterwards leaves one whole file and no
     * temporary files. (The command line does not read the settings file.)
     */
    static void settingsCase(List<Case> all, String what, SettingsStore.Problem problem, byte[] content,
                             java.util.function.Consumer<Settings> check) {
        all.add(new Case("settings file", what, () -> {
            Namespace n = env();
            Path dir = Files.createTempDirectory(tmp, "settings-");
            Path file = dir.resolve("settings.json");
            if (content != null) {
                Files.write(file, content);
            }
            SettingsStore store = new SettingsStore(file);
            SettingsStore.Loaded loaded = store.load();
            System.out.println("  -> " + loaded.problem() + (loaded.detail() == null ? "" : ": " + Checks.printable(loaded.detail(), 200)));
            assertThat(loaded.problem()).as("how loading went").isEqualTo(problem);
            if (problem != SettingsStore.Problem.NONE) {
                assertThat(loaded.settings()).as("the defaults after a problem").isEqualTo(Settings.defaults());
                assertThat(loaded.keptAt()).as("the old file kept aside").isNotNull();
                if (content != null && Files.isRegularFile(loaded.keptAt())) {
                    assertThat(Files.readAllBytes(loaded.keptAt())).as("kept byte for byte").isEqualTo(content);
                }
                assertThat(file).as("the spoiled file is no longer in the way").doesNotExist();
            }
            check.accept(loaded.settings());
            // what was loaded connects (the endpoint's address replaced by the test containerd's)
            Settings s = loaded.settings();
            try (DefaultContainerdService svc = DefaultContainerdService.connect(s.serviceOptions(n.env.address(), n.name)
                    .withDataDir(tmp.resolve("data")))) {
                assertThat(svc.namespaces().list()).as("namespaces through the loaded settings").isNotEmpty();
            }
            store.save(s);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString()).filter(f -> !f.startsWith("settings.json.")))
                        .as("files in the settings directory after a save").containsExactly("settings.json");
            }
            assertThat(new SettingsStore(file).load().settings()).as("read back after the save").isEqualTo(s);
        }));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void settingsFile(List<Case> all) {
        SettingsStore.Problem corrupt = SettingsStore.Problem.CORRUPT;
        SettingsStore.Problem none = SettingsStore.Problem.NONE;
        java.util.function.Consumer<Settings> defaults = s -> assertThat(s).isEqualTo(Settings.defaults());
        settingsCase(all, "not JSON", corrupt, utf8("theme = dark\n"), defaults);
        settingsCase(all, "JSON cut in the middle", corrupt, utf8("{\"endpoints\":[{\"name\":\"a\",\"soc"), defaults);
        settingsCase(all, "a JSON array", corrupt, utf8("[1,2,3]"), defaults);
        settingsCase(all, "JSON null", corrupt, utf8("null"), defaults);
        settingsCase(all, "empty", corrupt, new byte[0], defaults);
        settingsCase(all, "NUL bytes", corrupt, new byte[64], defaults);
        settingsCase(all, "not UTF-8", SettingsStore.Problem.UNREADABLE, new byte[] {'{', '"', (byte) 0xff, (byte) 0xfe, '"', '}'}, defaults);
        settingsCase(all, "nested 5000 deep", corrupt, utf8("{\"a\":".repeat(5000) + "1" + "}".repeat(5000)), defaults);
        // a byte order mark (some editors write one) is skipped: the rest is read as usual
        settingsCase(all, "a UTF-8 byte order mark", none, utf8("\ufeff{\"theme\":\"dark\"}"),
                s -> assertThat(s.theme()).isEqualTo("dark"));
        settingsCase(all, "every value of the wrong type", none, utf8("{\"endpoints\":\"x\",\"currentEndpoint\":5,\"theme\":[],"
                + "\"language\":{},\"insecureRegistries\":\"r\",\"parallelDownloads\":\"many\",\"cni\":7,\"window\":\"big\"}"), defaults);
        settingsCase(all, "endpoints without name or socket", none, utf8("{\"endpoints\":[{},{\"name\":\"\"},{\"socket\":\"/x\"},"
                + "{\"name\":\"n\",\"socket\":\"  \"}]}"), s -> assertThat(s.endpoints()).isEqualTo(Settings.defaults().endpoints()));
        settingsCase(all, "an endpoint name with control characters and a current endpoint that is not there", none,
                utf8("{\"endpoints\":[{\"name\":\"a\\u001b[2Jb\",\"socket\":\"/run/x.sock\",\"namespace\":\"bad ns\"}],"
                        + "\"currentEndpoint\":\"nope\"}"), s -> assertThat(s.currentEndpoint()).isEqualTo(s.endpoints().get(0).name()));
        settingsCase(all, "parallel downloads 1e99", none, utf8("{\"parallelDownloads\":1e99}"),
                s -> assertThat(s.parallelDownloads()).isEqualTo(Settings.defaults().parallelDownloads()));
        settingsCase(all, "a CNI subnet /33 and a network name with a slash", none,
                utf8("{\"cni\":{\"network\":\"../etc\",\"subnet\":\"10.0.0.0/33\"}}"), s -> {
                    assertThat(s.cniNetwork()).isEqualTo(Settings.defaults().cniNetwork());
                    assertThat(s.cniSubnet()).isEqualTo(Settings.defaults().cniSubnet());
                });
        settingsCase(all, "a window of NaN and 1e308", none,
                utf8("{\"window\":{\"x\":\"NaN\",\"y\":0,\"width\":1e308,\"height\":1e308}}"), s -> assertThat(s.window()).isNull());
        settingsCase(all, "a theme and a language nobody knows", none, utf8("{\"theme\":\"neon\",\"language\":\"xx-\\u0000\"}"),
                s -> assertThat(s.theme()).isEqualTo(Settings.defaults().theme()));
        settingsCase(all, "insecure registries that are no host", none,
                utf8("{\"insecureRegistries\":[\"a b\",\"http://\",\"\\u001b[31m\",\"reg.example.com:5000\",7,null]}"),
                s -> assertThat(s.insecureRegistries()).containsExactly("reg.example.com:5000"));
        settingsCase(all, "5 MB of padding", none, utf8("{\"theme\":\"dark\",\"pad\":\"" + "x".repeat(5 << 20) + "\"}"),
                s -> assertThat(s.theme()).isEqualTo("dark"));
        all.add(new Case("settings file", "a directory where the file should be", () -> {
            env();
            Path dir = Files.createTempDirectory(tmp, "settings-");
            Path file = Files.createDirectory(dir.resolve("settings.json"));
            Files.writeString(file.resolve("inside"), "x");
            SettingsStore store = new SettingsStore(file);
            SettingsStore.Loaded loaded = store.load();
            System.out.println("  -> " + loaded.problem() + ": " + Checks.printable(String.valueOf(loaded.detail()), 200));
            assertThat(loaded.problem()).isEqualTo(SettingsStore.Problem.UNREADABLE);
            assertThat(loaded.settings()).isEqualTo(Settings.defaults());
            assertThat(loaded.keptAt()).as("moved aside with what it held").isDirectory();
            assertThat(loaded.keptAt().resolve("inside")).hasContent("x");
            store.save(loaded.settings());
            assertThat(new SettingsStore(file).load().problem()).isEqualTo(SettingsStore.Problem.NONE);
        }));
        all.add(new Case("settings file", "a symbolic link that loops", () -> {
            env();
            Path dir = Files.createTempDirectory(tmp, "settings-");
            Path file = dir.resolve("settings.json");
            Files.createSymbolicLink(file, file.getFileName());
            SettingsStore.Loaded loaded = new SettingsStore(file).load();
            System.out.println("  -> " + loaded.problem() + ": " + Checks.printable(String.valueOf(loaded.detail()), 200));
            assertThat(loaded.problem()).isEqualTo(SettingsStore.Problem.UNREADABLE);
            assertThat(loaded.settings()).isEqualTo(Settings.defaults());
            assertThat(Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)).as("the link moved aside").isFalse();
        }));
    }

    static void deleteTree(Path p) throws IOException {
        if (p == null || !Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
