package dev.berth.ui.versions;

import dev.berth.ui.common.ChangeGuard;
import dev.berth.ui.common.DialogService;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ServiceSession;
import dev.berth.ui.common.TaskExecutor;
import dev.berth.ui.common.Windows;
import java.util.function.BiConsumer;

/**
 * Opens the version windows (commit form, a container's versions) for the screens that offer them,
 * so those screens need not know this package: the composition root hands them these methods.
 */
public final class VersionWindows {

    private final ServiceSession session;
    private final TaskExecutor executor;
    private final I18n i18n;
    private final DialogService dialogs;
    private final ChangeGuard guard;
    private final Windows windows;
    private final BiConsumer<String, String> createFrom;
    private final Runnable changed;

    /**
     * @param createFrom opens the create-container window on (image, snapshot)
     * @param changed called after a change (lists refresh)
     */
    public VersionWindows(ServiceSession session, TaskExecutor executor, I18n i18n, DialogService dialogs,
                          ChangeGuard guard, Windows windows, BiConsumer<String, String> createFrom, Runnable changed) {
        this.session = session;
        this.executor = executor;
        this.i18n = i18n;
        this.dialogs = dialogs;
        this.guard = guard;
        this.windows = windows;
        this.createFrom = createFrom;
        this.changed = changed;
    }

    /** The commit form for a version of {@code containerId}. */
    public SnapshotFormDialog commitVersion(String containerId) {
        SnapshotFormViewModel vm = new SnapshotFormViewModel(session, executor, i18n, guard,
                SnapshotFormViewModel.Mode.VERSION, containerId, null, made -> {
                    dialogs.notify(i18n.tr("versions.committed", made, containerId));
                    changed.run();
                });
        return show(vm);
    }

    /** Shows a form made elsewhere (the Snapshots screen's commit and prepare). */
    public SnapshotFormDialog show(SnapshotFormViewModel vm) {
        SnapshotFormDialog d = new SnapshotFormDialog(vm, i18n, windows);
        d.show();
        return d;
    }

    /** The versions window of {@code containerId} (made from {@code image}). */
    public VersionsWindow versions(String containerId, String image) {
        VersionsWindow w = new VersionsWindow(new VersionsViewModel(session, executor, i18n, dialogs, guard, containerId,
                image, createFrom, changed), i18n, windows);
        w.show();
        return w;
    }
}
