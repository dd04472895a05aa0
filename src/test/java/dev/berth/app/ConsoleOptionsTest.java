package dev.berth.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleOptionsTest {

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverDefaults() {
        ConsoleOptions o = ConsoleOptions.parse(new String[] {"--address", "/tmp/c.sock", "-n", "k8s.io", "--lang=zh_CN"},
                Map.of("CONTAINERD_ADDRESS", "/x.sock", "CONTAINERD_NAMESPACE", "other", "BERTH_THEME", "dark"));
        assertThat(o.address()).isEqualTo("/tmp/c.sock");
        assertThat(o.namespace()).isEqualTo("k8s.io");
        assertThat(o.locale()).isEqualTo(Locale.SIMPLIFIED_CHINESE);
        assertThat(o.theme()).isEqualTo("dark");
        ConsoleOptions d = ConsoleOptions.parse(new String[0], Map.of("CONTAINERD_NAMESPACE", "ns1"));
        assertThat(d.address()).isEqualTo("/run/containerd/containerd.sock");
        assertThat(d.namespace()).isEqualTo("ns1");
        assertThat(d.theme()).isNull();
        assertThat(ConsoleOptions.parse(new String[] {"--theme", "purple"}, Map.of()).theme()).isNull();
    }

    @Test
    void onlyConsoleOptionsOpenTheConsoleAnythingElseIsTheCommandLine() {
        assertThat(ConsoleOptions.isConsoleOnly(new String[0])).isTrue();
        assertThat(ConsoleOptions.isConsoleOnly(new String[] {"--namespace", "k8s.io"})).isTrue();
        assertThat(ConsoleOptions.isConsoleOnly(new String[] {"--address=/tmp/c.sock", "--theme", "dark"})).isTrue();
        assertThat(ConsoleOptions.isConsoleOnly(new String[] {"--namespace"})).isFalse();
        assertThat(ConsoleOptions.isConsoleOnly(new String[] {"containers", "ls"})).isFalse();
        assertThat(ConsoleOptions.isConsoleOnly(new String[] {"-n", "x", "images", "ls"})).isFalse();
        assertThat(ConsoleOptions.isConsoleOnly(new String[] {"--help"})).isFalse();
    }

    @Test
    void theDesktopColourSchemeIsReadFromGsettingsOutput() {
        assertThat(DesktopTheme.parse("'prefer-dark'")).isEqualTo(Optional.of(true));
        assertThat(DesktopTheme.parse("'prefer-light'\n")).isEqualTo(Optional.of(false));
        assertThat(DesktopTheme.parse("'default'")).isEqualTo(Optional.of(false));
        assertThat(DesktopTheme.parse("No such schema")).isEmpty();
        assertThat(DesktopTheme.probe(Map.of("GTK_THEME", "Adwaita:dark"))).satisfiesAnyOf(
                r -> assertThat(r).contains(true), r -> assertThat(r).isPresent());
    }
}
