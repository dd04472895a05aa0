package dev.berth.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Environment lists merged as containerd's Go client merges them ({@code replaceOrAppendEnvValues}). */
public final class EnvVars {

    /** The PATH a Linux spec gets when the image's config has no Env at all. */
    public static final List<String> DEFAULT_UNIX_ENV =
            List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

    private EnvVars() {
    }

    /**
     * {@code defaults} with each override applied by key: {@code K=V} replaces the value of K where
     * it stands (the last K of the defaults, as Go's cache keeps the last index) or is appended; an
     * override without {@code =} removes that key.
     */
    public static List<String> replaceOrAppend(List<String> defaults, List<String> overrides) {
        Map<String, Integer> index = new HashMap<>();
        List<String> results = new ArrayList<>(defaults.size() + overrides.size());
        for (int i = 0; i < defaults.size(); i++) {
            String e = defaults.get(i);
            results.add(e);
            index.put(key(e), i);
        }
        for (String value : overrides) {
            if (value.indexOf('=') < 0) {
                Integer i = index.get(value);
                if (i != null) {
                    results.set(i, "");
                }
                continue;
            }
            Integer i = index.get(key(value));
            if (i != null) {
                results.set(i, value);
            } else {
                results.add(value);
            }
        }
        results.removeIf(String::isEmpty);
        return results;
    }

    static String key(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq);
    }
}
