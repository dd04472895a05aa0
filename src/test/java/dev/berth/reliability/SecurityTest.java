package dev.berth.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cni.Cni;
import dev.berth.cni.CniNetwork;
import dev.berth.cni.CniSettings;
import dev.berth.cni.NetworkConfigList;
import dev.berth.model.BerthException;
import dev.berth.model.ImageInfo;
import dev.berth.model.PullProgress;
import dev.berth.model.PullRequest;
import dev.berth.registry.DockerConfigCredentials;
import dev.berth.registry.ImageReference;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.RegistryOptions;
import dev.berth.service.DefaultContainerdService;
import dev.berth.service.ServiceOptions;
import dev.berth.testenv.RegistryProxy;
import dev.berth.testenv.TestEnv;
import dev.berth.ui.activity.ActivityItem;
import dev.berth.ui.activity.ActivityViewModel;
import dev.berth.ui.common.ChangeGuard;
import dev.berth.ui.common.CurrentThreadTaskExecutor;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ServiceSession;
import dev.berth.ui.common.UserError;
import dev.berth.ui.fake.FakeDialogs;
import dev.berth.ui.images.ImagesViewModel;
import dev.berth.ui.images.LayerItem;
import dev.berth.ui.images.PullViewModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security checks: registry credentials (and the tokens they buy) appear in no output, log record
 * or UI text, even with every logger at its most verbose; TLS certificates are checked by default (a
 * registry with a self-signed certificate is refused until its certificate is trusted), plain HTTP is
 * spoken only to loopback registries and those listed as insecure; no process is started through a
 * shell anywhere in Berth's code, and what a user types never becomes part of a program's argument
 * list.
 *
 * <p>The TLS and plain-HTTP cases need a registry name that is not loopback (Berth speaks plain HTTP
 * to loopback by design). They run the real command line ({@code dev.berth.app.Main}) in a JVM of its
 * own whose host name lookups come from a hosts file ({@code -Djdk.net.hosts.file}) naming
 * {@code *.berth.test} as 127.0.0.1: no traffic leaves this machine.
 */
class SecurityTest {

    static final SecureRandom RANDOM = new SecureRandom();
    static final String USER = "berth-sec-" + HexFormat.of().formatHex(RANDOM.generateSeed(4));
    static final String PASSWORD = "Pw-" + HexFormat.of().formatHex(RANDOM.generateSeed(12)) + "-zQ";
    static final String STORE_PASSWORD = "berth-sec-store";

    static Namespace ns;

    @BeforeAll
    static void setUp() {
        ns = Namespace.open("security");
    }

    @AfterAll
    static void tearDown() {
        if (ns != null) {
            ns.close();
        }
    }

    // ============================================================================================ secrets

    /** Every JUL record (all loggers, every level), formatted as a handler would print it. */
    static final class Capture extends Handler {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord r) {
            lines.add(format.format(r));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** The secrets of one registry login: the password, the Basic header's base64, the tokens handed out. */
    static List<String> secrets(RegistryProxy proxy) {
        List<String> s = new ArrayList<>(List.of(PASSWORD,
                Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)),
                // the base64 with its padding cut, and a URL-encoded form, as a careless log might show them
                Base64.getEncoder().withoutPadding().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8))));
        s.addAll(proxy.issuedTokens());
        return s;
    }

    static void assertNoSecret(String where, String text, List<String> secrets) {
        for (String secret : secrets) {
            assertThat(text).as("%s holds a secret", where).doesNotContain(secret);
        }
    }

    static Path dockerConfig(Path dir, String registry, String user, String password) throws IOException {
        Path cfg = dir.resolve("config.json");
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        Files.writeString(cfg, "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}", StandardCharsets.UTF_8);
        return cfg;
    }

    @Test
    void credentialsAndTokensAreInNoOutputLogOrUiTextEvenWithDebugLogging(@TempDir Path dir) throws Exception {
        Capture capture = new Capture();
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Level rootLevel = root.getLevel();
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        List<String> texts = new ArrayList<>();
        try (RegistryProxy proxy = new RegistryProxy(ns.env.registry()).requireBearer(USER, PASSWORD)) {
            String ref = proxy.hostPort() + "/test/busybox:1";
            Path cfg = dockerConfig(Files.createDirectories(dir.resolve("docker")), proxy.hostPort(), USER, PASSWORD);
            Path wrong = dockerConfig(Files.createDirectories(dir.resolve("docker-wrong")), proxy.hostPort(), USER, "wrong-" + PASSWORD);
            ServiceOptions o = ServiceOptions.of(ns.env.address(), ns.name).withDataDir(dir.resolve("data")).withDockerConfig(cfg);

            // 1. the service: progress records, the image, then a failed login's message
            try (DefaultContainerdService s = DefaultContainerdService.connect(o)) {
                List<PullProgress> progress = new CopyOnWriteArrayList<>();
                ImageInfo image = s.images().pull(PullRequest.of(ref), progress::add);
                assertThat(proxy.tokenRequests()).as("the pull logged in").isPositive();
                texts.add("service progress: " + progress.stream().map(PullProgress::toString).collect(Collectors.joining("\n")));
                texts.add("service image: " + image);
                s.images().delete(image.name(), true);
            }
            try (DefaultContainerdService s = DefaultContainerdService.connect(o.withDockerConfig(wrong))) {
                BerthException e = Checks.expect(BerthException.Kind.PERMISSION_DENIED,
                        () -> s.images().pull(PullRequest.of(ref), p -> { }));
                texts.add("service error: " + e + " " + Checks.printable(UserError.stackTrace(e), 100_000));
            }

            // 2. the console's view models on the real service: layer texts, summary, activity, the error shown
            ServiceSession session = new ServiceSession();
            CurrentThreadTaskExecutor executor = new CurrentThreadTaskExecutor();
            I18n i18n = I18n.english();
            FakeDialogs dialogs = new FakeDialogs();
            ActivityViewModel activity = new ActivityViewModel(i18n, Clock.systemUTC());
            executor.setActivitySink(activity);
            for (Path c : List.of(cfg, wrong)) {
                try (DefaultContainerdService s = DefaultContainerdService.connect(o.withDockerConfig(c))) {
                    session.attach(s);
                    ImagesViewModel images = new ImagesViewModel(session, executor, i18n, dialogs, new ChangeGuard(dialogs, i18n));
                    PullViewModel vm = images.newPull(ref);
                    List<String> seen = new CopyOnWriteArrayList<>();
                    vm.progress().summaryProperty().addListener((x, a, b) -> seen.add(b));
                    assertThat(vm.start()).isTrue();
                    assertThat(vm.state()).isEqualTo(c == cfg ? PullViewModel.State.DONE : PullViewModel.State.FAILED);
                    vm.progress().layers().stream().map(LayerItem::text).forEach(seen::add);
                    UserError err = vm.errorProperty().get();
                    if (err != null) {
                        seen.add(err.title() + "\n" + err.message() + "\n" + err.details());
                    }
                    for (ActivityItem a : activity.items()) {
                        seen.add(a.title() + " " + a.messageProperty().get() + " " + a.errorProperty().get());
                    }
                    texts.add("console texts: " + String.join("\n", seen));
                    if (c == cfg) {
                        s.images().delete(vm.resultProperty().get().name(), true);
                    }
                }
            }

            // 3. the command line with --debug, in-process (its logs go to the capture)
            Checks.CliRun r = Checks.cli(Map.of(ServiceOptions.ENV_ADDRESS, ns.env.address(), ServiceOptions.ENV_NAMESPACE, ns.name),
                    "--debug", "images", "pull", ref);
            texts.add("in-process cli: " + r.out() + r.err());

            // 4. the command line in a JVM of its own, with DOCKER_CONFIG and every logger printing everything
            Path logging = dir.resolve("logging.properties");
            Files.writeString(logging, "handlers=java.util.logging.ConsoleHandler\n.level=ALL\n"
                    + "java.util.logging.ConsoleHandler.level=ALL\n", StandardCharsets.UTF_8);
            Run ok = berth(List.of("-Djava.util.logging.config.file=" + logging), Map.of("DOCKER_CONFIG", cfg.getParent().toString()),
                    "--debug", "images", "pull", ref);
            assertThat(ok.exit()).as("cli pull with credentials: %s", ok.err()).isZero();
            assertThat(ok.err()).as("the debug log of the separate JVM is on").contains("FINE");
            texts.add("cli: " + ok.out() + ok.err());
            Run bad = berth(List.of("-Djava.util.logging.config.file=" + logging), Map.of("DOCKER_CONFIG", wrong.getParent().toString()),
                    "--debug", "images", "pull", proxy.hostPort() + "/test/busybox:1");
            texts.add("cli wrong password: " + bad.out() + bad.err());
            System.out.printf("secrets: %d tokens issued; %d log records captured; separate JVM printed %d + %d chars%n",
                    proxy.issuedTokens().size(), capture.lines.size(), ok.err().length(), bad.err().length());
            assertThat(proxy.issuedTokens()).as("tokens to look for").isNotEmpty();
            // the image pulled by the command lines goes again
            for (ImageInfo i : ns.service.images().list()) {
                ns.service.images().delete(i.name(), true);
            }

            List<String> secrets = secrets(proxy);
            texts.add("log: " + String.join("", capture.lines));
            assertThat(capture.lines).as("debug records were captured").anyMatch(l -> l.contains("FINE"));
            for (String t : texts) {
                assertNoSecret(t.substring(0, t.indexOf(':')), t, secrets);
            }
        } finally {
            root.removeHandler(capture);
            root.setLevel(rootLevel);
        }
    }

    // ============================================================================================ separate JVM

    record Run(int exit, String out, String err) {
    }

    /** Runs {@code berth ARGS} (dev.berth.app.Main) in a JVM of its own against the test containerd. */
    static Run berth(List<String> jvm, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xshare:auto");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(jvm);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.berth.app.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put(ServiceOptions.ENV_ADDRESS, ns.env.address());
        pb.environment().put(ServiceOptions.ENV_NAMESPACE, ns.name);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = read(p.getInputStream());
        CompletableFuture<String> err = read(p.getErrorStream());
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("berth " + String.join(" ", args) + " did not end within 180 s");
        }
        // slf4j-api is on the test class path only (through a test library), without a provider: its
        // three warning lines are not Berth's (the application's class path has no slf4j)
        String errText = err.get(10, TimeUnit.SECONDS).lines().filter(l -> !l.startsWith("SLF4J("))
                .collect(Collectors.joining("\n", "", "\n")).replaceFirst("^\n$", "");
        Run r = new Run(p.exitValue(), out.get(10, TimeUnit.SECONDS), errText);
        List<String> errLines = r.err().lines().filter(l -> l.startsWith("berth:")).collect(Collectors.toList());
        System.out.printf("berth %s -> exit %d %s%n", String.join(" ", args), r.exit(), errLines);
        return r;
    }

    static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("keytool %s: %s", List.of(args), out).isZero();
    }

    // ============================================================================================ TLS, plain HTTP

    @Test
    void aSelfSignedRegistryIsRefusedUntilTrustedAndPlainHttpOnlyForLoopbackOrListedRegistries(@TempDir Path dir) throws Exception {
        // a certificate of our own for tls.berth.test, signed by itself
        Path server = dir.resolve("server.p12");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=tls.berth.test",
                "-ext", "SAN=dns:tls.berth.test", "-validity", "2", "-storetype", "PKCS12", "-keystore", server.toString(),
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        Path cert = dir.resolve("server.pem");
        keytool("-exportcert", "-rfc", "-alias", "registry", "-keystore", server.toString(), "-storepass", STORE_PASSWORD,
                "-file", cert.toString());
        Path trust = dir.resolve("trust.p12");
        keytool("-importcert", "-noprompt", "-alias", "berth-test-registry", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trust.toString(), "-storepass", STORE_PASSWORD);
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 localhost tls.berth.test plain.berth.test\n", StandardCharsets.UTF_8);
        String hostsFile = "-Djdk.net.hosts.file=" + hosts;

        try (RegistryProxy tls = RegistryProxy.tls(ns.env.registry(), 0, server, STORE_PASSWORD);
             RegistryProxy plain = new RegistryProxy(ns.env.registry())) {
            String tlsRef = "tls.berth.test:" + tls.port() + "/test/busybox:1";
            String plainRef = "plain.berth.test:" + plain.port() + "/test/busybox:1";
            List<String> report = new ArrayList<>();

            // the self-signed registry: refused by default, with a message that says why and what to do
            Run refused = berth(List.of(hostsFile), Map.of(), "images", "pull", "-q", tlsRef);
            assertThat(refused.exit()).as("pull from a self-signed registry: %s", refused.err()).isEqualTo(1);
            assertThat(refused.err().lines().count()).as("one error line: %s", refused.err()).isEqualTo(1);
            assertThat(refused.err()).contains("berth: ").containsIgnoringCase("TLS").contains("tls.berth.test")
                    .containsIgnoringCase("not trusted");
            assertThat(tls.requests()).as("requests that got past the TLS handshake").isZero();
            assertThat(ns.state().images()).as("nothing pulled").isEmpty();
            report.add("self-signed, default: exit " + refused.exit() + ", " + refused.err().strip());

            // trusted (its certificate in the trust store the JVM is given): the pull goes through
            Run trusted = berth(List.of(hostsFile, "-Djavax.net.ssl.trustStore=" + trust,
                    "-Djavax.net.ssl.trustStorePassword=" + STORE_PASSWORD, "-Djavax.net.ssl.trustStoreType=PKCS12"),
                    Map.of(), "images", "pull", "-q", tlsRef);
            assertThat(trusted.exit()).as("pull once the certificate is trusted: %s", trusted.err()).isZero();
            assertThat(tls.requests()).isPositive();
            assertThat(ns.state().images()).as("pulled").contains(tlsRef);
            report.add("self-signed, trusted: exit " + trusted.exit());

            // a registry that is not loopback is spoken to over HTTPS: a plain HTTP one is not spoken to in
            // HTTP (the test environment's registry: Go's server answers the TLS hello with an error at once;
            // a server that stays silent is SocketTransportTlsTest's case)
            String realPlainRef = "plain.berth.test:" + ns.env.registry().substring(ns.env.registry().lastIndexOf(':') + 1)
                    + "/test/busybox:1";
            long t0 = System.nanoTime();
            Run notListed = berth(List.of(hostsFile), Map.of(), "images", "pull", "-q", realPlainRef);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(notListed.exit()).as("pull from a plain HTTP registry not listed: %s", notListed.err()).isEqualTo(1);
            assertThat(notListed.err().lines().count()).as("one error line: %s", notListed.err()).isEqualTo(1);
            assertThat(notListed.err()).contains("berth: ").contains("plain.berth.test").containsIgnoringCase("TLS")
                    .containsIgnoringCase("insecure");
            report.add("plain HTTP (registry), not listed: exit " + notListed.exit() + " after " + ms + " ms, " + notListed.err().strip());
            // listed as insecure: plain HTTP (the proxy, which counts what reaches it)
            assertThat(plain.requests()).isZero();
            Run listed = berth(List.of(hostsFile), Map.of(), "--insecure-registry", "plain.berth.test:" + plain.port(),
                    "images", "pull", "-q", plainRef);
            assertThat(listed.exit()).as("pull from a listed plain HTTP registry: %s", listed.err()).isZero();
            assertThat(plain.requests()).isPositive();
            assertThat(ns.state().images()).contains(plainRef);
            report.add("plain HTTP, listed insecure: exit " + listed.exit());
            for (String i : ns.state().images()) {
                ns.service.images().delete(i, true);
            }
            report.forEach(l -> System.out.println("tls: " + l));
        }
    }

    @Test
    void theSchemeIsHttpsUnlessLoopbackOrListed() {
        RegistryOptions none = RegistryOptions.defaults();
        for (String h : List.of("registry.example.com", "registry.example.com:5000", "10.0.0.1:5000", "[fe80::1]:5000",
                "localhost.example.com", "127.0.0.1.example.com", "docker.io")) {
            assertThat(none.allowsPlainHttp(h)).as("plain HTTP for %s", h).isFalse();
        }
        for (String h : List.of("localhost:5000", "127.0.0.1:5000", "127.1.2.3", "[::1]:5000", "registry.localhost:80")) {
            assertThat(none.allowsPlainHttp(h)).as("plain HTTP for loopback %s", h).isTrue();
        }
        RegistryOptions listed = none.withInsecureHosts(Set.of("registry.example.com:5000"));
        assertThat(listed.allowsPlainHttp("registry.example.com:5000")).isTrue();
        assertThat(listed.allowsPlainHttp("registry.example.com:5001")).as("another port").isFalse();
        assertThat(listed.allowsPlainHttp("other.example.com:5000")).isFalse();
        // a redirect from a plain HTTP loopback registry to plain HTTP elsewhere is refused (BadInputTest's
        // "a redirect to plain HTTP on another host"); a token realm on plain HTTP elsewhere too
        try (RegistryClient c = new RegistryClient(none)) {
            BerthException e = Checks.expect(Set.of(BerthException.Kind.UNAVAILABLE, BerthException.Kind.REGISTRY),
                    () -> c.resolve(ImageReference.parse("registry.invalid/app:1")));
            assertThat(e.getMessage()).as("an unknown host is tried over HTTPS, not HTTP").contains("registry.invalid");
        }
    }

    // ============================================================================================ no shell

    static final Pattern PROCESS_START = Pattern.compile("new\\s+ProcessBuilder\\s*\\(|Runtime\\s*\\.\\s*getRuntime\\s*\\(\\s*\\)\\s*\\.\\s*exec"
            + "|ProcessBuilder\\s*\\.\\s*startPipeline|\\bexec[lv]p?e?\\s*\\(");
    static final Pattern SHELL_LITERAL = Pattern.compile("\"(?:/(?:usr/)?bin/)?(?:sh|bash|dash|zsh|ksh|csh|fish|busybox)\"|\"-c\"|\"cmd(?:\\.exe)?\"|\"/c\"");
    /** The only places that start a process, each with a reason; a new one must be looked at and added. */
    static final Map<String, String> ALLOWED = Map.of(
            "dev/berth/app/DesktopTheme.java", "gsettings get (constant arguments)",
            "dev/berth/app/PrivateContainerd.java", "containerd --config/--root/--state/--address of Berth's own paths",
            "dev/berth/cni/PluginRunner.java", "a CNI plugin by path (its input on stdin and in CNI_* variables)",
            "dev/berth/cni/NetnsPins.java", "mount --bind / umount of Berth's own paths",
            "dev/berth/registry/DockerConfigCredentials.java", "docker-credential-<checked name> get (the host on stdin)");

    @Test
    void noProcessIsStartedThroughAShellAnywhereInBerth() throws IOException {
        Path main = TestEnv.projectDir().resolve("src/main/java");
        Set<String> starting = new TreeSet<>();
        int files = 0;
        int starts = 0;
        try (Stream<Path> s = Files.walk(main)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList())) {
                files++;
                String rel = main.relativize(p).toString();
                String src = stripComments(Files.readString(p, StandardCharsets.UTF_8));
                Matcher m = PROCESS_START.matcher(src);
                while (m.find()) {
                    starts++;
                    starting.add(rel);
                    // the statement that starts it: up to the end of the statement
                    int end = src.indexOf(';', m.end());
                    String stmt = src.substring(m.start(), end < 0 ? src.length() : end);
                    assertThat(SHELL_LITERAL.matcher(stmt).find()).as("a shell in %s: %s", rel, stmt).isFalse();
                }
                Matcher sh = SHELL_LITERAL.matcher(src);
                assertThat(sh.find()).as("a shell's name as a string in %s: %s", rel, sh.find(0) ? sh.group() : "").isFalse();
                assertThat(src).as("%s", rel).doesNotContain("ProcessBuilder.Redirect.INHERIT").doesNotContain("Runtime.getRuntime().exec");
            }
        }
        System.out.printf("no shell: %d Java files scanned, %d process starts in %s%n", files, starts, starting);
        assertThat(files).as("Java files scanned").isGreaterThan(100);
        assertThat(starting).as("files that start processes (each must be reviewed and listed)").isSubsetOf(ALLOWED.keySet());
        assertThat(starting).as("the scan finds the known process starts").contains("dev/berth/cni/PluginRunner.java",
                "dev/berth/registry/DockerConfigCredentials.java");
    }

    static String stripComments(String src) {
        return src.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)//[^\"\\n]*$", " ");
    }

    // ============================================================================================ no user string as an argument

    /**
     * What a user or a config file says never becomes a program's argument: a credential helper name
     * with shell syntax is refused before anything runs, and the marker it would have made is not made.
     */
    @Test
    void aCredentialHelperNameWithShellSyntaxRunsNothing(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("pwned");
        for (String name : List.of("x;touch " + marker, "x$(touch " + marker + ")", "x`touch " + marker + "`", "x|touch " + marker,
                "x && touch " + marker, "x\ntouch " + marker, "-h", "../../../usr/bin/touch")) {
            Path cfg = dir.resolve("config.json");
            Files.writeString(cfg, "{\"credsStore\":" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(name) + "}",
                    StandardCharsets.UTF_8);
            try (RegistryClient c = new RegistryClient(RegistryOptions.defaults().withCredentials(new DockerConfigCredentials(cfg,
                    List.of(dir, Path.of("/usr/bin"), Path.of("/bin")), Duration.ofSeconds(5))))) {
                BerthException e = Checks.expect(BerthException.Kind.REGISTRY,
                        () -> c.resolve(ImageReference.parse(ns.env.value("BERTH_TEST_AUTH_REGISTRY") + "/test/busybox:1")));
                System.out.println("credsStore " + Checks.printable(name) + " -> " + Checks.printable(e.getMessage(), 300));
            }
            assertThat(marker).as("credsStore %s ran something", Checks.printable(name)).doesNotExist();
        }
    }

    /**
     * A CNI plugin gets the container id, the namespace and the network only in its environment and on
     * stdin, never as arguments: a plugin that records its arguments sees none, and sees the values
     * exactly as given.
     */
    @Test
    void aCniPluginGetsNoArgumentsAndTheValuesVerbatimInItsEnvironment(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path log = dir.resolve("calls.log");
        Path p = bin.resolve("recorder");
        Files.writeString(p, "#!/bin/sh\ncat >/dev/null\n{ echo \"argc=$#\"; echo \"id=$CNI_CONTAINERID\"; echo \"ifname=$CNI_IFNAME\";"
                + " echo \"netns=$CNI_NETNS\"; } >> '" + log + "'\n"
                + "if [ \"$CNI_COMMAND\" = ADD ]; then printf '{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"10.9.8.7/24\"}]}'; fi\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path netns = Files.createFile(dir.resolve("ns $(touch x); 'q'"));
        Cni cni = new Cni(CniSettings.defaults().withConfDir(dir.resolve("no-conf")).withBinDirs(List.of(bin))
                .withTimeout(Duration.ofSeconds(10)), dir.resolve("cache"));
        CniNetwork net = new CniNetwork(NetworkConfigList.parseList(
                "{\"cniVersion\":\"1.0.0\",\"name\":\"recorder\",\"plugins\":[{\"type\":\"recorder\"}]}".getBytes(StandardCharsets.UTF_8),
                "security"), "eth0");
        String id = "ns--c1";
        cni.add(net, new Cni.Attachment(id, netns.toString(), "", "eth0"));
        assertThat(cni.remove("recorder", null, new Cni.Attachment(id, netns.toString(), "", "eth0"))).as("DEL ran").isTrue();
        List<String> lines = Files.readAllLines(log);
        System.out.println("cni plugin saw: " + lines);
        assertThat(lines).filteredOn(l -> l.startsWith("argc=")).containsOnly("argc=0").hasSize(2);
        assertThat(lines).contains("netns=" + netns, "id=" + id, "ifname=eth0");
        assertThat(dir.resolve("x")).doesNotExist();
    }
}
