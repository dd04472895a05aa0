package dev.berth.oci;

import java.util.List;
import java.util.Map;

/**
 * An OCI content descriptor: what a piece of content is, its digest and size.
 *
 * @param annotations never null
 * @param platform    null when the descriptor names none
 * @param urls        never null; alternative locations of non-distributable layers
 */
public record Descriptor(String mediaType, String digest, long size, Map<String, String> annotations,
                         Platform platform, List<String> urls) {

    public Descriptor {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        urls = urls == null ? List.of() : List.copyOf(urls);
    }

    public Descriptor(String mediaType, String digest, long size) {
        this(mediaType, digest, size, Map.of(), null, List.of());
    }

    public Descriptor withMediaType(String newMediaType) {
        return new Descriptor(newMediaType, digest, size, annotations, platform, urls);
    }
}
