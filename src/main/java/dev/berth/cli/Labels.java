package dev.berth.cli;

import dev.berth.model.BerthException;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Label formatting and parsing for the command line. */
final class Labels {

    private Labels() {
    }

    static String format(Map<String, String> labels) {
        return new TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** {@code KEY=VALUE} → [key, value]; {@code KEY} alone → [key, ""] (allowed only if {@code keyAlone}). */
    static String[] parse(String arg, boolean keyAlone) {
        int eq = arg.indexOf('=');
        if (eq < 0) {
            if (!keyAlone) {
                throw new BerthException.InvalidArgument("label \"" + arg + "\" must be KEY=VALUE");
            }
            return new String[] {arg, ""};
        }
        if (eq == 0) {
            throw new BerthException.InvalidArgument("label \"" + arg + "\" has an empty key");
        }
        return new String[] {arg.substring(0, eq), arg.substring(eq + 1)};
    }
}
