package dev.berth.ui.versions;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import dev.berth.ui.common.FormSupport;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.Windows;
import dev.berth.ui.containers.PairEditor;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The commit (or prepare) window: name, labels and, for a version of a container, "stop the task
 * first". Closes itself when the snapshot is made; an error stays in the window.
 */
public final class SnapshotFormDialog {

    private final Stage stage;

    public SnapshotFormDialog(SnapshotFormViewModel vm, I18n i18n, Windows windows) {
        FormSupport form = new FormSupport();
        Label title = new Label(vm.title());
        title.getStyleClass().add(Styles.TITLE_3);
        title.setWrapText(true);
        Label where = new Label(i18n.tr("snapshotForm.in", vm.namespace()));
        where.getStyleClass().add(Styles.TEXT_MUTED);

        Label nameLabel = new Label(i18n.tr("snapshotForm.name"));
        TextField name = new TextField();
        name.setId("snapshot-form-name");
        name.setPromptText(vm.namePrompt());
        name.getStyleClass().add("monospace");
        name.textProperty().bindBidirectional(vm.nameProperty());
        Label nameMessage = form.bind(name, vm.nameErrorProperty());

        Label labelsTitle = new Label(i18n.tr("create.labels"));
        labelsTitle.getStyleClass().add("form-section");
        PairEditor labels = new PairEditor(vm.labels(), i18n.tr("create.key"), i18n.tr("create.value"),
                i18n.tr("create.labels.add"), vm::addLabel, "snapshot-form-labels");
        Label labelsMessage = message(vm.labelsErrorProperty());

        VBox fields = new VBox(6, nameLabel, name, nameMessage, labelsTitle, labels, labelsMessage);
        if (vm.mode() == SnapshotFormViewModel.Mode.VERSION) {
            CheckBox stop = new CheckBox(i18n.tr("snapshotForm.stopFirst"));
            stop.setId("snapshot-form-stop");
            stop.selectedProperty().bindBidirectional(vm.stopFirstProperty());
            Label hint = new Label();
            hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            hint.setWrapText(true);
            hint.textProperty().bind(Bindings.when(vm.taskLiveProperty())
                    .then(i18n.tr("snapshotForm.stopHint.running")).otherwise(i18n.tr("snapshotForm.stopHint.stopped")));
            fields.getChildren().addAll(stop, hint, message(vm.stopErrorProperty()));
        }
        fields.disableProperty().bind(vm.stateProperty().isEqualTo(SnapshotFormViewModel.State.RUNNING)
                .or(vm.stateProperty().isEqualTo(SnapshotFormViewModel.State.DONE)));

        Message error = new Message();
        error.setId("snapshot-form-error");
        error.getStyleClass().add(Styles.DANGER);
        error.setGraphic(new FontIcon(Feather.ALERT_CIRCLE));
        error.managedProperty().bind(error.visibleProperty());
        error.visibleProperty().bind(vm.stateProperty().isEqualTo(SnapshotFormViewModel.State.FAILED));
        vm.errorProperty().addListener((o, a, b) -> {
            if (b != null) {
                error.setTitle(b.title());
                error.setDescription(b.message());
            }
        });
        Label working = new Label(i18n.tr("snapshotForm.working"));
        working.getStyleClass().add(Styles.TEXT_MUTED);
        working.managedProperty().bind(working.visibleProperty());
        working.visibleProperty().bind(vm.stateProperty().isEqualTo(SnapshotFormViewModel.State.RUNNING));

        Button submit = new Button(vm.submitText(), new FontIcon(Feather.CHECK));
        submit.setId("snapshot-form-submit");
        submit.setDefaultButton(true);
        submit.getStyleClass().add(Styles.ACCENT);
        submit.disableProperty().bind(vm.canSubmitProperty().not());
        submit.setOnAction(e -> {
            form.revealAll();
            vm.submit();
        });
        Button close = new Button(i18n.tr("common.close"));
        close.setId("snapshot-form-close");
        close.setCancelButton(true);
        close.setOnAction(e -> stage().close());
        ButtonBar.setButtonData(submit, ButtonBar.ButtonData.OK_DONE);
        ButtonBar.setButtonData(close, ButtonBar.ButtonData.CANCEL_CLOSE);
        ButtonBar buttons = new ButtonBar();
        buttons.getButtons().addAll(submit, close);
        buttons.setPadding(new Insets(12, 20, 16, 20));

        VBox body = new VBox(14, new VBox(2, title, where), fields, working, error);
        body.setPadding(new Insets(20));
        BorderPane root = new BorderPane(body);
        root.setBottom(buttons);
        root.setId("snapshot-form");
        stage = windows.create(vm.title(), root, 560, vm.mode() == SnapshotFormViewModel.Mode.VERSION ? 470 : 400);
        stage.setOnShown(e -> name.requestFocus());
        vm.stateProperty().addListener((o, a, b) -> {
            if (b == SnapshotFormViewModel.State.DONE) {
                stage.close();
            }
        });
    }

    private static Label message(javafx.beans.value.ObservableStringValue error) {
        Label m = new Label();
        m.getStyleClass().addAll(Styles.TEXT_SMALL, "field-message");
        m.setWrapText(true);
        m.textProperty().bind(Bindings.createStringBinding(() -> error.get() == null ? "" : error.get(), error));
        m.visibleProperty().bind(Bindings.isNotNull(error));
        m.managedProperty().bind(m.visibleProperty());
        return m;
    }

    public Stage stage() {
        return stage;
    }

    public void show() {
        stage.show();
        stage.toFront();
    }
}
