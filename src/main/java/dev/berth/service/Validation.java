package dev.berth.service;

import dev.berth.model.BerthException;
import dev.berth.model.InputText;
import java.util.regex.Pattern;

/** Checks of user input made before anything is sent to containerd. */
public final class Validation {

    /** containerd's identifier rule (namespaces, container ids, lease ids): alphanumerics separated by . _ - */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9]+(?:[._-](?:[A-Za-z0-9]+))*");
    private static final int MAX_IDENTIFIER = 76;
    /** Names Berth gives to snapshots it makes: a letter or digit, then letters, digits and . _ - : @ / + = */
    private static final Pattern SNAPSHOT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@/+=-]*");
    private static final int MAX_SNAPSHOT_NAME = 255;
    private static final int MAX_SNAPSHOT_REF = 4096;

    private Validation() {
    }

    public static String identifier(String what, String value) {
        return InputText.name(what, value, MAX_IDENTIFIER, "", IDENTIFIER,
                "use letters and digits, separated by single '.', '_' or '-'");
    }

    public static String namespace(String ns) {
        return identifier("namespace", ns);
    }

    public static String containerId(String id) {
        return identifier("container id", id);
    }

    /**
     * A name for a snapshot Berth is asked to make (commit, prepare, a version): 1 to 255 characters,
     * a letter or digit first, then letters, digits and {@code . _ - : @ / + =}.
     */
    public static String snapshotName(String what, String value) {
        return InputText.name(what, value, MAX_SNAPSHOT_NAME, "", SNAPSHOT_NAME,
                "start with a letter or digit, then use letters, digits and . _ - : @ / + = (no spaces)");
    }

    /**
     * The name of a snapshot that exists (made by Berth or by another tool, e.g. an image layer's
     * {@code sha256:} chain id): not empty, no control characters.
     */
    public static String snapshotRef(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new BerthException.InvalidArgument(what + " must not be empty");
        }
        if (value.length() > MAX_SNAPSHOT_REF || value.chars().anyMatch(Character::isISOControl)) {
            throw new BerthException.InvalidArgument(what + " \"" + printable(value)
                    + "\" is not a snapshot name (too long, or control characters)");
        }
        return value;
    }

    /** A value safe to echo in a message (see {@link InputText#printable}). */
    public static String printable(String s) {
        return InputText.printable(s);
    }
}
