package dev.berth.cni;

import dev.berth.model.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Keeps a container's network namespace alive from setup to teardown: a bind mount of
 * {@code /proc/<pid>/ns/net} on {@code <dir>/<container id>} (what {@code ip netns add} and CRI do).
 * Without it, once the task exits its namespace is gone and a DEL can only release the IP: the
 * bridge plugin then cannot find the addresses whose masquerade rules it must remove, and leaves
 * them behind. With it, a DEL after the task has ended still finds the interface and undoes everything.
 * {@code mount} and {@code umount} run as processes with arguments, never through a shell.
 */
public final class NetnsPins {

    private static final Logger LOG = Logger.getLogger(NetnsPins.class.getName());
    private static final List<String> MOUNT = List.of("/usr/bin/mount", "/bin/mount", "/usr/sbin/mount", "/sbin/mount");
    private static final List<String> UMOUNT = List.of("/usr/bin/umount", "/bin/umount", "/usr/sbin/umount", "/sbin/umount");
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private final Path dir;

    public NetnsPins(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    public Path path(String containerId) {
        return dir.resolve(CniNames.containerId(containerId));
    }

    /** The namespace file of a process. */
    public static Path ofPid(long pid) {
        if (pid <= 0) {
            throw new BerthException.InvalidArgument("no process id " + pid);
        }
        return Path.of("/proc", Long.toString(pid), "ns", "net");
    }

    /**
     * The identity of the network namespace at {@code path} ({@code device:inode}), or empty when there
     * is no namespace there.
     */
    public static String identity(Path path) {
        try {
            Object dev = Files.getAttribute(path, "unix:dev");
            Object ino = Files.getAttribute(path, "unix:ino");
            return dev + ":" + ino;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "";
        }
    }

    /** Pins the namespace at {@code source} for {@code containerId}; returns the pin's path. */
    public Path pin(Path source, String containerId) {
        Path target = path(containerId);
        if (isPinned(target)) {
            unpin(containerId);
        }
        try {
            Files.createDirectories(dir);
            if (!Files.exists(target)) {
                Files.createFile(target);
            }
        } catch (IOException e) {
            throw new BerthException.Internal("cannot create " + target + ": " + e.getMessage(), e);
        }
        try {
            run(MOUNT, "--bind", source.toString(), target.toString());
        } catch (RuntimeException e) {
            deleteQuietly(target);
            throw e;
        }
        if (!identity(target).equals(identity(source))) {
            unpin(containerId);
            throw new BerthException.Internal("pinning the network namespace " + source + " on " + target
                    + " did not take effect");
        }
        return target;
    }

    /** Removes the pin of {@code containerId} (nothing when there is none). */
    public void unpin(String containerId) {
        Path target = path(containerId);
        // a path can be mounted over more than once; take every layer off
        for (int i = 0; i < 8 && isPinned(target); i++) {
            run(UMOUNT, target.toString());
        }
        if (isPinned(target)) {
            throw new BerthException.Internal("cannot unmount " + target);
        }
        deleteQuietly(target);
    }

    public boolean isPinned(String containerId) {
        return isPinned(path(containerId));
    }

    private static boolean isPinned(Path target) {
        return mountPoints().contains(target.toString());
    }

    /** Every mount under this dir (for checks that nothing is left behind). */
    public List<Path> pinned() {
        List<Path> out = new ArrayList<>();
        String prefix = dir + "/";
        for (String m : mountPoints()) {
            if (m.startsWith(prefix)) {
                out.add(Path.of(m));
            }
        }
        return out;
    }

    /** The mount points of this process's mount namespace. */
    static List<String> mountPoints() {
        try {
            return mountPoints(Files.readString(MOUNTINFO, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BerthException.Internal("cannot read " + MOUNTINFO + ": " + e.getMessage(), e);
        }
    }

    /** Field 5 of each mountinfo line, with the kernel's octal escapes (\040 for a space) undone. */
    static List<String> mountPoints(String mountinfo) {
        List<String> out = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            String[] f = line.split(" ");
            if (f.length > 4) {
                out.add(unescape(f[4]));
            }
        }
        return out;
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (NoSuchFileException ignored) {
            // gone
        } catch (IOException e) {
            LOG.fine(() -> "cannot delete " + p + ": " + e.getMessage());
        }
    }

    private static void run(List<String> candidates, String... args) {
        String exe = candidates.stream().filter(c -> Files.isExecutable(Path.of(c))).findFirst()
                .orElseThrow(() -> new BerthException.FailedPrecondition("no " + Path.of(candidates.get(0)).getFileName()
                        + " command in " + candidates + " (install util-linux)"));
        List<String> cmd = new ArrayList<>();
        cmd.add(exe);
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            java.util.concurrent.CompletableFuture<byte[]> output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (var in = p.getInputStream()) {
                    return in.readNBytes(16 << 10);
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BerthException.Timeout(String.join(" ", cmd) + " did not finish within 30 s");
            }
            byte[] out = output.getNow(new byte[0]);
            try {
                out = output.get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // keep what there is
            }
            if (p.exitValue() != 0) {
                throw new BerthException.Internal(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): "
                        + new String(out, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new BerthException.Internal("cannot run " + exe + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException.Cancelled(exe + " was interrupted", e);
        }
    }
}
