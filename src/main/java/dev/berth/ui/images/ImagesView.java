package dev.berth.ui.images;

import dev.berth.ui.common.DialogService;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ListScreen;
import dev.berth.ui.common.Screen;
import dev.berth.ui.common.UiAction;
import dev.berth.ui.common.Windows;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.feather.Feather;

/** The Images screen: the table, the pull window, delete, check for update, new container from an image. */
public final class ImagesView implements Screen {

    private final ImagesViewModel vm;
    private final ListScreen<ImageRow> screen;
    private final I18n i18n;
    private final Windows windows;
    private final DialogService dialogs;

    /** @param createFrom opens the create-container window with an image filled in */
    public ImagesView(ImagesViewModel vm, I18n i18n, Windows windows, DialogService dialogs, Consumer<String> createFrom) {
        this.vm = vm;
        this.i18n = i18n;
        this.windows = windows;
        this.dialogs = dialogs;
        screen = new ListScreen<>(vm, i18n, "images", i18n.tr("nav.images"), i18n.tr("images.empty"));
        var repository = screen.column(i18n.tr("images.column.repository"), ImageRow::repository, ImageRow::repository,
                180);
        screen.monospace(repository);
        screen.column(i18n.tr("images.column.tag"), ImageRow::tag, ImageRow::tag, 64);
        screen.monospace(screen.column(i18n.tr("images.column.digest"), ImageRow::shortDigest, ImageRow::shortDigest, 128));
        screen.column(i18n.tr("images.column.size"), ImageRow::sizeText, ImageRow::size, 72);
        screen.column(i18n.tr("images.column.containers"), r -> r.containers() == 0 ? "" : Integer.toString(r.containers()),
                ImageRow::containers, 80);
        screen.statusColumn(i18n.tr("images.column.update"), r -> vm.updateText(r.update()), r -> updateStyle(r.update()),
                r -> r.update().ordinal(), 104);
        screen.column(i18n.tr("images.column.created"), ImageRow::createdText, ImageRow::createdAt, 84);
        screen.flex(repository);

        UiAction pull = new UiAction(i18n.tr("images.pull"), Feather.DOWNLOAD, () -> openPull(pullReference()))
                .id("images-pull").primary().accelerator(KeyCombination.keyCombination("Shortcut+P"))
                .enabledWhen(vm.session().onlineProperty());
        UiAction run = new UiAction(i18n.tr("images.newContainer"), Feather.PLAY, () -> {
            ImageRow r = vm.focusedProperty().get();
            if (r != null) {
                createFrom.accept(r.name());
            }
        }).id("images-new-container").enabledWhen(Bindings.createBooleanBinding(
                () -> vm.focusedProperty().get() != null && vm.session().isOnline(),
                vm.focusedProperty(), vm.session().onlineProperty()));
        UiAction check = new UiAction(i18n.tr("images.check"), Feather.REFRESH_CCW, vm::checkSelectedForUpdates)
                .id("images-check").enabledWhen(vm.hasSelectionProperty());
        UiAction delete = new UiAction(i18n.tr("common.delete"), Feather.TRASH_2, vm::deleteSelected)
                .id("images-delete").danger().accelerator(KeyCombination.keyCombination("Delete"))
                .enabledWhen(vm.hasSelectionProperty());
        screen.action(pull).action(run).action(check).separator().action(delete).finishToolbar();
        screen.onDelete(delete::run);
    }

    private String pullReference() {
        ImageRow r = vm.focusedProperty().get();
        return r == null ? "" : r.name();
    }

    private static String updateStyle(ImageRow.UpdateState s) {
        switch (s) {
            case AVAILABLE:
                return "status-update";
            case UP_TO_DATE:
                return "status-running";
            case FAILED:
                return "status-failed";
            case CHECKING:
                return "status-created";
            default:
                return null;
        }
    }

    /** Opens a pull window (Ctrl+P from anywhere). */
    public PullDialog openPull(String reference) {
        PullDialog d = new PullDialog(vm.newPull(reference), i18n, windows, dialogs);
        d.show();
        return d;
    }

    /** Opens a window on a pull that is already running (from the Activity view). */
    public void reopen(PullViewModel pull) {
        new PullDialog(pull, i18n, windows, dialogs).show();
    }

    public ListScreen<ImageRow> screen() {
        return screen;
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
        screen.focusTable();
    }
}
