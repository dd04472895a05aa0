package dev.berth.spec;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.model.BerthException;
import dev.berth.model.ContainerSpec;
import dev.berth.model.MountSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecValidationTest {

    @TempDir
    Path tmp;

    private static void bad(ContainerSpec spec, String message) {
        assertThatThrownBy(() -> SpecValidation.validate(spec)).isInstanceOf(BerthException.InvalidArgument.class)
                .hasMessageContaining(message);
    }

    @Test
    void envEntriesNeedKeyEqualsValueWithAValidKey() {
        ContainerSpec s = ContainerSpec.IMAGE_DEFAULTS;
        bad(s.withEnv(List.of("NOVALUE")), "\"NOVALUE\" must be KEY=VALUE");
        bad(s.withEnv(List.of("=x")), "has an empty key");
        bad(s.withEnv(List.of("1A=x")), "env key \"1A\" is not valid");
        bad(s.withEnv(List.of("A B=x")), "env key \"A B\" is not valid");
        bad(s.withEnv(List.of("A=x\0y")), "NUL");
        assertThatCode(() -> SpecValidation.validate(s.withEnv(List.of("A=", "_x.y-z=1", "PATH=/a:/b=c"))))
                .doesNotThrowAnyException();
    }

    @Test
    void mountsNeedAbsoluteDestinationsAndExistingBindSources() {
        ContainerSpec s = ContainerSpec.IMAGE_DEFAULTS;
        String src = tmp.toString();
        bad(s.withMounts(List.of(MountSpec.bind(src, "relative", false))), "mount destination \"relative\" must be an absolute path");
        bad(s.withMounts(List.of(MountSpec.bind(src, "/", false))), "must not be /");
        bad(s.withMounts(List.of(MountSpec.bind("rel/src", "/d", false))), "bind mount source \"rel/src\" must be an absolute path");
        bad(s.withMounts(List.of(MountSpec.bind(src + "/missing", "/d", false))), "does not exist");
        bad(s.withMounts(List.of(new MountSpec("", "x", "/d", List.of()))), "needs a type");
        assertThatCode(() -> SpecValidation.validate(s.withMounts(List.of(MountSpec.bind(src, "/d", true),
                new MountSpec("tmpfs", "tmpfs", "/scratch", List.of("size=1m")))))).doesNotThrowAnyException();
    }

    @Test
    void workingDirAndUserAreChecked() {
        ContainerSpec s = ContainerSpec.IMAGE_DEFAULTS;
        bad(s.withWorkingDir("work"), "working directory \"work\" must be an absolute path");
        bad(s.withUser("a:b:c"), "is not valid");
        bad(s.withUser("app:"), "is not valid");
        bad(s.withUser(":50"), "is not valid");
        bad(s.withUser("a b"), "is not valid");
        assertThatCode(() -> SpecValidation.validate(s.withUser("app:staff").withWorkingDir("/w")))
                .doesNotThrowAnyException();
    }

    @Test
    void labelsMustFitContainerdsLimit() {
        assertThatThrownBy(() -> SpecValidation.checkLabels(Map.of("k", "v".repeat(4096))))
                .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("at most 4096");
        assertThatThrownBy(() -> SpecValidation.checkLabels(Map.of("", "v")))
                .isInstanceOf(BerthException.InvalidArgument.class);
        assertThatCode(() -> SpecValidation.checkLabels(Map.of("k", "v".repeat(4095)))).doesNotThrowAnyException();
    }
}
