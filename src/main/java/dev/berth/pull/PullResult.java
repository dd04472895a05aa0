package dev.berth.pull;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Platform;

/**
 * @param name the image record's name (the normalised reference)
 * @param target the root descriptor (index or manifest)
 * @param platform the platform of the manifest that was chosen
 * @param size index (if any) + manifest + config + layers of that platform
 * @param downloadedBytes layer bytes this pull fetched from the registry (0 when all were present)
 * @param topChainId the snapshot holding the unpacked image, or null without unpack
 */
public record PullResult(String name, Descriptor target, Platform platform, long size, long downloadedBytes,
                         String topChainId) {
}
