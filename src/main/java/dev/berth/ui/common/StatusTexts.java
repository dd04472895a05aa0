package dev.berth.ui.common;

import dev.berth.model.TaskInfo;

/** A task's status in words: "Running", "Stopped (exit 0)", "No task". */
public final class StatusTexts {

    private StatusTexts() {
    }

    public static String of(TaskInfo t, I18n i18n) {
        if (t == null) {
            return i18n.tr("status.none");
        }
        switch (t.status()) {
            case RUNNING:
                return i18n.tr("status.running");
            case PAUSED:
                return i18n.tr("status.paused");
            case PAUSING:
                return i18n.tr("status.pausing");
            case CREATED:
                return i18n.tr("status.created");
            case STOPPED:
                return t.exitStatus() == null ? i18n.tr("status.stopped") : i18n.tr("status.exited", t.exitStatus());
            default:
                return i18n.tr("status.unknown");
        }
    }
}
