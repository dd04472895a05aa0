package dev.berth.ui.settings;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The settings window: theme, language, plain-HTTP registries, parallel downloads and Berth's own
 * CNI network. The {@link Store} (the application's settings) checks and keeps the values; the
 * registries, downloads and network apply from the next connection, which {@code Store.apply}
 * starts; the language from the next start.
 */
public final class SettingsViewModel {

    public static final List<String> THEMES = List.of("system", "light", "dark");
    /** "" = the desktop's language. */
    public static final List<String> LANGUAGES = List.of("", "en", "zh-CN");

    /** What the window edits. */
    public record Values(String theme, String language, List<String> insecureRegistries, int parallelDownloads,
                         String cniNetwork, String cniSubnet) {
        public Values {
            insecureRegistries = List.copyOf(insecureRegistries);
        }
    }

    /** Where the values live. */
    public interface Store {
        Values current();

        /** The file the settings are kept in, or null when they are not written anywhere. */
        String where();

        /** Checks and keeps the values; returns why they cannot be kept, or null. UI thread, no I/O. */
        String apply(Values v);
    }

    private final Store store;
    private final ObjectProperty<String> theme = new SimpleObjectProperty<>(this, "theme", "system");
    private final ObjectProperty<String> language = new SimpleObjectProperty<>(this, "language", "");
    private final StringProperty registries = new SimpleStringProperty(this, "registries", "");
    private final IntegerProperty parallelDownloads = new SimpleIntegerProperty(this, "parallelDownloads", 4);
    private final StringProperty cniNetwork = new SimpleStringProperty(this, "cniNetwork", "");
    private final StringProperty cniSubnet = new SimpleStringProperty(this, "cniSubnet", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    public SettingsViewModel(Store store) {
        this.store = store;
        reload();
    }

    /** Fills the fields from the settings (when the window opens). */
    public void reload() {
        Values v = store.current();
        theme.set(THEMES.contains(v.theme()) ? v.theme() : "system");
        language.set(v.language() == null || !LANGUAGES.contains(v.language()) ? "" : v.language());
        registries.set(String.join("\n", v.insecureRegistries()));
        parallelDownloads.set(v.parallelDownloads());
        cniNetwork.set(v.cniNetwork());
        cniSubnet.set(v.cniSubnet());
        error.set("");
    }

    /** Keeps the values; false (and {@link #errorProperty} says why) when they are not right. */
    public boolean save() {
        List<String> hosts = Arrays.stream(registries.get().split("[\\s,]+")).map(String::strip).filter(s -> !s.isEmpty())
                .distinct().collect(Collectors.toList());
        String problem = store.apply(new Values(theme.get(), language.get().isEmpty() ? null : language.get(), hosts,
                parallelDownloads.get(), cniNetwork.get().strip(), cniSubnet.get().strip()));
        error.set(problem == null ? "" : problem);
        return problem == null;
    }

    public ObjectProperty<String> themeProperty() {
        return theme;
    }

    public ObjectProperty<String> languageProperty() {
        return language;
    }

    /** One registry per line (or separated by spaces or commas). */
    public StringProperty registriesProperty() {
        return registries;
    }

    public IntegerProperty parallelDownloadsProperty() {
        return parallelDownloads;
    }

    public StringProperty cniNetworkProperty() {
        return cniNetwork;
    }

    public StringProperty cniSubnetProperty() {
        return cniSubnet;
    }

    /** Where the settings are kept, for the window's header. */
    public String where() {
        return store.where();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
