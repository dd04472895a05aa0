package dev.berth.oci;

import dev.berth.model.BerthException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DigestsTest {

    static final String EMPTY_SHA256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void sha256OfKnownInputs() {
        assertThat(Digests.sha256(new byte[0])).isEqualTo(EMPTY_SHA256);
        // printf 'a' | sha256sum
        assertThat(Digests.sha256("a")).isEqualTo("sha256:ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb");
        // printf 'hello' | sha512sum
        assertThat(Digests.of("sha512", "hello".getBytes(StandardCharsets.UTF_8))).isEqualTo(
                "sha512:9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043");
    }

    @Test
    void validDigests() {
        assertThat(Digests.isValid(EMPTY_SHA256)).isTrue();
        assertThat(Digests.isValid("sha512:" + "ab".repeat(64))).isTrue();
        assertThat(Digests.algorithm(EMPTY_SHA256)).isEqualTo("sha256");
        assertThat(Digests.hex(EMPTY_SHA256)).hasSize(64);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha256", "sha256:", ":abc", "sha256:abc",
            "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855a",
            "sha256:g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "sha512:abcd", "SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"})
    void invalidDigestsAreRejected(String digest) {
        assertThat(Digests.isValid(digest)).isFalse();
        assertThatThrownBy(() -> Digests.requireValid(digest)).isInstanceOf(BerthException.InvalidArgument.class)
                .hasMessageStartingWith("invalid digest");
        assertThatThrownBy(() -> Digests.requireValidContent(digest, "layer 3"))
                .isInstanceOf(BerthException.Registry.class).hasMessageStartingWith("layer 3 has an invalid digest");
    }

    @Test
    void unknownAlgorithmIsUnsupported() {
        assertThat(Digests.problem("md5:d41d8cd98f00b204e9800998ecf8427e")).hasValueSatisfying(p ->
                assertThat(p).contains("unsupported digest algorithm \"md5\""));
        assertThat(Digests.problem("blake3:" + "a".repeat(64))).hasValueSatisfying(p ->
                assertThat(p).contains("unsupported digest algorithm"));
    }

    @Test
    void chainIdsMatchSha256sum() {
        String a = "sha256:ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"; // printf 'a' | sha256sum
        String b = "sha256:3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d"; // printf 'b' | sha256sum
        String c = "sha256:2e7d2c03a9507ae265ecf5b5356885a53393a2029d241394997265a1a25aefc6"; // printf 'c' | sha256sum
        // C1 = printf '%s %s' "$A" "$B" | sha256sum
        String c1 = "sha256:51c0c8ace48498d6f5fee6b0592cc06f2da0f3cbe09c5a34a97dce85c3889676";
        // C2 = printf '%s %s' "$C1" "$C" | sha256sum
        String c2 = "sha256:2fce7f8ce91bcf0a1428b36e1024639fdbd9469eea762dba98aa749631885106";
        assertThat(Digests.chainIds(List.of(a, b, c))).containsExactly(a, c1, c2);
        assertThat(Digests.chainIds(List.of(a))).containsExactly(a);
        assertThat(Digests.chainIds(List.of())).isEmpty();
        assertThatThrownBy(() -> Digests.chainIds(List.of(a, "sha256:nothex")))
                .isInstanceOf(BerthException.Registry.class).hasMessageContaining("diff ID 1");
    }

    @Test
    void verifyDetectsMismatch() {
        byte[] data = "a".getBytes(StandardCharsets.UTF_8);
        Digests.verify(data, Digests.sha256("a"), "blob");
        assertThat(Digests.matches(data, Digests.sha256("a"))).isTrue();
        assertThatThrownBy(() -> Digests.verify(data, EMPTY_SHA256, "blob"))
                .isInstanceOf(BerthException.Registry.class)
                .hasMessageContaining(EMPTY_SHA256).hasMessageContaining("does not match");
    }

    @Test
    void digestingInputStreamVerifiesSizeAndDigest() throws Exception {
        byte[] data = "hello, world".getBytes(StandardCharsets.UTF_8);
        String digest = Digests.sha256(data);
        try (DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data), digest, data.length)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
            assertThat(in.count()).isEqualTo(data.length);
            assertThat(in.digest()).isEqualTo(digest);
            in.verify();
        }
        // wrong content
        DigestingInputStream wrong = new DigestingInputStream(new ByteArrayInputStream("hello, World".getBytes(StandardCharsets.UTF_8)), digest, data.length);
        wrong.readAllBytes();
        assertThatThrownBy(wrong::verify).isInstanceOf(BerthException.Registry.class).hasMessageContaining("does not match");
        // short
        DigestingInputStream shortIn = new DigestingInputStream(new ByteArrayInputStream(data, 0, 5), digest, data.length);
        shortIn.readAllBytes();
        assertThatThrownBy(shortIn::verify).isInstanceOf(BerthException.Registry.class).hasMessageContaining("ended after 5 of 12 bytes");
        // longer than declared: refused while reading, not buffered
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };
        DigestingInputStream tooLong = new DigestingInputStream(endless, digest, data.length);
        assertThatThrownBy(tooLong::readAllBytes).isInstanceOf(BerthException.Registry.class).hasMessageContaining("larger than");
    }
}
