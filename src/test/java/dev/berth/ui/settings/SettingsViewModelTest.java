package dev.berth.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsViewModelTest {

    private final List<SettingsViewModel.Values> applied = new ArrayList<>();
    private String refuse;
    private SettingsViewModel.Values current = new SettingsViewModel.Values("dark", "zh-CN", List.of("a.lan", "b.lan:5000"),
            6, "lab", "10.9.0.0/24");

    private final SettingsViewModel.Store store = new SettingsViewModel.Store() {
        @Override
        public SettingsViewModel.Values current() {
            return current;
        }

        @Override
        public String where() {
            return "/home/ann/.config/berth/settings.json";
        }

        @Override
        public String apply(SettingsViewModel.Values v) {
            if (refuse != null) {
                return refuse;
            }
            applied.add(v);
            current = v;
            return null;
        }
    };

    @Test
    void fillsTheFieldsFromTheSettings() {
        SettingsViewModel vm = new SettingsViewModel(store);
        assertThat(vm.themeProperty().get()).isEqualTo("dark");
        assertThat(vm.languageProperty().get()).isEqualTo("zh-CN");
        assertThat(vm.registriesProperty().get()).isEqualTo("a.lan\nb.lan:5000");
        assertThat(vm.parallelDownloadsProperty().get()).isEqualTo(6);
        assertThat(vm.cniNetworkProperty().get()).isEqualTo("lab");
        assertThat(vm.cniSubnetProperty().get()).isEqualTo("10.9.0.0/24");
    }

    @Test
    void savesRegistriesOnePerLineOrSeparatedAndTheDesktopLanguageAsNull() {
        SettingsViewModel vm = new SettingsViewModel(store);
        vm.registriesProperty().set(" c.lan:80, d.lan\n\n c.lan:80 e.lan ");
        vm.languageProperty().set("");
        vm.themeProperty().set("system");
        assertThat(vm.save()).isTrue();
        assertThat(applied).hasSize(1);
        assertThat(applied.get(0).insecureRegistries()).containsExactly("c.lan:80", "d.lan", "e.lan");
        assertThat(applied.get(0).language()).isNull();
        assertThat(applied.get(0).theme()).isEqualTo("system");
        assertThat(vm.errorProperty().get()).isEmpty();
    }

    @Test
    void aRefusalIsShownAndNothingIsKept() {
        SettingsViewModel vm = new SettingsViewModel(store);
        refuse = "Not saved: bad subnet";
        vm.cniSubnetProperty().set("10.9.0.0/99");
        assertThat(vm.save()).isFalse();
        assertThat(vm.errorProperty().get()).isEqualTo("Not saved: bad subnet");
        vm.reload();
        assertThat(vm.cniSubnetProperty().get()).isEqualTo("10.9.0.0/24");
        assertThat(vm.errorProperty().get()).isEmpty();
    }
}
