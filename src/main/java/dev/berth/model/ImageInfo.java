package dev.berth.model;

import java.time.Instant;
import java.util.Map;

/**
 * An image record of containerd, with what Berth computed for this machine's platform.
 *
 * @param size manifest + config + layers (compressed) for the selected platform, or -1 when the
 *             content is not (fully) in the store
 * @param platform the platform whose size is shown (os/arch[/variant]), or null if unknown
 */
public record ImageInfo(String name, String mediaType, String digest, long size, String platform,
                        Instant createdAt, Instant updatedAt, Map<String, String> labels) {

    public ImageInfo {
        labels = Map.copyOf(labels);
    }
}
