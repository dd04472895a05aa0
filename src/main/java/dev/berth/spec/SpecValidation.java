package dev.berth.spec;

import dev.berth.model.BerthException;
import dev.berth.model.ContainerSpec;
import dev.berth.model.MountSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks of the user's container choices, made before anything is sent to containerd. */
public final class SpecValidation {

    /** Letters, digits and underscores (dots and dashes allowed after the first character). */
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    /** containerd refuses labels whose key and value together exceed this many bytes. */
    public static final int MAX_LABEL_BYTES = 4096;

    private SpecValidation() {
    }

    public static void validate(ContainerSpec spec) {
        if (spec.entrypoint() != null) {
            checkArgs("entrypoint", spec.entrypoint());
        }
        checkArgs("command", spec.command());
        spec.env().forEach(SpecValidation::checkEnv);
        if (spec.workingDir() != null && !spec.workingDir().isEmpty()) {
            checkAbsolute("working directory", spec.workingDir());
        }
        if (spec.user() != null) {
            checkUser(spec.user());
        }
        spec.mounts().forEach(SpecValidation::checkMount);
    }

    /** {@code KEY=VALUE} with a key of letters, digits, {@code _} (and {@code .} {@code -} after the first). */
    public static void checkEnv(String entry) {
        if (entry == null) {
            throw new BerthException.InvalidArgument("env entry must not be null");
        }
        int eq = entry.indexOf('=');
        if (eq < 0) {
            throw new BerthException.InvalidArgument("env entry \"" + Text.printable(entry) + "\" must be KEY=VALUE");
        }
        String key = entry.substring(0, eq);
        if (key.isEmpty()) {
            throw new BerthException.InvalidArgument("env entry \"" + Text.printable(entry) + "\" has an empty key");
        }
        if (!ENV_KEY.matcher(key).matches()) {
            throw new BerthException.InvalidArgument("env key \"" + Text.printable(key)
                    + "\" is not valid: use letters, digits and '_' (and '.' or '-' after the first character),"
                    + " not starting with a digit");
        }
        if (entry.indexOf('\0') >= 0) {
            throw new BerthException.InvalidArgument("env entry for " + key + " contains a NUL character");
        }
    }

    public static void checkUser(String user) {
        if (user.isEmpty()) {
            return;
        }
        String[] parts = user.split(":", -1);
        boolean bad = parts.length > 2;
        for (String p : parts) {
            bad |= p.isEmpty();
            for (int i = 0; i < p.length(); i++) {
                bad |= Character.isISOControl(p.charAt(i)) || Character.isWhitespace(p.charAt(i));
            }
        }
        if (bad) {
            throw new BerthException.InvalidArgument("user \"" + Text.printable(user)
                    + "\" is not valid: use USER, UID, USER:GROUP or UID:GID");
        }
    }

    public static void checkMount(MountSpec m) {
        if (m.destination() == null || m.destination().isEmpty()) {
            throw new BerthException.InvalidArgument("a mount needs a destination");
        }
        checkAbsolute("mount destination", m.destination());
        if (Path.of(m.destination()).normalize().toString().equals("/")) {
            throw new BerthException.InvalidArgument("mount destination must not be / (the container's root)");
        }
        if (m.type() == null || m.type().isEmpty()) {
            throw new BerthException.InvalidArgument("mount on " + Text.printable(m.destination()) + " needs a type");
        }
        for (String o : m.options()) {
            if (o == null || o.isEmpty() || o.indexOf('\0') >= 0) {
                throw new BerthException.InvalidArgument("mount on " + Text.printable(m.destination())
                        + " has an empty or invalid option");
            }
        }
        if (m.isBind()) {
            String src = m.source();
            if (src == null || src.isEmpty()) {
                throw new BerthException.InvalidArgument("bind mount on " + Text.printable(m.destination())
                        + " needs a source path");
            }
            checkAbsolute("bind mount source", src);
            if (!Files.exists(Path.of(src))) {
                throw new BerthException.InvalidArgument("bind mount source " + Text.printable(src) + " does not exist");
            }
        }
    }

    public static void checkLabels(Map<String, String> labels) {
        labels.forEach((k, v) -> {
            if (k == null || k.isEmpty()) {
                throw new BerthException.InvalidArgument("a label key must not be empty");
            }
            if (v == null) {
                throw new BerthException.InvalidArgument("label " + Text.printable(k) + " has no value");
            }
            int bytes = k.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    + v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes > MAX_LABEL_BYTES) {
                throw new BerthException.InvalidArgument("label " + Text.printable(k) + " is " + bytes
                        + " bytes with its value; containerd allows at most " + MAX_LABEL_BYTES);
            }
        });
    }

    private static void checkArgs(String what, List<String> args) {
        for (String a : args) {
            if (a == null || a.indexOf('\0') >= 0) {
                throw new BerthException.InvalidArgument(what + " contains an empty or invalid (NUL) argument");
            }
        }
    }

    private static void checkAbsolute(String what, String path) {
        if (!path.startsWith("/")) {
            throw new BerthException.InvalidArgument(what + " \"" + Text.printable(path) + "\" must be an absolute path");
        }
        if (path.indexOf('\0') >= 0) {
            throw new BerthException.InvalidArgument(what + " contains a NUL character");
        }
    }
}
