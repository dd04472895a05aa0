package dev.berth.testenv;

import dev.berth.service.DefaultContainerdService;
import dev.berth.service.ServiceOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real test environment (private containerd + local registries) that {@code scripts/testenv}
 * starts. Tests call {@link #get()}; if the environment is not running and we are root, it is
 * started here (and left running for the rest of the JVM; {@code scripts/test} stops it).
 */
public final class TestEnv {

    private static TestEnv instance;
    private static String unavailable;

    private final Map<String, String> values;

    private TestEnv(Map<String, String> values) {
        this.values = values;
    }

    public static Path projectDir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("scripts/testenv"))) {
            p = p.getParent();
        }
        return p == null ? Path.of("").toAbsolutePath() : p;
    }

    public static Path envDir() {
        String d = System.getenv("BERTH_TESTENV_DIR");
        return Path.of(d == null || d.isBlank() ? "/tmp/berth-te" : d);
    }

    /** The environment, or the test is skipped (with the reason printed) when it cannot be had. */
    public static synchronized TestEnv get() {
        if (instance == null && unavailable == null) {
            try {
                instance = load();
            } catch (Exception e) {
                unavailable = e.getMessage();
            }
        }
        if (instance == null) {
            System.out.println("SKIPPED (no test environment): " + unavailable);
            Assumptions.assumeTrue(false, "no test environment: " + unavailable);
        }
        return instance;
    }

    private static TestEnv load() throws IOException, InterruptedException {
        Path env = envDir().resolve("env");
        if (!Files.exists(env) || !Files.exists(Path.of(read(env).getOrDefault("BERTH_TEST_ADDRESS", "/nonexistent")))) {
            if (!"root".equals(System.getProperty("user.name"))) {
                throw new IOException("scripts/testenv needs root to start containerd; run scripts/test as root");
            }
            Process p = new ProcessBuilder(projectDir().resolve("scripts/testenv").toString(), "start")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException("scripts/testenv start failed");
            }
        }
        return new TestEnv(read(env));
    }

    private static Map<String, String> read(Path env) throws IOException {
        Map<String, String> m = new HashMap<>();
        for (String line : Files.readAllLines(env, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                String v = line.substring(eq + 1).trim();
                if (v.length() >= 2 && (v.startsWith("'") && v.endsWith("'") || v.startsWith("\"") && v.endsWith("\""))) {
                    v = v.substring(1, v.length() - 1);
                }
                m.put(line.substring(0, eq).trim(), v);
            }
        }
        return m;
    }

    public String value(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalStateException("test environment has no " + key);
        }
        return v;
    }

    public String address() {
        return value("BERTH_TEST_ADDRESS");
    }

    /** host:port of the plain-HTTP registry. */
    public String registry() {
        return value("BERTH_TEST_REGISTRY");
    }

    public String ctr() {
        return values.getOrDefault("BERTH_TEST_CTR", "ctr");
    }

    public String containerdVersion() {
        return values.getOrDefault("BERTH_TEST_CONTAINERD_VERSION", "");
    }

    /** A service connected to the test containerd in {@code namespace}. */
    public DefaultContainerdService connect(String namespace) {
        return DefaultContainerdService.connect(ServiceOptions.of(address(), namespace)
                .withDataDir(envDir().resolve("berth-data")));
    }

    /** Runs ctr against the test daemon; returns stdout, failing the test on a non-zero exit. */
    public String ctr(String namespace, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ctr(), "--address", address(), "--namespace", namespace));
        cmd.addAll(List.of(args));
        return Exec.run(cmd, 300);
    }

    /** The non-empty, stripped lines of a command's output. */
    public static List<String> lines(String s) {
        return s.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /**
     * Removes a test namespace with ctr: its containers, images (synchronously collected), leases and
     * unreferenced content, then the namespace. What fails is printed, not thrown (a clean-up).
     */
    public void removeNamespace(String namespace) {
        try {
            for (String c : lines(ctr(namespace, "containers", "ls", "-q"))) {
                ctr(namespace, "containers", "rm", c);
            }
            for (String i : lines(ctr(namespace, "images", "ls", "-q"))) {
                ctr(namespace, "images", "rm", "--sync", i);
            }
            for (String l : lines(ctr(namespace, "leases", "ls", "-q"))) {
                ctr(namespace, "leases", "rm", "--sync", l);
            }
            pruneContent(namespace);
            ctr("default", "namespaces", "rm", namespace);
        } catch (RuntimeException e) {
            System.out.println("cleanup of " + namespace + ": " + e.getMessage());
        }
    }

    /**
     * {@code ctr content prune references} in a namespace. containerd's own collector may remove a blob
     * between ctr's listing and its delete ("content digest …: not found"): then it is tried again.
     */
    public void pruneContent(String namespace) {
        for (int attempt = 1; ; attempt++) {
            try {
                ctr(namespace, "content", "prune", "references");
                return;
            } catch (IllegalStateException e) {
                if (attempt >= 5 || e.getMessage() == null || !e.getMessage().contains("not found")) {
                    throw e;
                }
            }
        }
    }

    /** Runs scripts/testenv with arguments (e.g. registry-stop). */
    public String script(String... args) {
        List<String> cmd = new ArrayList<>(List.of(projectDir().resolve("scripts/testenv").toString()));
        cmd.addAll(List.of(args));
        return Exec.run(cmd, 900);
    }
}
