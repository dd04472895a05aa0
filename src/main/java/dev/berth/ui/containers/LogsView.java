package dev.berth.ui.containers;

import atlantafx.base.theme.Styles;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.Icons;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.util.StringConverter;
import atlantafx.base.controls.Spacer;
import org.kordamp.ikonli.feather.Feather;

/**
 * A container's output in a virtualised list (fixed row height, capped at 10,000 lines): tail size,
 * follow (sticks to the bottom while the user is at the bottom), copy.
 */
public final class LogsView extends BorderPane {

    private final ListView<String> list;

    public LogsView(LogsViewModel vm, I18n i18n) {
        getStyleClass().add("logs-view");
        setId("logs-view");
        list = new ListView<>(vm.shownLines());
        list.setId("logs-list");
        list.getStyleClass().addAll("logs-list", Styles.DENSE);
        list.setFixedCellSize(19);
        list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        list.setCellFactory(l -> new ListCell<>() {
            {
                getStyleClass().add("log-line");
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
            }
        });
        Label placeholder = new Label();
        placeholder.textProperty().bind(Bindings.createStringBinding(() -> vm.lines().isEmpty()
                ? i18n.tr("logs.empty") : "", vm.lines()));
        placeholder.getStyleClass().add(Styles.TEXT_MUTED);
        list.setPlaceholder(placeholder);
        vm.shownLines().addListener((ListChangeListener<String>) c -> {
            if (vm.followProperty().get() && !vm.shownLines().isEmpty()) {
                list.scrollTo(vm.shownLines().size() - 1);
            }
        });
        list.setOnKeyPressed(e -> {
            if (new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN).match(e)) {
                copy(String.join("\n", list.getSelectionModel().getSelectedItems()));
                e.consume();
            }
        });

        ToggleButton follow = new ToggleButton(i18n.tr("logs.follow"), Icons.of(Feather.CHEVRONS_DOWN));
        follow.setId("logs-follow");
        follow.selectedProperty().bindBidirectional(vm.followProperty());
        ComboBox<Integer> tail = new ComboBox<>();
        tail.setId("logs-tail");
        tail.getItems().setAll(LogsViewModel.TAILS);
        tail.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer n) {
                return n == null ? "" : i18n.tr("logs.tail", n);
            }

            @Override
            public Integer fromString(String s) {
                return null;
            }
        });
        tail.setValue(vm.tailProperty().get());
        tail.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.tailProperty().set(b);
            }
        });
        Button reload = new Button(null, Icons.of(Feather.REFRESH_CW));
        reload.getStyleClass().add(Styles.BUTTON_ICON);
        reload.setOnAction(e -> vm.reload());
        Button copy = new Button(i18n.tr("logs.copy"), Icons.of(Feather.COPY));
        copy.setOnAction(e -> copy(vm.text()));
        Button clear = new Button(i18n.tr("logs.clear"), Icons.of(Feather.X_CIRCLE));
        clear.setOnAction(e -> vm.clear());
        Label status = new Label();
        status.setId("logs-status");
        status.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        status.textProperty().bind(Bindings.createStringBinding(() -> vm.droppedProperty().get() == 0
                ? vm.statusProperty().get()
                : vm.statusProperty().get() + " \u00b7 " + i18n.tr("logs.dropped", vm.droppedProperty().get()),
                vm.statusProperty(), vm.droppedProperty()));
        atlantafx.base.controls.CustomTextField filter = new atlantafx.base.controls.CustomTextField();
        filter.setId("logs-filter");
        filter.setPromptText(i18n.tr("logs.filter"));
        filter.setLeft(Icons.of(Feather.FILTER));
        filter.textProperty().bindBidirectional(vm.filterProperty());
        filter.setPrefWidth(220);
        ToolBar bar = new ToolBar(follow, tail, reload, copy, clear, filter, new Spacer(), status);
        setOnKeyPressed(e -> {
            if (new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN).match(e)) {
                filter.requestFocus();
                e.consume();
            }
        });
        setTop(bar);
        setCenter(list);
    }

    private static void copy(String text) {
        ClipboardContent c = new ClipboardContent();
        c.putString(text);
        Clipboard.getSystemClipboard().setContent(c);
    }

    public ListView<String> list() {
        return list;
    }
}
