package dev.berth.service;

import dev.berth.model.BerthException;
import dev.berth.model.Subscription;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A task's log file (stdout and stderr, appended by containerd's shim): its last lines, and new
 * lines as they are written. Lines are split on {@code \n}; a {@code \r} before it (terminal output)
 * is dropped; bytes are read as UTF-8.
 */
final class TaskLogs {

    private static final Logger LOG = Logger.getLogger(TaskLogs.class.getName());
    private static final int CHUNK = 64 * 1024;
    static final long POLL_MILLIS = 100;

    private TaskLogs() {
    }

    /** The last {@code n} lines ({@code n < 0}: all); an absent file has none. */
    static List<String> tail(Path file, int n) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long start = n < 0 ? 0 : startOfLastLines(ch, n);
            long size = ch.size();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            read(ch, start, size, buf);
            List<String> lines = new ArrayList<>();
            byte[] rest = split(buf.toByteArray(), lines::add);
            if (rest.length > 0) {
                lines.add(decode(rest, 0, rest.length));
            }
            return lines;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new BerthException.FailedPrecondition("cannot read log " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Calls {@code lines} with the last {@code tailLines} lines ({@code < 0}: all) and then with every
     * new complete line, on a daemon thread, until the subscription is closed. A file that does not
     * exist yet is waited for; a file that shrinks (truncated) is read again from its start.
     */
    static Subscription follow(Path file, int tailLines, Consumer<String> lines, String name) {
        AtomicBoolean closed = new AtomicBoolean();
        Thread t = new Thread(() -> followLoop(file, tailLines, lines, closed), "berth-logs-" + name);
        t.setDaemon(true);
        t.start();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                t.interrupt();
                try {
                    t.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private static void followLoop(Path file, int tailLines, Consumer<String> lines, AtomicBoolean closed) {
        long pos = -1;
        byte[] partial = new byte[0];
        Consumer<String> safe = line -> {
            if (closed.get()) {
                return;
            }
            try {
                lines.accept(line);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "log line consumer failed", e);
            }
        };
        while (!closed.get()) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                if (pos < 0) {
                    pos = tailLines < 0 ? 0 : startOfLastLines(ch, tailLines);
                }
                long size = ch.size();
                if (size < pos) {
                    pos = 0;
                    partial = new byte[0];
                }
                if (size > pos) {
                    ByteArrayOutputStream buf = new ByteArrayOutputStream();
                    buf.write(partial, 0, partial.length);
                    pos += read(ch, pos, Math.min(size, pos + 16L * CHUNK), buf);
                    partial = split(buf.toByteArray(), safe);
                    continue;
                }
            } catch (NoSuchFileException e) {
                // not created yet (task not started): wait for it
            } catch (IOException e) {
                LOG.log(Level.FINE, "reading log " + file, e);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The offset where the last {@code n} lines begin (a final line without newline counts). */
    private static long startOfLastLines(FileChannel ch, int n) throws IOException {
        long size = ch.size();
        if (n == 0) {
            return size;
        }
        long end = size;
        int newlines = 0;
        ByteBuffer b = ByteBuffer.allocate(CHUNK);
        // a newline that ends the file ends the last line; it does not start a new one
        boolean skipLast = size > 0 && byteAt(ch, size - 1) == '\n';
        while (end > 0) {
            long start = Math.max(0, end - CHUNK);
            b.clear().limit((int) (end - start));
            readFully(ch, b, start);
            for (int i = b.limit() - 1; i >= 0; i--) {
                if (b.get(i) == '\n') {
                    if (skipLast && start + i == size - 1) {
                        continue;
                    }
                    if (++newlines == n) {
                        return start + i + 1;
                    }
                }
            }
            end = start;
        }
        return 0;
    }

    private static byte byteAt(FileChannel ch, long pos) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        readFully(ch, one, pos);
        return one.get(0);
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) {
                break;
            }
        }
    }

    /** Appends bytes [from, to) to {@code out}; returns how many were read. */
    private static long read(FileChannel ch, long from, long to, ByteArrayOutputStream out) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(CHUNK);
        long pos = from;
        while (pos < to) {
            b.clear().limit((int) Math.min(CHUNK, to - pos));
            int r = ch.read(b, pos);
            if (r <= 0) {
                break;
            }
            out.write(b.array(), 0, r);
            pos += r;
        }
        return pos - from;
    }

    /** Emits every complete line of {@code data}; returns the bytes after the last newline. */
    private static byte[] split(byte[] data, Consumer<String> lines) {
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                int end = i > start && data[i - 1] == '\r' ? i - 1 : i;
                lines.accept(decode(data, start, end));
                start = i + 1;
            }
        }
        byte[] rest = new byte[data.length - start];
        System.arraycopy(data, start, rest, 0, rest.length);
        return rest;
    }

    private static String decode(byte[] data, int from, int to) {
        return new String(data, from, to - from, StandardCharsets.UTF_8);
    }

    /** Deletes a log file, and its namespace's directory when that is left empty. */
    static void deleteQuietly(Path file) {
        try {
            // the argument file of a terminal's log copier (TerminalLogCopier), when there is one
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".tty-args"));
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot delete log " + file, e);
            return;
        }
        try {
            Files.deleteIfExists(file.getParent());
        } catch (IOException e) {
            // not empty (other containers' logs), or not ours to remove
        }
    }
}
