package dev.berth.pull;

import dev.berth.model.BerthException;
import dev.berth.model.DaemonInfo;
import dev.berth.model.PullMode;
import dev.berth.oci.Platform;
import dev.berth.registry.ImageReference;
import dev.berth.registry.RegistryOptions;

/**
 * Which puller runs a pull, and why.
 *
 * @param mode {@link PullMode#CLIENT} or {@link PullMode#TRANSFER}, never AUTO
 * @param reason one line for logs and the progress message
 */
public record PullModeChoice(PullMode mode, String reason) {

    /**
     * Whether {@code auto} prefers the Transfer service on this daemon when it can be used. Set from
     * the pull benchmark (scripts/bench/pull, figures in docs/pull.md): on 1.7.24 and 2.1.9 the
     * daemon's own pull took 0.6x the time of Berth's client-side pull as a whole command and
     * 0.3-0.5x inside a running JVM (the console), with per-layer progress, cancel and resume kept.
     */
    static boolean transferPreferred(DaemonInfo daemon) {
        return daemon.atLeast(1, 7);
    }

    /**
     * @param requested what the request or the options asked for
     * @param snapshotter the snapshotter the layers go to
     * @param defaultSnapshotter the daemon's default one (the only one its Transfer service unpacks into
     *                           unless configured otherwise)
     * @throws BerthException.FailedPrecondition for TRANSFER on a daemon without the service
     */
    public static PullModeChoice choose(PullMode requested, DaemonInfo daemon, RegistryOptions registry,
                                        ImageReference ref, Platform platform, String snapshotter,
                                        String defaultSnapshotter) {
        PullMode mode = requested == null ? PullMode.AUTO : requested;
        boolean supported = TransferPuller.supported(daemon);
        switch (mode) {
            case CLIENT:
                return new PullModeChoice(PullMode.CLIENT, "client mode requested");
            case TRANSFER:
                if (!supported) {
                    throw new BerthException.FailedPrecondition("containerd " + daemon.version()
                            + " has no Transfer service (it came with 1.7); pull with --pull-mode=client or auto");
                }
                return new PullModeChoice(PullMode.TRANSFER, "transfer mode requested");
            default:
                break;
        }
        if (!supported) {
            return new PullModeChoice(PullMode.CLIENT, "containerd " + daemon.version() + " has no Transfer service");
        }
        if (!TransferPuller.reaches(daemon, registry, ref)) {
            return new PullModeChoice(PullMode.CLIENT, ref.domain() + " is plain HTTP, which containerd "
                    + daemon.version() + "'s Transfer service cannot reach");
        }
        if (!platform.normalize().equals(Platform.current().normalize())) {
            return new PullModeChoice(PullMode.CLIENT, "the Transfer service unpacks only for the daemon's own platform");
        }
        if (snapshotter != null && !snapshotter.equals(defaultSnapshotter)) {
            return new PullModeChoice(PullMode.CLIENT, "the Transfer service unpacks only into the default snapshotter");
        }
        if (!transferPreferred(daemon)) {
            return new PullModeChoice(PullMode.CLIENT, "client pull measured faster on containerd " + daemon.version());
        }
        return new PullModeChoice(PullMode.TRANSFER, "Transfer measured faster on containerd " + daemon.version());
    }
}
