package dev.berth.spec;

import dev.berth.model.BerthException;
import dev.berth.model.MountInfo;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A root filesystem read straight from a snapshot's directories, as the kernel's overlayfs would
 * show them: the upper directory first, then each lower directory in order. An entry found in a
 * higher layer hides the same path below it, except that directories merge; a whiteout (a character
 * device 0/0, as containerd's overlay applier writes it) hides the path in every lower layer.
 * Symlinks are followed inside the root (an absolute target starts again at the root; {@code ..}
 * stops at the root), like containerd's {@code fs.RootPath}. Opaque-directory markers (an xattr
 * that plain Java cannot read) are not honoured.
 */
public final class LayeredRootFs implements RootFs {

    private static final int MAX_SYMLINKS = 255;
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

    private final List<Path> layers;

    /** @param layers top first */
    public LayeredRootFs(List<Path> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a root filesystem needs at least one directory");
        }
        this.layers = List.copyOf(layers);
    }

    public List<Path> layers() {
        return layers;
    }

    /**
     * The directories of a snapshot's mounts as {@code Snapshots.Mounts} returns them: an overlay
     * ({@code upperdir=}, {@code lowerdir=a:b}) or a single bind mount of a directory (a snapshot
     * without parent, or the native snapshotter).
     *
     * @throws BerthException.FailedPrecondition for mounts Berth cannot read as directories
     */
    public static LayeredRootFs fromMounts(List<MountInfo> mounts) {
        if (mounts.size() != 1) {
            throw new BerthException.FailedPrecondition("the snapshot has " + mounts.size()
                    + " mounts; Berth reads users only from a single overlay or bind mount");
        }
        MountInfo m = mounts.get(0);
        if ("bind".equals(m.type()) || "rbind".equals(m.type())
                || m.options().contains("bind") || m.options().contains("rbind")) {
            return new LayeredRootFs(List.of(Path.of(m.source())));
        }
        if ("overlay".equals(m.type())) {
            List<Path> dirs = new ArrayList<>();
            String lower = null;
            for (String o : m.options()) {
                if (o.startsWith("upperdir=")) {
                    dirs.add(0, Path.of(o.substring("upperdir=".length())));
                } else if (o.startsWith("lowerdir=")) {
                    lower = o.substring("lowerdir=".length());
                }
            }
            if (lower != null) {
                for (String d : lower.split(":")) {
                    if (!d.isEmpty()) {
                        dirs.add(Path.of(d));
                    }
                }
            }
            if (dirs.isEmpty()) {
                throw new BerthException.FailedPrecondition("the snapshot's overlay mount names no directories");
            }
            return new LayeredRootFs(dirs);
        }
        throw new BerthException.FailedPrecondition("the snapshot is a mount of type \"" + m.type()
                + "\"; Berth reads users only from overlay or bind mounts");
    }

    @Override
    public byte[] read(String path) throws IOException {
        Hit hit = resolve(path);
        if (hit == null || hit.attrs.isDirectory()) {
            throw hit == null ? new NoSuchFileException(path) : new FileSystemException(path, null, "is a directory");
        }
        return Files.readAllBytes(hit.file);
    }

    /** A path found: the file in the layer that shows it. */
    private record Hit(Path file, BasicFileAttributes attrs) {
    }

    /** The layer entry for {@code path}, following symlinks inside the root; null if none. */
    private Hit resolve(String path) throws IOException {
        Deque<String> todo = new ArrayDeque<>(components(path));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            done.add(c);
            Hit hit = lookup(done);
            if (hit == null) {
                return null;
            }
            if (hit.attrs.isSymbolicLink()) {
                if (++links > MAX_SYMLINKS) {
                    throw new FileSystemException(path, null, "too many levels of symbolic links");
                }
                String target = Files.readSymbolicLink(hit.file).toString();
                done.remove(done.size() - 1);
                if (target.startsWith("/")) {
                    done.clear();
                }
                List<String> t = components(target);
                for (int i = t.size() - 1; i >= 0; i--) {
                    todo.addFirst(t.get(i));
                }
                continue;
            }
            if (!todo.isEmpty() && !hit.attrs.isDirectory()) {
                return null;
            }
            if (todo.isEmpty()) {
                return hit;
            }
        }
        // the path names the root itself
        return new Hit(layers.get(0), Files.readAttributes(layers.get(0), BasicFileAttributes.class));
    }

    /**
     * The top-most entry for a path whose directories {@link #resolve} has already resolved. In each
     * layer the directories on the way must be real directories: a missing one lets the lower layers
     * show through; a whiteout, a file or a symlink there hides everything below (and is never
     * followed, so nothing outside the layers is read).
     */
    private Hit lookup(List<String> components) throws IOException {
        for (Path layer : layers) {
            Path p = layer;
            boolean missing = false;
            for (int i = 0; i < components.size() - 1 && !missing; i++) {
                p = p.resolve(components.get(i));
                BasicFileAttributes a = attributes(p);
                if (a == null) {
                    missing = true;
                } else if (!a.isDirectory() || isWhiteout(p, a)) {
                    return null;
                }
            }
            if (missing) {
                continue;
            }
            p = p.resolve(components.get(components.size() - 1));
            BasicFileAttributes a = attributes(p);
            if (a == null) {
                continue;
            }
            return isWhiteout(p, a) ? null : new Hit(p, a);
        }
        return null;
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static boolean isWhiteout(Path p, BasicFileAttributes a) throws IOException {
        if (!a.isOther()) {
            return false;
        }
        try {
            Map<String, Object> unix = Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) unix.get("mode");
            long rdev = (Long) unix.get("rdev");
            return (mode & S_IFMT) == S_IFCHR && rdev == 0;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) {
            if (!c.isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }
}
