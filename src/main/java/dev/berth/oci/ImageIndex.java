package dev.berth.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.model.BerthException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An OCI image index or a Docker manifest list: one manifest per platform.
 *
 * @param mediaType the index's own type ({@link MediaTypes#OCI_INDEX} or {@link MediaTypes#DOCKER_MANIFEST_LIST})
 */
public record ImageIndex(int schemaVersion, String mediaType, List<Descriptor> manifests,
                         Map<String, String> annotations) {

    /** More entries than any real index has; a bound against hostile content. */
    public static final int MAX_MANIFESTS = 10_000;

    public ImageIndex {
        manifests = List.copyOf(manifests);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /**
     * Parses an index. The JSON's own {@code mediaType} wins; without one, the descriptor's type
     * (from the registry's Content-Type or the parent) is used.
     *
     * @param descriptor what the index was fetched as (digest for messages, fallback media type); may be null
     * @throws BerthException.Registry when the content is not a valid index
     */
    public static ImageIndex parse(byte[] json, Descriptor descriptor) {
        String digest = descriptor == null ? null : descriptor.digest();
        String what = Json.what("index", digest);
        JsonNode root = Json.readObject(json, what);
        Json.requireSchemaVersion2(root, what);
        String mediaType = Json.optString(root, "mediaType", what);
        if (mediaType == null || mediaType.isEmpty()) {
            mediaType = descriptor == null ? "" : MediaTypes.strip(descriptor.mediaType());
            if (!MediaTypes.isIndex(mediaType)) {
                mediaType = MediaTypes.OCI_INDEX;
            }
        }
        if (!MediaTypes.isIndex(mediaType)) {
            throw Json.bad(what, "its mediaType is " + Digests.shorten(mediaType) + ", not an index");
        }
        JsonNode list = root.get("manifests");
        if (list == null || list.isNull()) {
            throw Json.bad(what, "\"manifests\" is missing");
        }
        if (!list.isArray()) {
            throw Json.bad(what, "\"manifests\" is not a list");
        }
        if (list.size() > MAX_MANIFESTS) {
            throw Json.bad(what, "it lists " + list.size() + " manifests; at most " + MAX_MANIFESTS + " are supported");
        }
        List<Descriptor> manifests = new ArrayList<>(list.size());
        int i = 0;
        for (JsonNode m : list) {
            manifests.add(Json.descriptor(m, what + " manifests[" + i++ + "]"));
        }
        return new ImageIndex(2, MediaTypes.strip(mediaType), manifests,
                Json.optStringMap(root, "annotations", what));
    }
}
