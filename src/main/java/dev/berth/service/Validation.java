package dev.berth.service;

import dev.berth.model.BerthException;
import java.util.regex.Pattern;

/** Checks of user input made before anything is sent to containerd. */
public final class Validation {

    /** containerd's identifier rule (namespaces, container ids, lease ids): alphanumerics separated by . _ - */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9]+(?:[._-](?:[A-Za-z0-9]+))*");
    private static final int MAX_IDENTIFIER = 76;

    private Validation() {
    }

    public static String identifier(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new BerthException.InvalidArgument(what + " must not be empty");
        }
        if (value.length() > MAX_IDENTIFIER) {
            throw new BerthException.InvalidArgument(what + " \"" + printable(value) + "\" is longer than "
                    + MAX_IDENTIFIER + " characters");
        }
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new BerthException.InvalidArgument(what + " \"" + printable(value)
                    + "\" is not valid: use letters and digits, separated by single '.', '_' or '-'");
        }
        return value;
    }

    public static String namespace(String ns) {
        return identifier("namespace", ns);
    }

    public static String containerId(String id) {
        return identifier("container id", id);
    }

    /** A value safe to echo in a message: control characters shown as \\uXXXX, cut at 80 characters. */
    public static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 80; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= 80) {
            sb.append('\u2026');
        }
        return sb.toString();
    }
}
