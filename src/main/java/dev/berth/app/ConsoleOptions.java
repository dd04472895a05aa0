package dev.berth.app;

import dev.berth.service.ServiceOptions;
import dev.berth.ui.common.I18n;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the console starts with: socket, namespace, language and theme, from flags
 * ({@code --address}, {@code --namespace}/{@code -n}, {@code --lang}, {@code --theme light|dark}),
 * else the environment ({@code CONTAINERD_ADDRESS}, {@code CONTAINERD_NAMESPACE}, {@code BERTH_LANG},
 * {@code BERTH_THEME}), else defaults (as ctr: the system socket, namespace {@code default}; the
 * desktop's language and colour scheme).
 *
 * @param theme "light", "dark", or null to follow the desktop
 */
public record ConsoleOptions(String address, String namespace, Locale locale, String theme) {

    private static final List<String> FLAGS = List.of("--address", "--namespace", "-n", "--lang", "--theme");

    public static ConsoleOptions parse(String[] args, Map<String, String> env) {
        Requested r = requested(args, env);
        return new ConsoleOptions(ServiceOptions.resolveAddress(r.address(), env), ServiceOptions.resolveNamespace(r.namespace(), env),
                I18n.parseLocale(r.lang()), r.theme());
    }

    /**
     * What the flags and the environment ask for, each null when neither says (then the settings
     * file, else the defaults, decide).
     */
    public record Requested(String address, String namespace, String lang, String theme) {
    }

    public static Requested requested(String[] args, Map<String, String> env) {
        String address = null;
        String namespace = null;
        String lang = null;
        String theme = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            String name = a;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            } else if (FLAGS.contains(a) && i + 1 < args.length) {
                value = args[++i];
            }
            switch (name) {
                case "--address":
                    address = value;
                    break;
                case "--namespace":
                case "-n":
                    namespace = value;
                    break;
                case "--lang":
                    lang = value;
                    break;
                case "--theme":
                    theme = value;
                    break;
                default:
                    break;
            }
        }
        address = orEnv(address, env.get(ServiceOptions.ENV_ADDRESS));
        namespace = orEnv(namespace, env.get(ServiceOptions.ENV_NAMESPACE));
        lang = orEnv(lang, env.get("BERTH_LANG"));
        theme = orEnv(theme, env.get("BERTH_THEME"));
        if (theme != null && !theme.equals("light") && !theme.equals("dark")) {
            theme = null;
        }
        return new Requested(address, namespace, lang, theme);
    }

    private static String orEnv(String flag, String env) {
        if (flag != null && !flag.isBlank()) {
            return flag;
        }
        return env != null && !env.isBlank() ? env : null;
    }

    /**
     * True when the arguments are only console options (no subcommand): {@code berth --namespace k8s.io}
     * opens the console on that namespace instead of asking for a subcommand.
     */
    public static boolean isConsoleOnly(String[] args) {
        if (args.length == 0) {
            return true;
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            int eq = a.indexOf('=');
            String name = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
            if (!FLAGS.contains(name)) {
                return false;
            }
            if (eq < 0 || !a.startsWith("--")) {
                i++;
                if (i >= args.length) {
                    return false;
                }
            }
        }
        return true;
    }
}
