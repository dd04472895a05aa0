package dev.berth.cni;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Fake CNI plugins for unit tests of the executor: small executables written to a temp dir. Each one
 * records its stdin and CNI environment per command in the state dir and appends "COMMAND type" to
 * {@code log}, then behaves as told.
 */
final class FakePlugins {

    final Path bin;
    final Path state;

    FakePlugins(Path dir) throws IOException {
        this.bin = Files.createDirectories(dir.resolve("bin"));
        this.state = Files.createDirectories(dir.resolve("state"));
    }

    /** A plugin that answers ADD with {@code result} and succeeds on everything else. */
    FakePlugins ok(String type, String result) throws IOException {
        return write(type, "if [ \"$CNI_COMMAND\" = ADD ]; then printf '%s' '" + result + "'; fi\nexit 0\n");
    }

    /** A plugin whose ADD fails with the CNI error JSON; DEL succeeds. */
    FakePlugins failing(String type, int code, String msg, String details) throws IOException {
        String json = "{\"cniVersion\":\"1.0.0\",\"code\":" + code + ",\"msg\":\"" + msg + "\",\"details\":\"" + details + "\"}";
        return write(type, "if [ \"$CNI_COMMAND\" = ADD ]; then printf '%s' '" + json + "'; exit 1; fi\nexit 0\n");
    }

    /** A plugin whose DEL fails with the CNI error JSON; ADD returns {@code result}. */
    FakePlugins failingDel(String type, String result, String msg) throws IOException {
        String json = "{\"cniVersion\":\"1.0.0\",\"code\":999,\"msg\":\"" + msg + "\"}";
        return write(type, "if [ \"$CNI_COMMAND\" = ADD ]; then printf '%s' '" + result + "'; exit 0; fi\n"
                + "if [ \"$CNI_COMMAND\" = DEL ]; then printf '%s' '" + json + "'; exit 1; fi\nexit 0\n");
    }

    /** A plugin whose ADD writes {@code text} to stderr and exits {@code exit}, with nothing on stdout. */
    FakePlugins stderrFailing(String type, String text, int exit) throws IOException {
        return write(type, "if [ \"$CNI_COMMAND\" = ADD ]; then echo '" + text + "' >&2; exit " + exit + "; fi\nexit 0\n");
    }

    /** A plugin whose ADD starts a child that sleeps, records both pids and waits (it never answers). */
    FakePlugins hanging(String type) throws IOException {
        return write(type, "if [ \"$CNI_COMMAND\" = ADD ]; then\n"
                + "  echo $$ > \"$state/" + type + ".pid\"\n"
                + "  sleep 300 &\n"
                + "  echo $! > \"$state/" + type + ".child\"\n"
                + "  wait\n"
                + "fi\nexit 0\n");
    }

    /** A plugin whose ADD succeeds with output that is not a CNI result. */
    FakePlugins garbage(String type, String output) throws IOException {
        return write(type, "if [ \"$CNI_COMMAND\" = ADD ]; then printf '%s' '" + output + "'; fi\nexit 0\n");
    }

    private FakePlugins write(String type, String body) throws IOException {
        String script = "#!/bin/sh\n"
                + "state='" + state + "'\n"
                + "cat > \"$state/" + type + ".$CNI_COMMAND.stdin\"\n"
                + "env | grep '^CNI_' | sort > \"$state/" + type + ".$CNI_COMMAND.env\"\n"
                + "echo \"$CNI_COMMAND " + type + "\" >> \"$state/log\"\n"
                + body;
        Path p = bin.resolve(type);
        Files.writeString(p, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return this;
    }

    /** The calls so far, "COMMAND type" each. */
    List<String> log() throws IOException {
        Path log = state.resolve("log");
        return Files.exists(log) ? Files.readAllLines(log) : new ArrayList<>();
    }

    String stdin(String type, String command) throws IOException {
        return Files.readString(state.resolve(type + "." + command + ".stdin"));
    }

    List<String> env(String type, String command) throws IOException {
        return Files.readAllLines(state.resolve(type + "." + command + ".env"));
    }

    long pid(String file) throws IOException {
        return Long.parseLong(Files.readString(state.resolve(file)).strip());
    }
}
