package dev.berth.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.settings.ConsoleSettings;
import dev.berth.app.settings.Settings;
import dev.berth.ui.common.I18n;
import dev.berth.ui.settings.SettingsViewModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsEditorTest {

    private final ConsoleSettings settings = ConsoleSettings.inMemory(Settings.defaults());
    private final List<String> themes = new ArrayList<>();
    private int reconnects;
    private final SettingsEditor editor = new SettingsEditor(settings, I18n.english(), themes::add, () -> reconnects++);

    private static SettingsViewModel.Values values(List<String> hosts, int parallel, String net, String subnet, String theme) {
        return new SettingsViewModel.Values(theme, null, hosts, parallel, net, subnet);
    }

    @Test
    void keepsCheckedValuesAppliesTheThemeAndReconnectsForConnectionSettings() {
        assertThat(editor.apply(values(List.of("Registry.LAN:5000", "http://b.lan/x"), 8, "lab", "10.9.0.0/24", "dark")))
                .isNull();
        Settings s = settings.get();
        assertThat(s.insecureRegistries()).containsExactly("registry.lan:5000", "b.lan");
        assertThat(s.parallelDownloads()).isEqualTo(8);
        assertThat(s.cniNetwork()).isEqualTo("lab");
        assertThat(s.cniSubnet()).isEqualTo("10.9.0.0/24");
        assertThat(themes).containsExactly("dark");
        assertThat(reconnects).isEqualTo(1);
        assertThat(s.serviceOptions("/x.sock", "default").insecureRegistries()).contains("registry.lan:5000");

        assertThat(editor.apply(values(List.of("registry.lan:5000", "b.lan"), 8, "lab", "10.9.0.0/24", "light"))).isNull();
        assertThat(reconnects).as("only the theme changed").isEqualTo(1);
        assertThat(themes).containsExactly("dark", "light");
    }

    @Test
    void refusesBadValuesAndKeepsNothing() {
        assertThat(editor.apply(values(List.of(), 0, "berth", "10.213.0.0/16", "system"))).contains("between 1 and 64");
        assertThat(editor.apply(values(List.of(), 4, "bad name!", "10.213.0.0/16", "system"))).startsWith("Not saved:");
        assertThat(editor.apply(values(List.of(), 4, "berth", "10.213.0.0/99", "system"))).startsWith("Not saved:");
        assertThat(editor.apply(values(List.of("a b/c d"), 4, "berth", "10.213.0.0/16", "system"))).startsWith("Not saved:");
        assertThat(settings.get()).isEqualTo(Settings.defaults());
        assertThat(reconnects).isZero();
    }
}
