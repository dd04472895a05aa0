package dev.berth.ui.containers;

import dev.berth.model.StopOptions;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.Themes;
import java.time.Duration;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** Asks how to stop: signal, timeout, and whether to kill after the timeout. The first question. */
public final class StopDialog {

    public static final java.util.List<String> SIGNALS = java.util.List.of("SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP",
            "SIGUSR1", "SIGUSR2");

    private StopDialog() {
    }

    public static Optional<StopOptions> ask(Window owner, Themes themes, I18n i18n, String what, StopOptions defaults) {
        Dialog<StopOptions> d = new Dialog<>();
        if (owner != null) {
            d.initOwner(owner);
        }
        d.setTitle(i18n.tr("stop.title"));
        d.setHeaderText(i18n.tr("stop.header", what));
        ComboBox<String> signal = new ComboBox<>();
        signal.setId("stop-signal");
        signal.getItems().add(i18n.tr("stop.signal.default"));
        signal.getItems().addAll(SIGNALS);
        signal.getSelectionModel().select(0);
        Spinner<Integer> timeout = new Spinner<>(0, 3600, (int) defaults.timeout().getSeconds(), 5);
        timeout.setId("stop-timeout");
        timeout.setEditable(true);
        CheckBox force = new CheckBox(i18n.tr("stop.force"));
        force.setId("stop-force");
        force.setSelected(defaults.force());
        GridPane g = new GridPane();
        g.setHgap(12);
        g.setVgap(10);
        g.setPadding(new Insets(10, 0, 0, 0));
        g.addRow(0, new Label(i18n.tr("stop.signal")), signal);
        g.addRow(1, new Label(i18n.tr("stop.timeout")), timeout);
        g.add(force, 1, 2);
        d.getDialogPane().setContent(g);
        ButtonType ok = new ButtonType(i18n.tr("containers.stop"), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(i18n.tr("common.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        d.getDialogPane().getButtonTypes().setAll(ok, cancel);
        themes.style(d.getDialogPane());
        d.setResultConverter(b -> {
            if (b != ok) {
                return null;
            }
            String sig = signal.getSelectionModel().getSelectedIndex() <= 0 ? null : signal.getValue();
            return new StopOptions(sig, Duration.ofSeconds(timeout.getValue()), force.isSelected());
        });
        return d.showAndWait();
    }
}
