package dev.berth.ui.containers;

import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ListScreen;
import dev.berth.ui.common.Screen;
import dev.berth.ui.common.UiAction;
import dev.berth.ui.common.Windows;
import java.util.function.Consumer;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.feather.Feather;

/** The Containers screen: the table, the lifecycle actions, the create window and the logs/stats window. */
public final class ContainersView implements Screen {

    private static final KeyCombination COMMIT_VERSION = KeyCombination.keyCombination("Shortcut+Shift+S");
    private static final KeyCombination VERSIONS = KeyCombination.keyCombination("Shortcut+Shift+V");

    private final ContainersViewModel vm;
    private final ListScreen<ContainerRow> screen;
    private final I18n i18n;
    private final Windows windows;
    private Consumer<ContainerRow> onCommitVersion = r -> { };
    private Consumer<ContainerRow> onVersions = r -> { };

    public ContainersView(ContainersViewModel vm, I18n i18n, Windows windows) {
        this.vm = vm;
        this.i18n = i18n;
        this.windows = windows;
        screen = new ListScreen<>(vm, i18n, "containers", i18n.tr("nav.containers"), i18n.tr("containers.empty"));
        screen.statusColumn(i18n.tr("containers.column.status"), ContainerRow::statusText, ContainerRow::statusStyle,
                ContainerRow::statusOrder, 110);
        screen.monospace(screen.column(i18n.tr("containers.column.id"), ContainerRow::id, ContainerRow::id, 160));
        var image = screen.column(i18n.tr("containers.column.image"), ContainerRow::image, ContainerRow::image, 180);
        screen.column(i18n.tr("containers.column.pid"), ContainerRow::pidText, ContainerRow::pid, 70);
        screen.column(i18n.tr("containers.column.ip"), ContainerRow::ip, ContainerRow::ip, 104);
        screen.column(i18n.tr("containers.column.created"), ContainerRow::createdText, ContainerRow::createdAt, 84);
        screen.flex(image);

        UiAction create = new UiAction(i18n.tr("containers.new"), Feather.PLUS, () -> openCreate(""))
                .id("containers-new").primary().accelerator(KeyCombination.keyCombination("Shortcut+N"))
                .enabledWhen(vm.session().onlineProperty());
        UiAction start = new UiAction(i18n.tr("containers.start"), Feather.PLAY, vm::startSelected)
                .id("containers-start").enabledWhen(vm.canStart());
        UiAction stop = new UiAction(i18n.tr("containers.stopEllipsis"), Feather.SQUARE, this::stop)
                .id("containers-stop").enabledWhen(vm.canStop());
        UiAction pause = new UiAction(i18n.tr("containers.pause"), Feather.PAUSE, vm::pauseSelected)
                .id("containers-pause").enabledWhen(vm.canPause());
        UiAction resume = new UiAction(i18n.tr("containers.resume"), Feather.PLAY_CIRCLE, vm::resumeSelected)
                .id("containers-resume").enabledWhen(vm.canResume());
        UiAction kill = new UiAction(i18n.tr("containers.kill"), Feather.ZAP, vm::killSelected)
                .id("containers-kill").danger().menuOnly().enabledWhen(vm.canStop());
        UiAction logs = new UiAction(i18n.tr("containers.logs"), Feather.FILE_TEXT, () -> openWindow(false))
                .id("containers-logs").accelerator(KeyCombination.keyCombination("Shortcut+L"))
                .enabledWhen(vm.canShowLogs());
        UiAction stats = new UiAction(i18n.tr("containers.stats"), Feather.ACTIVITY, () -> openWindow(true))
                .id("containers-stats").enabledWhen(vm.canShowStats());
        UiAction netUp = new UiAction(i18n.tr("network.up"), Feather.LINK, vm::networkUpSelected)
                .id("containers-network-up").menuOnly().enabledWhen(vm.canNetworkUp());
        UiAction netDown = new UiAction(i18n.tr("network.down"), Feather.SLASH, vm::networkDownSelected)
                .id("containers-network-down").menuOnly().enabledWhen(vm.canNetworkDown());
        UiAction commitVersion = new UiAction(i18n.tr("versions.commitEllipsis"), Feather.SAVE,
                () -> withFocused(onCommitVersion)).id("containers-commit-version").menuOnly()
                .accelerator(COMMIT_VERSION).enabledWhen(vm.canVersion());
        UiAction versions = new UiAction(i18n.tr("versions.showEllipsis"), Feather.LAYERS,
                () -> withFocused(onVersions)).id("containers-versions").menuOnly().accelerator(VERSIONS)
                .enabledWhen(vm.canVersion());
        UiAction delete = new UiAction(i18n.tr("common.delete"), Feather.TRASH_2, vm::deleteSelected)
                .id("containers-delete").danger().accelerator(KeyCombination.keyCombination("Delete"))
                .enabledWhen(vm.canDelete());
        screen.action(create).separator().action(start).action(stop).action(pause).action(resume).action(kill)
                .separator().action(logs).action(stats).action(netUp).action(netDown).separator()
                .action(commitVersion).action(versions).separator().action(delete)
                .finishToolbar();
        screen.onDelete(delete::run);
        screen.table().addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (KeyCombination.keyCombination("Shortcut+L").match(e)) {
                logs.run();
                e.consume();
            } else if (COMMIT_VERSION.match(e)) {
                commitVersion.run();
                e.consume();
            } else if (VERSIONS.match(e)) {
                versions.run();
                e.consume();
            }
        });
    }

    /** What "Commit version…" and "Versions…" open (the composition root wires the version windows in). */
    public void versionActions(Consumer<ContainerRow> commitVersion,
                               Consumer<ContainerRow> showVersions) {
        this.onCommitVersion = commitVersion;
        this.onVersions = showVersions;
    }

    /** Opens the commit window for a version of the focused container (as its menu item does). */
    public void openCommitVersion() {
        withFocused(onCommitVersion);
    }

    /** Opens the versions window of the focused container (as its menu item does). */
    public void openVersions() {
        withFocused(onVersions);
    }

    private void withFocused(Consumer<ContainerRow> action) {
        ContainerRow r = vm.focusedProperty().get();
        if (r != null) {
            action.accept(r);
        }
    }

    private void stop() {
        ContainerRow r = vm.focusedProperty().get();
        String what = vm.selection().size() == 1 && r != null ? r.id() : i18n.tr("containers.many", vm.selection().size());
        StopDialog.ask(windows.owner(), windows.themes(), i18n, what, vm.defaultStopOptions()).ifPresent(vm::stopSelected);
    }

    /** Opens the create window (Ctrl+N), with an image filled in when given. */
    public CreateContainerDialog openCreate(String image) {
        CreateContainerDialog d = new CreateContainerDialog(vm.newCreate(image), i18n, windows);
        d.show();
        return d;
    }

    /** Opens the create window with a parent snapshot (a committed snapshot or version). */
    public CreateContainerDialog openCreateFromSnapshot(String image, String parentSnapshot) {
        CreateContainerViewModel c = vm.newCreate(image);
        c.parentSnapshotProperty().set(parentSnapshot);
        CreateContainerDialog d = new CreateContainerDialog(c, i18n, windows);
        d.show();
        return d;
    }

    /** Reopens the window of a create that is running (from the Activity view). */
    public void reopen(CreateContainerViewModel c) {
        new CreateContainerDialog(c, i18n, windows).show();
    }

    /** Opens the logs (or stats) window of the focused container (Ctrl+L); null when none is focused. */
    public ContainerWindow openWindow(boolean stats) {
        LogsViewModel l = vm.newLogs();
        StatsViewModel s = vm.newStats();
        if (l == null || s == null) {
            return null;
        }
        ContainerWindow w = new ContainerWindow(l, s, i18n, windows, stats);
        w.show();
        return w;
    }

    public ListScreen<ContainerRow> screen() {
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
