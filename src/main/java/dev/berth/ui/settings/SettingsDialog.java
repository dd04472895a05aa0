package dev.berth.ui.settings;

import atlantafx.base.theme.Styles;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.Themes;
import javafx.event.ActionEvent;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.StringConverter;

/** The settings window (modeless; Save keeps the values when the view model accepts them). */
public final class SettingsDialog {

    private SettingsDialog() {
    }

    /** Opens it. FX thread. */
    public static void show(Window owner, Themes themes, I18n i18n, SettingsViewModel vm) {
        vm.reload();
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle(i18n.tr("settingsDialog.title"));
        d.setHeaderText(vm.where() == null ? i18n.tr("settingsDialog.header.memory")
                : i18n.tr("settingsDialog.header", vm.where()));

        ComboBox<String> theme = new ComboBox<>();
        theme.setId("settings-theme");
        theme.getItems().setAll(SettingsViewModel.THEMES);
        theme.setConverter(names(i18n, "theme"));
        theme.valueProperty().bindBidirectional(vm.themeProperty());
        ComboBox<String> language = new ComboBox<>();
        language.setId("settings-language");
        language.getItems().setAll(SettingsViewModel.LANGUAGES);
        language.setConverter(names(i18n, "language"));
        language.valueProperty().bindBidirectional(vm.languageProperty());
        TextArea registries = new TextArea();
        registries.setId("settings-registries");
        registries.setPrefRowCount(3);
        registries.setPromptText("registry.lan:5000");
        registries.textProperty().bindBidirectional(vm.registriesProperty());
        Spinner<Integer> parallel = new Spinner<>(1, 64, vm.parallelDownloadsProperty().get());
        parallel.setId("settings-parallel");
        parallel.setEditable(true);
        parallel.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.parallelDownloadsProperty().set(b);
            }
        });
        TextField network = new TextField();
        network.setId("settings-cni-network");
        network.textProperty().bindBidirectional(vm.cniNetworkProperty());
        TextField subnet = new TextField();
        subnet.setId("settings-cni-subnet");
        subnet.textProperty().bindBidirectional(vm.cniSubnetProperty());

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        int r = 0;
        grid.addRow(r++, label(i18n.tr("settingsDialog.theme")), theme);
        grid.addRow(r++, label(i18n.tr("settingsDialog.language")), language);
        grid.addRow(r++, label(i18n.tr("settingsDialog.registries")), registries);
        grid.addRow(r++, label(i18n.tr("settingsDialog.parallel")), parallel);
        grid.addRow(r++, label(i18n.tr("settingsDialog.cniNetwork")), network);
        grid.addRow(r, label(i18n.tr("settingsDialog.cniSubnet")), subnet);
        Label note = new Label(i18n.tr("settingsDialog.note"));
        note.setWrapText(true);
        note.setMaxWidth(480);
        note.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        Label error = new Label();
        error.setId("settings-error");
        error.getStyleClass().add(Styles.DANGER);
        error.setWrapText(true);
        error.setMaxWidth(480);
        error.textProperty().bind(vm.errorProperty());
        error.managedProperty().bind(error.visibleProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        d.getDialogPane().setContent(new VBox(12, grid, note, error));

        ButtonType save = new ButtonType(i18n.tr("settingsDialog.save"), ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(save, new ButtonType(i18n.tr("common.cancel"),
                ButtonBar.ButtonData.CANCEL_CLOSE));
        d.getDialogPane().lookupButton(save).addEventFilter(ActionEvent.ACTION, e -> {
            parallel.increment(0); // takes a value typed but not yet committed
            if (!vm.save()) {
                e.consume();
            }
        });
        themes.style(d.getDialogPane());
        d.show();
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    private static StringConverter<String> names(I18n i18n, String kind) {
        return new StringConverter<>() {
            @Override
            public String toString(String v) {
                if (v == null) {
                    return "";
                }
                if (kind.equals("theme")) {
                    switch (v) {
                        case "light":
                            return i18n.tr("settingsDialog.theme.light");
                        case "dark":
                            return i18n.tr("settingsDialog.theme.dark");
                        default:
                            return i18n.tr("settingsDialog.theme.system");
                    }
                }
                switch (v) {
                    case "en":
                        return "English";
                    case "zh-CN":
                        return "简体中文";
                    default:
                        return i18n.tr("settingsDialog.language.system");
                }
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        };
    }
}
