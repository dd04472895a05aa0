package dev.berth.registry;

import dev.berth.model.BerthException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerConfigCredentialsTest {

    @TempDir
    Path dir;
    Path config;
    Path bin;

    @BeforeEach
    void setUp() throws IOException {
        config = dir.resolve("config.json");
        bin = Files.createDirectories(dir.resolve("bin"));
    }

    /** Writes an executable {@code docker-credential-<name>} shell script with the given body. */
    static Path helper(Path bin, String name, String body) throws IOException {
        Path p = bin.resolve("docker-credential-" + name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    DockerConfigCredentials provider() {
        return new DockerConfigCredentials(config, List.of(dir.resolve("nothing-here"), bin), Duration.ofSeconds(10));
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    void write(String json) throws IOException {
        Files.writeString(config, json.replace('\'', '"'));
    }

    @Test
    void aMissingFileMeansNoCredentials() {
        assertThat(provider().lookup("registry-1.docker.io")).isEmpty();
    }

    @Test
    void authEntriesMatchedByHost() throws IOException {
        write("{'auths': {"
                + "'https://index.docker.io/v1/': {'auth': '" + b64("hubuser:hub:pass") + "'},"
                + "'http://reg.example.com:5000/v2/': {'username': 'u2', 'password': 'p2'},"
                + "'ghcr.io': {'identitytoken': 'idtok'},"
                + "'empty.example.com': {}}}");
        DockerConfigCredentials p = provider();
        assertThat(p.lookup("registry-1.docker.io")).contains(new Credentials("hubuser", "hub:pass"));
        assertThat(p.lookup("docker.io")).contains(new Credentials("hubuser", "hub:pass"));
        assertThat(p.lookup("reg.example.com:5000")).contains(new Credentials("u2", "p2"));
        assertThat(p.lookup("reg.example.com")).isEmpty();
        assertThat(p.lookup("GHCR.io")).contains(new Credentials("", "idtok"));
        assertThat(p.lookup("ghcr.io").orElseThrow().isIdentityToken()).isTrue();
        assertThat(p.lookup("empty.example.com")).isEmpty();
        assertThat(p.lookup("quay.io")).isEmpty();
    }

    @Test
    void credentialsNeverShowTheSecret() {
        Credentials c = new Credentials("bob", "hunter2");
        assertThat(c.toString()).contains("bob").doesNotContain("hunter2").contains("<redacted>");
    }

    @Test
    void aBrokenFileIsNamedButNotQuoted() throws IOException {
        Files.writeString(config, "{\"auths\": {\"x\": {\"auth\": \"c2VjcmV0\" oops-secret-text}}}");
        assertThatThrownBy(() -> provider().lookup("x"))
                .isInstanceOf(BerthException.Registry.class)
                .hasMessageContaining(config.toString())
                .hasMessageContaining("not valid JSON (line 1")
                .hasMessageNotContaining("oops-secret-text")
                .hasMessageNotContaining("c2VjcmV0");
        Files.writeString(config, "[]");
        assertThatThrownBy(() -> provider().lookup("x")).isInstanceOf(BerthException.Registry.class)
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void aBadAuthEntryIsAClearError() throws IOException {
        write("{'auths': {'x.io': {'auth': '!!!notbase64'}}}");
        assertThatThrownBy(() -> provider().lookup("x.io")).isInstanceOf(BerthException.Registry.class)
                .hasMessageContaining("not valid base64").hasMessageNotContaining("!!!notbase64");
        write("{'auths': {'x.io': {'auth': '" + b64("nocolon") + "'}}}");
        assertThatThrownBy(() -> provider().lookup("x.io")).isInstanceOf(BerthException.Registry.class)
                .hasMessageContaining("user:password").hasMessageNotContaining("nocolon");
    }

    @Test
    void credHelpersRunTheHelperWithTheHostOnStdin() throws IOException {
        Path log = dir.resolve("helper.log");
        helper(bin, "pass", "echo \"$@\" > " + log + "; read server; echo \"$server\" >> " + log
                + "; echo '{\"ServerURL\":\"x\",\"Username\":\"hu\",\"Secret\":\"hs\"}'");
        write("{'credHelpers': {'reg.example.com': 'pass'}, 'auths': {'reg.example.com': {'auth': '" + b64("file:pw") + "'}}}");
        assertThat(provider().lookup("reg.example.com")).contains(new Credentials("hu", "hs"));
        assertThat(Files.readAllLines(log)).containsExactly("get", "reg.example.com");
        // other hosts do not use it
        assertThat(provider().lookup("other.example.com")).isEmpty();
    }

    @Test
    void credsStoreServesDockerHubUnderItsV1Url() throws IOException {
        Path log = dir.resolve("helper.log");
        helper(bin, "desktop", "read server; echo \"$server\" > " + log + "; echo '{\"Username\":\"<token>\",\"Secret\":\"refresh\"}'");
        write("{'credsStore': 'desktop'}");
        assertThat(provider().lookup("registry-1.docker.io")).contains(new Credentials("", "refresh"));
        assertThat(Files.readString(log).trim()).isEqualTo("https://index.docker.io/v1/");
    }

    @Test
    void helperNotFoundForTheHostFallsBackToAuths() throws IOException {
        helper(bin, "desktop", "echo 'credentials not found in native keychain'; exit 1");
        write("{'credsStore': 'desktop', 'auths': {'reg.example.com': {'auth': '" + b64("file:pw") + "'}}}");
        assertThat(provider().lookup("reg.example.com")).contains(new Credentials("file", "pw"));
        assertThat(provider().lookup("other.example.com")).isEmpty();
    }

    @Test
    void aMissingHelperIsAClearError() throws IOException {
        write("{'credsStore': 'nonexistent'}");
        assertThatThrownBy(() -> provider().lookup("reg.example.com")).isInstanceOf(BerthException.Registry.class)
                .hasMessageContaining("docker-credential-nonexistent").hasMessageContaining("not installed");
    }

    @Test
    void helperGarbageIsAnErrorThatDoesNotQuoteTheOutput() throws IOException {
        helper(bin, "garbage", "echo 'Secret: topsecret-value not json'");
        write("{'credsStore': 'garbage'}");
        assertThatThrownBy(() -> provider().lookup("reg.example.com")).isInstanceOf(BerthException.Registry.class)
                .hasMessageContaining("not the expected JSON").hasMessageNotContaining("topsecret-value");
    }

    @Test
    void aFailingHelperIsReported() throws IOException {
        helper(bin, "broken", "echo 'error getting credentials - dbus not running' >&2; exit 3");
        write("{'credsStore': 'broken'}");
        assertThatThrownBy(() -> provider().lookup("reg.example.com")).isInstanceOf(BerthException.Registry.class)
                .hasMessageContaining("exit status 3").hasMessageContaining("dbus not running");
    }

    @Test
    void aHangingHelperTimesOut() throws IOException {
        helper(bin, "slow", "sleep 30");
        write("{'credsStore': 'slow'}");
        DockerConfigCredentials p = new DockerConfigCredentials(config, List.of(bin), Duration.ofMillis(500));
        long start = System.nanoTime();
        assertThatThrownBy(() -> p.lookup("reg.example.com")).isInstanceOf(BerthException.Registry.class)
                .hasMessageContaining("did not answer");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void helperNamesCannotEscapeTheSearchPath() throws IOException {
        write("{'credsStore': '../../bin/sh'}");
        assertThatThrownBy(() -> provider().lookup("reg.example.com")).isInstanceOf(BerthException.Registry.class)
                .hasMessageContaining("invalid credential helper name");
    }

    @Test
    void defaultLocations() {
        assertThat(DockerConfigCredentials.defaultConfigFile("/etc/dc", "/home/u")).isEqualTo(Path.of("/etc/dc/config.json"));
        assertThat(DockerConfigCredentials.defaultConfigFile(null, "/home/u")).isEqualTo(Path.of("/home/u/.docker/config.json"));
        assertThat(DockerConfigCredentials.pathDirs("/a:/b::/c")).containsExactly(Path.of("/a"), Path.of("/b"), Path.of("/c"));
        assertThat(DockerConfigCredentials.fromEnvironment().configFile()).isNotNull();
    }
}
