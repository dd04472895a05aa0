package dev.berth.ui.common;

import atlantafx.base.theme.Styles;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Draws a {@link Details}: title, subtitle, then each section as a grid of name/value pairs (values
 * selectable, for copying ids and digests) and monospaced lines.
 */
public final class DetailsPane extends ScrollPane {

    private final VBox content = new VBox(4);
    private final I18n i18n;

    public DetailsPane(ObservableValue<Details> details, I18n i18n) {
        this.i18n = i18n;
        getStyleClass().addAll("details-pane", Styles.BORDERED);
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        content.getStyleClass().add("details-content");
        content.setPadding(new Insets(14, 16, 16, 16));
        setContent(content);
        details.addListener((o, a, b) -> show(b));
        show(details.getValue());
    }

    private void show(Details d) {
        content.getChildren().clear();
        if (d == null) {
            Label none = new Label(i18n.tr("details.none"));
            none.getStyleClass().addAll(Styles.TEXT_MUTED, "details-empty");
            none.setWrapText(true);
            content.getChildren().add(none);
            return;
        }
        Label title = new Label(d.title());
        title.getStyleClass().addAll(Styles.TITLE_4, "details-title");
        title.setWrapText(true);
        content.getChildren().add(title);
        if (d.subtitle() != null && !d.subtitle().isBlank()) {
            Label sub = new Label(d.subtitle());
            sub.getStyleClass().addAll(Styles.TEXT_MUTED, "details-subtitle");
            sub.setWrapText(true);
            content.getChildren().add(sub);
        }
        for (Details.Section s : d.sections()) {
            Label h = new Label(s.title());
            h.getStyleClass().add("details-section");
            content.getChildren().add(h);
            if (!s.fields().isEmpty()) {
                content.getChildren().add(grid(s));
            }
            for (String line : s.lines()) {
                Label l = new Label(line);
                l.getStyleClass().addAll("monospace", "details-line");
                l.setWrapText(true);
                l.setContextMenu(copyMenu(line));
                content.getChildren().add(l);
            }
            if (s.fields().isEmpty() && s.lines().isEmpty() && s.emptyText() != null) {
                Label e = new Label(s.emptyText());
                e.getStyleClass().add(Styles.TEXT_MUTED);
                e.setWrapText(true);
                content.getChildren().add(e);
            }
        }
    }

    private GridPane grid(Details.Section s) {
        GridPane g = new GridPane();
        g.getStyleClass().add("details-grid");
        g.setHgap(12);
        g.setVgap(2);
        ColumnConstraints names = new ColumnConstraints();
        names.setMinWidth(90);
        names.setMaxWidth(200);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().addAll(names, values);
        int row = 0;
        for (Details.Field f : s.fields()) {
            Label n = new Label(f.name());
            n.getStyleClass().addAll(Styles.TEXT_MUTED, "details-name");
            n.setWrapText(true);
            Label v = new Label(f.value());
            v.getStyleClass().add("details-value");
            v.setWrapText(true);
            v.setContextMenu(copyMenu(f.value()));
            v.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            g.addRow(row++, n, v);
        }
        return g;
    }

    private ContextMenu copyMenu(String text) {
        MenuItem copy = new MenuItem(i18n.tr("common.copy"));
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(text);
            Clipboard.getSystemClipboard().setContent(c);
        });
        return new ContextMenu(copy);
    }
}
