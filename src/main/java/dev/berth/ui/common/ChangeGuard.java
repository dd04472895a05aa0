package dev.berth.ui.common;

import dev.berth.model.NamespaceInfo;

/**
 * Asks before changes. Destructive changes are confirmed once; in a namespace that belongs to
 * another tool (k8s.io: kubelet, moby: dockerd) every change is confirmed twice — a dialog with a
 * form (pull, create, stop, commit) counts as the first question.
 */
public final class ChangeGuard {

    private final DialogService dialogs;
    private final I18n i18n;

    public ChangeGuard(DialogService dialogs, I18n i18n) {
        this.dialogs = dialogs;
        this.i18n = i18n;
    }

    public static boolean isProtected(String namespace) {
        return NamespaceInfo.ownerOf(namespace) != null;
    }

    /** For deletes, kills, rollbacks: always asks; twice in a protected namespace. */
    public boolean confirmDestructive(String namespace, String title, String message, String confirmLabel) {
        String owner = NamespaceInfo.ownerOf(namespace);
        if (owner == null) {
            return dialogs.confirm(title, message, confirmLabel);
        }
        return dialogs.confirmTwice(title, message, confirmLabel, i18n.tr("guard.second.title", namespace, owner),
                i18n.tr("guard.second.message", namespace, owner));
    }

    /** For one-click changes (start, pause, resume): asks only in a protected namespace, twice. */
    public boolean approveChange(String namespace, String title, String message, String confirmLabel) {
        if (!isProtected(namespace)) {
            return true;
        }
        return confirmDestructive(namespace, title, message, confirmLabel);
    }

    /**
     * After a dialog with a form was confirmed (the first question): in a protected namespace asks
     * the second time, else nothing.
     */
    public boolean approveAfterForm(String namespace, String confirmLabel) {
        String owner = NamespaceInfo.ownerOf(namespace);
        if (owner == null) {
            return true;
        }
        return dialogs.confirmDanger(i18n.tr("guard.second.title", namespace, owner),
                i18n.tr("guard.second.message", namespace, owner), confirmLabel);
    }
}
