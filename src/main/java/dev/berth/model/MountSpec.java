package dev.berth.model;

import java.util.List;

/**
 * A mount the user adds to a container's runtime spec (appended after the default mounts).
 *
 * @param type e.g. {@code bind}, {@code tmpfs}
 * @param source a host path for binds, else the filesystem's source name
 * @param destination absolute path inside the container
 * @param options mount options, e.g. {@code rbind}, {@code ro}
 */
public record MountSpec(String type, String source, String destination, List<String> options) {

    public MountSpec {
        options = options == null ? List.of() : List.copyOf(options);
    }

    /** A recursive bind mount of a host path, read-only or read-write. */
    public static MountSpec bind(String source, String destination, boolean readOnly) {
        return new MountSpec("bind", source, destination, List.of("rbind", readOnly ? "ro" : "rw"));
    }

    public boolean isBind() {
        return "bind".equals(type) || options.contains("bind") || options.contains("rbind");
    }

    public boolean readOnly() {
        return options.contains("ro");
    }
}
