package dev.berth.cni;

import dev.berth.model.BerthException;

/**
 * A CNI plugin ran and reported an error (a non-zero exit, with the CNI error JSON
 * {@code {code, msg, details}} when the plugin wrote one). The kind follows the CNI error code.
 */
public final class CniPluginException extends BerthException {

    /** CNI error code, or -1 when the plugin wrote no error JSON. */
    private final int code;
    private final String plugin;
    private final String command;
    private final String pluginMessage;
    private final String details;

    CniPluginException(String plugin, String command, String network, int code, String msg, String details,
                       String stderr) {
        super(kind(code), message(plugin, command, network, code, msg, details, stderr));
        this.code = code;
        this.plugin = plugin;
        this.command = command;
        this.pluginMessage = msg == null ? "" : msg;
        this.details = details == null ? "" : details;
    }

    /** CNI error codes (SPEC.md, "Error"): 3 = container unknown, 11 = try again later, 1-7 = bad config or input. */
    static Kind kind(int code) {
        switch (code) {
            case 3:
                return Kind.NOT_FOUND;
            case 11:
            case 50:
            case 51:
                return Kind.UNAVAILABLE;
            case 1:
            case 2:
            case 4:
            case 6:
            case 7:
                return Kind.FAILED_PRECONDITION;
            default:
                return Kind.INTERNAL;
        }
    }

    private static String message(String plugin, String command, String network, int code, String msg,
                                  String details, String stderr) {
        StringBuilder sb = new StringBuilder("CNI plugin ").append(plugin).append(" failed (")
                .append(command).append(", network ").append(network).append("): ");
        String m = msg == null || msg.isBlank() ? "" : msg.strip();
        String d = details == null || details.isBlank() ? "" : details.strip();
        if (m.isEmpty() && d.isEmpty()) {
            String err = stderr == null ? "" : stderr.strip();
            sb.append(err.isEmpty() ? "it exited with an error and wrote no message" : lastLines(err));
        } else {
            sb.append(m);
            if (!d.isEmpty() && !d.equals(m)) {
                sb.append(m.isEmpty() ? "" : ": ").append(d);
            }
        }
        if (code >= 0) {
            sb.append(" (CNI error code ").append(code).append(')');
        }
        return clip(visible(sb.toString()));
    }

    /**
     * The plugin's words with control characters other than line breaks and tabs shown as
     * {@code \\uXXXX}: a plugin's message or stderr must not bring terminal escape sequences into
     * Berth's messages.
     */
    private static String visible(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String clip(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "\u2026" : s;
    }

    private static String lastLines(String s) {
        String[] lines = s.split("\n");
        int from = Math.max(0, lines.length - 3);
        return String.join(" / ", java.util.Arrays.copyOfRange(lines, from, lines.length)).strip();
    }

    public int code() {
        return code;
    }

    public String plugin() {
        return plugin;
    }

    public String command() {
        return command;
    }

    /** The plugin's {@code msg}. */
    public String pluginMessage() {
        return pluginMessage;
    }

    public String details() {
        return details;
    }
}
