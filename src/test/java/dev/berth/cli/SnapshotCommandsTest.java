package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testenv.TestEnv;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code berth snapshots ls|tree|commit|prepare|mounts|usage|rm} and {@code berth containers
 * commit|versions|rollback|rm-version|create --from-snapshot} against the real test containerd.
 */
class SnapshotCommandsTest {

    static TestEnv env;
    static String ns;
    static String image;

    @BeforeAll
    static void setUp() {
        env = TestEnv.get();
        ns = "berth-it-snapcli-" + UUID.randomUUID().toString().substring(0, 8);
        image = env.registry() + "/test/busybox:1";
        env.ctr(ns, "images", "pull", "--plain-http", image);
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
        env.ctr(ns, "images", "rm", "--sync", image);
        for (int round = 0; round < 10; round++) {
            for (String s : env.ctr(ns, "snapshots", "ls").split("\n")) {
                String key = s.split("\\s+")[0];
                if (!key.isBlank() && !key.equals("KEY")) {
                    berth("snapshots", "rm", key);
                }
            }
        }
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

    static void awaitLog(String id, String text) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!ok("logs", id).out().contains(text)) {
            if (System.nanoTime() > end) {
                throw new AssertionError(id + " never wrote " + text + ": " + ok("logs", id).out());
            }
            Thread.sleep(50);
        }
    }

    @Test
    void versionsAndSnapshotsFromTheCommandLine() throws Exception {
        // the file is written once; a restart finds it and says what it holds
        String script = "[ -f /f ] || echo one > /f; echo \"has $(cat /f)\"; trap 'exit 0' TERM; while :; do sleep 0.1; done";
        ok("containers", "create", "cv", image, "--label", "app=cv", "--", "/bin/sh", "-c", script);
        ok("tasks", "start", "cv");
        awaitLog("cv", "has one");

        Run refused = berth("containers", "commit", "cv", "--name", "cv-1");
        assertThat(refused.exit()).isEqualTo(Cli.FAILED);
        assertThat(refused.err()).contains("cv is running").contains("--stop");

        assertThat(ok("containers", "commit", "cv", "--name", "cv-1", "--stop", "--label", "k=v", "--timeout", "5")
                .out().strip()).isEqualTo("cv-1; cv started again");
        assertThat(ok("containers", "versions", "cv").out()).contains("* cv-1").contains("IN USE");
        assertThat(ok("tasks", "ls").out()).contains("cv").contains("RUNNING");

        String tree = ok("snapshots", "tree").out();
        assertThat(tree).contains("cv-1").containsPattern("\u2514 cv\\s+active\\s+cv");
        assertThat(ok("snapshots", "tree", "--usage").out()).contains("SIZE").contains("INODES");
        assertThat(ok("snapshots", "tree", "-o", "json").out()).contains("\"usedBy\" : [ \"cv\" ]");
        assertThat(ok("snapshots", "ls").out()).contains("cv-1");
        assertThat(ok("snapshots", "usage", "cv-1").out()).containsPattern("cv-1\\s+\\d");
        assertThat(ok("snapshots", "mounts", "cv").out()).startsWith("overlay overlay").contains("upperdir=");

        Run hasChild = berth("snapshots", "rm", "cv-1");
        assertThat(hasChild.exit()).isEqualTo(Cli.FAILED);
        assertThat(hasChild.err().strip()).isEqualTo("berth: snapshot cv-1 has a child (cv); remove those first");
        Run inUse = berth("snapshots", "commit", "x", "cv");
        assertThat(inUse.err()).contains("berth containers commit cv");

        // prepare on the version, commit it, and a new container from that snapshot sees the file
        assertThat(ok("snapshots", "prepare", "scratch", "cv-1", "--label", "a=b", "--mounts").out())
                .startsWith("scratch\noverlay");
        ok("snapshots", "commit", "scratch-c", "scratch");
        ok("containers", "create", "cv2", "--from-snapshot", "scratch-c", image, "--", "/bin/cat", "/f");
        ok("tasks", "start", "cv2");
        awaitLog("cv2", "one");

        // an active snapshot is taken as it is
        ok("snapshots", "prepare", "loose", "scratch-c");
        ok("containers", "create", "cv3", "--from-snapshot", "loose", image, "--", "/bin/true");
        assertThat(ok("containers", "ls").out()).containsPattern("cv3\\s+\\S+\\s+\\S+\\s+overlayfs:loose");

        // roll back, keep what was, refuse to delete the version the files stand on
        Run rb = ok("containers", "rollback", "cv", "cv-1");
        assertThat(rb.out()).startsWith("cv rolled back to cv-1 (its files before are kept as cv-v").contains("started again");
        String versions = ok("containers", "versions", "cv").out();
        assertThat(versions.lines().count()).as(versions).isEqualTo(3);
        assertThat(versions).contains("before rollback to cv-1");
        Run cannot = berth("containers", "rm-version", "cv", "cv-1");
        assertThat(cannot.exit()).isEqualTo(Cli.FAILED);
        assertThat(cannot.err()).contains("cannot be deleted");
        String kept = versions.lines().filter(l -> l.contains("before rollback")).findFirst().orElseThrow().strip()
                .split("\\s+")[0];
        ok("containers", "rm-version", "cv", kept);
        assertThat(ok("containers", "versions", "cv").out()).doesNotContain(kept);
    }

    @Test
    void badNamesAreUsageErrorsAndChangeNothing() {
        String before = env.ctr(ns, "snapshots", "ls");
        record Bad(String[] args, String message) {
        }
        List<Bad> bad = List.of(
                new Bad(new String[] {"snapshots", "prepare", "bad name"}, "snapshot key \"bad name\" is not valid"),
                new Bad(new String[] {"snapshots", "prepare", "_x"}, "snapshot key \"_x\" is not valid"),
                new Bad(new String[] {"snapshots", "commit", "new name", "k"}, "snapshot name \"new name\" is not valid"),
                new Bad(new String[] {"snapshots", "prepare", "ok", "p", "--label", "nolabel"}, "must be KEY=VALUE"),
                new Bad(new String[] {"snapshots", "rm", "fine", "bad\u0001"}, "is not a snapshot name"),
                new Bad(new String[] {"snapshots", "ls", "--snapshotter", "nope"}, "snapshotter \"nope\" is not available"),
                new Bad(new String[] {"containers", "commit", "bad id"}, "container id \"bad id\" is not valid"),
                new Bad(new String[] {"containers", "commit", "c", "--name", "v 1"}, "version name \"v 1\" is not valid"),
                new Bad(new String[] {"containers", "commit", "c", "--timeout", "-3"}, "--timeout must be"),
                new Bad(new String[] {"containers", "rollback", "c", "a\nb"}, "is not a snapshot name"));
        for (Bad b : bad) {
            Run r = berth(b.args());
            assertThat(r.exit()).as(String.join(" ", b.args()) + ": " + r.err()).isEqualTo(Cli.USAGE);
            assertThat(r.err()).contains(b.message());
            assertThat(r.err().strip().lines().count()).isEqualTo(1);
        }
        assertThat(env.ctr(ns, "snapshots", "ls")).isEqualTo(before);
    }

    @Test
    void helpNamesTheVerbs() {
        assertThat(ok("snapshots", "--help").out()).contains("tree").contains("commit").contains("prepare")
                .contains("mounts").contains("usage").contains("rm");
        assertThat(ok("containers", "--help").out()).contains("commit").contains("versions").contains("rollback")
                .contains("rm-version");
        assertThat(ok("containers", "commit", "--help").out()).contains("--name").contains("--stop").contains("--label");
        assertThat(ok("containers", "create", "--help").out()).contains("--from-snapshot");
    }
}
