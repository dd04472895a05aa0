package dev.berth.model;

import java.util.List;

/**
 * What the user chooses for a container's process, applied over the image's config as containerd's
 * Go client applies its options (after its default spec and {@code WithImageConfig}).
 *
 * @param entrypoint replaces the image's Entrypoint; null keeps it (an empty list removes it)
 * @param command replaces the image's Cmd; empty keeps it
 * @param env {@code KEY=VALUE} entries; each overrides the image's value for that key
 * @param workingDir absolute; null keeps the image's WorkingDir (or {@code /})
 * @param user {@code user}, {@code uid}, {@code user:group} or {@code uid:gid}, resolved against the
 *             image's {@code /etc/passwd} and {@code /etc/group}; null keeps the image's User
 * @param tty allocate a terminal (also sets {@code TERM=xterm})
 * @param mounts appended to the default mounts
 */
public record ContainerSpec(List<String> entrypoint, List<String> command, List<String> env, String workingDir,
                            String user, boolean tty, List<MountSpec> mounts) {

    public static final ContainerSpec IMAGE_DEFAULTS = new ContainerSpec(null, List.of(), List.of(), null, null, false,
            List.of());

    public ContainerSpec {
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? List.of() : List.copyOf(env);
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
    }

    public ContainerSpec withCommand(List<String> cmd) {
        return new ContainerSpec(entrypoint, cmd, env, workingDir, user, tty, mounts);
    }

    public ContainerSpec withEntrypoint(List<String> ep) {
        return new ContainerSpec(ep, command, env, workingDir, user, tty, mounts);
    }

    public ContainerSpec withEnv(List<String> e) {
        return new ContainerSpec(entrypoint, command, e, workingDir, user, tty, mounts);
    }

    public ContainerSpec withWorkingDir(String dir) {
        return new ContainerSpec(entrypoint, command, env, dir, user, tty, mounts);
    }

    public ContainerSpec withUser(String u) {
        return new ContainerSpec(entrypoint, command, env, workingDir, u, tty, mounts);
    }

    public ContainerSpec withTty(boolean t) {
        return new ContainerSpec(entrypoint, command, env, workingDir, user, t, mounts);
    }

    public ContainerSpec withMounts(List<MountSpec> m) {
        return new ContainerSpec(entrypoint, command, env, workingDir, user, tty, m);
    }
}
