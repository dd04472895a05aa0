package dev.berth.app;

import dev.berth.cli.Cli;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The launcher. With no arguments (or only console options: --address, --namespace, --lang, --theme)
 * it opens the console; with a subcommand it runs headless. It is a
 * separate class from the JavaFX Application so that a plain class path can start it.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (ConsoleOptions.isConsoleOnly(args)) {
            BerthApplication.launchConsole(args);
            return;
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = Cli.run(args, out, err, System.getenv());
        System.exit(code);
    }
}
