package dev.berth.spec;

/** Echoing user input in messages. */
final class Text {

    private Text() {
    }

    /** A value safe to echo in a message: control characters shown as \\uXXXX, cut at 80 characters. */
    static String printable(String s) {
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
