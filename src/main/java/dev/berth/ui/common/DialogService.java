package dev.berth.ui.common;

/**
 * Confirmations, errors and notifications, as view models ask for them. The FX implementation
 * always sets the owner window; tests use a scripted fake. All methods are called on the UI thread;
 * the confirmations block (in a nested event loop) until answered.
 */
public interface DialogService {

    /** Asks a yes/no question; true when the user chose {@code confirmLabel}. */
    boolean confirm(String title, String message, String confirmLabel);

    /** A warning question whose default button is Cancel; true when the user chose {@code confirmLabel}. */
    boolean confirmDanger(String title, String message, String confirmLabel);

    /**
     * Asks twice: {@code message} first, then {@code secondMessage} as a warning with Cancel as the
     * default button. True only if both were confirmed. For namespaces owned by kubelet or dockerd.
     */
    default boolean confirmTwice(String title, String message, String confirmLabel, String secondTitle,
                                 String secondMessage) {
        return confirm(title, message, confirmLabel) && confirmDanger(secondTitle, secondMessage, confirmLabel);
    }

    /** Shows an error in plain words; {@code error}'s stack trace goes into an expandable section. */
    void showError(String title, String message, Throwable error);

    /** Shows a short notice that goes away by itself. */
    void notify(String message);
}
