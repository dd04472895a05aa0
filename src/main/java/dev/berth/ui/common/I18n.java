package dev.berth.ui.common;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Every string the console shows comes from here: {@code dev/berth/i18n/messages*.properties}
 * (English is the base bundle, Simplified Chinese in {@code messages_zh_CN}). Values are
 * {@link MessageFormat} patterns; English text uses ’ rather than a straight quote, which
 * MessageFormat would eat. Keys are always string literals at the call site so that
 * {@code I18nConsistencyTest} can find them.
 */
public final class I18n {

    public static final String BUNDLE = "dev.berth.i18n.messages";
    private static final System.Logger LOG = System.getLogger(I18n.class.getName());

    private final ResourceBundle bundle;
    private final Locale locale;

    private I18n(ResourceBundle bundle, Locale locale) {
        this.bundle = bundle;
        this.locale = locale;
    }

    /** The bundle for {@code locale}: any Chinese locale gets Simplified Chinese, anything else English. */
    public static I18n forLocale(Locale locale) {
        Locale effective = "zh".equals(locale.getLanguage()) ? Locale.SIMPLIFIED_CHINESE : Locale.ROOT;
        ResourceBundle b = ResourceBundle.getBundle(BUNDLE, effective,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        return new I18n(b, effective == Locale.ROOT ? Locale.ENGLISH : effective);
    }

    public static I18n english() {
        return forLocale(Locale.ENGLISH);
    }

    /** Parses {@code zh_CN}, {@code zh-CN}, {@code en}; null or blank gives the JVM default. */
    public static Locale parseLocale(String tag) {
        if (tag == null || tag.isBlank()) {
            return Locale.getDefault();
        }
        String t = tag.trim();
        int dot = t.indexOf('.');
        if (dot > 0) {
            t = t.substring(0, dot);
        }
        return Locale.forLanguageTag(t.replace('_', '-'));
    }

    public Locale locale() {
        return locale;
    }

    public ResourceBundle bundle() {
        return bundle;
    }

    /** The text for {@code key}, formatted with {@code args}. */
    public String tr(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            LOG.log(System.Logger.Level.WARNING, "missing message key " + key);
            return "!" + key + "!";
        }
        return new MessageFormat(pattern, locale).format(args);
    }
}
