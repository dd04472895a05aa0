package dev.berth.ui.shell;

import atlantafx.base.theme.Styles;
import dev.berth.model.Endpoint;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.Tips;
import dev.berth.ui.common.Icons;
import dev.berth.ui.common.Themes;
import javafx.collections.MapChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/** The sidebar's endpoint part: a caption with add / edit / remove, and the list to switch with. */
final class EndpointSwitcher extends VBox {

    EndpointSwitcher(EndpointsViewModel vm, I18n i18n, Themes themes) {
        super(4);
        setId("endpoints");
        Label caption = new Label(i18n.tr("endpoints.caption"));
        caption.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED, "sidebar-caption");
        Button add = small(Feather.PLUS, i18n.tr("endpoints.add.tooltip"), "endpoint-add");
        Button edit = small(Feather.EDIT_2, i18n.tr("endpoints.edit.tooltip"), "endpoint-edit");
        Button remove = small(Feather.TRASH_2, i18n.tr("endpoints.remove.tooltip"), "endpoint-remove");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox head = new HBox(2, caption, gap, add, edit, remove);
        head.setAlignment(Pos.CENTER_LEFT);

        ComboBox<Endpoint> list = new ComboBox<>(vm.endpoints());
        list.setId("endpoint-switcher");
        list.setMaxWidth(Double.MAX_VALUE);
        list.setCellFactory(l -> new EndpointCell(vm, true));
        list.setButtonCell(new EndpointCell(vm, false));
        list.setValue(vm.currentProperty().get());
        Tips.set(list, i18n.tr("endpoints.tooltip"));
        vm.currentProperty().addListener((o, a, b) -> {
            if (b != null && !b.equals(list.getValue())) {
                list.setValue(b);
            }
        });
        list.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.select(b);
            } else if (vm.currentProperty().get() != null) {
                // the list changed under the selection (an edit): show the current one again
                javafx.application.Platform.runLater(() -> list.setValue(vm.currentProperty().get()));
            }
        });
        vm.states().addListener((MapChangeListener<String, ConnectionViewModel.State>) c -> {
            list.setButtonCell(new EndpointCell(vm, false));
        });

        add.setOnAction(e -> EndpointDialog.show(getScene().getWindow(), themes, i18n, vm, null));
        edit.setOnAction(e -> EndpointDialog.show(getScene().getWindow(), themes, i18n, vm, vm.currentProperty().get()));
        remove.setOnAction(e -> vm.remove(vm.currentProperty().get()));
        remove.disableProperty().bind(javafx.beans.binding.Bindings.size(vm.endpoints()).lessThan(2));
        getChildren().addAll(head, list);
    }

    private static Button small(Feather icon, String tip, String id) {
        Button b = new Button(null, Icons.of(icon));
        b.setId(id);
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL, "endpoint-action");
        Tips.set(b, tip);
        b.setFocusTraversable(false);
        return b;
    }

    /** A dot for how the connection last went, the name, and (in the open list) the socket. */
    private static final class EndpointCell extends ListCell<Endpoint> {
        private final EndpointsViewModel vm;
        private final boolean withSocket;

        EndpointCell(EndpointsViewModel vm, boolean withSocket) {
            this.vm = vm;
            this.withSocket = withSocket;
        }

        @Override
        protected void updateItem(Endpoint item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                setTooltip(null);
                return;
            }
            Region dot = new Region();
            dot.getStyleClass().add("status-dot");
            ConnectionViewModel.State st = vm.states().get(item.name());
            Label name = new Label(item.name(), dot);
            name.getStyleClass().add(st == ConnectionViewModel.State.CONNECTED ? "status-running"
                    : st == ConnectionViewModel.State.CONNECTING ? "status-created"
                    : st == ConnectionViewModel.State.OFFLINE ? "status-failed" : "status-unknown");
            name.getStyleClass().add("connection-state");
            if (withSocket) {
                Label socket = new Label(item.address());
                socket.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED, "monospace");
                setGraphic(new VBox(1, name, socket));
            } else {
                setGraphic(name);
            }
            setText(null);
            setTooltip(new Tooltip(item.address() + "  ·  " + item.namespace()));
        }
    }
}
