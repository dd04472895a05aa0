package dev.berth.registry;

import dev.berth.model.BerthException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme and its parameters.
 *
 * @param scheme  lower case ({@code bearer}, {@code basic})
 * @param params  parameter names in lower case, values unquoted; insertion-ordered
 * @param token68 the token68 form's value ({@code Negotiate abc==}), or null
 */
public record AuthChallenge(String scheme, Map<String, String> params, String token68) {

    /** Headers longer than this are refused rather than parsed. */
    static final int MAX_HEADER_LENGTH = 16 * 1024;

    public AuthChallenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public AuthChallenge(String scheme, Map<String, String> params) {
        this(scheme, params, null);
    }

    public String param(String name) {
        return params.get(name.toLowerCase(Locale.ROOT));
    }

    public boolean isBearer() {
        return scheme.equals("bearer");
    }

    public boolean isBasic() {
        return scheme.equals("basic");
    }

    /** Parses every challenge of every given header value, in order. */
    public static List<AuthChallenge> parseAll(List<String> headerValues) {
        List<AuthChallenge> out = new ArrayList<>();
        for (String h : headerValues) {
            out.addAll(parse(h));
        }
        return out;
    }

    /**
     * Parses one {@code WWW-Authenticate} header value, which may hold several challenges
     * ({@code Bearer realm="x",scope="a,b", Basic realm="y"}). Quoted strings may hold commas and
     * backslash escapes.
     *
     * @throws BerthException.Registry for a malformed header (the message gives the position)
     */
    public static List<AuthChallenge> parse(String header) {
        if (header == null) {
            return List.of();
        }
        if (header.length() > MAX_HEADER_LENGTH) {
            throw new BerthException.Registry("malformed WWW-Authenticate header: " + header.length() + " characters is too long");
        }
        return new Parser(header).challenges();
    }

    /** The header form of this challenge, quoting every value (for tests and logs; no secrets in challenges). */
    public String toHeader() {
        StringBuilder sb = new StringBuilder(scheme);
        if (token68 != null) {
            return sb.append(' ').append(token68).toString();
        }
        boolean first = true;
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(first ? " " : ", ");
            first = false;
            sb.append(e.getKey()).append("=\"");
            for (char c : e.getValue().toCharArray()) {
                if (c == '"' || c == '\\') {
                    sb.append('\\');
                }
                sb.append(c);
            }
            sb.append('"');
        }
        return sb.toString();
    }

    /** Control characters shown as {@code \\uXXXX}: text from outside never brings terminal escapes into a message. */
    static String visible(String s) {
        return dev.berth.model.InputText.visible(s);
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        List<AuthChallenge> challenges() {
            List<AuthChallenge> out = new ArrayList<>();
            while (true) {
                skipSpaceAndCommas();
                if (i >= s.length()) {
                    return out;
                }
                String scheme = token();
                if (scheme.isEmpty()) {
                    throw error("expected an authentication scheme");
                }
                int afterScheme = i;
                skipSpace();
                Map<String, String> params = new LinkedHashMap<>();
                String token68 = null;
                if (i < s.length() && s.charAt(i) != ',' && afterScheme == i) {
                    throw error("expected a space after the scheme");
                }
                if (i < s.length() && s.charAt(i) != ',') {
                    token68 = tryToken68();
                    if (token68 == null) {
                        parseParams(params);
                    }
                }
                out.add(new AuthChallenge(scheme, params, token68));
            }
        }

        /** token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=", then end or ','. */
        private String tryToken68() {
            int start = i;
            int j = i;
            while (j < s.length() && isToken68Char(s.charAt(j))) {
                j++;
            }
            if (j == start) {
                return null;
            }
            int k = j;
            while (k < s.length() && s.charAt(k) == '=') {
                k++;
            }
            int end = k;
            while (k < s.length() && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
                k++;
            }
            // "name=value" is a parameter: exactly one '=' followed by more text
            if (k < s.length() && s.charAt(k) != ',') {
                return null;
            }
            if (end - j == 1 && k < s.length()) {
                // "name=," : a parameter with an empty value is malformed, not a token68
                return null;
            }
            i = k;
            return s.substring(start, end);
        }

        private void parseParams(Map<String, String> params) {
            while (true) {
                skipSpace();
                int start = i;
                String name = token();
                if (name.isEmpty()) {
                    throw error("expected a parameter name");
                }
                skipSpace();
                if (i >= s.length() || s.charAt(i) != '=') {
                    throw error("expected '=' after parameter \"" + shorten(name) + "\"");
                }
                i++;
                skipSpace();
                String value;
                if (i < s.length() && s.charAt(i) == '"') {
                    value = quoted();
                } else {
                    value = token();
                    if (value.isEmpty()) {
                        throw error("parameter \"" + shorten(name) + "\" has no value");
                    }
                }
                String key = name.toLowerCase(Locale.ROOT);
                if (params.containsKey(key)) {
                    throw error("parameter \"" + shorten(name) + "\" appears twice");
                }
                params.put(key, value);
                skipSpace();
                if (i >= s.length()) {
                    return;
                }
                if (s.charAt(i) != ',') {
                    throw error("expected ',' between parameters");
                }
                // after the comma(s): another parameter (token '=') or the next challenge
                int save = i;
                skipSpaceAndCommas();
                if (i >= s.length()) {
                    return;
                }
                int tokStart = i;
                String next = token();
                if (next.isEmpty()) {
                    throw error("unexpected character '" + visible(String.valueOf(s.charAt(i))) + "'");
                }
                skipSpace();
                if (i < s.length() && s.charAt(i) == '=') {
                    i = tokStart;
                    continue;
                }
                i = save;
                return;
            }
        }

        private String quoted() {
            i++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    if (i >= s.length()) {
                        break;
                    }
                    c = s.charAt(i++);
                }
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    i--;
                    throw error("control character in a quoted string");
                }
                sb.append(c);
            }
            throw error("unterminated quoted string");
        }

        private String token() {
            int start = i;
            while (i < s.length() && isTchar(s.charAt(i))) {
                i++;
            }
            return s.substring(start, i);
        }

        private void skipSpace() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }

        private void skipSpaceAndCommas() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) {
                i++;
            }
        }

        private BerthException error(String what) {
            return new BerthException.Registry("malformed WWW-Authenticate header from the registry: " + what
                    + " at position " + i);
        }

        private static boolean isTchar(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }

        private static boolean isToken68Char(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._~+/".indexOf(c) >= 0;
        }

        private static String shorten(String s) {
            return s.length() <= 40 ? s : s.substring(0, 37) + "...";
        }
    }
}
