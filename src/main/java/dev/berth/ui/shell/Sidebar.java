package dev.berth.ui.shell;

import atlantafx.base.theme.Styles;
import dev.berth.model.NamespaceInfo;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.Tips;
import dev.berth.ui.common.Icons;
import java.util.EnumMap;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableIntegerValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Brand, endpoint and namespace switchers, the pages with counts, the connection and the theme switch. */
final class Sidebar extends VBox {

    private final Map<ShellViewModel.Page, ToggleButton> buttons = new EnumMap<>(ShellViewModel.Page.class);

    Sidebar(ShellViewModel vm, I18n i18n, Map<ShellViewModel.Page, ObservableIntegerValue> counts, EndpointsViewModel endpoints,
            dev.berth.ui.common.Themes themes, Runnable openSettings) {
        setId("sidebar");
        getStyleClass().add("sidebar");
        var logoUrl = Sidebar.class.getResource("/dev/berth/icons/berth-32.png");
        javafx.scene.image.ImageView logo = new javafx.scene.image.ImageView(
                logoUrl == null ? null : new javafx.scene.image.Image(logoUrl.toExternalForm(), 26, 26, true, true));
        logo.getStyleClass().add("brand-icon");
        Label brand = new Label(i18n.tr("app.name"), logo);
        brand.getStyleClass().addAll(Styles.TITLE_3, "brand");

        Label nsCaption = new Label(i18n.tr("shell.namespace"));
        nsCaption.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED, "sidebar-caption");
        ComboBox<NamespaceInfo> namespaces = new ComboBox<>(vm.connection().namespaces());
        namespaces.setId("namespace-switcher");
        namespaces.setMaxWidth(Double.MAX_VALUE);
        namespaces.setCellFactory(l -> new NamespaceCell(vm));
        namespaces.setButtonCell(new NamespaceCell(vm));
        namespaces.setConverter(new StringConverter<>() {
            @Override
            public String toString(NamespaceInfo n) {
                return n == null ? "" : n.name();
            }

            @Override
            public NamespaceInfo fromString(String s) {
                return new NamespaceInfo(s, Map.of());
            }
        });
        Runnable select = () -> vm.connection().namespaces().stream()
                .filter(n -> n.name().equals(vm.connection().namespaceProperty().get())).findFirst()
                .ifPresent(n -> {
                    if (namespaces.getValue() == null || !namespaces.getValue().name().equals(n.name())) {
                        namespaces.setValue(n);
                    }
                });
        vm.connection().namespaces().addListener((javafx.collections.ListChangeListener<NamespaceInfo>) c -> select.run());
        vm.connection().namespaceProperty().addListener((o, a, b) -> select.run());
        select.run();
        namespaces.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.selectNamespace(b.name());
            }
        });
        namespaces.setOnShowing(e -> vm.connection().refreshNamespaces());
        Tips.set(namespaces, i18n.tr("shell.namespace.tooltip"));

        VBox nav = new VBox(2);
        nav.getStyleClass().add("nav");
        ToggleGroup group = new ToggleGroup();
        addPage(nav, group, vm, ShellViewModel.Page.IMAGES, i18n.tr("nav.images"), Feather.LAYERS, counts, "1");
        addPage(nav, group, vm, ShellViewModel.Page.CONTAINERS, i18n.tr("nav.containers"), Feather.BOX, counts, "2");
        addPage(nav, group, vm, ShellViewModel.Page.TASKS, i18n.tr("nav.tasks"), Feather.CPU, counts, "3");
        addPage(nav, group, vm, ShellViewModel.Page.SNAPSHOTS, i18n.tr("nav.snapshots"), Feather.GIT_COMMIT, counts, "4");
        addPage(nav, group, vm, ShellViewModel.Page.ACTIVITY, i18n.tr("nav.activity"), Feather.CLOCK, counts, "5");
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true);
            }
        });
        vm.pageProperty().addListener((o, a, b) -> buttons.get(b).setSelected(true));
        buttons.get(vm.pageProperty().get()).setSelected(true);

        Region spacer = new Region();
        VBox.setVgrow(spacer, Priority.ALWAYS);

        Region dot = new Region();
        dot.getStyleClass().add("status-dot");
        Label state = new Label();
        state.setId("connection-state");
        state.setGraphic(dot);
        state.getStyleClass().addAll(Styles.TEXT_SMALL, "connection-state");
        state.textProperty().bind(Bindings.createStringBinding(() -> {
            switch (vm.connection().stateProperty().get()) {
                case CONNECTED:
                    return i18n.tr("shell.containerd", vm.connection().daemonVersionProperty().get());
                case CONNECTING:
                    return i18n.tr("shell.connecting");
                default:
                    return i18n.tr("shell.offline");
            }
        }, vm.connection().stateProperty(), vm.connection().daemonVersionProperty()));
        vm.connection().stateProperty().addListener((o, a, b) -> styleState(state, b));
        styleState(state, vm.connection().stateProperty().get());
        Label socket = new Label();
        socket.textProperty().bind(vm.connection().addressProperty());
        socket.setId("connection-socket");
        socket.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED, "monospace", "connection-socket");
        Tips.bind(socket, vm.connection().addressProperty());
        socket.setMaxWidth(Double.MAX_VALUE);

        Button theme = new Button();
        theme.setId("theme-toggle");
        theme.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        theme.setGraphic(Icons.of(vm.darkProperty().get() ? Feather.SUN : Feather.MOON));
        vm.darkProperty().addListener((o, a, b) -> theme.setGraphic(Icons.of(b ? Feather.SUN : Feather.MOON)));
        Tips.set(theme, i18n.tr("shell.theme"));
        theme.setOnAction(e -> vm.toggleTheme());
        Button settings = new Button();
        settings.setId("settings-open");
        settings.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        settings.setGraphic(Icons.of(Feather.SETTINGS));
        Tips.set(settings, i18n.tr("shell.settings"));
        settings.setOnAction(e -> openSettings.run());
        HBox connection = new HBox(6, state, new Region(), settings, theme);
        HBox.setHgrow(connection.getChildren().get(1), Priority.ALWAYS);
        connection.setAlignment(Pos.CENTER_LEFT);
        VBox footer = new VBox(4, connection, socket);
        footer.getStyleClass().add("sidebar-footer");

        getChildren().addAll(brand, new EndpointSwitcher(endpoints, i18n, themes), nsCaption, namespaces, nav, spacer, footer);
    }

    private static void styleState(Label l, ConnectionViewModel.State s) {
        l.getStyleClass().removeAll("status-running", "status-created", "status-failed");
        l.getStyleClass().add(s == ConnectionViewModel.State.CONNECTED ? "status-running"
                : s == ConnectionViewModel.State.CONNECTING ? "status-created" : "status-failed");
    }

    private void addPage(VBox nav, ToggleGroup group, ShellViewModel vm, ShellViewModel.Page page, String text, Ikon icon,
                         Map<ShellViewModel.Page, ObservableIntegerValue> counts, String key) {
        ToggleButton b = new ToggleButton(text, Icons.of(icon));
        b.setId("nav-" + page.name().toLowerCase(java.util.Locale.ROOT));
        b.setToggleGroup(group);
        b.getStyleClass().add("nav-button");
        b.setMaxWidth(Double.MAX_VALUE);
        b.setAlignment(Pos.CENTER_LEFT);
        Tips.set(b, text + "  (Ctrl+" + key + ")");
        b.setOnAction(e -> vm.pageProperty().set(page));
        b.setFocusTraversable(false);
        ObservableIntegerValue count = counts.get(page);
        if (count != null) {
            Label badge = new Label();
            badge.getStyleClass().add("nav-badge");
            badge.textProperty().bind(Bindings.createStringBinding(() -> count.get() == 0 ? "" : Integer.toString(count.get()),
                    count));
            badge.visibleProperty().bind(Bindings.createBooleanBinding(() -> count.get() > 0, count));
            HBox g = new HBox(10, Icons.of(icon), new Label(text), new Region(), badge);
            HBox.setHgrow(g.getChildren().get(2), Priority.ALWAYS);
            g.setAlignment(Pos.CENTER_LEFT);
            g.getStyleClass().add("nav-content");
            b.setText(null);
            b.setGraphic(g);
            g.prefWidthProperty().bind(b.widthProperty().subtract(24));
        }
        buttons.put(page, b);
        nav.getChildren().add(b);
    }

    /** A namespace with a lock and its owner when kubelet or dockerd owns it. */
    private static final class NamespaceCell extends ListCell<NamespaceInfo> {
        private final ShellViewModel vm;

        NamespaceCell(ShellViewModel vm) {
            this.vm = vm;
        }

        @Override
        protected void updateItem(NamespaceInfo item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(vm.namespaceLabel(item));
            FontIcon icon = new FontIcon(item.owner() == null ? Feather.FOLDER : Feather.LOCK);
            icon.getStyleClass().add(item.owner() == null ? "ns-icon" : "ns-icon-protected");
            setGraphic(icon);
        }
    }
}
