package dev.berth.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.model.BerthException;
import dev.berth.model.ContainerSpec;
import dev.berth.model.MountSpec;
import dev.berth.oci.ImageConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecGeneratorTest {

    /** Like test/config:1: Env GREETING=hi, Entrypoint /bin/sh -c, Cmd, WorkingDir /work, User app. */
    static final ImageConfig.ContainerConfig CONFIG = new ImageConfig.ContainerConfig("app",
            List.of("PATH=/bin:/usr/bin", "GREETING=hi"), List.of("/bin/sh", "-c"),
            List.of("echo from-config; sleep 1000"), "/work", Map.of(), null, List.of(), List.of());

    static final RootFs FILES = path -> {
        switch (path) {
            case "/etc/passwd":
                return "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n".getBytes(StandardCharsets.UTF_8);
            case "/etc/group":
                return "root:x:0:\nstaff:x:50:app\napp:x:1000:\n".getBytes(StandardCharsets.UTF_8);
            default:
                throw new NoSuchFileException(path);
        }
    };

    private static RuntimeSpec gen(ImageConfig.ContainerConfig image, ContainerSpec choices) {
        return SpecGenerator.generate("ns", "c1", image, choices, FILES);
    }

    @Test
    void theImageConfigSetsEnvArgsCwdAndUser() {
        RuntimeSpec s = gen(CONFIG, ContainerSpec.IMAGE_DEFAULTS);
        assertThat(s.env()).containsExactly("PATH=/bin:/usr/bin", "GREETING=hi");
        assertThat(s.args()).containsExactly("/bin/sh", "-c", "echo from-config; sleep 1000");
        assertThat(s.cwd()).isEqualTo("/work");
        assertThat(s.uid()).isEqualTo(1000);
        assertThat(s.gid()).isEqualTo(1000);
        assertThat(s.additionalGids()).containsExactly(1000L, 50L);
        assertThat(s.terminal()).isFalse();
        assertThat(s.cgroupsPath()).isEqualTo("/ns/c1");
    }

    @Test
    void anImageWithoutEnvGetsTheDefaultPathAndRootsGroups() {
        ImageConfig.ContainerConfig bare = new ImageConfig.ContainerConfig(null, List.of(), List.of(),
                List.of("/bin/sh"), null, Map.of(), null, List.of(), List.of());
        RuntimeSpec s = gen(bare, ContainerSpec.IMAGE_DEFAULTS);
        assertThat(s.env()).containsExactly("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        assertThat(s.cwd()).isEqualTo("/");
        assertThat(s.uid()).isZero();
        assertThat(s.additionalGids()).containsExactly(0L);
    }

    @Test
    void theUsersChoicesComeLast() {
        ContainerSpec choices = new ContainerSpec(null, List.of("id"), List.of("GREETING=bye", "EXTRA=1"), "/tmp",
                "0", true, List.of(MountSpec.bind("/etc", "/host-etc", true)));
        RuntimeSpec s = gen(CONFIG, choices);
        // the command replaces Cmd and keeps the Entrypoint
        assertThat(s.args()).containsExactly("/bin/sh", "-c", "id");
        assertThat(s.env()).containsExactly("PATH=/bin:/usr/bin", "GREETING=bye", "EXTRA=1", "TERM=xterm");
        assertThat(s.cwd()).isEqualTo("/tmp");
        assertThat(s.uid()).isZero();
        assertThat(s.gid()).isZero();
        assertThat(s.additionalGids()).containsExactly(0L);
        assertThat(s.terminal()).isTrue();
        assertThat(s.mounts()).last().isEqualTo(new MountSpec("bind", "/etc", "/host-etc", List.of("rbind", "ro")));
    }

    @Test
    void aChosenUserNameGetsItsGroupsLikeTheImagesUser() {
        ImageConfig.ContainerConfig rootImage = new ImageConfig.ContainerConfig(null, List.of(), List.of(),
                List.of("sh"), null, Map.of(), null, List.of(), List.of());
        RuntimeSpec s = gen(rootImage, ContainerSpec.IMAGE_DEFAULTS.withUser("app"));
        assertThat(s.uid()).isEqualTo(1000);
        assertThat(s.additionalGids()).containsExactly(1000L, 50L);
    }

    @Test
    void anEntrypointReplacesTheImagesAndDropsItsCmd() {
        RuntimeSpec s = gen(CONFIG, ContainerSpec.IMAGE_DEFAULTS.withEntrypoint(List.of("/bin/echo")));
        assertThat(s.args()).containsExactly("/bin/echo");
        s = gen(CONFIG, ContainerSpec.IMAGE_DEFAULTS.withEntrypoint(List.of()).withCommand(List.of("/bin/id", "-u")));
        assertThat(s.args()).containsExactly("/bin/id", "-u");
    }

    @Test
    void noCommandAtAllIsRefused() {
        ImageConfig.ContainerConfig none = new ImageConfig.ContainerConfig(null, List.of(), List.of(), List.of(),
                null, Map.of(), null, List.of(), List.of());
        assertThatThrownBy(() -> gen(none, ContainerSpec.IMAGE_DEFAULTS))
                .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("no command");
    }

    @Test
    void anUnknownImageUserFailsTheSpec() {
        ImageConfig.ContainerConfig ghost = new ImageConfig.ContainerConfig("ghost", List.of(), List.of(),
                List.of("sh"), null, Map.of(), null, List.of(), List.of());
        assertThatThrownBy(() -> gen(ghost, ContainerSpec.IMAGE_DEFAULTS))
                .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("\"ghost\"");
    }
}
