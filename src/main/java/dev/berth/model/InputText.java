package dev.berth.model;

import java.util.regex.Pattern;

/** Checking names that come from outside, and echoing them safely in messages. One place for every layer. */
public final class InputText {

    private InputText() {
    }

    /** A value safe to echo in a message: control characters shown as \\uXXXX, cut at 80 characters. */
    public static String printable(String s) {
        return escape(s, 80);
    }

    /** Control characters shown as {@code \\uXXXX}, nothing cut: text from outside never brings terminal escapes into a message. */
    public static String visible(String s) {
        return escape(s, Integer.MAX_VALUE);
    }

    private static String escape(String s, int max) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= max) {
            sb.append('\u2026');
        }
        return sb.toString();
    }

    /**
     * Checks a name: not empty, at most {@code max} characters ({@code limitNote} after the number, e.g.
     * " (the kernel's limit)"), matching {@code pattern}, else {@code rule} says what is allowed.
     *
     * @return the value, unchanged
     * @throws BerthException.InvalidArgument naming {@code what} and showing the value printable
     */
    public static String name(String what, String value, int max, String limitNote, Pattern pattern, String rule) {
        if (value == null || value.isEmpty()) {
            throw new BerthException.InvalidArgument(what + " must not be empty");
        }
        if (value.length() > max) {
            throw new BerthException.InvalidArgument(what + " \"" + printable(value) + "\" is longer than "
                    + max + " characters" + limitNote);
        }
        if (!pattern.matcher(value).matches()) {
            throw new BerthException.InvalidArgument(what + " \"" + printable(value) + "\" is not valid: " + rule);
        }
        return value;
    }
}
