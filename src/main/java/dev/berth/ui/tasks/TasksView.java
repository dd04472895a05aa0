package dev.berth.ui.tasks;

import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ListScreen;
import dev.berth.ui.common.Screen;
import dev.berth.ui.common.UiAction;
import dev.berth.ui.common.Windows;
import dev.berth.ui.containers.ContainerWindow;
import dev.berth.ui.containers.LogsViewModel;
import dev.berth.ui.containers.StatsViewModel;
import dev.berth.ui.containers.StopDialog;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.feather.Feather;

/** The Tasks screen. */
public final class TasksView implements Screen {

    private final TasksViewModel vm;
    private final ListScreen<TaskRow> screen;
    private final I18n i18n;
    private final Windows windows;

    public TasksView(TasksViewModel vm, I18n i18n, Windows windows) {
        this.vm = vm;
        this.i18n = i18n;
        this.windows = windows;
        screen = new ListScreen<>(vm, i18n, "tasks", i18n.tr("nav.tasks"), i18n.tr("tasks.empty"));
        screen.statusColumn(i18n.tr("tasks.column.status"), TaskRow::statusText, TaskRow::statusStyle,
                r -> r.status().ordinal(), 120);
        screen.monospace(screen.column(i18n.tr("tasks.column.container"), TaskRow::containerId, TaskRow::containerId, 170));
        screen.column(i18n.tr("tasks.column.pid"), r -> r.pid() > 0 ? Long.toString(r.pid()) : "", TaskRow::pid, 76);
        screen.column(i18n.tr("tasks.column.exit"), TaskRow::exitText, TaskRow::exitStatus, 56);
        screen.column(i18n.tr("tasks.column.exitedAt"), TaskRow::exitedText, TaskRow::exitedText, 110);
        screen.flex(screen.column(i18n.tr("tasks.column.image"), TaskRow::image, TaskRow::image, 200));

        UiAction stop = new UiAction(i18n.tr("containers.stopEllipsis"), Feather.SQUARE, this::stop)
                .id("tasks-stop").enabledWhen(vm.canStop());
        UiAction pause = new UiAction(i18n.tr("containers.pause"), Feather.PAUSE, vm::pauseSelected)
                .id("tasks-pause").enabledWhen(vm.canPause());
        UiAction resume = new UiAction(i18n.tr("containers.resume"), Feather.PLAY_CIRCLE, vm::resumeSelected)
                .id("tasks-resume").enabledWhen(vm.canResume());
        UiAction kill = new UiAction(i18n.tr("containers.kill"), Feather.ZAP, vm::killSelected)
                .id("tasks-kill").danger().enabledWhen(vm.canStop());
        UiAction logs = new UiAction(i18n.tr("containers.logs"), Feather.FILE_TEXT, () -> openWindow(false))
                .id("tasks-logs").accelerator(KeyCombination.keyCombination("Shortcut+L")).enabledWhen(vm.canShowLogs());
        UiAction stats = new UiAction(i18n.tr("containers.stats"), Feather.ACTIVITY, () -> openWindow(true))
                .id("tasks-stats").enabledWhen(vm.canShowLogs());
        UiAction delete = new UiAction(i18n.tr("tasks.delete"), Feather.TRASH_2, vm::deleteSelected)
                .id("tasks-delete").danger().accelerator(KeyCombination.keyCombination("Delete"))
                .enabledWhen(vm.canDelete());
        screen.action(stop).action(pause).action(resume).action(kill).separator().action(logs).action(stats)
                .separator().action(delete).finishToolbar();
        screen.onDelete(delete::run);
        screen.table().addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (KeyCombination.keyCombination("Shortcut+L").match(e)) {
                logs.run();
                e.consume();
            }
        });
    }

    private void stop() {
        TaskRow r = vm.focusedProperty().get();
        String what = vm.selection().size() == 1 && r != null ? r.containerId()
                : i18n.tr("tasks.many", vm.selection().size());
        StopDialog.ask(windows.owner(), windows.themes(), i18n, what, vm.defaultStopOptions()).ifPresent(vm::stopSelected);
    }

    private void openWindow(boolean stats) {
        LogsViewModel l = vm.newLogs();
        StatsViewModel s = vm.newStats();
        if (l != null && s != null) {
            new ContainerWindow(l, s, i18n, windows, stats).show();
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
        screen.focusTable();
    }
}
