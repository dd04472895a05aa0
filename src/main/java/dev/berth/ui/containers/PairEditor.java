package dev.berth.ui.containers;

import atlantafx.base.theme.Styles;
import dev.berth.ui.common.Icons;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/** Rows of key/value fields with remove buttons and an add button; edits the view model's list. */
public final class PairEditor extends VBox {

    private final VBox rows = new VBox(4);
    private final ObservableList<KeyValueItem> items;
    private final String keyPrompt;
    private final String valuePrompt;

    public PairEditor(ObservableList<KeyValueItem> items, String keyPrompt, String valuePrompt, String addText, Runnable add,
               String id) {
        super(6);
        this.items = items;
        this.keyPrompt = keyPrompt;
        this.valuePrompt = valuePrompt;
        setId(id);
        Button addButton = new Button(addText, Icons.of(Feather.PLUS));
        addButton.setId(id + "-add");
        addButton.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        addButton.setOnAction(e -> {
            add.run();
            focusLast();
        });
        items.addListener((ListChangeListener<KeyValueItem>) c -> {
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
        for (KeyValueItem kv : items) {
            TextField k = new TextField();
            k.setPromptText(keyPrompt);
            k.textProperty().bindBidirectional(kv.keyProperty());
            k.getStyleClass().add("monospace");
            TextField v = new TextField();
            v.setPromptText(valuePrompt);
            v.textProperty().bindBidirectional(kv.valueProperty());
            HBox.setHgrow(v, Priority.ALWAYS);
            Button remove = new Button(null, Icons.of(Feather.X));
            remove.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
            remove.setOnAction(e -> items.remove(kv));
            HBox row = new HBox(6, k, v, remove);
            k.setPrefWidth(200);
            rows.getChildren().add(row);
        }
    }

    private void focusLast() {
        if (!rows.getChildren().isEmpty()) {
            ((HBox) rows.getChildren().get(rows.getChildren().size() - 1)).getChildren().get(0).requestFocus();
        }
    }
}
