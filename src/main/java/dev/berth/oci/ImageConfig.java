package dev.berth.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.model.BerthException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OCI image configuration (also Docker's {@code container.image.v1}): platform, the default
 * process settings, the layers' diff IDs, and history.
 *
 * @param variant  null when absent
 * @param created  the RFC 3339 text as stored, or null
 * @param config   never null (empty when the image has none)
 */
public record ImageConfig(String architecture, String os, String variant, String created,
                          ContainerConfig config, RootFs rootfs, List<History> history) {

    public ImageConfig {
        history = history == null ? List.of() : List.copyOf(history);
        config = config == null ? ContainerConfig.EMPTY : config;
    }

    /**
     * The default process of the image. Lists and maps are never null; absent strings are null.
     */
    public record ContainerConfig(String user, List<String> env, List<String> entrypoint, List<String> cmd,
                                  String workingDir, Map<String, String> labels, String stopSignal,
                                  List<String> exposedPorts, List<String> volumes) {
        public static final ContainerConfig EMPTY = new ContainerConfig(null, List.of(), List.of(), List.of(),
                null, Map.of(), null, List.of(), List.of());

        public ContainerConfig {
            env = env == null ? List.of() : List.copyOf(env);
            entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
            cmd = cmd == null ? List.of() : List.copyOf(cmd);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
            volumes = volumes == null ? List.of() : List.copyOf(volumes);
        }
    }

    /** The uncompressed layers, bottom first. */
    public record RootFs(String type, List<String> diffIds) {
        public RootFs {
            diffIds = List.copyOf(diffIds);
        }
    }

    public record History(String created, String createdBy, String author, String comment, boolean emptyLayer) {
    }

    /** The platform this image was built for. */
    public Platform platform() {
        return new Platform(os, architecture, variant);
    }

    /** containerd's chain IDs of the layers (snapshot names), bottom first. */
    public List<String> chainIds() {
        return Digests.chainIds(rootfs.diffIds());
    }

    /** {@link #created()} as an instant, if present and parseable. */
    public Optional<Instant> createdInstant() {
        if (created == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(created).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses an image config.
     *
     * @param digest for messages; may be null
     * @throws BerthException.Registry when it is not valid JSON, or rootfs/diff_ids, os or
     *                                 architecture are missing or wrong
     */
    public static ImageConfig parse(byte[] json, String digest) {
        String what = Json.what("image config", digest);
        JsonNode root = Json.readObject(json, what);
        String arch = Json.reqString(root, "architecture", what);
        String os = Json.reqString(root, "os", what);
        String variant = Json.optString(root, "variant", what);
        String created = Json.optString(root, "created", what);

        ContainerConfig cc = ContainerConfig.EMPTY;
        JsonNode c = root.get("config");
        if (c != null && !c.isNull()) {
            if (!c.isObject()) {
                throw Json.bad(what, "\"config\" is not an object");
            }
            String cw = what + " config";
            cc = new ContainerConfig(
                    Json.optString(c, "User", cw),
                    Json.optStringList(c, "Env", cw),
                    Json.optStringList(c, "Entrypoint", cw),
                    Json.optStringList(c, "Cmd", cw),
                    Json.optString(c, "WorkingDir", cw),
                    Json.optStringMap(c, "Labels", cw),
                    Json.optString(c, "StopSignal", cw),
                    Json.optKeys(c, "ExposedPorts", cw),
                    Json.optKeys(c, "Volumes", cw));
        }

        JsonNode r = root.get("rootfs");
        if (r == null || r.isNull()) {
            throw Json.bad(what, "\"rootfs\" is missing");
        }
        if (!r.isObject()) {
            throw Json.bad(what, "\"rootfs\" is not an object");
        }
        String type = Json.reqString(r, "type", what + " rootfs");
        if (!type.equals("layers")) {
            throw Json.bad(what, "rootfs type \"" + Digests.shorten(type) + "\" is not supported (expected \"layers\")");
        }
        JsonNode d = r.get("diff_ids");
        if (d == null || d.isNull()) {
            throw Json.bad(what, "\"rootfs.diff_ids\" is missing");
        }
        List<String> diffIds = Json.optStringList(r, "diff_ids", what + " rootfs");
        if (diffIds.size() > ImageManifest.MAX_LAYERS) {
            throw Json.bad(what, "it lists " + diffIds.size() + " layers; at most " + ImageManifest.MAX_LAYERS + " are supported");
        }
        for (int i = 0; i < diffIds.size(); i++) {
            Digests.requireValidContent(diffIds.get(i), what + " rootfs.diff_ids[" + i + "]");
        }

        List<History> history = new ArrayList<>();
        JsonNode h = root.get("history");
        if (h != null && !h.isNull()) {
            if (!h.isArray()) {
                throw Json.bad(what, "\"history\" is not a list");
            }
            for (JsonNode e : h) {
                if (!e.isObject()) {
                    throw Json.bad(what, "a \"history\" entry is not an object");
                }
                JsonNode empty = e.get("empty_layer");
                history.add(new History(
                        Json.optString(e, "created", what + " history"),
                        Json.optString(e, "created_by", what + " history"),
                        Json.optString(e, "author", what + " history"),
                        Json.optString(e, "comment", what + " history"),
                        empty != null && empty.asBoolean(false)));
            }
        }
        return new ImageConfig(arch, os, variant, created, cc, new RootFs(type, diffIds), history);
    }
}
