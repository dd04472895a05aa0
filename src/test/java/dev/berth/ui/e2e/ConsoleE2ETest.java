package dev.berth.ui.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.Console;
import dev.berth.model.NamespaceInfo;
import dev.berth.model.PullProgress;
import dev.berth.testenv.TestEnv;
import dev.berth.ui.containers.ContainerRow;
import dev.berth.ui.images.ImageRow;
import dev.berth.ui.images.LayerItem;
import dev.berth.ui.images.PullDialog;
import dev.berth.ui.screenshots.DemoData;
import dev.berth.ui.shell.ConnectionViewModel;
import dev.berth.ui.shell.ShellViewModel;
import java.time.Duration;
import java.util.Map;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The console against the real test environment (private containerd + registry), headless under
 * Monocle: it opens and lists what ctr made, follows containerd's events, switches namespaces,
 * pulls through the dialog (every layer's bar to done), creates and starts a container and reads
 * its logs, deletes with confirmation, and shows the banner while containerd is stopped.
 */
@ExtendWith(ApplicationExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleE2ETest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TestEnv env;
    private static String ns;
    private static String other;
    private Console console;
    private long openedAt;
    private static boolean firstWindowPrinted;

    @BeforeAll
    static void data() {
        env = TestEnv.get();
        ns = E2E.uniqueNamespace("e2e");
        other = ns + "-b";
        env.ctr(ns, "images", "pull", "--plain-http", env.registry() + "/test/busybox:1");
        env.ctr(other, "images", "pull", "--plain-http", env.registry() + "/test/config:1");
    }

    @AfterAll
    static void cleanUp() {
        System.out.printf("FX watchdog (end-to-end tests): longest single stretch the FX thread was busy, by phase:%n%s"
                + "  longest outside start-up: %.1f ms%n", E2E.WATCHDOG.report(), E2E.WATCHDOG.maxMillisInUse());
        if (Boolean.getBoolean("berth.watchdog.stacks")) {
            System.out.println(E2E.WATCHDOG.stacks());
        }
        if (env != null) {
            DemoData.clean(env, ns);
            DemoData.clean(env, other);
        }
    }

    @Start
    void start(Stage stage) {
        E2E.startWatchdog();
        E2E.WATCHDOG.phase("start-up (window, first load)");
        openedAt = System.nanoTime();
        console = E2E.open(stage, env, ns);
    }

    @AfterEach
    void close() {
        E2E.closeAll();
    }

    private void waitConnected() {
        Fx.waitUntil("the connection", WAIT, () -> console.connection().isConnected()
                && console.images().loadedProperty().get() && console.containers().loadedProperty().get());
        if (!firstWindowPrinted) {
            firstWindowPrinted = true;
            System.out.printf("console opened to a window with data (in a warm JVM, toolkit up): %d ms%n",
                    (System.nanoTime() - openedAt) / 1_000_000);
        }
        Fx.settle(200);
        E2E.WATCHDOG.phase("in use");
    }

    @SuppressWarnings("unchecked")
    private <T> TableView<T> table(FxRobot robot, String id) {
        return (TableView<T>) robot.lookup(id).queryAs(TableView.class);
    }

    @Test
    @Order(1)
    void opensAndListsTheImagesPulledWithCtr(FxRobot robot) {
        waitConnected();
        assertThat(Fx.call(() -> console.stage().getIcons().size())).as("the window's icons").isEqualTo(5);
        robot.clickOn("#nav-images");
        String ref = env.registry() + "/test/busybox:1";
        TableView<ImageRow> images = table(robot, "#images-table");
        Fx.waitUntil("the image in the table", WAIT, () -> images.getItems().stream().anyMatch(r -> r.name().equals(ref)));
        Label state = robot.lookup("#connection-state").queryAs(Label.class);
        assertThat(Fx.call(state::getText)).startsWith("containerd ");
        assertThat(Fx.call(() -> robot.lookup("#connection-banner").query().isVisible())).isFalse();
    }

    @Test
    @Order(2)
    void containersAppearLiveFromContainerdsEvents(FxRobot robot) {
        waitConnected();
        robot.clickOn("#nav-containers");
        TableView<ContainerRow> table = table(robot, "#containers-table");
        Fx.waitUntil("the first load", WAIT, () -> console.containers().loadedProperty().get());
        long loadsBefore = 0;
        env.ctr(ns, "containers", "create", env.registry() + "/test/busybox:1", "made-by-ctr");
        Fx.waitUntil("made-by-ctr to appear without a refresh", WAIT,
                () -> table.getItems().stream().anyMatch(r -> r.id().equals("made-by-ctr")));
        env.ctr(ns, "containers", "rm", "made-by-ctr");
        Fx.waitUntil("made-by-ctr to go", WAIT,
                () -> table.getItems().stream().noneMatch(r -> r.id().equals("made-by-ctr")));
        assertThat(loadsBefore).isZero();
    }

    @Test
    @Order(3)
    void switchingTheNamespaceShowsItsImages(FxRobot robot) {
        waitConnected();
        robot.clickOn("#nav-images");
        @SuppressWarnings("unchecked")
        ComboBox<NamespaceInfo> box = robot.lookup("#namespace-switcher").queryAs(ComboBox.class);
        Fx.waitUntil("the other namespace in the switcher", WAIT, () -> {
            console.connection().refreshNamespaces();
            return box.getItems().stream().anyMatch(n -> n.name().equals(other));
        });
        Fx.run(() -> box.setValue(box.getItems().stream().filter(n -> n.name().equals(other)).findFirst().orElseThrow()));
        TableView<ImageRow> images = table(robot, "#images-table");
        String ref = env.registry() + "/test/config:1";
        Fx.waitUntil("the other namespace's image", WAIT,
                () -> images.getItems().size() == 1 && images.getItems().get(0).name().equals(ref));
        assertThat(Fx.call(() -> console.session().namespace())).isEqualTo(other);
        Fx.run(() -> box.setValue(new NamespaceInfo("k8s.io", Map.of())));
        Fx.waitUntil("the protected-namespace strip", WAIT, () -> robot.lookup("#protected-strip").query().isVisible());
        assertThat(Fx.call(() -> robot.lookup("#protected-strip").queryAs(Label.class).getText())).contains("kubelet");
    }

    @Test
    @Order(4)
    void pullThroughTheDialogFillsEveryLayerBar(FxRobot robot) {
        waitConnected();
        robot.clickOn("#nav-images");
        // opening the window (its first CSS pass and layout) apart from the pull that runs in it
        E2E.WATCHDOG.phase("pull dialog: opening, typing");
        robot.clickOn("#images-pull");
        Fx.waitUntil("the pull window", WAIT, () -> robot.lookup("#pull-reference").tryQuery().isPresent());
        String ref = env.registry() + "/test/multi:3";
        robot.clickOn("#pull-reference").write(ref);
        E2E.WATCHDOG.phase("pull through the dialog");
        robot.clickOn("#pull-start");
        PullDialog[] dialog = new PullDialog[1];
        ListView<LayerItem> layers = robot.lookup("#pull-layers").queryAs(ListView.class);
        Fx.waitUntil("every layer done", Duration.ofSeconds(120), () -> layers.getItems().size() >= 3
                && layers.getItems().stream().allMatch(l -> l.fraction() == 1.0
                && (l.state() == PullProgress.LayerState.DONE || l.state() == PullProgress.LayerState.ALREADY_PRESENT)));
        assertThat(Fx.call(() -> layers.getItems().stream().map(LayerItem::state).toList()))
                .allMatch(s -> s == PullProgress.LayerState.DONE || s == PullProgress.LayerState.ALREADY_PRESENT);
        assertThat(Fx.call(() -> layers.getItems().stream().filter(l -> l.state() == PullProgress.LayerState.DONE).count()))
                .as("multi:3 shares its base layer with busybox:1, the other two are new").isGreaterThanOrEqualTo(2);
        TableView<ImageRow> images = table(robot, "#images-table");
        Fx.waitUntil("the pulled image in the list", WAIT,
                () -> images.getItems().stream().anyMatch(r -> r.name().equals(ref)));
        assertThat(Fx.call(() -> console.activity().items().stream().anyMatch(a -> a.title().equals("Pull " + ref)
                && a.state() == dev.berth.ui.activity.ActivityItem.State.SUCCEEDED))).isTrue();
        robot.clickOn("#pull-close");
        Fx.run(() -> {
            for (int i = 0; i < images.getItems().size(); i++) {
                if (images.getItems().get(i).name().equals(ref)) {
                    images.getSelectionModel().clearAndSelect(i);
                }
            }
        });
        robot.clickOn("#images-check");
        Fx.waitUntil("the update check", WAIT, () -> images.getItems().stream().anyMatch(r -> r.name().equals(ref)
                && r.update() == ImageRow.UpdateState.UP_TO_DATE));
        E2E.WATCHDOG.phase("in use");
        assertThat(dialog[0]).isNull();
    }

    @Test
    @Order(5)
    void createStartAndReadTheLogs(FxRobot robot) {
        waitConnected();
        robot.clickOn("#nav-containers");
        E2E.WATCHDOG.phase("create, start, logs");
        robot.clickOn("#containers-new");
        Fx.waitUntil("the create window", WAIT, () -> robot.lookup("#create-id").tryQuery().isPresent());
        robot.clickOn("#create-id").write("hello-1");
        robot.clickOn("#create-image").write(env.registry() + "/test/busybox:1");
        robot.clickOn("#create-command").write("sh -c \"echo hello-from-berth; sleep 600\"");
        robot.clickOn("#create-submit");
        TableView<ContainerRow> table = table(robot, "#containers-table");
        Fx.waitUntil("hello-1 running", Duration.ofSeconds(60), () -> table.getItems().stream()
                .anyMatch(r -> r.id().equals("hello-1") && r.isRunning()));
        robot.clickOn("#create-close");
        Fx.run(() -> {
            int i = 0;
            while (!table.getItems().get(i).id().equals("hello-1")) {
                i++;
            }
            table.getSelectionModel().clearAndSelect(i);
            table.requestFocus();
        });
        robot.press(KeyCode.CONTROL, KeyCode.L).release(KeyCode.L, KeyCode.CONTROL);
        Fx.waitUntil("the logs window", WAIT, () -> robot.lookup("#logs-list").tryQuery().isPresent());
        ListView<String> logs = robot.lookup("#logs-list").queryAs(ListView.class);
        Fx.waitUntil("the container's output", WAIT, () -> logs.getItems().contains("hello-from-berth"));
        E2E.WATCHDOG.phase("in use");
    }

    @Test
    @Order(6)
    void networkUpShowsTheIpAndDownReleasesIt(FxRobot robot) {
        waitConnected();
        robot.clickOn("#nav-containers");
        TableView<ContainerRow> table = table(robot, "#containers-table");
        Fx.waitUntil("hello-1 running", WAIT, () -> table.getItems().stream()
                .anyMatch(r -> r.id().equals("hello-1") && r.isRunning()));
        select(table, "hello-1");
        Fx.run(() -> table.getContextMenu().show(table, javafx.geometry.Side.TOP, 40, 60));
        Fx.waitUntil("the context menu", WAIT, () -> robot.lookup("Network up").tryQuery().isPresent());
        robot.clickOn("Network up");
        Fx.waitUntil("an IP in the list", Duration.ofSeconds(60), () -> table.getItems().stream()
                .anyMatch(r -> r.id().equals("hello-1") && r.ip().matches("\\d+\\.\\d+\\.\\d+\\.\\d+")));
        select(table, "hello-1");
        javafx.application.Platform.runLater(() -> console.containers().networkDownSelected()); // it asks: do not wait
        Fx.waitUntil("the confirmation", WAIT, () -> robot.lookup(".confirm-button").tryQuery().isPresent());
        robot.clickOn(".confirm-button");
        Fx.waitUntil("the IP gone", Duration.ofSeconds(60), () -> table.getItems().stream()
                .anyMatch(r -> r.id().equals("hello-1") && r.ip().isEmpty()));
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
    @Order(7)
    void stopThroughTheStopDialog(FxRobot robot) {
        waitConnected();
        robot.clickOn("#nav-containers");
        TableView<ContainerRow> table = table(robot, "#containers-table");
        Fx.waitUntil("hello-1 running", WAIT, () -> table.getItems().stream()
                .anyMatch(r -> r.id().equals("hello-1") && r.isRunning()));
        select(table, "hello-1");
        robot.clickOn("#containers-stop");
        Fx.waitUntil("the stop dialog", WAIT, () -> robot.lookup("#stop-timeout").tryQuery().isPresent());
        Fx.run(() -> robot.lookup("#stop-timeout").queryAs(javafx.scene.control.Spinner.class).getValueFactory()
                .setValue(2));
        robot.clickOn("Stop");
        Fx.waitUntil("hello-1 stopped", Duration.ofSeconds(60), () -> table.getItems().stream()
                .anyMatch(r -> r.id().equals("hello-1") && !r.isAlive()));
        assertThat(Fx.call(() -> console.activity().items().stream().anyMatch(a -> a.title().equals("Stop hello-1"))))
                .isTrue();
    }

    @Test
    @Order(8)
    void deleteAsksAndDeletes(FxRobot robot) {
        waitConnected();
        robot.clickOn("#nav-containers");
        TableView<ContainerRow> table = table(robot, "#containers-table");
        Fx.waitUntil("hello-1 listed", WAIT, () -> table.getItems().stream().anyMatch(r -> r.id().equals("hello-1")));
        Fx.run(() -> {
            int i = 0;
            while (!table.getItems().get(i).id().equals("hello-1")) {
                i++;
            }
            table.getSelectionModel().clearAndSelect(i);
            table.requestFocus();
        });
        robot.press(KeyCode.DELETE).release(KeyCode.DELETE);
        Fx.waitUntil("the confirmation", WAIT, () -> robot.lookup(".confirm-button").tryQuery().isPresent());
        assertThat(Fx.call(() -> robot.lookup(".dialog-pane .content").queryAs(Label.class).getText()))
                .contains("Delete hello-1 from namespace " + ns);
        robot.clickOn(".confirm-button");
        Fx.waitUntil("hello-1 gone", Duration.ofSeconds(60),
                () -> table.getItems().stream().noneMatch(r -> r.id().equals("hello-1")));
    }

    @Test
    @Order(9)
    void aBannerWhileContainerdIsStoppedAndNoneOnceItIsBack(FxRobot robot) {
        waitConnected();
        robot.clickOn("#nav-images");
        E2E.WATCHDOG.phase("containerd stopped and started");
        env.script("containerd-stop");
        try {
            Fx.waitUntil("the banner", WAIT, () -> robot.lookup("#connection-banner").query().isVisible());
            String title = Fx.call(() -> robot.lookup("#banner-title").queryAs(Label.class).getText());
            assertThat(title).satisfiesAnyOf(t -> assertThat(t).contains("Lost the connection"),
                    t -> assertThat(t).contains("not running"), t -> assertThat(t).contains("does not answer"));
            assertThat(Fx.call(() -> robot.lookup("#banner-hint").queryAs(Label.class).getText())).isNotBlank();
            assertThat(Fx.call(() -> console.connection().stateProperty().get()))
                    .isEqualTo(ConnectionViewModel.State.OFFLINE);
            assertThat(Fx.call(() -> robot.lookup("#images-pull").query().isDisabled())).isTrue();
        } finally {
            env.script("containerd-start");
        }
        Fx.waitUntil("the banner to go", Duration.ofSeconds(60),
                () -> !robot.lookup("#connection-banner").query().isVisible());
        assertThat(Fx.call(() -> console.connection().isConnected())).isTrue();
        TableView<ImageRow> images = table(robot, "#images-table");
        Fx.waitUntil("the list back", WAIT, () -> !images.getItems().isEmpty());
        E2E.WATCHDOG.phase("in use");
    }

    @Test
    @Order(10)
    void keyboardMovesBetweenPages(FxRobot robot) {
        waitConnected();
        robot.clickOn("#nav-images");
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);
        assertThat(Fx.call(() -> console.shell().pageProperty().get())).isEqualTo(ShellViewModel.Page.TASKS);
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        assertThat(Fx.call(() -> robot.lookup("#tasks-search").query().isFocused())).isTrue();
    }

    @Test
    @Order(11)
    void pagesShownAgainHaveTheirRowsAndTheTableHasTheFocus(FxRobot robot) {
        waitConnected();
        robot.clickOn("#nav-snapshots");
        javafx.scene.control.TreeTableView<?> tree = robot.lookup("#snapshots-tree").queryAs(javafx.scene.control.TreeTableView.class);
        Fx.waitUntil("the snapshot tree filled", WAIT, () -> tree.getRoot() != null && !tree.getRoot().getChildren().isEmpty());
        robot.clickOn("#nav-containers");
        robot.clickOn("#nav-images");
        TableView<ImageRow> images = table(robot, "#images-table");
        Fx.waitUntil("the images table focused", WAIT, images::isFocused);
        robot.clickOn("#nav-snapshots");
        javafx.scene.control.TreeTableView<?> again = robot.lookup("#snapshots-tree").queryAs(javafx.scene.control.TreeTableView.class);
        Fx.waitUntil("the snapshot tree still filled", WAIT,
                () -> again.getRoot() != null && !again.getRoot().getChildren().isEmpty() && again.getScene() != null);
        assertThat(Fx.call(() -> robot.lookup("#images-table").tryQuery().isPresent()))
                .as("a page not on screen is not in the scene").isFalse();
    }

    @Test
    @Order(12)
    void rowsKeptForAnotherNamespaceShowAtOnceAndGoWhenItChanges(FxRobot robot) {
        waitConnected();
        robot.clickOn("#nav-containers");
        Fx.waitUntil("the other namespace read ahead", WAIT, () -> {
            if (!console.containers().keptNamespaces().contains(other)) {
                console.connection().refreshNamespaces(); // as the switcher does when it opens
                return false;
            }
            return true;
        });
        assertThat(Fx.call(() -> {
            console.shell().selectNamespace(other);
            return console.containers().loadedProperty().get();
        })).as("its rows are there as soon as it is chosen").isTrue();
        Fx.waitUntil("the first namespace's rows kept", WAIT, () -> console.containers().keptNamespaces().contains(ns));

        String image = env.registry() + "/test/busybox:1";
        env.ctr(ns, "containers", "create", image, "made-while-away");
        try {
            Fx.waitUntil("its event to forget the kept rows", WAIT,
                    () -> !console.containers().keptNamespaces().contains(ns));
            Fx.run(() -> console.shell().selectNamespace(ns));
            TableView<ContainerRow> table = table(robot, "#containers-table");
            Fx.waitUntil("the container made while away", WAIT,
                    () -> table.getItems().stream().anyMatch(r -> r.id().equals("made-while-away")));
        } finally {
            env.ctr(ns, "containers", "rm", "made-while-away");
        }
    }
}
