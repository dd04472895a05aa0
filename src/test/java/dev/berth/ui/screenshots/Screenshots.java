package dev.berth.ui.screenshots;

import dev.berth.app.Console;
import dev.berth.app.ConsoleOptions;
import dev.berth.service.DefaultContainerdService;
import dev.berth.service.ServiceOptions;
import dev.berth.testenv.TestEnv;
import dev.berth.ui.e2e.Fx;
import dev.berth.ui.shell.ShellViewModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * {@code scripts/screenshots}: renders each main screen with real data from the test environment,
 * light and dark, into {@code assets/screenshots/*.png} (Monocle headless, Scene.snapshot).
 */
public final class Screenshots {

    static final String NS = "berth-demo";

    private Screenshots() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "assets/screenshots").toAbsolutePath();
        Locale.setDefault(Locale.ENGLISH);
        TestEnv env = TestEnv.get();
        DemoData.prepare(env, NS);
        env.script("push-random", "demo/big:1", "4", "40");
        Versions.prepare(env, NS);
        Fx.startToolkit();
        for (boolean dark : List.of(false, true)) {
            String theme = dark ? "dark" : "light";
            Console console = Fx.call(() -> Console.open(new Stage(), new ConsoleOptions(env.address(), NS, Locale.ENGLISH,
                    theme), connector(env), dark));
            Fx.run(() -> {
                console.stage().setWidth(1360);
                console.stage().setHeight(840);
            });
            Fx.waitUntil("the containers", Duration.ofSeconds(30), () -> console.containers().totalProperty().get() > 0
                    && console.images().totalProperty().get() > 0);
            shoot(console, ShellViewModel.Page.CONTAINERS, "#containers-table", 1, out.resolve("containers-" + theme + ".png"));
            shoot(console, ShellViewModel.Page.IMAGES, "#images-table", 1, out.resolve("images-" + theme + ".png"));
            shoot(console, ShellViewModel.Page.TASKS, "#tasks-table", 0, out.resolve("tasks-" + theme + ".png"));
            shootTree(console, out.resolve("snapshots-" + theme + ".png"));
            shootLogs(console, out.resolve("logs-" + theme + ".png"));
            shootCreate(console, out.resolve("create-" + theme + ".png"));
            shootVersions(console, out.resolve("versions-" + theme + ".png"));
            shootCommit(console, out.resolve("commit-" + theme + ".png"));
            shootPull(console, env, out.resolve("pull-" + theme + ".png"));
            shoot(console, ShellViewModel.Page.ACTIVITY, null, 0, out.resolve("activity-" + theme + ".png"));
            shootSettings(console, out.resolve("settings-" + theme + ".png"));
            Fx.run(() -> List.copyOf(Window.getWindows()).forEach(Window::hide));

            Console offline = Fx.call(() -> Console.open(new Stage(), new ConsoleOptions(
                    TestEnv.envDir().resolve("no-such.sock").toString(), NS, Locale.ENGLISH, theme), connector(env), dark));
            Fx.run(() -> {
                offline.stage().setWidth(1360);
                offline.stage().setHeight(840);
            });
            Fx.waitUntil("the banner", Duration.ofSeconds(20), () -> offline.connection().bannerVisibleProperty().get());
            Fx.waitUntil("the first-run screen", Duration.ofSeconds(20), () -> offline.firstRun().visibleProperty().get());
            Fx.settle(600);
            Fx.snapshot(offline.stage().getScene(), out.resolve("first-run-" + theme + ".png"));
            System.out.println("  first-run-" + theme + ".png");
            Fx.run(() -> offline.firstRun().dismiss());
            Fx.settle(600);
            Fx.snapshot(offline.stage().getScene(), out.resolve("banner-" + theme + ".png"));
            System.out.println("  banner-" + theme + ".png");
            Fx.run(() -> List.copyOf(Window.getWindows()).forEach(Window::hide));
        }
        DemoData.clean(env, NS);
        Versions.clean(env, NS);
        System.out.println("screenshots written to " + out);
        System.exit(0);
    }

    static dev.berth.ui.shell.ConnectionViewModel.Connector connector(TestEnv env) {
        return (address, namespace) -> DefaultContainerdService.connect(ServiceOptions.of(address, namespace)
                .withDataDir(TestEnv.envDir().resolve("berth-data")));
    }

    static void shoot(Console c, ShellViewModel.Page page, String table, int row, Path png) throws Exception {
        Fx.run(() -> c.shell().pageProperty().set(page));
        if (table != null) {
            // a page that was not on screen loads when it is shown: wait for its rows
            Fx.waitUntil(table + " has rows", Duration.ofSeconds(20), () -> {
                TableView<?> t = (TableView<?>) c.stage().getScene().lookup(table);
                return t != null && t.getItems().size() > row;
            });
            Fx.run(() -> {
                @SuppressWarnings("unchecked")
                TableView<Object> t = (TableView<Object>) c.stage().getScene().lookup(table);
                if (t != null && t.getItems().size() > row) {
                    t.getSelectionModel().clearAndSelect(row);
                    t.requestFocus();
                }
            });
        }
        Fx.settle(700);
        Fx.snapshot(c.stage().getScene(), png);
        System.out.println("  " + png.getFileName());
    }

    static void shootTree(Console c, Path png) throws Exception {
        Fx.run(() -> c.shell().pageProperty().set(ShellViewModel.Page.SNAPSHOTS));
        Fx.waitUntil("snapshots", Duration.ofSeconds(20), () -> c.snapshots().totalProperty().get() > 0);
        Fx.settle(300);
        Fx.run(() -> {
            TreeTableView<?> t = (TreeTableView<?>) c.stage().getScene().lookup("#snapshots-tree");
            if (t != null && t.getExpandedItemCount() > 2) {
                t.getSelectionModel().clearAndSelect(2);
            }
        });
        Fx.settle(700);
        Fx.snapshot(c.stage().getScene(), png);
        System.out.println("  " + png.getFileName());
    }

    static void selectContainer(Console c, String id) {
        Fx.run(() -> {
            c.shell().pageProperty().set(ShellViewModel.Page.CONTAINERS);
            @SuppressWarnings("unchecked")
            TableView<dev.berth.ui.containers.ContainerRow> t =
                    (TableView<dev.berth.ui.containers.ContainerRow>) c.stage().getScene().lookup("#containers-table");
            for (int i = 0; i < t.getItems().size(); i++) {
                if (t.getItems().get(i).id().equals(id)) {
                    t.getSelectionModel().clearAndSelect(i);
                }
            }
        });
    }

    static void shootLogs(Console c, Path png) throws Exception {
        selectContainer(c, "logger-4");
        var w = Fx.call(() -> c.containersView().openWindow(false));
        Fx.waitUntil("log lines", Duration.ofSeconds(20), () -> {
            javafx.scene.control.ListView<?> l = (javafx.scene.control.ListView<?>) w.stage().getScene().lookup("#logs-list");
            return l != null && l.getItems().size() > 8;
        });
        Fx.settle(800);
        Fx.snapshot(w.stage().getScene(), png);
        System.out.println("  " + png.getFileName());
        Fx.run(() -> w.stage().close());
    }

    /** The settings window, opened from the sidebar's gear. */
    static void shootSettings(Console c, Path png) throws Exception {
        Fx.run(() -> ((javafx.scene.control.Button) c.stage().getScene().lookup("#settings-open")).fire());
        Fx.settle(600);
        Scene s = Fx.call(() -> Window.getWindows().stream().filter(w -> w != c.stage() && w.isShowing())
                .reduce((a, b) -> b).orElseThrow().getScene());
        Fx.snapshot(s, png);
        System.out.println("  " + png.getFileName());
        Fx.run(() -> s.getWindow().hide());
    }

    static void shootCreate(Console c, Path png) throws Exception {
        var d = Fx.call(() -> c.containersView().openCreate(""));
        Fx.run(() -> {
            javafx.scene.Scene s = d.stage().getScene();
            ((javafx.scene.control.TextField) s.lookup("#create-id")).setText("web 2");
            ((javafx.scene.control.TextField) s.lookup("#create-image")).setText("docker.io/library/nginx:1.27");
            ((javafx.scene.control.TextField) s.lookup("#create-command")).setText("nginx -g \"daemon off;\"");
            ((javafx.scene.control.Button) s.lookup("#create-env-add")).fire();
            ((javafx.scene.control.Button) s.lookup("#create-mounts-add")).fire();
            ((javafx.scene.control.Button) s.lookup("#create-labels-add")).fire();
        });
        Fx.settle(300);
        Fx.run(() -> {
            javafx.scene.Scene s = d.stage().getScene();
            var envRow = (javafx.scene.layout.HBox) ((javafx.scene.layout.VBox) ((javafx.scene.layout.VBox)
                    s.lookup("#create-env")).getChildren().get(0)).getChildren().get(0);
            ((javafx.scene.control.TextField) envRow.getChildren().get(0)).setText("NGINX_PORT");
            ((javafx.scene.control.TextField) envRow.getChildren().get(1)).setText("8080");
            var mountRow = (javafx.scene.layout.HBox) ((javafx.scene.layout.VBox) ((javafx.scene.layout.VBox)
                    s.lookup("#create-mounts")).getChildren().get(0)).getChildren().get(0);
            ((javafx.scene.control.TextField) mountRow.getChildren().get(1)).setText("/srv/site");
            ((javafx.scene.control.TextField) mountRow.getChildren().get(2)).setText("/usr/share/nginx/html");
            ((javafx.scene.control.CheckBox) mountRow.getChildren().get(3)).setSelected(true);
            var labelRow = (javafx.scene.layout.HBox) ((javafx.scene.layout.VBox) ((javafx.scene.layout.VBox)
                    s.lookup("#create-labels")).getChildren().get(0)).getChildren().get(0);
            ((javafx.scene.control.TextField) labelRow.getChildren().get(0)).setText("team");
            ((javafx.scene.control.TextField) labelRow.getChildren().get(1)).setText("web");
            s.lookup("#create-command").requestFocus();
        });
        Fx.settle(800);
        Fx.snapshot(d.stage().getScene(), png);
        System.out.println("  " + png.getFileName());
        Fx.run(() -> d.stage().close());
    }

    /** The window opened last whose root has {@code rootId}. */
    static Stage window(String rootId) {
        return Fx.call(() -> {
            Stage found = null;
            for (Window w : Window.getWindows()) {
                if (w instanceof Stage st && w.getScene() != null && rootId.equals(w.getScene().getRoot().getId())) {
                    found = st;
                }
            }
            return found;
        });
    }

    static void shootVersions(Console c, Path png) throws Exception {
        selectContainer(c, Versions.CONTAINER);
        Fx.run(() -> c.containersView().openVersions());
        Fx.waitUntil("the versions window", Duration.ofSeconds(20), () -> window("versions-window") != null);
        Stage w = window("versions-window");
        Fx.waitUntil("the versions", Duration.ofSeconds(20), () -> {
            TableView<?> t = (TableView<?>) w.getScene().lookup("#versions-table");
            return t.getItems().size() >= 3;
        });
        Fx.run(() -> {
            TableView<?> t = (TableView<?>) w.getScene().lookup("#versions-table");
            t.getSelectionModel().clearAndSelect(1);
            t.requestFocus();
        });
        Fx.settle(800);
        Fx.snapshot(w.getScene(), png);
        System.out.println("  " + png.getFileName());
        Fx.run(w::close);
    }

    static void shootCommit(Console c, Path png) throws Exception {
        selectContainer(c, "api-1");
        Fx.run(() -> c.containersView().openCommitVersion());
        Fx.waitUntil("the commit window", Duration.ofSeconds(20), () -> window("snapshot-form") != null);
        Stage w = window("snapshot-form");
        Fx.waitUntil("the task read", Duration.ofSeconds(20), () -> w.getScene().getRoot().lookupAll(".label").stream()
                .anyMatch(n -> n instanceof javafx.scene.control.Label l && l.getText().startsWith("The task is running")));
        Fx.run(() -> {
            Scene s = w.getScene();
            ((javafx.scene.control.TextField) s.lookup("#snapshot-form-name")).setText("api-1-before-upgrade");
            ((javafx.scene.control.Button) s.lookup("#snapshot-form-labels-add")).fire();
        });
        Fx.settle(300);
        Fx.run(() -> {
            Scene s = w.getScene();
            var row = (javafx.scene.layout.HBox) ((javafx.scene.layout.VBox) ((javafx.scene.layout.VBox)
                    s.lookup("#snapshot-form-labels")).getChildren().get(0)).getChildren().get(0);
            ((javafx.scene.control.TextField) row.getChildren().get(0)).setText("reason");
            ((javafx.scene.control.TextField) row.getChildren().get(1)).setText("before the 2.4 upgrade");
            s.lookup("#snapshot-form-name").requestFocus();
        });
        Fx.settle(800);
        Fx.snapshot(w.getScene(), png);
        System.out.println("  " + png.getFileName());
        Fx.run(w::close);
    }

    static void shootPull(Console c, TestEnv env, Path png) throws Exception {
        String ref = env.registry() + "/demo/big:1";
        try {
            env.ctr(NS, "images", "rm", ref);
        } catch (RuntimeException notThere) {
            // first run
        }
        Fx.run(() -> c.shell().pageProperty().set(ShellViewModel.Page.IMAGES));
        var d = Fx.call(() -> c.imagesView().openPull(ref));
        Fx.run(() -> d.viewModel().start());
        // a moment in the middle: some layers done or present, one downloading
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end && !Fx.call(() -> {
            var layers = d.viewModel().progress().layers();
            return layers.stream().anyMatch(l -> l.state() == dev.berth.model.PullProgress.LayerState.DOWNLOADING
                    && l.fraction() > 0.15) || d.viewModel().state() != dev.berth.ui.images.PullViewModel.State.RUNNING;
        })) {
            Thread.sleep(5);
        }
        Fx.snapshot(d.stage().getScene(), png);
        System.out.println("  " + png.getFileName());
        Fx.waitUntil("the pull", Duration.ofSeconds(120),
                () -> d.viewModel().state() != dev.berth.ui.images.PullViewModel.State.RUNNING);
        Fx.run(() -> d.stage().close());
    }
}
