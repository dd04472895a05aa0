package dev.berth.ui.common;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.controls.Message;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The layout every list screen shares: a header (title, counts, busy spinner), a toolbar of
 * actions with the search box, a virtualised multi-select table, and a details pane; context menu
 * and keys (Delete, Enter, Escape, Ctrl+A) on the table. Screens add columns and actions.
 *
 * @param <R> the row type
 */
public final class ListScreen<R> {

    private final ResourceListViewModel<R> vm;
    private final I18n i18n;
    private final TableView<R> table = new TableView<>();
    private final CustomTextField search = new CustomTextField();
    private final ToolBar toolbar = new ToolBar();
    private final ContextMenu menu = new ContextMenu();
    private final DetailsPane details;
    private final SplitPane split = new SplitPane();
    private final BorderPane root = new BorderPane();
    private final VBox top = new VBox();
    private final List<UiAction> actions = new ArrayList<>();
    private final Label empty = new Label();
    private final HBox header = new HBox();
    private Runnable onDelete;
    private Runnable onOpen;

    public ListScreen(ResourceListViewModel<R> vm, I18n i18n, String id, String title, String emptyText) {
        this.vm = vm;
        this.i18n = i18n;
        this.details = new DetailsPane(vm.detailsProperty(), i18n);
        root.setId(id);
        root.getStyleClass().add("list-screen");
        // a list that is not on screen refreshes less often (its count in the sidebar still follows);
        // on screen means in the scene: the shell keeps only the current page there
        vm.activeProperty().bind(root.sceneProperty().isNotNull());

        Label heading = new Label(title);
        heading.getStyleClass().addAll(Styles.TITLE_3, "screen-title");
        Label counts = new Label();
        counts.getStyleClass().addAll(Styles.TEXT_MUTED, "screen-counts");
        counts.textProperty().bind(Bindings.createStringBinding(() -> countsText(),
                vm.totalProperty(), vm.shownProperty(), vm.selection(), vm.searchProperty()));
        // a static mark, shown only when a load takes a while: an animated spinner would repaint the
        // header on every frame, and loads every 250 ms would make it flicker
        Label busy = new Label(i18n.tr("list.refreshing"), new FontIcon(Feather.LOADER));
        busy.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED, "busy");
        busy.setVisible(false);
        javafx.animation.PauseTransition slow = new javafx.animation.PauseTransition(javafx.util.Duration.millis(400));
        slow.setOnFinished(e -> busy.setVisible(vm.loadingProperty().get()));
        vm.loadingProperty().addListener((o, a, b) -> {
            if (b) {
                slow.playFromStart();
            } else {
                slow.stop();
                busy.setVisible(false);
            }
        });
        header.getChildren().addAll(heading, counts, busy, new Spacer());
        header.setAlignment(Pos.CENTER_LEFT);
        header.setSpacing(10);
        header.getStyleClass().add("screen-header");

        search.setId(id + "-search");
        search.setPromptText(i18n.tr("list.search.prompt"));
        search.setLeft(new FontIcon(Feather.SEARCH));
        search.textProperty().bindBidirectional(vm.searchProperty());
        search.setPrefWidth(260);
        FontIcon clear = new FontIcon(Feather.X);
        clear.getStyleClass().add("clear-search");
        clear.setCursor(javafx.scene.Cursor.HAND);
        clear.setOnMouseClicked(e -> vm.clearSearch());
        clear.visibleProperty().bind(vm.searchProperty().isNotEmpty());
        search.setRight(clear);
        search.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                vm.clearSearch();
                table.requestFocus();
                e.consume();
            } else if (e.getCode() == KeyCode.DOWN || e.getCode() == KeyCode.ENTER) {
                table.requestFocus();
                if (table.getSelectionModel().isEmpty() && !table.getItems().isEmpty()) {
                    table.getSelectionModel().select(0);
                }
                e.consume();
            }
        });
        toolbar.getStyleClass().add("screen-toolbar");

        top.getChildren().addAll(header, toolbar,
                Deferred.whenNeeded(vm.loadErrorProperty().isNotNull(), () -> loadErrorMessage(vm.loadErrorProperty())));
        top.getStyleClass().add("screen-top");
        root.setTop(top);

        table.setId(id + "-table");
        table.getStyleClass().addAll(Styles.DENSE, "resource-table");
        table.setItems(vm.rows());
        vm.rows().comparatorProperty().bind(table.comparatorProperty());
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.setTableMenuButtonVisible(false);
        table.getSelectionModel().getSelectedItems().addListener((javafx.collections.ListChangeListener<R>) c -> {
            if (!vm.applyingProperty().get()) {
                vm.selection().setAll(table.getSelectionModel().getSelectedItems());
            }
        });
        vm.applyingProperty().addListener((o, a, b) -> {
            if (!b) {
                restoreSelection();
            }
        });
        empty.getStyleClass().addAll(Styles.TEXT_MUTED, "table-empty");
        empty.setWrapText(true);
        empty.textProperty().bind(Bindings.createStringBinding(() -> {
            if (!vm.loadedProperty().get()) {
                return vm.session().isOnline() ? i18n.tr("list.loading") : i18n.tr("list.offline");
            }
            if (vm.totalProperty().get() > 0 && !vm.searchProperty().get().isBlank()) {
                return i18n.tr("list.noMatch", vm.searchProperty().get());
            }
            return emptyText;
        }, vm.loadedProperty(), vm.totalProperty(), vm.searchProperty(), vm.session().onlineProperty()));
        table.setPlaceholder(empty);
        table.setContextMenu(menu);
        table.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.DELETE && onDelete != null && !e.isShortcutDown()) {
                onDelete.run();
                e.consume();
            } else if (e.getCode() == KeyCode.ENTER && !e.isShortcutDown()) {
                openDetails();
                e.consume();
            }
        });
        table.setRowFactory(t -> {
            javafx.scene.control.TableRow<R> row = new javafx.scene.control.TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    openDetails();
                }
            });
            return row;
        });

        split.setOrientation(Orientation.HORIZONTAL);
        split.getItems().addAll(table, details);
        split.setDividerPositions(0.70);
        SplitPane.setResizableWithParent(details, false);
        details.setMinWidth(260);
        root.setCenter(split);
    }

    private String countsText() {
        int total = vm.totalProperty().get();
        int shown = vm.shownProperty().get();
        int selected = vm.selection().size();
        String base = vm.searchProperty().get().isBlank() ? i18n.tr("list.count", total)
                : i18n.tr("list.countFiltered", shown, total);
        return selected > 1 ? base + " \u00b7 " + i18n.tr("list.selected", selected) : base;
    }

    private void restoreSelection() {
        var model = table.getSelectionModel();
        List<R> wanted = vm.selection();
        if (wanted.isEmpty()) {
            if (!model.isEmpty()) {
                model.clearSelection();
            }
            return;
        }
        List<R> items = table.getItems();
        int[] idx;
        if (wanted.size() == 1) {
            int i = items.indexOf(wanted.get(0));
            idx = i < 0 ? new int[0] : new int[] {i};
        } else {
            Map<R, Integer> pos = new IdentityHashMap<>(items.size() * 2);
            for (int i = 0; i < items.size(); i++) {
                pos.put(items.get(i), i);
            }
            idx = wanted.stream().map(pos::get).filter(java.util.Objects::nonNull).mapToInt(Integer::intValue).toArray();
        }
        if (java.util.Arrays.equals(idx, model.getSelectedIndices().stream().mapToInt(Integer::intValue).toArray())) {
            return;
        }
        model.clearSelection();
        if (idx.length > 0) {
            model.selectIndices(idx[0], java.util.Arrays.copyOfRange(idx, 1, idx.length));
            table.getFocusModel().focus(idx[0]);
        }
    }

    /** A text column; {@code sortKey} orders it (raw values, not the display text). */
    public <C extends Comparable<? super C>> TableColumn<R, R> column(String title, Function<R, String> text,
                                                                      Function<R, C> sortKey, double width) {
        TableColumn<R, R> c = new TableColumn<>(title);
        c.setCellValueFactory(f -> new javafx.beans.property.ReadOnlyObjectWrapper<>(f.getValue()));
        c.setComparator(java.util.Comparator.comparing(sortKey, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
        c.setCellFactory(col -> new TextCell<>(text, null));
        c.setPrefWidth(width);
        table.getColumns().add(c);
        return c;
    }

    /** A text column with a style class per row (e.g. a status dot), chosen by {@code style}. */
    public <C extends Comparable<? super C>> TableColumn<R, R> statusColumn(String title, Function<R, String> text,
                                                                            Function<R, String> style,
                                                                            Function<R, C> sortKey, double width) {
        TableColumn<R, R> c = column(title, text, sortKey, width);
        c.setCellFactory(col -> new TextCell<>(text, style));
        return c;
    }

    /**
     * Makes {@code c} take the width the other columns leave (at least its preferred width): the
     * column with the long values (an image reference) grows with the window, the others keep
     * theirs. Call after adding every column.
     */
    public ListScreen<R> flex(TableColumn<R, R> c) {
        double min = c.getPrefWidth();
        Runnable fit = () -> c.setPrefWidth(Math.max(min, Math.floor(table.getWidth() - othersWidth(c) - 24)));
        table.widthProperty().addListener((o, x, y) -> fit.run());
        for (TableColumn<R, ?> o : table.getColumns()) {
            if (o != c) {
                o.widthProperty().addListener((ob, x, y) -> fit.run());
            }
        }
        return this;
    }

    private double othersWidth(TableColumn<R, R> c) {
        double others = 0;
        for (TableColumn<R, ?> o : table.getColumns()) {
            if (o != c && o.isVisible()) {
                others += o.getWidth();
            }
        }
        return others;
    }

    public ListScreen<R> monospace(TableColumn<R, R> c) {
        c.getStyleClass().add("monospace-column");
        return this;
    }

    /** Adds an action to the toolbar and the context menu. */
    public ListScreen<R> action(UiAction a) {
        actions.add(a);
        if (a.inToolbar()) {
            toolbar.getItems().add(a.button());
        }
        menu.getItems().add(a.menuItem());
        return this;
    }

    public ListScreen<R> separator() {
        toolbar.getItems().add(new javafx.scene.control.Separator(Orientation.VERTICAL));
        menu.getItems().add(new SeparatorMenuItem());
        return this;
    }

    /** Puts the search box and a refresh button (and {@code extra}) in the header; call after the actions. */
    public ListScreen<R> finishToolbar(Node... extra) {
        header.getChildren().addAll(extra);
        header.getChildren().add(search);
        UiAction refresh = new UiAction(i18n.tr("list.refresh"), Feather.REFRESH_CW, vm::refresh)
                .id(root.getId() + "-refresh")
                .accelerator(javafx.scene.input.KeyCombination.keyCombination("F5"));
        javafx.scene.control.Button rb = refresh.button();
        rb.setText(null);
        rb.getStyleClass().add(Styles.BUTTON_ICON);
        header.getChildren().add(rb);
        menu.getItems().addAll(new SeparatorMenuItem(), refresh.menuItem());
        return this;
    }

    public ListScreen<R> onDelete(Runnable r) {
        this.onDelete = r;
        return this;
    }

    /** Enter or double click on a row; the default shows the details pane. */
    public ListScreen<R> onOpen(Runnable r) {
        this.onOpen = r;
        return this;
    }

    /** Something extra under the toolbar (e.g. a snapshotter chooser). */
    public void addTop(Node n) {
        top.getChildren().add(n);
    }

    /** Replaces the table in the split pane (e.g. by a tree). */
    public void replaceTable(Node n) {
        split.getItems().set(0, n);
    }

    public void openDetails() {
        if (onOpen != null) {
            onOpen.run();
            return;
        }
        if (!split.getItems().contains(details)) {
            split.getItems().add(details);
            split.setDividerPositions(0.66);
        }
        details.requestFocus();
    }

    /** Puts the keyboard focus in the table (the page was just shown). */
    public void focusTable() {
        table.requestFocus();
    }

    public void focusSearch() {
        search.requestFocus();
        search.selectAll();
    }

    public TableView<R> table() {
        return table;
    }

    public CustomTextField searchField() {
        return search;
    }

    public DetailsPane detailsPane() {
        return details;
    }

    public Region node() {
        return root;
    }

    /** The message over a list when loading it failed: shown while {@code error} holds one, in its words. */
    public static Message loadErrorMessage(javafx.beans.property.ReadOnlyObjectProperty<UserError> error) {
        Message m = new Message();
        m.getStyleClass().addAll(Styles.DANGER, "load-error");
        m.setGraphic(new FontIcon(Feather.ALERT_CIRCLE));
        m.managedProperty().bind(m.visibleProperty());
        m.visibleProperty().bind(error.isNotNull());
        javafx.beans.value.ChangeListener<UserError> show = (o, a, b) -> {
            if (b != null) {
                m.setTitle(b.title());
                m.setDescription(b.message());
            }
        };
        error.addListener(show);
        show.changed(error, null, error.get()); // made when the first error came (Deferred)
        return m;
    }
}
