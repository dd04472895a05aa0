package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every command and subcommand answers --help (the README's command-line reference is made from these). */
class CliHelpTest {

    static final List<String> COMMANDS = List.of("", "version", "ns", "ns ls", "images", "images ls", "images pull",
            "images rm", "images check", "containers", "containers ls", "containers create", "containers rm",
            "containers commit", "containers versions", "containers rollback", "containers rm-version", "tasks", "tasks ls",
            "tasks start", "tasks stop", "tasks kill", "tasks pause", "tasks resume", "tasks rm", "snapshots",
            "snapshots ls", "snapshots tree", "snapshots commit", "snapshots prepare", "snapshots mounts",
            "snapshots usage", "snapshots rm", "logs", "stats", "net", "net up", "net down", "net ip");

    @Test
    void everyCommandHasHelp() {
        for (String c : COMMANDS) {
            List<String> args = new java.util.ArrayList<>(c.isEmpty() ? List.of() : List.of(c.split(" ")));
            args.add("--help");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Cli.run(args.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true),
                    Map.of("CONTAINERD_ADDRESS", "/nonexistent/berth-help.sock"));
            assertThat(code).as("berth " + c + " --help: " + err).isZero();
            assertThat(out.toString()).as("berth " + c + " --help").startsWith("Usage: berth" + (c.isEmpty() ? "" : " " + c));
        }
    }
}
