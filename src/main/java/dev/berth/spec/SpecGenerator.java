package dev.berth.spec;

import dev.berth.model.BerthException;
import dev.berth.model.ContainerSpec;
import dev.berth.oci.ImageConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a container's runtime spec in the order containerd's Go client applies its options
 * (memoh's {@code CreateContainer}): {@code WithDefaultSpecForPlatform("linux/<arch>")}, then
 * {@code WithImageConfig(image)}, then the user's choices — command, env, working dir, user, TTY,
 * mounts.
 *
 * <p>Two choices follow Docker rather than memoh's {@code WithProcessArgs}, as issue 4 asks: the
 * command replaces the image's Cmd and keeps its Entrypoint ({@code WithImageConfigArgs}); an
 * explicit entrypoint replaces the Entrypoint and, when no command is given, drops the image's Cmd.
 * A user chosen here is resolved exactly like the image config's User ({@code WithUser}, then
 * {@code WithAdditionalGIDs(uid)}), so the process gets the groups {@code /etc/group} lists for it.
 */
public final class SpecGenerator {

    private SpecGenerator() {
    }

    /**
     * @param image the image config's process settings
     * @param rootfs the container's prepared snapshot, for {@code /etc/passwd} and {@code /etc/group}
     * @throws BerthException.InvalidArgument when the user or a group cannot be resolved, or the
     *         container would have no command at all
     */
    public static RuntimeSpec generate(String namespace, String containerId, ImageConfig.ContainerConfig image,
                                       ContainerSpec choices, RootFs rootfs) {
        return generate(ClientDefaults.V1_6, namespace, containerId, image, choices, rootfs);
    }

    /** As above, starting from the default spec of the given client line (that of the daemon). */
    public static RuntimeSpec generate(ClientDefaults client, String namespace, String containerId,
                                       ImageConfig.ContainerConfig image, ContainerSpec choices, RootFs rootfs) {
        RuntimeSpec s = RuntimeSpec.defaults(namespace, containerId, client);
        UserResolver users = new UserResolver(rootfs);

        // WithImageConfig(Args)
        List<String> defaults = image.env().isEmpty() ? EnvVars.DEFAULT_UNIX_ENV : image.env();
        s.setEnv(EnvVars.replaceOrAppend(defaults, s.env()));
        List<String> entrypoint = choices.entrypoint() != null ? choices.entrypoint() : image.entrypoint();
        List<String> cmd = !choices.command().isEmpty() ? choices.command()
                : choices.entrypoint() != null ? List.of() : image.cmd();
        List<String> args = new ArrayList<>(entrypoint);
        args.addAll(cmd);
        s.setArgs(args);
        String cwd = image.workingDir();
        s.setCwd(cwd == null || cwd.isEmpty() ? "/" : cwd);
        s.setUser(users.resolve(image.user()));

        // the user's choices
        s.withEnv(choices.env());
        if (choices.workingDir() != null && !choices.workingDir().isEmpty()) {
            s.setCwd(choices.workingDir());
        }
        if (choices.user() != null && !choices.user().isEmpty()) {
            s.setUser(users.resolve(choices.user()));
        }
        if (choices.tty()) {
            s.withTty();
        }
        s.addMounts(choices.mounts());

        if (s.args().isEmpty()) {
            throw new BerthException.InvalidArgument("the image has no command (neither Entrypoint nor Cmd): give one");
        }
        return s;
    }
}
