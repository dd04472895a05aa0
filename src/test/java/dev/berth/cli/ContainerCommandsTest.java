package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testenv.TestEnv;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth containers create|rm}, {@code berth tasks start|stop|kill|pause|resume|rm},
 * {@code berth logs}, {@code berth stats} against the real test containerd.
 */
class ContainerCommandsTest {

    static TestEnv env;
    static String ns;

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        env = TestEnv.get();
        ns = "berth-it-cli-" + UUID.randomUUID().toString().substring(0, 8);
        env.ctr(ns, "images", "pull", "--plain-http", env.registry() + "/test/busybox:1");
    }

    @AfterAll
    static void tearDown() {
        if (env == null) {
            return;
        }
        for (String c : env.ctr(ns, "containers", "ls", "-q").split("\n")) {
            if (!c.isBlank()) {
                berth("containers", "rm", "--force", c.strip());
            }
        }
        env.ctr(ns, "images", "rm", "--sync", env.registry() + "/test/busybox:1");
        env.ctr("default", "namespaces", "rm", ns);
    }

    record Run(int exit, String out, String err) {
    }

    static Run berth(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--address", env.address(), "-n", ns));
        all.addAll(List.of(args));
        int code = Cli.run(all.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true),
                Map.of("XDG_DATA_HOME", TestEnv.envDir().resolve("berth-data-cli").toString()));
        return new Run(code, out.toString(), err.toString());
    }

    static Run ok(String... args) {
        Run r = berth(args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    @Test
    void createStartLogsStatsStopRm() throws Exception {
        Files.writeString(tmp.resolve("f"), "from-host\n");
        String script = "echo $A; cat /data/f; trap 'exit 3' TERM; echo ready; while :; do sleep 0.1; done";
        Run created = ok("containers", "create", "c1", env.registry() + "/test/busybox:1", "--env", "A=b",
                "--label", "x=y", "--mount", tmp + ":/data:ro", "--", "/bin/sh", "-c", script);
        assertThat(created.out().strip()).isEqualTo("c1");
        assertThat(ok("containers", "ls").out()).contains("c1").contains("x=y");

        assertThat(ok("tasks", "start", "c1").out()).matches("c1 started \\(pid [0-9]+\\)\\s*");
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!ok("logs", "c1").out().contains("ready") && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(ok("logs", "c1").out()).isEqualTo("b\nfrom-host\nready\n");
        assertThat(ok("logs", "c1", "--tail", "1").out()).isEqualTo("ready\n");

        Run stats = ok("stats", "c1", "--interval", "100", "-o", "json");
        assertThat(stats.out()).contains("\"id\" : \"c1\"").contains("\"memoryBytes\"").contains("\"cpuPercent\"");
        assertThat(ok("stats", "c1", "--interval", "100").out()).startsWith("ID").contains("CPU %").contains("MEMORY");

        ok("tasks", "pause", "c1");
        assertThat(ok("tasks", "ls").out()).contains("PAUSED");
        ok("tasks", "resume", "c1");
        assertThat(ok("tasks", "stop", "c1", "--timeout", "5").out().strip()).isEqualTo("c1 stopped (exit 3)");
        // follow on a stopped task prints what there is and returns
        assertThat(ok("logs", "c1", "-f").out()).isEqualTo("b\nfrom-host\nready\n");
        assertThat(ok("tasks", "rm", "c1").out().strip()).isEqualTo("c1 task deleted (exit 3)");
        ok("containers", "rm", "c1");
        assertThat(ok("containers", "ls").out()).doesNotContain("c1");
    }

    @Test
    void stubbornTasksAndForce() {
        ok("containers", "create", "c2", env.registry() + "/test/busybox:1", "--",
                "/bin/sh", "-c", "trap '' TERM; while :; do sleep 0.1; done");
        ok("tasks", "start", "c2");
        Run timeout = berth("tasks", "stop", "c2", "--timeout", "0.3");
        assertThat(timeout.exit()).isEqualTo(Cli.FAILED);
        assertThat(timeout.err().strip()).isEqualTo(
                "berth: task c2 did not stop within 300 ms after SIGTERM; stop it with force to kill it");
        Run refused = berth("containers", "rm", "c2");
        assertThat(refused.exit()).isEqualTo(Cli.FAILED);
        assertThat(refused.err()).contains("has a running task");
        ok("tasks", "kill", "c2", "--signal", "KILL");
        ok("containers", "rm", "c2");
    }

    @Test
    void badInputIsAUsageErrorOnOneLine() {
        String image = env.registry() + "/test/busybox:1";
        record Bad(String[] args, String message) {
        }
        List<Bad> bad = List.of(
                new Bad(new String[] {"containers", "create", "bad id", image}, "container id \"bad id\" is not valid"),
                new Bad(new String[] {"containers", "create", "c3", image, "--env", "NOVALUE"}, "must be KEY=VALUE"),
                new Bad(new String[] {"containers", "create", "c3", image, "--mount", "onlyone"}, "must be SRC:DST"),
                new Bad(new String[] {"containers", "create", "c3", image, "--mount", "/no/such:/x"}, "does not exist"),
                new Bad(new String[] {"containers", "create", "c3", image, "--mount", "/tmp:/x:rx"}, "must be ro or rw"),
                new Bad(new String[] {"containers", "create", "c3", image, "--label", "novalue"}, "must be KEY=VALUE"),
                new Bad(new String[] {"tasks", "kill", "c3", "--signal", "NOPE"}, "signal \"NOPE\" is not known"),
                new Bad(new String[] {"tasks", "stop", "c3", "--timeout", "-1"}, "--timeout must be"),
                new Bad(new String[] {"logs", "c3", "--tail", "-2"}, "--tail must not be negative"));
        for (Bad b : bad) {
            Run r = berth(b.args());
            assertThat(r.exit()).as(String.join(" ", b.args())).isEqualTo(Cli.USAGE);
            assertThat(r.err()).contains(b.message());
            assertThat(r.err().strip().lines().count()).isEqualTo(1);
        }
        Run missing = berth("tasks", "stop", "nosuch");
        assertThat(missing.exit()).isEqualTo(Cli.FAILED);
        assertThat(missing.err().strip()).isEqualTo("berth: container nosuch not found");
        assertThat(env.ctr(ns, "containers", "ls", "-q")).doesNotContain("c3");
    }

    @Test
    void helpListsTheCommandsAndOptions() {
        assertThat(ok("--help").out()).contains("logs").contains("stats");
        assertThat(ok("containers", "create", "--help").out()).contains("--env").contains("--mount")
                .contains("--label").contains("--tty").contains("--workdir").contains("--user")
                .contains("--snapshotter");
        assertThat(ok("containers", "rm", "--help").out()).contains("--force").contains("--keep-snapshot");
        assertThat(ok("tasks", "stop", "--help").out()).contains("--signal").contains("--timeout").contains("--force");
        for (String verb : List.of("start", "kill", "pause", "resume", "rm")) {
            assertThat(ok("tasks", verb, "--help").out()).contains("Usage: berth tasks " + verb);
        }
        assertThat(ok("logs", "--help").out()).contains("--follow").contains("--tail");
        assertThat(ok("stats", "--help").out()).contains("--interval");
    }
}
