package dev.berth.ui.common;

import dev.berth.model.BerthException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CancellationException;

/**
 * An error as a person reads it: a short title from its kind, the service's own message (which
 * says what happened and what to do), and the technical details (stack trace) for an expandable
 * section. The one place that turns exceptions into words.
 */
public record UserError(String title, String message, String details, BerthException.Kind kind) {

    public static UserError of(Throwable error, I18n i18n) {
        BerthException be = find(error);
        String details = stackTrace(error);
        if (be == null) {
            if (error instanceof CancellationException || error instanceof InterruptedException) {
                return new UserError(i18n.tr("error.kind.cancelled"), i18n.tr("error.cancelled"), details,
                        BerthException.Kind.CANCELLED);
            }
            String msg = error == null ? "" : error.getMessage();
            String text = msg == null || msg.isBlank() ? error.getClass().getSimpleName() : msg;
            return new UserError(i18n.tr("error.kind.internal"), i18n.tr("error.unexpected", text), details,
                    BerthException.Kind.INTERNAL);
        }
        return new UserError(titleOf(be.kind(), i18n), be.getMessage(), details, be.kind());
    }

    /** The first BerthException in the cause chain, or null. */
    public static BerthException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BerthException) {
                return (BerthException) c;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    /**
     * True when the error may mean containerd itself cannot be reached (the connection re-checks; a
     * registry that is down reads the same and passes the check).
     */
    public static boolean isConnectionLoss(Throwable t) {
        BerthException be = find(t);
        return be != null && be.kind() == BerthException.Kind.UNAVAILABLE;
    }

    public static String titleOf(BerthException.Kind kind, I18n i18n) {
        switch (kind) {
            case NOT_FOUND:
                return i18n.tr("error.kind.notFound");
            case ALREADY_EXISTS:
                return i18n.tr("error.kind.alreadyExists");
            case FAILED_PRECONDITION:
                return i18n.tr("error.kind.failedPrecondition");
            case UNAVAILABLE:
                return i18n.tr("error.kind.unavailable");
            case INVALID_ARGUMENT:
                return i18n.tr("error.kind.invalidArgument");
            case PERMISSION_DENIED:
                return i18n.tr("error.kind.permissionDenied");
            case CANCELLED:
                return i18n.tr("error.kind.cancelled");
            case TIMEOUT:
                return i18n.tr("error.kind.timeout");
            case REGISTRY:
                return i18n.tr("error.kind.registry");
            default:
                return i18n.tr("error.kind.internal");
        }
    }

    public static String stackTrace(Throwable t) {
        if (t == null) {
            return "";
        }
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }
}
