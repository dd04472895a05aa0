package dev.berth.ui.containers;

import atlantafx.base.theme.Styles;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.Icons;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/** Rows of mounts (type, host path, container path, read-only) with remove buttons and an add button. */
final class MountEditor extends VBox {

    private final VBox rows = new VBox(4);
    private final ObservableList<MountItem> items;
    private final I18n i18n;

    MountEditor(ObservableList<MountItem> items, I18n i18n, Runnable add) {
        super(6);
        this.items = items;
        this.i18n = i18n;
        setId("create-mounts");
        Button addButton = new Button(i18n.tr("create.mounts.add"), Icons.of(Feather.PLUS));
        addButton.setId("create-mounts-add");
        addButton.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        addButton.setOnAction(e -> add.run());
        items.addListener((ListChangeListener<MountItem>) c -> {
            while (c.next()) {
                if (c.wasAdded() || c.wasRemoved()) {
                    rebuild();
                    return;
                }
            }
        });
        rebuild();
        getChildren().addAll(rows, addButton);
    }

    private void rebuild() {
        rows.getChildren().clear();
        for (MountItem m : items) {
            ComboBox<String> type = new ComboBox<>();
            type.getItems().setAll(MountItem.TYPES);
            type.valueProperty().bindBidirectional(m.typeProperty());
            type.setPrefWidth(90);
            TextField source = new TextField();
            source.setPromptText(i18n.tr("create.mounts.source"));
            source.textProperty().bindBidirectional(m.sourceProperty());
            source.disableProperty().bind(m.typeProperty().isEqualTo("tmpfs"));
            source.getStyleClass().add("monospace");
            TextField dest = new TextField();
            dest.setPromptText(i18n.tr("create.mounts.destination"));
            dest.textProperty().bindBidirectional(m.destinationProperty());
            dest.getStyleClass().add("monospace");
            HBox.setHgrow(source, Priority.ALWAYS);
            HBox.setHgrow(dest, Priority.ALWAYS);
            CheckBox ro = new CheckBox(i18n.tr("create.mounts.readOnly"));
            ro.selectedProperty().bindBidirectional(m.readOnlyProperty());
            Button remove = new Button(null, Icons.of(Feather.X));
            remove.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
            remove.setOnAction(e -> items.remove(m));
            HBox row = new HBox(6, type, source, dest, ro, remove);
            row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            rows.getChildren().add(row);
        }
    }
}
