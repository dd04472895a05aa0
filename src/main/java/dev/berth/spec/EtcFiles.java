package dev.berth.spec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /etc/passwd} and {@code /etc/group} read the way containerd's Go client reads them (through
 * runc's {@code libcontainer/user}): each line is trimmed and split on {@code :}; missing fields stay
 * empty; numbers that do not parse count as 0; blank lines are skipped; in the group file (only)
 * lines starting with {@code #} are skipped too.
 */
public final class EtcFiles {

    private EtcFiles() {
    }

    /** One passwd line: {@code name:password:uid:gid:gecos:home:shell}. */
    public record PasswdEntry(String name, long uid, long gid) {
    }

    /** One group line: {@code name:password:gid:member,member}. */
    public record GroupEntry(String name, long gid, List<String> members) {
        public GroupEntry {
            members = List.copyOf(members);
        }
    }

    public static List<PasswdEntry> parsePasswd(byte[] content) {
        List<PasswdEntry> out = new ArrayList<>();
        for (String line : lines(content)) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(":", -1);
            out.add(new PasswdEntry(f[0], f.length > 2 ? goAtoi(f[2]) : 0, f.length > 3 ? goAtoi(f[3]) : 0));
        }
        return out;
    }

    public static List<GroupEntry> parseGroup(byte[] content) {
        List<GroupEntry> out = new ArrayList<>();
        for (String line : lines(content)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(":", -1);
            List<String> members = f.length > 3 && !f[3].isEmpty() ? List.of(f[3].split(",", -1)) : List.of();
            out.add(new GroupEntry(f[0], f.length > 2 ? goAtoi(f[2]) : 0, members));
        }
        return out;
    }

    /** Lines with surrounding whitespace (Go's bytes.TrimSpace: ASCII space, \t \n \v \f \r) removed. */
    private static List<String> lines(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            out.add(trimSpace(line));
        }
        return out;
    }

    static String trimSpace(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && isSpace(s.charAt(b))) {
            b++;
        }
        while (e > b && isSpace(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(b, e);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || c == 0x85 || c == 0xa0;
    }

    /**
     * Go's {@code strconv.Atoi} as libcontainer uses it, errors ignored: an optional sign and decimal
     * digits; anything else is 0; values beyond 64 bits are clamped.
     */
    static long goAtoi(String s) {
        Long v = parseGoInt(s);
        return v == null ? 0 : v;
    }

    /** Go's {@code strconv.Atoi}: the value, clamped on overflow, or null when {@code s} is not a number. */
    static Long parseGoInt(String s) {
        if (s.isEmpty()) {
            return null;
        }
        int i = 0;
        boolean negative = false;
        if (s.charAt(0) == '+' || s.charAt(0) == '-') {
            negative = s.charAt(0) == '-';
            i = 1;
            if (s.length() == 1) {
                return null;
            }
        }
        long v = 0;
        boolean overflow = false;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            if (!overflow) {
                if (v > (Long.MAX_VALUE - (c - '0')) / 10) {
                    overflow = true;
                } else {
                    v = v * 10 + (c - '0');
                }
            }
        }
        if (overflow) {
            return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return negative ? -v : v;
    }
}
