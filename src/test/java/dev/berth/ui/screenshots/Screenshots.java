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
            shoot(console, ShellViewModel.Page.ACTIVITY, null, 0, out.resolve("activity-" + theme + ".png"));
            Fx.run(() -> console.stage().close());
        }
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

    static Scene sceneOf(Window w) {
        return w.getScene();
    }
}
