package dev.berth.ui.images;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import dev.berth.ui.common.DialogService;
import dev.berth.ui.common.FormSupport;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.Windows;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The pull window: a form, then the bars. Not modal; closing it leaves the pull running (the
 * Activity view shows it and can open this window on it again).
 */
public final class PullDialog {

    private final PullViewModel vm;
    private final Stage stage;

    public PullDialog(PullViewModel vm, I18n i18n, Windows windows, DialogService dialogs) {
        this.vm = vm;
        Label title = new Label(i18n.tr("pull.title"));
        title.getStyleClass().add(Styles.TITLE_3);
        Label where = new Label(i18n.tr("pull.into", vm.namespace()));
        where.getStyleClass().add(Styles.TEXT_MUTED);

        FormSupport form = new FormSupport();
        TextField reference = new TextField();
        reference.setId("pull-reference");
        reference.setPromptText(i18n.tr("pull.reference.prompt"));
        reference.textProperty().bindBidirectional(vm.referenceProperty());
        Label referenceMessage = form.bind(reference, vm.referenceErrorProperty());
        ComboBox<String> platform = new ComboBox<>();
        platform.setId("pull-platform");
        platform.setEditable(true);
        platform.getItems().setAll(PullViewModel.PLATFORMS);
        platform.setPromptText(i18n.tr("pull.platform.prompt"));
        platform.getEditor().textProperty().bindBidirectional(vm.platformProperty());
        platform.setMaxWidth(Double.MAX_VALUE);
        Label platformMessage = form.bind(platform.getEditor(), vm.platformErrorProperty());
        CheckBox insecure = new CheckBox(i18n.tr("pull.insecure"));
        insecure.setId("pull-insecure");
        insecure.selectedProperty().bindBidirectional(vm.insecureProperty());

        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(6);
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setMinWidth(90);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(c0, c1);
        grid.addRow(0, new Label(i18n.tr("pull.reference")), reference);
        grid.add(referenceMessage, 1, 1);
        grid.addRow(2, new Label(i18n.tr("pull.platform")), platform);
        grid.add(platformMessage, 1, 3);
        grid.add(insecure, 1, 4);
        grid.disableProperty().bind(vm.stateProperty().isEqualTo(PullViewModel.State.RUNNING));

        Message error = new Message();
        error.getStyleClass().add(Styles.DANGER);
        error.setGraphic(new FontIcon(Feather.ALERT_CIRCLE));
        error.managedProperty().bind(error.visibleProperty());
        error.visibleProperty().bind(vm.stateProperty().isEqualTo(PullViewModel.State.FAILED));
        vm.errorProperty().addListener((o, a, b) -> {
            if (b != null) {
                error.setTitle(b.title());
                error.setDescription(b.message());
            }
        });
        Button details = new Button(i18n.tr("common.details"));
        details.getStyleClass().add(Styles.FLAT);
        details.setOnAction(e -> {
            if (vm.errorProperty().get() != null) {
                dialogs.showError(vm.title(), vm.errorProperty().get().message(), null);
            }
        });

        PullProgressView progress = new PullProgressView(vm.progress());
        progress.managedProperty().bind(progress.visibleProperty());
        progress.visibleProperty().bind(vm.stateProperty().isNotEqualTo(PullViewModel.State.EDITING));
        VBox.setVgrow(progress, Priority.ALWAYS);

        Label hint = new Label(i18n.tr("pull.keepsRunning"));
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        hint.setWrapText(true);
        hint.visibleProperty().bind(vm.stateProperty().isEqualTo(PullViewModel.State.RUNNING));

        Button pull = new Button(i18n.tr("pull.start"), new FontIcon(Feather.DOWNLOAD));
        pull.setId("pull-start");
        pull.setDefaultButton(true);
        pull.getStyleClass().add(Styles.ACCENT);
        pull.disableProperty().bind(vm.canStartProperty().not());
        pull.visibleProperty().bind(vm.stateProperty().isNotEqualTo(PullViewModel.State.DONE));
        pull.managedProperty().bind(pull.visibleProperty());
        pull.setOnAction(e -> {
            form.revealAll();
            vm.start();
        });
        Button cancel = new Button(i18n.tr("pull.cancel"));
        cancel.setId("pull-cancel");
        cancel.visibleProperty().bind(vm.stateProperty().isEqualTo(PullViewModel.State.RUNNING));
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> vm.cancel());
        Button close = new Button(i18n.tr("common.close"));
        close.setId("pull-close");
        close.setCancelButton(true);
        close.setOnAction(e -> stage().close());
        ButtonBar.setButtonData(pull, ButtonBar.ButtonData.OK_DONE);
        ButtonBar.setButtonData(cancel, ButtonBar.ButtonData.OTHER);
        ButtonBar.setButtonData(close, ButtonBar.ButtonData.CANCEL_CLOSE);
        ButtonBar buttons = new ButtonBar();
        buttons.getButtons().addAll(cancel, pull, close);

        VBox header = new VBox(2, title, where);
        VBox root = new VBox(14, header, grid, error, details, progress, hint, buttons);
        details.visibleProperty().bind(error.visibleProperty());
        details.managedProperty().bind(details.visibleProperty());
        root.setPadding(new Insets(20));
        root.setAlignment(Pos.TOP_LEFT);
        root.getStyleClass().add("pull-dialog");
        root.setId("pull-dialog");
        this.stage = windows.create(i18n.tr("pull.window"), root, 720, 560);
        stage.titleProperty().bind(Bindings.createStringBinding(() -> vm.stateProperty().get() == PullViewModel.State.EDITING
                ? i18n.tr("pull.window") : vm.title(), vm.stateProperty()));
        stage.setOnShown(e -> {
            if (vm.state() == PullViewModel.State.EDITING) {
                reference.requestFocus();
                reference.end();
            }
        });
    }

    public Stage stage() {
        return stage;
    }

    public PullViewModel viewModel() {
        return vm;
    }

    public void show() {
        stage.show();
        stage.toFront();
    }
}
