package dev.berth.model;

/**
 * What to pull.
 *
 * @param reference as a person types it ({@code nginx}, {@code 127.0.0.1:5000/a/b:1})
 * @param platform {@code os/arch[/variant]}, or null for this machine's
 * @param insecure reach this reference's registry over plain HTTP even if it is not loopback
 * @param snapshotter unpack into this snapshotter (null: the default)
 * @param mode who pulls (null: the service's {@code ServiceOptions.pullMode})
 */
public record PullRequest(String reference, String platform, boolean insecure, String snapshotter, PullMode mode) {

    /** With the service's pull mode. */
    public PullRequest(String reference, String platform, boolean insecure, String snapshotter) {
        this(reference, platform, insecure, snapshotter, null);
    }

    public static PullRequest of(String reference) {
        return new PullRequest(reference, null, false, null, null);
    }

    public PullRequest withMode(PullMode m) {
        return new PullRequest(reference, platform, insecure, snapshotter, m);
    }
}
