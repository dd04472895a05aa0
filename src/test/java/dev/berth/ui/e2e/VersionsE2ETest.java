package dev.berth.ui.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.Console;
import dev.berth.testenv.Exec;
import dev.berth.testenv.TestEnv;
import dev.berth.ui.containers.ContainerRow;
import dev.berth.ui.screenshots.DemoData;
import dev.berth.ui.versions.VersionRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Versions through the console against the real test environment, headless: a container created
 * and started through the create window, a file written in it, a version committed through the
 * commit window (the task stopped and started again), the file changed, a rollback through the
 * Versions window after the confirmation: the first content is back, and the files from before
 * the rollback are kept as a version.
 */
@ExtendWith(ApplicationExtension.class)
class VersionsE2ETest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration SLOW = Duration.ofSeconds(90);
    /** PID 1 that leaves on SIGTERM (a shell PID 1 has no default action for it), so a stop is quick. */
    private static final String SERVE = "sh -c \"trap 'exit 0' TERM; echo ready; while :; do sleep 0.1; done\"";
    private static final AtomicInteger EXEC = new AtomicInteger();
    private static TestEnv env;
    private static String ns;
    private Console console;

    @BeforeAll
    static void data() {
        env = TestEnv.get();
        ns = E2E.uniqueNamespace("e2ev");
        env.ctr(ns, "images", "pull", "--plain-http", env.registry() + "/test/busybox:1");
    }

    @AfterAll
    static void cleanUp() {
        System.out.printf("FX watchdog (versions end-to-end): longest single stretch the FX thread was busy, by phase:%n"
                + "%s  longest outside start-up: %.1f ms%n", E2E.WATCHDOG.report(), E2E.WATCHDOG.maxMillisInUse());
        if (Boolean.getBoolean("berth.watchdog.stacks")) {
            System.out.println(E2E.WATCHDOG.stacks());
        }
        if (env != null) {
            DemoData.clean(env, ns);
            removeSnapshots();
        }
    }

    /** The versions (gc roots) and what else is left in the namespace's snapshotter, children first. */
    private static void removeSnapshots() {
        for (int round = 0; round < 10; round++) {
            List<String> names = new ArrayList<>();
            for (String line : env.ctr(ns, "snapshots", "ls").split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 0 && !f[0].isEmpty() && !f[0].equals("KEY")) {
                    names.add(f[0]);
                }
            }
            if (names.isEmpty()) {
                return;
            }
            for (String n : names) {
                Exec.result(List.of(env.ctr(), "--address", env.address(), "--namespace", ns, "snapshots", "rm", n), 60);
            }
        }
    }

    @Start
    void start(Stage stage) {
        E2E.startWatchdog();
        E2E.WATCHDOG.phase("start-up (window, first load)");
        console = E2E.open(stage, env, ns);
    }

    @AfterEach
    void close() {
        E2E.closeAll();
    }

    /** Runs a shell line in the container's task (ctr tasks exec); returns its stdout. */
    private static String sh(String id, String script) {
        Exec.Result r = Exec.result(List.of(env.ctr(), "--address", env.address(), "--namespace", ns, "tasks", "exec",
                "--exec-id", "e2e" + EXEC.incrementAndGet(), id, "/bin/sh", "-c", script), 60);
        assertThat(r.exit()).as("exec in " + id + ": " + r.err() + r.out()).isZero();
        return r.out().strip();
    }

    @SuppressWarnings("unchecked")
    private static <T> TableView<T> table(FxRobot robot, String id) {
        return (TableView<T>) robot.lookup(id).queryAs(TableView.class);
    }

    private static boolean running(TableView<ContainerRow> table, String id) {
        return table.getItems().stream().anyMatch(r -> r.id().equals(id) && r.isRunning());
    }

    private static void select(TableView<ContainerRow> table, String id) {
        Fx.run(() -> {
            for (int i = 0; i < table.getItems().size(); i++) {
                if (table.getItems().get(i).id().equals(id)) {
                    table.getSelectionModel().clearAndSelect(i);
                }
            }
            table.requestFocus();
        });
    }

    @Test
    void commitAVersionChangeTheFileRollBackAndTheFirstContentIsBack(FxRobot robot) {
        Fx.waitUntil("the connection", WAIT, () -> console.connection().isConnected()
                && console.containers().loadedProperty().get());
        E2E.WATCHDOG.phase("versions: create, commit, roll back");
        robot.clickOn("#nav-containers");
        String id = "ver-1";

        // create and start through the create window
        E2E.WATCHDOG.phase("opening the create window (its first CSS pass)");
        robot.clickOn("#containers-new");
        Fx.waitUntil("the create window", WAIT, () -> robot.lookup("#create-id").tryQuery().isPresent());
        Fx.settle(200);
        E2E.WATCHDOG.phase("versions: create, commit, roll back");
        robot.clickOn("#create-id").write(id);
        robot.clickOn("#create-image").write(env.registry() + "/test/busybox:1");
        robot.clickOn("#create-command").write(SERVE);
        robot.clickOn("#create-submit");
        TableView<ContainerRow> table = table(robot, "#containers-table");
        Fx.waitUntil(id + " running", SLOW, () -> running(table, id));
        robot.clickOn("#create-close");
        sh(id, "echo first > /data.txt");

        // commit a version through the commit window, opened with its keys
        select(table, id);
        E2E.WATCHDOG.phase("opening the commit window (its first CSS pass)");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.S).release(KeyCode.S, KeyCode.SHIFT, KeyCode.CONTROL);
        Fx.waitUntil("the commit window", WAIT, () -> robot.lookup("#snapshot-form-name").tryQuery().isPresent());
        Fx.settle(200);
        E2E.WATCHDOG.phase("versions: create, commit, roll back");
        Fx.waitUntil("the task read as running", WAIT, () -> robot.lookup("#snapshot-form").query().lookupAll(".label")
                .stream().anyMatch(n -> n instanceof Label l && l.getText().startsWith("The task is running")));
        assertThat(Fx.call(() -> robot.lookup("#snapshot-form-stop").queryAs(CheckBox.class).isSelected()))
                .as("stop the task first, by default").isTrue();
        robot.clickOn("#snapshot-form-name").write("ver-1-first");
        robot.clickOn("#snapshot-form-submit");
        Fx.waitUntil("the commit window closed once the version is made", SLOW,
                () -> robot.lookup("#snapshot-form").tryQuery().isEmpty());
        assertThat(Fx.call(() -> console.activity().items().stream().anyMatch(a -> a.title().equals("Commit a version of "
                + id) && a.state() == dev.berth.ui.activity.ActivityItem.State.SUCCEEDED))).isTrue();
        Fx.waitUntil(id + " running again", SLOW, () -> running(table, id));
        assertThat(sh(id, "cat /data.txt")).isEqualTo("first");

        // change the file
        sh(id, "echo second > /data.txt");
        assertThat(sh(id, "cat /data.txt")).isEqualTo("second");

        // roll back through the Versions window, after the confirmation
        select(table, id);
        E2E.WATCHDOG.phase("opening the versions window (its first CSS pass)");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.V).release(KeyCode.V, KeyCode.SHIFT, KeyCode.CONTROL);
        Fx.waitUntil("the versions window", WAIT, () -> robot.lookup("#versions-table").tryQuery().isPresent());
        Fx.settle(200);
        E2E.WATCHDOG.phase("versions: create, commit, roll back");
        TableView<VersionRow> versions = table(robot, "#versions-table");
        Fx.waitUntil("the version listed as the current base", WAIT, () -> versions.getItems().stream()
                .anyMatch(v -> v.name().equals("ver-1-first") && v.current()));
        Fx.run(() -> {
            for (int i = 0; i < versions.getItems().size(); i++) {
                if (versions.getItems().get(i).name().equals("ver-1-first")) {
                    versions.getSelectionModel().clearAndSelect(i);
                }
            }
            versions.requestFocus();
        });
        Platform.runLater(() -> robot.lookup("#versions-rollback").queryButton().fire()); // it asks: do not wait
        Fx.waitUntil("the confirmation", WAIT, () -> robot.lookup(".confirm-button").tryQuery().isPresent());
        assertThat(Fx.call(() -> robot.lookup(".dialog-pane .content").queryAs(Label.class).getText()))
                .contains("Roll " + id + " back to ver-1-first");
        robot.clickOn(".confirm-button");
        Fx.waitUntil("the rollback done", SLOW, () -> console.activity().items().stream()
                .anyMatch(a -> a.title().equals("Roll " + id + " back to ver-1-first")
                        && a.state() == dev.berth.ui.activity.ActivityItem.State.SUCCEEDED));
        Fx.waitUntil("the files before the rollback kept as a version", WAIT, () -> versions.getItems().size() == 2
                && versions.getItems().stream().anyMatch(v -> !v.inChain()
                && v.noteText().equals("the files before the rollback to ver-1-first")));
        Fx.waitUntil(id + " running again", SLOW, () -> running(table, id));
        assertThat(sh(id, "cat /data.txt")).as("the first content is back").isEqualTo("first");
        E2E.WATCHDOG.phase("in use");
    }
}
