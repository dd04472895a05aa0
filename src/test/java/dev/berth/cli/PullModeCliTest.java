package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.DaemonInfo;
import dev.berth.service.DefaultContainerdService;
import dev.berth.testenv.TestEnv;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code --pull-mode} and {@code $BERTH_PULL_MODE} of {@code berth images pull} against the real daemon. */
@Tag("compat")
class PullModeCliTest {

    static TestEnv env;
    static String ns;
    static DaemonInfo daemon;

    @BeforeAll
    static void setUp() {
        env = TestEnv.get();
        ns = "berth-it-pullmode-" + UUID.randomUUID().toString().substring(0, 8);
        try (DefaultContainerdService s = env.connect(ns)) {
            daemon = s.daemon();
        }
    }

    @AfterAll
    static void tearDown() {
        if (env == null) {
            return;
        }
        for (String i : env.ctr(ns, "images", "ls", "-q").split("\n")) {
            if (!i.isBlank()) {
                env.ctr(ns, "images", "rm", "--sync", i.strip());
            }
        }
        try {
            env.ctr("default", "namespaces", "rm", ns);
        } catch (RuntimeException e) {
            System.out.println("cleanup of " + ns + ": " + e.getMessage());
        }
    }

    record Run(int exit, String out, String err) {
    }

    static Run berth(Map<String, String> extraEnv, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--address", env.address(), "-n", ns));
        all.addAll(List.of(args));
        Map<String, String> e = new HashMap<>(extraEnv);
        e.put("XDG_DATA_HOME", TestEnv.envDir().resolve("berth-data-cli").toString());
        int code = dev.berth.cli.Cli.run(all.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true), e);
        return new Run(code, out.toString(), err.toString());
    }

    boolean transfer() {
        return daemon.serves("transfer") && daemon.serves("streaming");
    }

    /** A registry the daemon's Transfer service reaches (1.7: HTTPS only). */
    String registry() {
        return daemon.atLeast(2, 0) ? env.registry() : env.value("BERTH_TEST_TLS_REGISTRY");
    }

    @Test
    void unknownModeIsRefused() {
        Run r = berth(Map.of(), "images", "pull", "--pull-mode=server", env.registry() + "/test/busybox:1");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("unknown pull mode 'server'").contains("client, transfer or auto");
        Run e = berth(Map.of("BERTH_PULL_MODE", "fast"), "images", "pull", env.registry() + "/test/busybox:1");
        assertThat(e.exit()).isNotZero();
        assertThat(e.err()).contains("unknown pull mode 'fast'");
    }

    @Test
    void transferModeFollowsTheDaemon() {
        String ref = registry() + "/test/busybox:1";
        if (!transfer()) {
            Run r = berth(Map.of(), "images", "pull", "--pull-mode=transfer", env.registry() + "/test/busybox:1");
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains("no Transfer service").contains("--pull-mode=client");
            Run viaEnv = berth(Map.of("BERTH_PULL_MODE", "transfer"), "images", "pull", env.registry() + "/test/busybox:1");
            assertThat(viaEnv.exit()).isNotZero();
            assertThat(viaEnv.err()).contains("no Transfer service");
            // auto on this daemon pulls client-side
            Run auto = berth(Map.of(), "images", "pull", "--quiet", "--pull-mode=auto", env.registry() + "/test/busybox:1");
            assertThat(auto.exit()).as(auto.err()).isZero();
            System.out.println("containerd " + daemon.version() + ": --pull-mode=transfer refused as expected");
            return;
        }
        Run r = berth(Map.of(), "images", "pull", "--plain", "--pull-mode=transfer", ref);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains(ref);
        assertThat(r.err()).as("plain progress lines per layer").contains("done");
        assertThat(berth(Map.of(), "images", "ls").out()).contains(ref);
        // the same through the environment
        Run viaEnv = berth(Map.of("BERTH_PULL_MODE", "transfer"), "images", "pull", "--quiet", ref);
        assertThat(viaEnv.exit()).as(viaEnv.err()).isZero();
    }
}
