package dev.berth.ui.containers;

import dev.berth.model.BerthException;
import dev.berth.service.Validation;
import dev.berth.ui.common.I18n;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The create form's rules: each returns what is wrong with a field in words, or null when it is fine. */
public final class CreateRules {

    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.-]*(:[A-Za-z0-9_.][A-Za-z0-9_.-]*)?");
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9._:/@+-]+");

    private CreateRules() {
    }

    private static String t(String s) {
        return s == null ? "" : s.trim();
    }

    /** containerd's identifier rule, checked by the service's own validation. */
    static String id(String value, I18n i18n) {
        String v = t(value);
        if (v.isEmpty()) {
            return i18n.tr("create.error.idEmpty");
        }
        try {
            Validation.containerId(v);
            return null;
        } catch (BerthException e) {
            return i18n.tr("create.error.id");
        }
    }

    static String image(String value, I18n i18n) {
        String v = t(value);
        if (v.isEmpty()) {
            return i18n.tr("create.error.imageEmpty");
        }
        return REFERENCE.matcher(v).matches() ? null : i18n.tr("pull.error.referenceChars");
    }

    static String command(String value, I18n i18n) {
        try {
            CommandLine.split(value);
            return null;
        } catch (IllegalArgumentException e) {
            return i18n.tr("create.error.quote");
        }
    }

    static String absolutePath(String value, I18n i18n) {
        String v = t(value);
        return v.isEmpty() || v.startsWith("/") ? null : i18n.tr("create.error.absolute");
    }

    static String user(String value, I18n i18n) {
        String v = t(value);
        return v.isEmpty() || USER.matcher(v).matches() ? null : i18n.tr("create.error.user");
    }

    /** Env (names must be shell names) or labels: no value without a name, no name twice. */
    public static String pairs(List<KeyValueItem> items, boolean envRules, I18n i18n) {
        Set<String> seen = new HashSet<>();
        for (KeyValueItem kv : items) {
            if (kv.isBlank()) {
                continue;
            }
            if (kv.key().isEmpty()) {
                return i18n.tr("create.error.keyEmpty");
            }
            if (envRules && !ENV_KEY.matcher(kv.key()).matches()) {
                return i18n.tr("create.error.envKey", kv.key());
            }
            if (!seen.add(kv.key())) {
                return i18n.tr("create.error.duplicate", kv.key());
            }
        }
        return null;
    }

    /** Each mount needs an absolute destination; a bind mount an absolute host path. */
    static String mounts(List<MountItem> items, I18n i18n) {
        for (MountItem m : items) {
            if (m.isBlank()) {
                continue;
            }
            if (!MountItem.trim(m.destinationProperty().get()).startsWith("/")) {
                return i18n.tr("create.error.mountDestination");
            }
            if ("bind".equals(m.typeProperty().get()) && !MountItem.trim(m.sourceProperty().get()).startsWith("/")) {
                return i18n.tr("create.error.mountSource");
            }
        }
        return null;
    }
}
