package dev.berth.containerd;

import dev.berth.model.BerthException;

/**
 * Builds containerd filter expressions (protocol notes §7) with every user-provided part quoted,
 * so keys with dots, slashes or dashes and values with commas, spaces, quotes or unicode are matched
 * literally by containerd instead of being parsed as syntax.
 */
public final class Filters {

    private Filters() {
    }

    /** {@code labels."key"=="value"}, or {@code labels."key"} (has the label) when value is null or empty. */
    public static String label(String key, String value) {
        if (key == null || key.isEmpty()) {
            throw new BerthException.InvalidArgument("a label filter needs a key");
        }
        String field = "labels." + quote(key);
        return value == null || value.isEmpty() ? field : field + "==" + quote(value);
    }

    /** {@code field=="value"} for a plain field name like {@code id}, {@code name} or {@code parent}. */
    public static String equal(String field, String value) {
        return field + "==" + quote(value);
    }

    /**
     * A Go-syntax double-quoted string, as containerd's filter scanner unquotes it. Printable
     * characters (unicode included) pass as they are; quotes, backslashes and control characters are
     * escaped. Invalid UTF-16 (a lone surrogate) is refused.
     */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    sb.append(c).append(s.charAt(++i));
                    continue;
                }
                throw new BerthException.InvalidArgument("filter text contains an invalid character");
            }
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                default:
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
