package dev.berth.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.model.BerthException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An image manifest (OCI or Docker schema 2): a config and an ordered list of layers.
 *
 * @param mediaType the manifest's own type ({@link MediaTypes#OCI_MANIFEST} or {@link MediaTypes#DOCKER_MANIFEST})
 */
public record ImageManifest(int schemaVersion, String mediaType, Descriptor config, List<Descriptor> layers,
                            Map<String, String> annotations) {

    /** Manifests listing more layers are rejected. */
    public static final int MAX_LAYERS = 1000;

    public ImageManifest {
        layers = List.copyOf(layers);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /**
     * Parses a manifest. The JSON's own {@code mediaType} wins; without one, the descriptor's type
     * (from the registry's Content-Type or the parent index) is used.
     *
     * @param descriptor what the manifest was fetched as (digest for messages, fallback media type); may be null
     * @throws BerthException.Registry when the content is not a valid manifest
     */
    public static ImageManifest parse(byte[] json, Descriptor descriptor) {
        String digest = descriptor == null ? null : descriptor.digest();
        String what = Json.what("manifest", digest);
        JsonNode root = Json.readObject(json, what);
        Json.requireSchemaVersion2(root, what);
        String mediaType = Json.optString(root, "mediaType", what);
        if (mediaType == null || mediaType.isEmpty()) {
            mediaType = descriptor == null ? "" : MediaTypes.strip(descriptor.mediaType());
            if (!MediaTypes.isManifest(mediaType)) {
                mediaType = MediaTypes.OCI_MANIFEST;
            }
        }
        if (MediaTypes.isIndex(mediaType)) {
            throw Json.bad(what, "it is an image index, not a manifest");
        }
        if (!MediaTypes.isManifest(mediaType)) {
            throw Json.bad(what, "its mediaType is " + Digests.shorten(mediaType) + ", not an image manifest");
        }
        JsonNode config = root.get("config");
        if (config == null || config.isNull()) {
            throw Json.bad(what, "\"config\" is missing");
        }
        Descriptor configDesc = Json.descriptor(config, what + " config");
        JsonNode list = root.get("layers");
        if (list == null || list.isNull()) {
            throw Json.bad(what, "\"layers\" is missing");
        }
        if (!list.isArray()) {
            throw Json.bad(what, "\"layers\" is not a list");
        }
        if (list.size() > MAX_LAYERS) {
            throw Json.bad(what, "it lists " + list.size() + " layers; at most " + MAX_LAYERS + " are supported");
        }
        List<Descriptor> layers = new ArrayList<>(list.size());
        int i = 0;
        for (JsonNode l : list) {
            layers.add(Json.descriptor(l, what + " layers[" + i++ + "]"));
        }
        return new ImageManifest(2, MediaTypes.strip(mediaType), configDesc, layers,
                Json.optStringMap(root, "annotations", what));
    }

    /**
     * The media type of a manifest or index from its content: the JSON's {@code mediaType}, else
     * the declared type if it is a manifest or index type, else by shape ({@code manifests} →
     * OCI index, {@code config}/{@code layers} → OCI manifest, {@code schemaVersion 1} → schema 1).
     *
     * @param declared the Content-Type or descriptor media type; may be null
     * @throws BerthException.Registry when the content is not JSON or has no recognisable shape
     */
    public static String detectMediaType(byte[] json, String declared, String digest) {
        String what = Json.what("manifest", digest);
        JsonNode root = Json.readObject(json, what);
        String own = Json.optString(root, "mediaType", what);
        if (own != null && !own.isEmpty()) {
            return MediaTypes.strip(own);
        }
        String d = MediaTypes.strip(declared);
        if (MediaTypes.isManifestOrIndex(d) || MediaTypes.isSchema1(d)) {
            return d;
        }
        JsonNode sv = root.get("schemaVersion");
        if (sv != null && sv.isIntegralNumber() && sv.intValue() == 1) {
            return MediaTypes.DOCKER_SCHEMA1_MANIFEST;
        }
        if (root.has("manifests")) {
            return MediaTypes.OCI_INDEX;
        }
        if (root.has("config") || root.has("layers")) {
            return MediaTypes.OCI_MANIFEST;
        }
        throw Json.bad(what, "it is neither an image manifest nor an index");
    }
}
