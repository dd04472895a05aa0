package dev.berth.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.Cli;
import dev.berth.model.BerthException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** What every bad input must give: a clear BerthException of an expected kind, or a one-line CLI error. */
final class Checks {

    /** Longest message accepted as "clear" (CNI plugin errors are clipped at 2000 characters by design). */
    static final int MAX_MESSAGE = 2100;

    private Checks() {
    }

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    /**
     * Runs {@code action}, which must throw a BerthException of one of {@code kinds} with a clear
     * message (not blank, bounded, no control characters but line breaks and tabs). Anything else —
     * no error, another exception type, another kind — fails with the exception attached.
     */
    static BerthException expect(Set<BerthException.Kind> kinds, Action action) {
        Throwable thrown = null;
        try {
            action.run();
        } catch (Throwable t) {
            thrown = t;
        }
        if (thrown == null) {
            throw new AssertionError("expected a BerthException (" + kinds + "), but it succeeded");
        }
        if (!(thrown instanceof BerthException)) {
            throw new AssertionError("expected a BerthException (" + kinds + "), got " + thrown.getClass().getName(), thrown);
        }
        BerthException b = (BerthException) thrown;
        if (!kinds.contains(b.kind())) {
            throw new AssertionError("expected a BerthException of kind " + kinds + ", got " + b.kind() + ": " + b.getMessage(), b);
        }
        clearMessage(b.getMessage(), b);
        return b;
    }

    static BerthException expect(BerthException.Kind kind, Action action) {
        return expect(Set.of(kind), action);
    }

    static void clearMessage(String m, Throwable cause) {
        if (m == null || m.isBlank()) {
            throw new AssertionError("the error has no message", cause);
        }
        if (m.length() > MAX_MESSAGE) {
            throw new AssertionError("the message is " + m.length() + " characters long: " + m.substring(0, 200) + "...", cause);
        }
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                throw new AssertionError("the message holds control character U+" + String.format("%04X", (int) c)
                        + " at " + i + ": " + printable(m), cause);
            }
        }
        if (m.startsWith("java.") || m.contains("\tat ") || m.contains("\n\tat")) {
            throw new AssertionError("the message reads like a stack trace: " + printable(m), cause);
        }
    }

    /** The result of one command line run in-process. */
    record CliRun(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().collect(Collectors.toList());
        }
    }

    static CliRun cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
        return new CliRun(code, out.toString(), err.toString());
    }

    /**
     * Runs the command line, which must exit with {@code exit} and print one error line {@code berth: ...}
     * (a usage error may add picocli's hint lines) and nothing on stdout.
     */
    static CliRun expectCli(Map<String, String> env, int exit, String... args) {
        CliRun r = cli(env, args);
        String shown = Arrays.stream(args).map(Checks::printable).collect(Collectors.joining(" "));
        assertThat(r.exit()).as("exit code of berth " + shown + " (stderr: " + printable(r.err()) + ")").isEqualTo(exit);
        assertThat(r.out()).as("stdout of berth " + shown).isEmpty();
        List<String> lines = r.errLines();
        assertThat(lines).as("stderr of berth " + shown).isNotEmpty();
        assertThat(lines.get(0)).as("error line of berth " + shown).startsWith("berth: ");
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i);
            boolean hint = exit == Cli.USAGE && (l.startsWith("Run '") || l.startsWith("Did you mean") || l.startsWith("Possible solutions")
                    || l.startsWith("    ") || l.isBlank());
            assertThat(hint).as("berth " + shown + " printed more than one error line: " + printable(r.err())).isTrue();
        }
        String line = lines.get(0);
        for (int i = 0; i < line.length(); i++) {
            assertThat(Character.isISOControl(line.charAt(i)))
                    .as("control character U+%04X in the error line of berth %s: %s", (int) line.charAt(i), shown, printable(line))
                    .isFalse();
        }
        return r;
    }

    /** Control characters as \\uXXXX, long text cut: safe to print in a test report. */
    static String printable(String s) {
        return printable(s, 120);
    }

    static String printable(String s, int max) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (i < s.length()) {
            sb.append("... (").append(s.length()).append(" chars)");
        }
        return sb.toString();
    }
}
