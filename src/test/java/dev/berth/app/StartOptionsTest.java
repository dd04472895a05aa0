package dev.berth.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.settings.Settings;
import dev.berth.model.Endpoint;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flags and environment win over the settings file, which wins over the defaults. */
class StartOptionsTest {

    private static final Settings FILE = Settings.defaults()
            .withEndpoints(List.of(new Endpoint("local", "/run/containerd/containerd.sock", "default"),
                    new Endpoint("lab", "/tmp/lab.sock", "builds")), "lab")
            .withTheme("dark").withLanguage("zh-CN");

    private static ConsoleOptions start(String[] args, Map<String, String> env) {
        ConsoleOptions.Requested r = ConsoleOptions.requested(args, env);
        return BerthApplication.startOptions(r, FILE.withRequested(r.address(), r.namespace()));
    }

    @Test
    void theFileDecidesWhenNothingElseDoes() {
        ConsoleOptions o = start(new String[0], Map.of());
        assertThat(o.address()).isEqualTo("/tmp/lab.sock");
        assertThat(o.namespace()).isEqualTo("builds");
        assertThat(o.locale()).isEqualTo(Locale.forLanguageTag("zh-CN"));
        assertThat(o.theme()).isEqualTo("dark");
    }

    @Test
    void flagsAndEnvironmentWin() {
        ConsoleOptions o = start(new String[] {"--address", "/run/containerd/containerd.sock", "--lang", "en", "--theme",
                "light"}, Map.of("CONTAINERD_NAMESPACE", "k8s.io"));
        assertThat(o.address()).isEqualTo("/run/containerd/containerd.sock");
        assertThat(o.namespace()).isEqualTo("k8s.io");
        assertThat(o.locale()).isEqualTo(Locale.ENGLISH);
        assertThat(o.theme()).isEqualTo("light");
        ConsoleOptions env = start(new String[0], Map.of("CONTAINERD_ADDRESS", "/srv/x/c.sock", "BERTH_THEME", "light"));
        assertThat(env.address()).isEqualTo("/srv/x/c.sock");
        assertThat(env.namespace()).isEqualTo("default");
        assertThat(env.theme()).isEqualTo("light");
    }

    @Test
    void systemThemeFollowsTheDesktop() {
        ConsoleOptions.Requested none = ConsoleOptions.requested(new String[0], Map.of());
        assertThat(BerthApplication.startOptions(none, Settings.defaults()).theme()).isNull();
    }

    @Test
    void otherNamespacesAreKeptUnlessThePropertyOrTheEnvironmentSaysNo() {
        assertThat(Console.keepOtherNamespaces(null, null)).isTrue();
        assertThat(Console.keepOtherNamespaces(null, "0")).isFalse();
        assertThat(Console.keepOtherNamespaces(null, "false")).isFalse();
        assertThat(Console.keepOtherNamespaces("false", "1")).as("the property wins").isFalse();
        assertThat(Console.keepOtherNamespaces("true", "0")).isTrue();
        assertThat(Console.keepOtherNamespaces(null, "1")).isTrue();
    }
}
