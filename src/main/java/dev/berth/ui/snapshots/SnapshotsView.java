package dev.berth.ui.snapshots;

import atlantafx.base.theme.Styles;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ListScreen;
import dev.berth.ui.common.Screen;
import dev.berth.ui.common.UiAction;
import dev.berth.ui.common.Windows;
import dev.berth.ui.versions.SnapshotFormDialog;
import dev.berth.ui.versions.SnapshotFormViewModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Snapshots screen: the snapshots of one snapshotter as a tree by parent (a flat list of
 * matches while searching), details with chain, mounts and labels.
 */
public final class SnapshotsView implements Screen {

    private static final int EXPAND_LIMIT = 400;

    private final SnapshotsViewModel vm;
    private final ListScreen<SnapshotRow> screen;
    private final TreeTableView<SnapshotRow> tree = new TreeTableView<>();
    private boolean rebuilding;
    // true until the first build: the view may be made (when its page first shows) after the rows are in
    private boolean treeStale = true;

    private final I18n i18n;
    private final Windows windows;

    /** @param createFrom opens the create-container window on a committed snapshot (image, snapshot) */
    public SnapshotsView(SnapshotsViewModel vm, I18n i18n, Windows windows, BiConsumer<String, String> createFrom) {
        this.vm = vm;
        this.i18n = i18n;
        this.windows = windows;
        screen = new ListScreen<>(vm, i18n, "snapshots", i18n.tr("nav.snapshots"), i18n.tr("snapshots.empty"));
        tree.setId("snapshots-tree");
        tree.getStyleClass().addAll(Styles.DENSE, "resource-table");
        tree.setShowRoot(false);
        tree.setRoot(new TreeItem<>());
        tree.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        tree.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = new Label();
        empty.textProperty().bind(((Label) screen.table().getPlaceholder()).textProperty());
        empty.getStyleClass().addAll(Styles.TEXT_MUTED, "table-empty");
        tree.setPlaceholder(empty);
        var name = column(i18n.tr("snapshots.column.name"), SnapshotRow::shortName, 220);
        name.getStyleClass().add("monospace-column");
        name.setMinWidth(150);
        column(i18n.tr("snapshots.column.kind"), SnapshotRow::kindText, 92);
        column(i18n.tr("snapshots.column.container"), SnapshotRow::container, 96);
        column(i18n.tr("snapshots.column.children"), r -> r.children() == 0 ? "" : Integer.toString(r.children()), 90)
                .setComparator(java.util.Comparator.comparingInt(r -> r == null ? 0 : r.children()));
        column(i18n.tr("snapshots.column.size"), SnapshotRow::sizeText, 74)
                .setComparator(java.util.Comparator.comparingLong(r -> r == null ? -1 : r.size()));
        column(i18n.tr("snapshots.column.created"), SnapshotRow::createdText, 80)
                .setComparator(java.util.Comparator.comparing((SnapshotRow r) -> r == null ? null : r.createdAt(),
                        java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
        screen.replaceTable(tree);

        tree.getSelectionModel().getSelectedItems().addListener((ListChangeListener<TreeItem<SnapshotRow>>) c -> {
            if (!rebuilding && !vm.applyingProperty().get()) {
                List<SnapshotRow> rows = new ArrayList<>();
                for (TreeItem<SnapshotRow> t : tree.getSelectionModel().getSelectedItems()) {
                    if (t != null && t.getValue() != null) {
                        rows.add(t.getValue());
                    }
                }
                vm.selection().setAll(rows);
            }
        });
        vm.rows().addListener((ListChangeListener<SnapshotRow>) c -> rebuild());
        // built when the page is on screen again (the list's "active": its page is in the scene)
        vm.activeProperty().addListener((o, a, b) -> {
            if (b && treeStale) {
                rebuild();
            }
        });
        vm.applyingProperty().addListener((o, a, b) -> {
            if (!b) {
                restoreSelection();
            }
        });
        tree.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                screen.openDetails();
                e.consume();
            }
        });
        tree.setContextMenu(screen.table().getContextMenu());

        ComboBox<String> snapshotter = new ComboBox<>(vm.snapshotters());
        snapshotter.setId("snapshots-snapshotter");
        snapshotter.valueProperty().bindBidirectional(vm.snapshotterProperty());
        dev.berth.ui.common.Tips.set(snapshotter, i18n.tr("snapshots.snapshotter"));
        UiAction create = new UiAction(i18n.tr("snapshots.newContainer"), Feather.PLAY, () -> {
            SnapshotRow r = vm.focusedProperty().get();
            if (r != null) {
                createFrom.accept("", r.name());
            }
        }).id("snapshots-new-container").enabledWhen(vm.canCreateContainer());
        UiAction commit = new UiAction(i18n.tr("snapshots.commitEllipsis"), Feather.SAVE, () -> form(vm.newCommitForm()))
                .id("snapshots-commit").enabledWhen(vm.canCommit());
        UiAction prepare = new UiAction(i18n.tr("snapshots.prepareEllipsis"), Feather.GIT_BRANCH,
                () -> form(vm.newPrepareForm())).id("snapshots-prepare").enabledWhen(vm.canPrepare());
        UiAction mounts = new UiAction(i18n.tr("snapshots.mounts"), Feather.HARD_DRIVE, () -> vm.loadMounts(this::showMounts))
                .id("snapshots-mounts").enabledWhen(vm.canShowMounts());
        UiAction usage = new UiAction(i18n.tr("snapshots.usage"), Feather.PIE_CHART, vm::usageSelected)
                .id("snapshots-usage").enabledWhen(vm.canReadUsage());
        UiAction remove = new UiAction(i18n.tr("common.delete"), Feather.TRASH_2, vm::removeSelected)
                .id("snapshots-remove").danger().accelerator(javafx.scene.input.KeyCombination.keyCombination("Delete"))
                .enabledWhen(vm.canRemove());
        screen.action(create).action(commit).action(prepare).separator().action(mounts).action(usage).separator()
                .action(remove).finishToolbar(snapshotter);
        tree.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.DELETE && !e.isShortcutDown()) {
                remove.run();
                e.consume();
            }
        });
    }

    private void form(SnapshotFormViewModel form) {
        if (form != null) {
            new SnapshotFormDialog(form, i18n, windows).show();
        }
    }

    /** A small window with the mounts, one per line, as text that can be copied. */
    private void showMounts(String snapshot, List<String> lines) {
        TextArea text = new TextArea(String.join("\n", lines));
        text.setId("mounts-text");
        text.setEditable(false);
        text.setWrapText(true);
        text.getStyleClass().add("monospace");
        Label head = new Label(i18n.tr("snapshots.mounts.title", SnapshotRow.shorten(snapshot)));
        head.getStyleClass().add(Styles.TITLE_4);
        Button copy = new Button(i18n.tr("common.copy"));
        copy.setOnAction(e -> {
            javafx.scene.input.ClipboardContent c = new javafx.scene.input.ClipboardContent();
            c.putString(text.getText());
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
        });
        Button close = new Button(i18n.tr("common.close"));
        close.setCancelButton(true);
        ButtonBar bar = new ButtonBar();
        ButtonBar.setButtonData(copy, ButtonBar.ButtonData.LEFT);
        ButtonBar.setButtonData(close, ButtonBar.ButtonData.CANCEL_CLOSE);
        bar.getButtons().addAll(copy, close);
        VBox root = new VBox(10, head, text, bar);
        VBox.setVgrow(text, javafx.scene.layout.Priority.ALWAYS);
        root.setPadding(new javafx.geometry.Insets(16));
        javafx.stage.Stage stage = windows.create(i18n.tr("snapshots.mounts.title", SnapshotRow.shorten(snapshot)), root,
                720, 300);
        close.setOnAction(e -> stage.close());
        stage.show();
    }

    private TreeTableColumn<SnapshotRow, SnapshotRow> column(String title, Function<SnapshotRow, String> text, double w) {
        TreeTableColumn<SnapshotRow, SnapshotRow> c = new TreeTableColumn<>(title);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue().getValue()));
        c.setComparator(java.util.Comparator.comparing(r -> r == null ? "" : text.apply(r)));
        c.setCellFactory(col -> new TreeTableCell<>() {
            @Override
            protected void updateItem(SnapshotRow item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : text.apply(item));
            }
        });
        c.setPrefWidth(w);
        c.setMinWidth(w); // the name column (set above) is the one that gives way
        tree.getColumns().add(c);
        return c;
    }

    private void rebuild() {
        if (!vm.activeProperty().get()) {
            treeStale = true; // built when the page shows
            return;
        }
        treeStale = false;
        rebuilding = true;
        try {
            List<SnapshotRow> rows = vm.rows();
            TreeItem<SnapshotRow> root = new TreeItem<>();
            boolean flat = !vm.searchProperty().get().isBlank();
            Map<String, TreeItem<SnapshotRow>> items = new HashMap<>(rows.size() * 2);
            for (SnapshotRow r : rows) {
                items.put(r.name(), new TreeItem<>(r));
            }
            boolean expand = rows.size() <= EXPAND_LIMIT;
            for (SnapshotRow r : rows) {
                TreeItem<SnapshotRow> item = items.get(r.name());
                TreeItem<SnapshotRow> parent = flat ? null : items.get(r.parent());
                (parent == null ? root : parent).getChildren().add(item);
                item.setExpanded(expand);
            }
            tree.setRoot(root);
            root.setExpanded(true);
        } finally {
            rebuilding = false;
        }
        restoreSelection();
    }

    private void restoreSelection() {
        rebuilding = true;
        try {
            Set<String> wanted = new HashSet<>();
            vm.selection().forEach(r -> wanted.add(r.name()));
            tree.getSelectionModel().clearSelection();
            if (wanted.isEmpty()) {
                return;
            }
            for (int i = 0; i < tree.getExpandedItemCount(); i++) {
                TreeItem<SnapshotRow> t = tree.getTreeItem(i);
                if (t != null && t.getValue() != null && wanted.contains(t.getValue().name())) {
                    tree.getSelectionModel().select(i);
                }
            }
        } finally {
            rebuilding = false;
        }
    }

    @Override
    public Region node() {
        return screen.node();
    }

    @Override
    public void refresh() {
        vm.refresh();
    }

    @Override
    public void focusSearch() {
        screen.focusSearch();
    }

    @Override
    public void shown() {
        tree.requestFocus();
    }
}
