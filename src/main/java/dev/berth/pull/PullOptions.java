package dev.berth.pull;

import dev.berth.oci.Platform;

/**
 * @param platform the platform to choose from an index
 * @param snapshotter where layers are unpacked
 * @param parallelDownloads layers downloaded at once
 * @param unpack whether to unpack (a pull without unpack only fills the content store)
 */
public record PullOptions(Platform platform, String snapshotter, int parallelDownloads, boolean unpack) {

    public PullOptions {
        if (parallelDownloads < 1) {
            parallelDownloads = 1;
        }
    }
}
