package dev.berth.cni;

import dev.berth.model.BerthException;
import dev.berth.model.InputText;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Checks of the names CNI uses (the rules libcni applies), made before anything runs. */
public final class CniNames {

    /** Container ids and network names (CNI spec; libcni's ValidateContainerID / ValidateNetworkName). */
    private static final Pattern CNI_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.\\-]+");
    /** Linux IFNAMSIZ (16) minus the terminating NUL. */
    public static final int MAX_DEVICE = 15;
    static final int MAX_NAME = 200;

    private CniNames() {
    }

    /** A network name (it names host-local's data dir and Berth's cache files, so no '/'). */
    public static String networkName(String name) {
        return name("network name", name);
    }

    /** A CNI container id: a letter or digit, then letters, digits, '_', '.' or '-'. */
    public static String containerId(String id) {
        return name("CNI container id", id);
    }

    /** A plugin's {@code type}: a plain file name in one of the plugin dirs, never a path. */
    public static String pluginType(String type) {
        return name("plugin type", type);
    }

    private static String name(String what, String value) {
        return InputText.name(what, value, MAX_NAME, "", CNI_NAME,
                "start with a letter or digit, then use letters, digits, '_', '.' or '-'");
    }

    /** A bridge name: at most 15 characters of letters, digits, '_', '.' and '-'. */
    public static String bridge(String name) {
        return device("bridge name", name);
    }

    /** An interface name inside the container (CNI_IFNAME). */
    public static String ifName(String name) {
        return device("interface name", name);
    }

    private static String device(String what, String name) {
        String rule = "use letters, digits, '_', '.' and '-'";
        InputText.name(what, name, MAX_DEVICE, " (the kernel's limit)", DEVICE, rule);
        if (name.equals(".") || name.equals("..")) {
            throw new BerthException.InvalidArgument(what + " \"" + name + "\" is not valid: " + rule);
        }
        return name;
    }

    static Path absoluteDir(String what, Path dir) {
        if (dir == null) {
            throw new BerthException.InvalidArgument(what + " must be set");
        }
        String s = dir.toString();
        if (s.isEmpty() || !dir.isAbsolute()) {
            throw new BerthException.InvalidArgument(what + " \"" + printable(s) + "\" must be an absolute path");
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                throw new BerthException.InvalidArgument(what + " \"" + printable(s) + "\" contains a control character");
            }
        }
        return dir.normalize();
    }

    /** A value safe to echo in a message (see {@link InputText#printable}). */
    public static String printable(String s) {
        return InputText.printable(s);
    }
}
