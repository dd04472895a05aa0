package dev.berth.ui.containers;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import dev.berth.ui.common.FormSupport;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.Windows;
import dev.berth.ui.images.PullProgressView;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The create-container window: the form (validated inline as it is typed), then the progress of
 * pulling (when the image is missing), creating and starting. Closing it leaves the work running.
 */
public final class CreateContainerDialog {

    private final Stage stage;
    private final GridPane grid = new GridPane();
    private final FormSupport form = new FormSupport();
    private int row;

    public CreateContainerDialog(CreateContainerViewModel vm, I18n i18n, Windows windows) {
        Label title = new Label(i18n.tr("create.title"));
        title.getStyleClass().add(Styles.TITLE_3);
        Label where = new Label(i18n.tr("create.into", vm.namespace()));
        where.getStyleClass().add(Styles.TEXT_MUTED);

        grid.setHgap(12);
        grid.setVgap(4);
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setMinWidth(110);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(c0, c1);
        TextField id = field("create-id", i18n.tr("create.id"), i18n.tr("create.id.prompt"), vm.idProperty(),
                vm.idErrorProperty());
        field("create-image", i18n.tr("create.image"), i18n.tr("create.image.prompt"), vm.imageProperty(),
                vm.imageErrorProperty());
        field("create-command", i18n.tr("create.command"), i18n.tr("create.command.prompt"), vm.commandProperty(),
                vm.commandErrorProperty()).getStyleClass().add("monospace");
        field("create-workdir", i18n.tr("create.workingDir"), i18n.tr("create.workingDir.prompt"),
                vm.workingDirProperty(), vm.workingDirErrorProperty());
        field("create-user", i18n.tr("create.user"), i18n.tr("create.user.prompt"), vm.userProperty(),
                vm.userErrorProperty());
        if (!vm.parentSnapshotProperty().get().isEmpty()) {
            TextField parent = new TextField();
            parent.setEditable(false);
            parent.textProperty().bind(vm.parentSnapshotProperty());
            grid.addRow(row++, new Label(i18n.tr("create.parent")), parent);
        }
        CheckBox tty = new CheckBox(i18n.tr("create.tty"));
        tty.setId("create-tty");
        tty.selectedProperty().bindBidirectional(vm.ttyProperty());
        CheckBox start = new CheckBox(i18n.tr("create.startAfter"));
        start.setId("create-start");
        start.selectedProperty().bindBidirectional(vm.startAfterProperty());
        grid.add(tty, 1, row++);
        grid.add(start, 1, row++);
        section(i18n.tr("create.env"), new PairEditor(vm.env(), "NAME", i18n.tr("create.value"),
                i18n.tr("create.env.add"), vm::addEnv, "create-env"), vm.envErrorProperty());
        section(i18n.tr("create.mounts"), new MountEditor(vm.mounts(), i18n, vm::addMount), vm.mountsErrorProperty());
        section(i18n.tr("create.labels"), new PairEditor(vm.labels(), i18n.tr("create.key"), i18n.tr("create.value"),
                i18n.tr("create.labels.add"), vm::addLabel, "create-labels"), vm.labelsErrorProperty());
        grid.disableProperty().bind(vm.stateProperty().isEqualTo(CreateContainerViewModel.State.RUNNING));

        Label phase = new Label();
        phase.setId("create-phase");
        phase.textProperty().bind(vm.phaseProperty());
        phase.setWrapText(true);
        Message error = new Message();
        error.getStyleClass().add(Styles.DANGER);
        error.setGraphic(new FontIcon(Feather.ALERT_CIRCLE));
        error.managedProperty().bind(error.visibleProperty());
        error.visibleProperty().bind(vm.stateProperty().isEqualTo(CreateContainerViewModel.State.FAILED));
        vm.errorProperty().addListener((o, a, b) -> {
            if (b != null) {
                error.setTitle(b.title());
                error.setDescription(b.message());
            }
        });
        PullProgressView pull = new PullProgressView(vm.pullProgress());
        pull.managedProperty().bind(pull.visibleProperty());
        pull.setVisible(false);
        vm.pullProgress().phaseProperty().addListener((o, a, b) -> pull.setVisible(b != null));
        VBox progress = new VBox(8, phase, error, pull);
        progress.managedProperty().bind(progress.visibleProperty());
        progress.visibleProperty().bind(vm.stateProperty().isNotEqualTo(CreateContainerViewModel.State.EDITING));

        Button create = new Button(i18n.tr("create.submit"), new FontIcon(Feather.PLUS));
        create.setId("create-submit");
        create.setDefaultButton(true);
        create.getStyleClass().add(Styles.ACCENT);
        create.disableProperty().bind(vm.canCreateProperty().not());
        create.visibleProperty().bind(vm.stateProperty().isNotEqualTo(CreateContainerViewModel.State.DONE));
        create.managedProperty().bind(create.visibleProperty());
        create.setOnAction(e -> vm.create());
        Button cancel = new Button(i18n.tr("create.cancel"));
        cancel.visibleProperty().bind(vm.stateProperty().isEqualTo(CreateContainerViewModel.State.RUNNING));
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> vm.cancel());
        Button close = new Button(i18n.tr("common.close"));
        close.setId("create-close");
        close.setCancelButton(true);
        close.setOnAction(e -> stage().close());
        ButtonBar.setButtonData(create, ButtonBar.ButtonData.OK_DONE);
        ButtonBar.setButtonData(cancel, ButtonBar.ButtonData.OTHER);
        ButtonBar.setButtonData(close, ButtonBar.ButtonData.CANCEL_CLOSE);
        ButtonBar buttons = new ButtonBar();
        buttons.getButtons().addAll(cancel, create, close);
        buttons.setPadding(new Insets(12, 20, 16, 20));

        VBox body = new VBox(14, new VBox(2, title, where), grid, progress);
        body.setPadding(new Insets(20));
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        BorderPane root = new BorderPane(scroll);
        root.setBottom(buttons);
        root.setId("create-dialog");
        root.getStyleClass().add("create-dialog");
        stage = windows.create(i18n.tr("create.window"), root, 760, 720);
        stage.setOnShown(e -> id.requestFocus());
    }

    private TextField field(String id, String label, String prompt, javafx.beans.property.StringProperty value,
                            javafx.beans.value.ObservableStringValue error) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.textProperty().bindBidirectional(value);
        add(label, f, form.bind(f, error));
        return f;
    }

    private void add(String label, TextInputControl f, Label message) {
        grid.addRow(row++, new Label(label), f);
        grid.add(message, 1, row++);
    }

    private void section(String title, Node editor, javafx.beans.value.ObservableStringValue error) {
        Label h = new Label(title);
        h.getStyleClass().add("form-section");
        grid.add(h, 0, row++, 2, 1);
        grid.add(editor, 0, row++, 2, 1);
        Label message = new Label();
        message.getStyleClass().addAll(Styles.TEXT_SMALL, "field-message");
        message.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> error.get() == null ? "" : error.get(), error));
        message.visibleProperty().bind(javafx.beans.binding.Bindings.isNotNull(error));
        message.managedProperty().bind(message.visibleProperty());
        grid.add(message, 0, row++, 2, 1);
    }

    public Stage stage() {
        return stage;
    }

    public void show() {
        stage.show();
        stage.toFront();
    }
}
