package dev.berth.app;

import dev.berth.ui.common.DialogService;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.UserError;
import javafx.application.Platform;

/**
 * The one handler for exceptions nobody caught: logs each one and shows one error dialog at a time
 * (errors arriving while it is open are logged only, so a loop cannot flood the screen).
 */
final class UncaughtErrors implements Thread.UncaughtExceptionHandler {

    private static final System.Logger LOG = System.getLogger(UncaughtErrors.class.getName());

    private final DialogService dialogs;
    private final I18n i18n;
    private boolean showing;

    UncaughtErrors(DialogService dialogs, I18n i18n) {
        this.dialogs = dialogs;
        this.i18n = i18n;
    }

    void install() {
        Thread.setDefaultUncaughtExceptionHandler(this);
        if (Platform.isFxApplicationThread()) {
            Thread.currentThread().setUncaughtExceptionHandler(this);
        }
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        LOG.log(System.Logger.Level.ERROR, "uncaught exception in " + t.getName(), e);
        Runnable show = () -> {
            if (showing) {
                return;
            }
            showing = true;
            try {
                UserError ue = UserError.of(e, i18n);
                dialogs.showError(i18n.tr("error.uncaught.title"), ue.message(), e);
            } catch (RuntimeException again) {
                LOG.log(System.Logger.Level.ERROR, "cannot show the error dialog", again);
            } finally {
                showing = false;
            }
        };
        try {
            // later, not now: a dialog cannot open while the FX thread is laying out or animating
            Platform.runLater(show);
        } catch (IllegalStateException toolkitGone) {
            // logged above
        }
    }
}
