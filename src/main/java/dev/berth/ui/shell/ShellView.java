package dev.berth.ui.shell;

import atlantafx.base.theme.Styles;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.Screen;
import dev.berth.ui.common.Themes;
import dev.berth.ui.common.Toasts;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import javafx.beans.value.ObservableIntegerValue;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.StatusBar;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The main window's content: sidebar, connection banner, the page that shows, the status bar, and
 * the window-wide keys (Ctrl+1…5 pages, F5/Ctrl+R refresh, Ctrl+F search, Ctrl+P pull, Ctrl+N new
 * container, Ctrl+Shift+D theme, F1 the list of keys).
 */
public final class ShellView {

    private final ShellViewModel vm;
    private final StackPane root = new StackPane();
    private final StackPane pages = new StackPane();
    private final Map<ShellViewModel.Page, Supplier<? extends Screen>> screens = new EnumMap<>(ShellViewModel.Page.class);
    private final Themes themes;
    private final I18n i18n;
    private Runnable onPull = () -> { };
    private Runnable onCreate = () -> { };
    private Runnable onSettings = () -> { };

    public ShellView(ShellViewModel vm, EndpointsViewModel endpoints, I18n i18n, Themes themes, Toasts toasts,
                     Map<ShellViewModel.Page, ? extends Supplier<? extends Screen>> screens,
                     Map<ShellViewModel.Page, ObservableIntegerValue> counts) {
        this.vm = vm;
        this.themes = themes;
        this.i18n = i18n;
        this.screens.putAll(screens);
        root.setId("shell");
        root.getStyleClass().add("shell");

        Sidebar sidebar = new Sidebar(vm, i18n, counts, endpoints, themes, () -> onSettings.run());
        ConnectionBanner banner = new ConnectionBanner(vm.connection(), i18n);
        Label protectedStrip = new Label();
        protectedStrip.setId("protected-strip");
        protectedStrip.setGraphic(new FontIcon(Feather.LOCK));
        protectedStrip.textProperty().bind(vm.protectedText());
        protectedStrip.getStyleClass().add("protected-strip");
        protectedStrip.setMaxWidth(Double.MAX_VALUE);
        protectedStrip.visibleProperty().bind(vm.protectedText().isNotEmpty());
        protectedStrip.managedProperty().bind(protectedStrip.visibleProperty());
        pages.getStyleClass().add("pages");
        showPage(vm.pageProperty().get());
        vm.pageProperty().addListener((o, a, b) -> showPage(b));
        VBox center = new VBox(banner, protectedStrip, pages);
        javafx.scene.layout.VBox.setVgrow(pages, javafx.scene.layout.Priority.ALWAYS);

        StatusBar status = new StatusBar();
        status.setId("status-bar");
        status.textProperty().bind(vm.connectionText());
        Label namespace = new Label();
        namespace.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> i18n.tr("status.namespace", vm.connection().namespaceProperty().get()),
                vm.connection().namespaceProperty()));
        namespace.getStyleClass().add(Styles.TEXT_SMALL);
        Label running = new Label();
        running.setId("status-running");
        running.textProperty().bind(vm.activityText());
        running.getStyleClass().add(Styles.TEXT_SMALL);
        running.setOnMouseClicked(e -> vm.pageProperty().set(ShellViewModel.Page.ACTIVITY));
        status.getRightItems().addAll(running, namespace);
        status.setPadding(new Insets(2, 10, 2, 10));

        BorderPane main = new BorderPane(center);
        main.setLeft(sidebar);
        main.setBottom(status);
        root.getChildren().addAll(main, toasts.node());
        root.addEventFilter(KeyEvent.KEY_PRESSED, this::keys);
    }

    /** What the sidebar's settings button opens. */
    public void setOnSettings(Runnable action) {
        this.onSettings = action;
    }

    /** A screen over the whole window (the first-run screen), under the toasts; it shows itself when it must. */
    public void setOverlay(javafx.scene.Node overlay) {
        root.getChildren().add(root.getChildren().size() - 1, overlay);
    }

    /** What Ctrl+P and Ctrl+N do (open the pull and create windows). */
    public void setGlobalActions(Runnable pull, Runnable create) {
        this.onPull = pull;
        this.onCreate = create;
    }

    /**
     * The page's screen, made when it is first shown (the screens come as suppliers that make them
     * once: at start-up only the page on screen is built).
     */
    private Screen screen(ShellViewModel.Page page) {
        Supplier<? extends Screen> s = screens.get(page);
        return s == null ? null : s.get();
    }

    /**
     * Only the page on screen is in the scene: the others keep their state but cost no styling,
     * skins or layout until they are shown (at start-up that was a third of the time to the first
     * window with data).
     */
    private void showPage(ShellViewModel.Page page) {
        Screen s = screen(page);
        if (s != null) {
            pages.getChildren().setAll(s.node());
            javafx.scene.Scene scene = root.getScene();
            if (scene == null) {
                s.shown();
            } else {
                // once the next pulse has styled and laid out the page just attached: before that its
                // table refuses the focus, and the scene gives it to the page's first field instead
                afterNextLayout(scene, () -> {
                    if (vm.pageProperty().get() == page) {
                        s.shown();
                    }
                });
            }
        } else {
            pages.getChildren().clear();
        }
    }

    /** Runs {@code action} once, after the scene's next layout pass. */
    private static void afterNextLayout(javafx.scene.Scene scene, Runnable action) {
        scene.addPostLayoutPulseListener(new Runnable() {
            private boolean done;

            @Override
            public void run() {
                if (!done) {
                    done = true;
                    // not removed while the scene runs its listeners
                    javafx.application.Platform.runLater(() -> scene.removePostLayoutPulseListener(this));
                    action.run();
                }
            }
        });
    }

    private static final KeyCombination REFRESH = new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination SEARCH = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination PULL = new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination CREATE = new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination THEME = new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);

    private void keys(KeyEvent e) {
        Screen current = screen(vm.pageProperty().get());
        if (e.getCode() == KeyCode.F5 || REFRESH.match(e)) {
            if (current != null) {
                current.refresh();
            }
            e.consume();
        } else if (SEARCH.match(e)) {
            if (current != null) {
                current.focusSearch();
            }
            e.consume();
        } else if (PULL.match(e)) {
            onPull.run();
            e.consume();
        } else if (CREATE.match(e)) {
            onCreate.run();
            e.consume();
        } else if (e.getCode() == KeyCode.F1) {
            ShortcutsHelp.show(root.getScene() == null ? null : root.getScene().getWindow(), themes, i18n);
            e.consume();
        } else if (THEME.match(e)) {
            vm.toggleTheme();
            e.consume();
        } else if (e.isShortcutDown() && !e.isShiftDown() && e.getCode().isDigitKey()) {
            int n = e.getCode().getCode() - KeyCode.DIGIT1.getCode();
            ShellViewModel.Page[] all = ShellViewModel.Page.values();
            if (n >= 0 && n < all.length) {
                vm.pageProperty().set(all[n]);
                e.consume();
            }
        }
    }

    /** Gives the keyboard to the page that shows (once the window is up). */
    public void focusCurrentPage() {
        Screen s = screen(vm.pageProperty().get());
        if (s != null) {
            s.shown();
        }
    }

    public StackPane root() {
        return root;
    }

    /** A scene for the main window, styled and following the theme switch. */
    public Scene createScene(double width, double height) {
        Scene scene = new Scene(root, width, height);
        themes.style(scene);
        themes.apply(vm.darkProperty().get());
        vm.darkProperty().addListener((o, a, b) -> themes.apply(b));
        return scene;
    }
}
