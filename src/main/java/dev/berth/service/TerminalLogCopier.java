package dev.berth.service;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The logging process of a container with a terminal (TTY). containerd's runc shim copies a
 * terminal's output only to FIFOs or to a "logging binary" ({@code binary://} log URI), never to a
 * {@code file://} log. So for such a container Berth names {@code java} as that binary, with an
 * argument file ({@code @FILE}, the URI's one query key) that runs this class on the container's log.
 *
 * <p>The shim starts it with the terminal's output on fd 3 (fd 4, stderr, stays empty for a
 * terminal) and a pipe on fd 5 on which it waits for one byte (or its end) before it goes on. This
 * process appends what it reads to the log file — the file Berth reads for every container — and ends
 * when the shim closes fd 3 (the container's terminal is gone). Only the JDK: nothing to load but this.
 */
public final class TerminalLogCopier {

    /** JVM options for the copier: it moves bytes, so a small heap and the quick compiler. */
    static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx16m",
            "-Xss256k", "-XX:-UsePerfData");

    private TerminalLogCopier() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args[0].isBlank()) {
            System.err.println("berth terminal log copier: usage: TerminalLogCopier LOG_FILE");
            System.exit(2);
        }
        Path log = Path.of(args[0]);
        Files.createDirectories(log.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE)) {
            // ready: the shim reads one byte from fd 5 (a pipe; reopening it through /proc gives its write end)
            try (OutputStream ready = new FileOutputStream("/proc/self/fd/5")) {
                ready.write('\n');
            }
            try (InputStream in = new FileInputStream("/proc/self/fd/3")) {
                byte[] buf = new byte[16 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
        }
    }

    /**
     * Writes the argument file for a container's copier next to its log and returns the log URI that
     * names it: {@code binary:///…/bin/java?@/…/ID.log.tty-args}. The file holds this JVM's java
     * launcher options, its class path (made absolute) and the log path, each quoted as java reads
     * argument files.
     */
    static String logUri(Path log) throws IOException {
        Path abs = log.toAbsolutePath();
        Path launcher = Path.of(System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(launcher)) {
            throw new IOException("no java launcher at " + launcher + " to copy the terminal's output with");
        }
        List<String> lines = new ArrayList<>(JVM_OPTIONS);
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (!e.isBlank()) {
                cp.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        lines.add("-cp");
        lines.add(quote(String.join(java.io.File.pathSeparator, cp)));
        lines.add(TerminalLogCopier.class.getName());
        lines.add(quote(abs.toString()));
        Path argFile = abs.resolveSibling(abs.getFileName() + ".tty-args");
        Files.createDirectories(abs.getParent());
        Files.write(argFile, lines, StandardCharsets.UTF_8);
        return "binary://" + percentEncode(launcher.toString()) + "?" + percentEncode("@" + argFile);
    }

    /** A java argument-file token: in double quotes, with backslashes and quotes escaped. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Percent-encodes every byte but unreserved characters and '/', as Go's url.Parse decodes them. */
    static String percentEncode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/' || c == '-' || c == '.'
                    || c == '_' || c == '~' || c == '@') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }
}
