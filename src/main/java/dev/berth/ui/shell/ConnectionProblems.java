package dev.berth.ui.shell;

import dev.berth.ui.common.I18n;

/** What the banner says for each connection problem: what is wrong, and what to do about it. */
final class ConnectionProblems {

    private ConnectionProblems() {
    }

    static String title(ConnectionViewModel.Problem p, String address, I18n i18n) {
        switch (p) {
            case SOCKET_MISSING:
                return i18n.tr("connection.socketMissing.title", address);
            case UNREACHABLE:
                return i18n.tr("connection.unreachable.title", address);
            case PERMISSION_DENIED:
                return i18n.tr("connection.denied.title", address);
            case LOST:
                return i18n.tr("connection.lost.title");
            default:
                return i18n.tr("connection.failed.title");
        }
    }

    static String hint(ConnectionViewModel.Problem p, String address, I18n i18n) {
        switch (p) {
            case SOCKET_MISSING:
                return i18n.tr("connection.socketMissing.hint");
            case UNREACHABLE:
                return i18n.tr("connection.unreachable.hint");
            case PERMISSION_DENIED:
                return i18n.tr("connection.denied.hint", address, System.getProperty("user.name", "$USER"));
            case LOST:
                return i18n.tr("connection.lost.hint");
            default:
                return i18n.tr("connection.failed.hint");
        }
    }
}
