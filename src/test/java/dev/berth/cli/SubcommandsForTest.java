package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Only the subcommands a command line names are built; help and misspellings still see them all. */
class SubcommandsForTest {

    @Test
    void namedSubcommandsAndAliasesOnly() {
        assertThat(Cli.subcommandsFor(new String[] {"--namespace", "x", "images", "ls"})).containsExactly(ImagesCommand.class);
        assertThat(Cli.subcommandsFor(new String[] {"c", "ls"})).containsExactly(ContainersCommand.class);
        assertThat(Cli.subcommandsFor(new String[] {"-n", "logs", "images", "ls"}))
                .as("a namespace spelt like a subcommand only adds that one").containsExactly(ImagesCommand.class, LogsCommand.class);
    }

    @Test
    void helpAndUnknownWordsGetAll() {
        assertThat(Cli.subcommandsFor(new String[] {"--help"})).isEqualTo(BerthCommand.SUBCOMMANDS);
        assertThat(Cli.subcommandsFor(new String[] {"imags", "ls"})).isEqualTo(BerthCommand.SUBCOMMANDS);
    }

    @Test
    void aMisspeltSubcommandIsStillSuggested() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new String[] {"imags"}, new PrintWriter(out), new PrintWriter(err), Map.of());
        assertThat(code).isEqualTo(Cli.USAGE);
        assertThat(err.toString()).contains("images");
    }
}
