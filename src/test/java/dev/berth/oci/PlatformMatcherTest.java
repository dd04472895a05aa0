package dev.berth.oci;

import dev.berth.model.BerthException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformMatcherTest {

    private static int n;

    private static Descriptor entry(String platform) {
        String digest = Digests.sha256("entry " + (n++));
        Platform p = platform == null ? null : platformOf(platform);
        return new Descriptor(MediaTypes.OCI_MANIFEST, digest, 100, Map.of(), p, List.of());
    }

    private static Platform platformOf(String s) {
        String[] parts = s.split("/");
        return new Platform(parts[0], parts[1], parts.length > 2 ? parts[2] : null);
    }

    private static String platformOf(Descriptor d) {
        return d.platform() == null ? "none" : d.platform().toString();
    }

    @Test
    void amd64PrefersAmd64AndAccepts386AsFallback() {
        PlatformMatcher m = PlatformMatcher.of(Platform.parse("linux/amd64"));
        Descriptor i386 = entry("linux/386");
        Descriptor amd64 = entry("linux/amd64");
        Descriptor arm64 = entry("linux/arm64/v8");
        assertThat(m.best(List.of(i386, arm64, amd64))).contains(amd64);
        assertThat(m.best(List.of(arm64, i386))).contains(i386);
        assertThat(m.filter(List.of(arm64, i386, amd64))).containsExactly(amd64, i386);
        assertThat(m.matches(new Platform("linux", "arm64"))).isFalse();
        assertThat(m.matches(new Platform("windows", "amd64"))).isFalse();
    }

    @Test
    void amd64VariantsAcceptLowerLevels() {
        PlatformMatcher m = PlatformMatcher.of(new Platform("linux", "amd64", "v3"));
        assertThat(m.accepted()).extracting(Platform::toString)
                .containsExactly("linux/amd64/v3", "linux/amd64/v2", "linux/amd64", "linux/386");
        assertThat(m.matches(new Platform("linux", "amd64", "v4"))).isFalse();
        // a plain amd64 request does not take a v2 build
        assertThat(PlatformMatcher.of(Platform.parse("linux/amd64")).matches(new Platform("linux", "amd64", "v2"))).isFalse();
    }

    @Test
    void arm64MatchesWithAndWithoutV8AndFallsBackTo32BitArm() {
        PlatformMatcher m = PlatformMatcher.of(Platform.parse("linux/arm64/v8"));
        Descriptor plain = entry("linux/arm64");
        Descriptor v8 = entry("linux/arm64/v8");
        Descriptor armv7 = entry("linux/arm/v7");
        assertThat(m.matches(plain.platform())).isTrue();
        assertThat(m.matches(v8.platform())).isTrue();
        assertThat(m.filter(List.of(armv7, v8, plain))).containsExactly(v8, plain, armv7);
        assertThat(m.rank(armv7.platform())).isGreaterThan(m.rank(plain.platform()));
    }

    @Test
    void armV7AcceptsV6AndV5ButNotV8() {
        PlatformMatcher m = PlatformMatcher.of(Platform.parse("linux/arm/v7"));
        Descriptor v5 = entry("linux/arm/v5");
        Descriptor v6 = entry("linux/arm/v6");
        Descriptor v8 = entry("linux/arm/v8");
        assertThat(m.filter(List.of(v5, v8, v6)).stream().map(PlatformMatcherTest::platformOf))
                .containsExactly("linux/arm/v6", "linux/arm/v5");
        // "arm" with no variant is arm/v7
        assertThat(m.matches(new Platform("linux", "arm"))).isTrue();
    }

    @Test
    void entriesWithoutPlatformAreKeptButRankedLast() {
        PlatformMatcher m = PlatformMatcher.of(Platform.parse("linux/amd64"));
        Descriptor none = entry(null);
        Descriptor attestation = entry("unknown/unknown");
        Descriptor amd64 = entry("linux/amd64");
        assertThat(m.filter(List.of(none, attestation, amd64))).containsExactly(amd64, none);
        assertThat(m.best(List.of(attestation, none))).contains(none);
    }

    @Test
    void equalRanksKeepIndexOrder() {
        PlatformMatcher m = PlatformMatcher.of(Platform.parse("linux/amd64"));
        Descriptor first = entry("linux/amd64");
        Descriptor second = entry("linux/amd64");
        assertThat(m.best(List.of(first, second))).contains(first);
    }

    @Test
    void selectNamesWhatTheIndexOffers() {
        PlatformMatcher m = PlatformMatcher.of(Platform.parse("linux/s390x"));
        ImageIndex index = new ImageIndex(2, MediaTypes.OCI_INDEX,
                List.of(entry("linux/amd64"), entry("linux/arm64/v8"), entry("linux/arm64/v8")), Map.of());
        assertThatThrownBy(() -> m.select(index, "docker.io/library/x:1"))
                .isInstanceOf(BerthException.NotFound.class)
                .hasMessage("no image for platform linux/s390x in docker.io/library/x:1; it offers linux/amd64, linux/arm64/v8");
    }
}
