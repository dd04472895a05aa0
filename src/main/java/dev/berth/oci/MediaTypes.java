package dev.berth.oci;

import java.util.Locale;
import java.util.Set;

/** The media types of OCI and Docker image content that Berth knows, and what each is. */
public final class MediaTypes {

    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    public static final String OCI_LAYER_NONDISTRIBUTABLE = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_GZIP = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_ZSTD = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_FOREIGN_LAYER_GZIP = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    /** Docker schema 1: recognised only to say that it is not supported. */
    public static final String DOCKER_SCHEMA1_MANIFEST = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_SCHEMA1_SIGNED_MANIFEST = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /** The Accept header of a manifest request, in containerd's order. */
    public static final String MANIFEST_ACCEPT = String.join(", ",
            DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_MANIFEST, OCI_INDEX, "*/*");

    private static final Set<String> LAYERS = Set.of(OCI_LAYER, OCI_LAYER_GZIP, OCI_LAYER_ZSTD,
            OCI_LAYER_NONDISTRIBUTABLE, OCI_LAYER_NONDISTRIBUTABLE_GZIP, OCI_LAYER_NONDISTRIBUTABLE_ZSTD,
            DOCKER_LAYER, DOCKER_LAYER_GZIP, DOCKER_FOREIGN_LAYER_GZIP);

    private MediaTypes() {
    }

    /** The media type without parameters (e.g. {@code ; charset=utf-8}), lower-cased; "" for null. */
    public static String strip(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        String t = semi >= 0 ? contentType.substring(0, semi) : contentType;
        return t.trim().toLowerCase(Locale.ROOT);
    }

    public static boolean isIndex(String mediaType) {
        String t = strip(mediaType);
        return t.equals(OCI_INDEX) || t.equals(DOCKER_MANIFEST_LIST);
    }

    public static boolean isManifest(String mediaType) {
        String t = strip(mediaType);
        return t.equals(OCI_MANIFEST) || t.equals(DOCKER_MANIFEST);
    }

    /** An index or a (schema 2 / OCI) manifest: content fetched from {@code /manifests/}. */
    public static boolean isManifestOrIndex(String mediaType) {
        return isIndex(mediaType) || isManifest(mediaType);
    }

    public static boolean isConfig(String mediaType) {
        String t = strip(mediaType);
        return t.equals(OCI_CONFIG) || t.equals(DOCKER_CONFIG);
    }

    public static boolean isLayer(String mediaType) {
        return LAYERS.contains(strip(mediaType));
    }

    /** Layers that registries may not serve (their descriptor carries {@code urls} instead). */
    public static boolean isNonDistributable(String mediaType) {
        String t = strip(mediaType);
        return t.startsWith("application/vnd.oci.image.layer.nondistributable.") || t.equals(DOCKER_FOREIGN_LAYER_GZIP);
    }

    public static boolean isSchema1(String mediaType) {
        String t = strip(mediaType);
        return t.equals(DOCKER_SCHEMA1_MANIFEST) || t.equals(DOCKER_SCHEMA1_SIGNED_MANIFEST);
    }

    /** Whether a layer of this type is gzip-compressed, zstd-compressed or plain tar. */
    public static String compression(String mediaType) {
        String t = strip(mediaType);
        if (t.endsWith("+gzip") || t.endsWith(".tar.gzip")) {
            return "gzip";
        }
        if (t.endsWith("+zstd")) {
            return "zstd";
        }
        return "none";
    }
}
