package dev.berth.oci;

import dev.berth.model.BerthException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformTest {

    @ParameterizedTest
    @CsvSource({
            "Linux, amd64, linux/amd64",
            "Linux, x86_64, linux/amd64",
            "Linux, aarch64, linux/arm64/v8",
            "Linux, arm, linux/arm/v7",
            "Linux, i686, linux/386",
            "Linux, ppc64le, linux/ppc64le",
            "Linux, s390x, linux/s390x",
            "Linux, riscv64, linux/riscv64",
            "Mac OS X, aarch64, darwin/arm64/v8",
            "Windows 11, amd64, windows/amd64",
    })
    void platformOfTheJvm(String osName, String osArch, String expected) {
        assertThat(Platform.fromJvm(osName, osArch).toString()).isEqualTo(expected);
    }

    @Test
    void currentIsLinuxOnThisMachine() {
        Platform p = Platform.current();
        assertThat(p.os()).isEqualTo("linux");
        assertThat(p.architecture()).isIn("amd64", "arm64", "arm", "386", "ppc64le", "s390x", "riscv64");
    }

    @ParameterizedTest
    @CsvSource({
            "linux/amd64, linux/amd64",
            "linux/arm64/v8, linux/arm64/v8",
            "linux/arm64, linux/arm64/v8",
            "linux/aarch64, linux/arm64/v8",
            "Linux/X86_64, linux/amd64",
            "linux/arm, linux/arm/v7",
            "linux/arm/v6, linux/arm/v6",
            "linux/armhf, linux/arm/v7",
            "linux/i386, linux/386",
            "' linux/amd64 ', linux/amd64",
    })
    void parseNormalises(String text, String expected) {
        assertThat(Platform.parse(text).toString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "linux", "linux/", "/amd64", "linux/amd64/v8/x", "linux//amd64", "linux/am d64", "linux/amd64;rm"})
    void parseRejectsWithAClearMessage(String text) {
        assertThatThrownBy(() -> Platform.parse(text))
                .isInstanceOf(BerthException.InvalidArgument.class)
                .hasMessageContaining("os/arch");
    }

    @Test
    void normalizeDropsDefaultVariants() {
        assertThat(new Platform("linux", "arm64", "v8").normalize()).isEqualTo(new Platform("linux", "arm64"));
        assertThat(new Platform("linux", "amd64", "v1").normalize()).isEqualTo(new Platform("linux", "amd64"));
        assertThat(new Platform("linux", "arm", null).normalize()).isEqualTo(new Platform("linux", "arm", "v7"));
        assertThat(new Platform("linux", "amd64", "").variant()).isNull();
    }
}
