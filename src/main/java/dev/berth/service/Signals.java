package dev.berth.service;

import dev.berth.model.BerthException;
import java.util.Locale;
import java.util.Map;

/** Linux signal names and numbers (x86-64 and arm64 share them), as the user types them. */
public final class Signals {

    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7),
            Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11),
            Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15),
            Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19),
            Map.entry("TSTP", 20), Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23),
            Map.entry("XCPU", 24), Map.entry("XFSZ", 25), Map.entry("VTALRM", 26), Map.entry("PROF", 27),
            Map.entry("WINCH", 28), Map.entry("IO", 29), Map.entry("POLL", 29), Map.entry("PWR", 30),
            Map.entry("SYS", 31));
    private static final int SIGRTMIN = 34;
    private static final int SIGRTMAX = 64;

    private Signals() {
    }

    /**
     * {@code SIGTERM}, {@code TERM}, {@code sigterm}, {@code 15}, {@code SIGRTMIN+3} → the number.
     *
     * @throws BerthException.InvalidArgument for anything else
     */
    public static int parse(String signal) {
        if (signal == null || signal.isBlank()) {
            throw new BerthException.InvalidArgument("a signal is needed (e.g. SIGTERM or 15)");
        }
        String s = signal.trim().toUpperCase(Locale.ROOT);
        if (s.chars().allMatch(Character::isDigit) && s.length() <= 3) {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= SIGRTMAX) {
                return n;
            }
        } else {
            String name = s.startsWith("SIG") ? s.substring(3) : s;
            Integer n = NUMBERS.get(name);
            if (n != null) {
                return n;
            }
            if (name.startsWith("RTMIN") || name.startsWith("RTMAX")) {
                String rest = name.substring(5);
                int base = name.startsWith("RTMIN") ? SIGRTMIN : SIGRTMAX;
                int off = 0;
                if (rest.matches("[+-][0-9]{1,2}")) {
                    off = Integer.parseInt(rest);
                } else if (!rest.isEmpty()) {
                    off = Integer.MIN_VALUE;
                }
                if (off != Integer.MIN_VALUE && base + off >= SIGRTMIN && base + off <= SIGRTMAX) {
                    return base + off;
                }
            }
        }
        throw new BerthException.InvalidArgument("signal \"" + Validation.printable(signal)
                + "\" is not known: use a name like SIGTERM or a number from 1 to " + SIGRTMAX);
    }

    /** The name of a signal number ({@code SIGTERM}), or the number as text. */
    public static String name(int signal) {
        for (Map.Entry<String, Integer> e : NUMBERS.entrySet()) {
            if (e.getValue() == signal && !e.getKey().equals("IOT") && !e.getKey().equals("POLL")) {
                return "SIG" + e.getKey();
            }
        }
        return Integer.toString(signal);
    }
}
