package dev.berth.ui.shell;

import atlantafx.base.theme.Styles;
import dev.berth.model.Endpoint;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.Themes;
import javafx.event.ActionEvent;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Add or edit an endpoint: name, socket path, namespace. The view model checks the values and
 * makes the change; the dialog stays open with the reason while they are not right.
 */
final class EndpointDialog {

    private EndpointDialog() {
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    /** Opens the dialog for a new endpoint ({@code editing} null) or for {@code editing}. FX thread. */
    static void show(Window owner, Themes themes, I18n i18n, EndpointsViewModel vm, Endpoint editing) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle(editing == null ? i18n.tr("endpoints.add.title") : i18n.tr("endpoints.edit.title"));
        d.setHeaderText(i18n.tr("endpoints.dialog.header"));
        TextField name = new TextField(editing == null ? "" : editing.name());
        name.setId("endpoint-name");
        name.setPromptText(i18n.tr("endpoints.name.prompt"));
        TextField socket = new TextField(editing == null ? "" : editing.address());
        socket.setId("endpoint-socket");
        socket.setPromptText("/tmp/remote-containerd.sock");
        socket.setPrefColumnCount(30);
        TextField namespace = new TextField(editing == null ? "default" : editing.namespace());
        namespace.setId("endpoint-namespace");
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, label(i18n.tr("endpoints.name")), name);
        grid.addRow(1, label(i18n.tr("endpoints.socket")), socket);
        grid.addRow(2, label(i18n.tr("endpoints.namespace")), namespace);
        Label ssh = new Label(i18n.tr("endpoints.ssh.hint"));
        ssh.setWrapText(true);
        ssh.setMaxWidth(460);
        ssh.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        Label error = new Label();
        error.setId("endpoint-error");
        error.getStyleClass().add(Styles.DANGER);
        error.setWrapText(true);
        error.managedProperty().bind(error.visibleProperty());
        error.visibleProperty().bind(error.textProperty().isNotEmpty());
        d.getDialogPane().setContent(new VBox(10, grid, ssh, error));
        ButtonType save = new ButtonType(editing == null ? i18n.tr("endpoints.add.confirm") : i18n.tr("endpoints.edit.confirm"),
                javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(save, new ButtonType(i18n.tr("common.cancel"),
                javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE));
        d.getDialogPane().lookupButton(save).addEventFilter(ActionEvent.ACTION, e -> {
            String p = editing == null ? vm.add(name.getText(), socket.getText(), namespace.getText())
                    : vm.edit(editing, name.getText(), socket.getText(), namespace.getText());
            if (p != null) {
                error.setText(p);
                e.consume();
            }
        });
        themes.style(d.getDialogPane());
        javafx.application.Platform.runLater(name::requestFocus);
        d.show();
    }
}
