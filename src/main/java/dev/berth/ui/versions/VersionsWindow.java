package dev.berth.ui.versions;

import atlantafx.base.controls.Message;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.TextCell;
import dev.berth.ui.common.UiAction;
import dev.berth.ui.common.Windows;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** A window on one container's versions: the list, commit, roll back, new container, delete. */
public final class VersionsWindow {

    private static final KeyCombination COMMIT = KeyCombination.keyCombination("Shortcut+Shift+S");
    private static final KeyCombination ROLLBACK = KeyCombination.keyCombination("Shortcut+Shift+R");
    private static final KeyCombination NEW_CONTAINER = KeyCombination.keyCombination("Shortcut+N");
    private static final KeyCombination DELETE = KeyCombination.keyCombination("Delete");
    private static final KeyCombination REFRESH = KeyCombination.keyCombination("F5");
    private static final KeyCombination REFRESH_TOO = KeyCombination.keyCombination("Shortcut+R");

    private final Stage stage;
    private final TableView<VersionRow> table = new TableView<>();

    public VersionsWindow(VersionsViewModel vm, I18n i18n, Windows windows) {
        Label title = new Label(i18n.tr("versions.title", vm.containerId()));
        title.getStyleClass().add(Styles.TITLE_3);
        Label state = new Label();
        state.setId("versions-state");
        state.getStyleClass().add(Styles.TEXT_MUTED);
        state.textProperty().bind(Bindings.createStringBinding(() -> vm.runningProperty().get()
                        ? i18n.tr("versions.header.running", vm.namespace(), vm.rows().size())
                        : i18n.tr("versions.header.stopped", vm.namespace(), vm.rows().size()),
                vm.runningProperty(), vm.rows()));
        HBox header = new HBox(10, title, state, new Spacer());
        header.setAlignment(Pos.BASELINE_LEFT);

        UiAction commit = new UiAction(i18n.tr("versions.commit"), Feather.SAVE,
                () -> new SnapshotFormDialog(vm.newCommitForm(), i18n, windows).show())
                .id("versions-commit").primary().accelerator(COMMIT).enabledWhen(vm.canCommit());
        UiAction rollback = new UiAction(i18n.tr("versions.rollbackEllipsis"), Feather.ROTATE_CCW, vm::rollbackSelected)
                .id("versions-rollback").accelerator(ROLLBACK).enabledWhen(vm.canRollback());
        UiAction create = new UiAction(i18n.tr("versions.newContainer"), Feather.COPY, vm::newContainerFromSelected)
                .id("versions-new-container").accelerator(NEW_CONTAINER).enabledWhen(vm.canNewContainer());
        UiAction delete = new UiAction(i18n.tr("common.delete"), Feather.TRASH_2, vm::deleteSelected)
                .id("versions-delete").danger().accelerator(DELETE).enabledWhen(vm.canDelete());
        UiAction refresh = new UiAction(i18n.tr("list.refresh"), Feather.REFRESH_CW, vm::reload).id("versions-refresh")
                .accelerator(REFRESH);
        ToolBar bar = new ToolBar(commit.button(), new javafx.scene.control.Separator(javafx.geometry.Orientation.VERTICAL),
                rollback.button(), create.button(), delete.button(), new Spacer(), refresh.button());
        bar.getStyleClass().add("screen-toolbar");
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu(rollback.menuItem(),
                create.menuItem(), new javafx.scene.control.SeparatorMenuItem(), delete.menuItem());

        table.setId("versions-table");
        table.getStyleClass().addAll(Styles.DENSE, "resource-table");
        table.setItems(vm.rows());
        table.setContextMenu(menu);
        var name = column(i18n.tr("versions.column.name"), VersionRow::name, null, 230);
        name.getStyleClass().add("monospace-column");
        column(i18n.tr("versions.column.created"), VersionRow::createdText, null, 84);
        column(i18n.tr("versions.column.size"), VersionRow::sizeText, null, 74);
        column(i18n.tr("versions.column.state"), VersionRow::stateText,
                r -> r.current() ? "status-running" : r.inChain() ? "status-created" : "status-none", 130);
        column(i18n.tr("versions.column.labels"), VersionRow::labelsText, null, 190);
        column(i18n.tr("versions.column.note"), VersionRow::noteText, null, 250);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = new Label();
        empty.getStyleClass().addAll(Styles.TEXT_MUTED, "table-empty");
        empty.setWrapText(true);
        empty.textProperty().bind(Bindings.when(vm.loadedProperty()).then(i18n.tr("versions.empty", vm.containerId()))
                .otherwise(i18n.tr("list.loading")));
        table.setPlaceholder(empty);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selectedProperty().set(b));
        vm.selectedProperty().addListener((o, a, b) -> {
            if (b != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(b);
            }
        });
        table.setOnKeyPressed(e -> {
            if (DELETE.match(e)) {
                delete.run();
                e.consume();
            }
        });

        Message error = dev.berth.ui.common.ListScreen.loadErrorMessage(vm.loadErrorProperty());
        Label hint = new Label(i18n.tr("versions.hint"));
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        hint.setWrapText(true);

        VBox top = new VBox(8, header, bar, error);
        top.setPadding(new Insets(16, 16, 4, 16));
        BorderPane root = new BorderPane(table);
        BorderPane.setMargin(table, new Insets(0, 16, 0, 16));
        root.setTop(top);
        VBox bottom = new VBox(hint);
        bottom.setPadding(new Insets(8, 16, 14, 16));
        root.setBottom(bottom);
        root.setId("versions-window");
        root.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            UiAction a = COMMIT.match(e) ? commit : ROLLBACK.match(e) ? rollback : NEW_CONTAINER.match(e) ? create
                    : REFRESH.match(e) || REFRESH_TOO.match(e) ? refresh : null;
            if (a != null) {
                a.run();
                e.consume();
            }
        });
        stage = windows.create(i18n.tr("versions.window", vm.containerId()), root, 1100, 480);
        stage.setOnHidden(e -> vm.close());
        vm.reload();
    }

    private TableColumn<VersionRow, VersionRow> column(String title, Function<VersionRow, String> text,
                                                       Function<VersionRow, String> style, double width) {
        TableColumn<VersionRow, VersionRow> c = new TableColumn<>(title);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue()));
        c.setCellFactory(col -> new TextCell<>(text, style));
        c.setPrefWidth(width);
        c.setSortable(false);
        table.getColumns().add(c);
        return c;
    }

    public Stage stage() {
        return stage;
    }

    public TableView<VersionRow> table() {
        return table;
    }

    public void show() {
        stage.show();
        stage.toFront();
        table.requestFocus();
    }
}
