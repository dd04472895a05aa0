package dev.berth.registry;

import dev.berth.model.BerthException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageReferenceTest {

    static final String D = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "nginx                              | docker.io/library/nginx:latest               | nginx:latest",
            "nginx:1.25                         | docker.io/library/nginx:1.25                 | nginx:1.25",
            "library/nginx                      | docker.io/library/nginx:latest               | nginx:latest",
            "docker.io/nginx                    | docker.io/library/nginx:latest               | nginx:latest",
            "index.docker.io/library/nginx:1    | docker.io/library/nginx:1                    | nginx:1",
            "user/app                           | docker.io/user/app:latest                    | user/app:latest",
            "user/app/sub:v2                    | docker.io/user/app/sub:v2                    | user/app/sub:v2",
            "library/a/b                        | docker.io/library/a/b:latest                 | library/a/b:latest",
            "localhost/x                        | localhost/x:latest                           | localhost/x:latest",
            "localhost:5000/x                   | localhost:5000/x:latest                      | localhost:5000/x:latest",
            "localhost:5000                     | docker.io/library/localhost:5000             | localhost:5000",
            "host:5000/a/b:tag                  | host:5000/a/b:tag                            | host:5000/a/b:tag",
            "registry.example.com/team/app:1.0  | registry.example.com/team/app:1.0            | registry.example.com/team/app:1.0",
            "Registry.Example.com/team/app      | registry.example.com/team/app:latest         | registry.example.com/team/app:latest",
            "127.0.0.1:5000/test/busybox:1      | 127.0.0.1:5000/test/busybox:1                | 127.0.0.1:5000/test/busybox:1",
            "[::1]:5000/x                       | [::1]:5000/x:latest                          | [::1]:5000/x:latest",
            "a.b-c__d---e:Tag_1.x-y             | docker.io/library/a.b-c__d---e:Tag_1.x-y     | a.b-c__d---e:Tag_1.x-y",
            "nginx@" + D + "                    | docker.io/library/nginx@" + D + "            | nginx@" + D,
            "nginx:1.25@" + D + "               | docker.io/library/nginx@" + D + "            | nginx@" + D,
            "ghcr.io/o/r:t@" + D + "            | ghcr.io/o/r@" + D + "                        | ghcr.io/o/r@" + D,
    })
    void normalisesAsDockerDoes(String input, String normalised, String familiar) {
        ImageReference ref = ImageReference.parse(input);
        assertThat(ref.toString()).isEqualTo(normalised);
        assertThat(ref.familiar()).isEqualTo(familiar);
        assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
        assertThat(ImageReference.parse(ref.familiar())).isEqualTo(ref);
    }

    @Test
    void partsAndHosts() {
        ImageReference nginx = ImageReference.parse("nginx");
        assertThat(nginx.domain()).isEqualTo("docker.io");
        assertThat(nginx.repository()).isEqualTo("library/nginx");
        assertThat(nginx.tag()).isEqualTo("latest");
        assertThat(nginx.digest()).isNull();
        assertThat(nginx.object()).isEqualTo("latest");
        assertThat(nginx.registryHost()).isEqualTo("registry-1.docker.io");
        assertThat(nginx.isLoopback()).isFalse();

        ImageReference pinned = nginx.withDigest(D);
        assertThat(pinned.toString()).isEqualTo("docker.io/library/nginx@" + D);
        assertThat(pinned.tag()).isNull();
        assertThat(pinned.object()).isEqualTo(D);
        assertThat(pinned.withTag("2").toString()).isEqualTo("docker.io/library/nginx:2");

        ImageReference local = ImageReference.parse("localhost:5000/x:1");
        assertThat(local.registryHost()).isEqualTo("localhost:5000");
        assertThat(local.isLoopback()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"localhost, true", "localhost:5000, true", "127.0.0.1, true", "127.0.0.1:5000, true", "127.1.2.3:80, true",
            "[::1]:5000, true", "[::1], true", "::1, true", "[0:0:0:0:0:0:0:1]:5000, true",
            "128.0.0.1, false", "127.0.0.1.example.com, false", "localhost.example.com, false", "10.0.0.1:5000, false",
            "example.com, false", "[::2]:5000, false", "127.0.0.256, false", "docker.io, false"})
    void loopbackHosts(String host, boolean loopback) {
        assertThat(ImageReference.isLoopbackHost(host)).isEqualTo(loopback);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "''                                   | empty image reference",
            "'   '                                | empty image reference",
            "Nginx                                | repository names must be lowercase",
            "user/App:1                           | repository names must be lowercase",
            "docker.io/Library/nginx              | repository names must be lowercase",
            "nginx:                               | invalid tag",
            "nginx:-x                             | invalid tag",
            "nginx:.x                             | invalid tag",
            "nginx:a/b                            | invalid registry port",
            "nginx@                               | nothing after '@'",
            "nginx@sha256:abc                     | invalid digest: a sha256 digest has exactly 64",
            "nginx@md5:d41d8cd98f00b204e9800998ecf8427e | unsupported digest algorithm",
            "@" + D + "                           | the repository name is missing",
            ":tag                                 | the repository name is missing",
            "a//b                                 | empty part",
            "a/b/                                 | empty part",
            "/a                                   | empty part",
            "a__-b                                | invalid repository name part",
            "-a                                   | invalid repository name part",
            "a-                                   | invalid repository name part",
            "a..b                                 | invalid repository name part",
            "a___b                                | invalid repository name part",
            "ex_ample.com/a                       | invalid registry host",
            "-example.com/a                       | invalid registry host",
            "example.com:99999/a                  | invalid registry port",
            "example.com:/a                       | invalid registry port",
            "example.com:x/a                      | invalid registry port",
            "[zz]:5000/a                          | is not an IPv6 address",
            "[::1/a                               | '[' without ']'",
            "ngi nx                               | space or control character",
            "nginx:1 ;rm                          | space or control character",
            "ngïnx                                | non-ASCII",
            "https://registry.example.com/x       | no URL scheme",
            "https://user:pw@registry.example.com/x | no URL scheme",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 | cannot be 64 hex digits",
            "a$b                                  | invalid repository name part",
    })
    void rejectsWithAMessageNamingTheProblem(String input, String message) {
        assertThatThrownBy(() -> ImageReference.parse(input))
                .isInstanceOf(BerthException.InvalidArgument.class)
                .hasMessageContaining(message);
    }

    @Test
    void aUrlWithCredentialsIsNeverEchoed() {
        assertThatThrownBy(() -> ImageReference.parse("https://user:hunter2@registry.example.com/x"))
                .isInstanceOf(BerthException.InvalidArgument.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void lengthLimits() {
        String name255 = "example.com/" + "a".repeat(255 - "example.com/".length());
        assertThat(ImageReference.parse(name255).name()).hasSize(255);
        assertThatThrownBy(() -> ImageReference.parse(name255 + "a"))
                .isInstanceOf(BerthException.InvalidArgument.class)
                .hasMessageContaining("256 characters long; at most 255");
        // docker.io/library/ counts too
        assertThatThrownBy(() -> ImageReference.parse("a".repeat(240)))
                .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("at most 255");
        assertThat(ImageReference.parse("x:" + "t".repeat(128)).tag()).hasSize(128);
        assertThatThrownBy(() -> ImageReference.parse("x:" + "t".repeat(129)))
                .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("invalid tag");
        assertThatThrownBy(() -> ImageReference.parse("x".repeat(5000)))
                .isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining("far too long");
    }

    // ---- properties

    @Provide
    Arbitrary<String> component() {
        Arbitrary<String> alnum = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofMinLength(1).ofMaxLength(6);
        Arbitrary<String> sep = Arbitraries.of(".", "_", "__", "-", "--", "---");
        return Combinators.combine(alnum, sep, alnum, Arbitraries.integers().between(0, 1))
                .as((a, s, b, two) -> two == 0 ? a : a + s + b);
    }

    @Provide
    Arbitrary<String> domain() {
        Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> host = label.list().ofMinSize(2).ofMaxSize(3).map(l -> String.join(".", l));
        Arbitrary<String> port = Arbitraries.integers().between(1, 65535).map(p -> ":" + p).injectNull(0.5);
        Arbitrary<String> base = Arbitraries.oneOf(host, Arbitraries.of("localhost", "127.0.0.1", "[::1]"));
        return Combinators.combine(base, port).as((h, p) -> p == null ? h : h + p);
    }

    @Provide
    Arbitrary<String> validReference() {
        Arbitrary<String> path = component().list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("/", l));
        Arbitrary<String> tag = Arbitraries.strings().withChars("abcXYZ019_.-").ofMinLength(0).ofMaxLength(20)
                .map(t -> "v" + t).injectNull(0.3);
        Arbitrary<String> digest = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64).map(h -> "sha256:" + h).injectNull(0.6);
        Arbitrary<String> dom = domain().injectNull(0.4);
        return Combinators.combine(dom, path, tag, digest).as((d, p, t, dg) ->
                (d == null ? "" : d + "/") + p + (t == null ? "" : ":" + t) + (dg == null ? "" : "@" + dg));
    }

    @Property(tries = 500)
    void validReferencesParseAndRoundTrip(@ForAll("validReference") String input) {
        ImageReference ref = ImageReference.parse(input);
        assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
        assertThat(ImageReference.parse(ref.familiar())).isEqualTo(ref);
        assertThat(ref.tag() == null).isEqualTo(ref.digest() != null);
        assertThat(ref.toString()).startsWith(ref.domain() + "/");
        if (input.contains("@")) {
            assertThat(ref.digest()).isEqualTo(input.substring(input.indexOf('@') + 1));
        }
    }

    @Property(tries = 500)
    void anyTextEitherParsesOrIsInvalidArgument(@ForAll("anyText") String input) {
        try {
            ImageReference ref = ImageReference.parse(input);
            assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
            assertThat(ref.name().length()).isLessThanOrEqualTo(255);
        } catch (BerthException.InvalidArgument e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> anyText() {
        Arbitrary<String> noisy = Arbitraries.strings().withChars("aZ09:/@._-[]% \tü").ofMaxLength(40);
        Arbitrary<String> mutated = Combinators.combine(validReference(), Arbitraries.integers().between(0, 40),
                        Arbitraries.of(":", "/", "@", "A", ".", "-", "_", "//", "", " "))
                .as((s, pos, ins) -> {
                    int p = Math.min(pos, s.length());
                    return s.substring(0, p) + ins + s.substring(p);
                });
        return Arbitraries.oneOf(noisy, mutated, Arbitraries.strings().ofMaxLength(30));
    }

    @Test
    void constructorChecksTagXorDigest() {
        assertThatThrownBy(() -> new ImageReference("docker.io", "library/x", null, null)).isInstanceOf(BerthException.InvalidArgument.class);
        assertThatThrownBy(() -> new ImageReference("docker.io", "library/x", "1", D)).isInstanceOf(BerthException.InvalidArgument.class);
        assertThat(List.of(new ImageReference("docker.io", "library/x", "1", null).familiar())).containsExactly("x:1");
    }
}
