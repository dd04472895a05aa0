package dev.berth.ui.shell;

import atlantafx.base.theme.Styles;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.Themes;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** F1: the keyboard shortcuts, in one small window. */
final class ShortcutsHelp {

    private ShortcutsHelp() {
    }

    static void show(Window owner, Themes themes, I18n i18n) {
        String[][] rows = {
            {"Ctrl+1 … 5", i18n.tr("keys.pages")},
            {"Ctrl+F", i18n.tr("keys.search")},
            {"F5, Ctrl+R", i18n.tr("keys.refresh")},
            {"Enter", i18n.tr("keys.details")},
            {"Delete", i18n.tr("keys.delete")},
            {"Ctrl+A", i18n.tr("keys.selectAll")},
            {"Ctrl+P", i18n.tr("keys.pull")},
            {"Ctrl+N", i18n.tr("keys.create")},
            {"Ctrl+L", i18n.tr("keys.logs")},
            {"Ctrl+Shift+S", i18n.tr("keys.commitVersion")},
            {"Ctrl+Shift+V", i18n.tr("keys.versions")},
            {"Ctrl+Shift+R", i18n.tr("keys.rollback")},
            {"Escape", i18n.tr("keys.escape")},
            {"Ctrl+Shift+D", i18n.tr("keys.theme")},
            {"F1", i18n.tr("keys.help")},
        };
        GridPane g = new GridPane();
        g.setHgap(24);
        g.setVgap(6);
        for (int i = 0; i < rows.length; i++) {
            Label k = new Label(rows[i][0]);
            k.getStyleClass().addAll("monospace", Styles.TEXT_BOLD);
            g.addRow(i, k, new Label(rows[i][1]));
        }
        Alert a = new Alert(Alert.AlertType.NONE);
        if (owner != null) {
            a.initOwner(owner);
        }
        a.setTitle(i18n.tr("keys.title"));
        a.setHeaderText(i18n.tr("keys.title"));
        a.getDialogPane().setContent(g);
        a.getButtonTypes().setAll(new ButtonType(i18n.tr("common.close"), ButtonBar.ButtonData.OK_DONE));
        themes.style(a.getDialogPane());
        a.show();
    }
}
