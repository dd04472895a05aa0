package dev.berth.ui.common;

import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** Dialogs as JavaFX {@link Alert}s owned by the main window, toasts in its corner. */
public final class FxDialogService implements DialogService {

    private static final System.Logger LOG = System.getLogger(FxDialogService.class.getName());

    private final Supplier<Window> owner;
    private final I18n i18n;
    private final Consumer<DialogPane> styler;
    private final Toasts toasts;

    /**
     * @param owner the window dialogs belong to (the main stage)
     * @param styler adds the app stylesheet and theme to each dialog
     */
    public FxDialogService(Supplier<Window> owner, I18n i18n, Consumer<DialogPane> styler, Toasts toasts) {
        this.owner = owner;
        this.i18n = i18n;
        this.styler = styler;
        this.toasts = toasts;
    }

    private Alert alert(Alert.AlertType type, String title, String message) {
        Alert a = new Alert(type);
        Window w = owner.get();
        if (w != null) {
            a.initOwner(w);
        }
        a.setTitle(title);
        a.setHeaderText(title);
        a.setContentText(message);
        a.getDialogPane().setMinWidth(480);
        a.getDialogPane().getStyleClass().add("berth-dialog");
        styler.accept(a.getDialogPane());
        return a;
    }

    @Override
    public boolean confirm(String title, String message, String confirmLabel) {
        return ask(Alert.AlertType.CONFIRMATION, title, message, confirmLabel, false);
    }

    private boolean ask(Alert.AlertType type, String title, String message, String confirmLabel, boolean cancelIsDefault) {
        Alert a = alert(type, title, message);
        ButtonType ok = new ButtonType(confirmLabel, ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(i18n.tr("common.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        a.getButtonTypes().setAll(ok, cancel);
        Button okButton = (Button) a.getDialogPane().lookupButton(ok);
        okButton.getStyleClass().add("confirm-button");
        if (cancelIsDefault) {
            okButton.setDefaultButton(false);
            okButton.getStyleClass().add("danger");
            ((Button) a.getDialogPane().lookupButton(cancel)).setDefaultButton(true);
        }
        return a.showAndWait().orElse(cancel) == ok;
    }

    @Override
    public boolean confirmDanger(String title, String message, String confirmLabel) {
        return ask(Alert.AlertType.WARNING, title, message, confirmLabel, true);
    }

    @Override
    public void showError(String title, String message, Throwable error) {
        if (!javafx.application.Platform.isFxApplicationThread()) {
            javafx.application.Platform.runLater(() -> showError(title, message, error));
            return;
        }
        Alert a = alert(Alert.AlertType.ERROR, title, message);
        a.getButtonTypes().setAll(new ButtonType(i18n.tr("common.close"), ButtonBar.ButtonData.OK_DONE));
        if (error != null) {
            TextArea trace = new TextArea(UserError.stackTrace(error));
            trace.setEditable(false);
            trace.setWrapText(false);
            trace.getStyleClass().add("monospace");
            trace.setPrefRowCount(14);
            VBox.setVgrow(trace, Priority.ALWAYS);
            VBox box = new VBox(6, new Label(i18n.tr("error.details")), trace);
            a.getDialogPane().setExpandableContent(box);
        }
        try {
            a.showAndWait();
        } catch (IllegalStateException duringLayout) {
            // called from an animation or layout pass: show it without waiting
            a.show();
        }
    }

    @Override
    public void notify(String message) {
        if (toasts == null) {
            LOG.log(System.Logger.Level.INFO, message);
            return;
        }
        toasts.show(message);
    }
}
