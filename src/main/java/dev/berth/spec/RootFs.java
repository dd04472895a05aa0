package dev.berth.spec;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

/** Read access to files of a container's root filesystem, without mounting it. */
public interface RootFs {

    /**
     * The content of {@code path} (absolute inside the container; symlinks are followed inside the
     * root filesystem, never out of it).
     *
     * @throws NoSuchFileException when the file does not exist (or is deleted by an upper layer)
     * @throws IOException when it cannot be read
     */
    byte[] read(String path) throws IOException;

    /** A root filesystem with no files at all (for images that do not need one). */
    RootFs EMPTY = path -> {
        throw new NoSuchFileException(path);
    };
}
