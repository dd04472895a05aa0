package dev.berth.oci;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.model.BerthException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Strict reading of the JSON fields Berth needs; unknown fields are ignored. Package-private. */
final class Json {

    /** Shared, thread-safe, never reconfigured after creation. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /**
     * Parses a JSON object; any failure becomes a Registry error naming {@code what} (never the
     * content, which may be anything).
     */
    static JsonNode readObject(byte[] bytes, String what) {
        if (bytes == null || bytes.length == 0) {
            throw new BerthException.Registry(what + " is empty");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
            throw new BerthException.Registry(what + " is not valid JSON" + where);
        } catch (IOException e) {
            throw new BerthException.Registry(what + " cannot be read: " + e.getClass().getSimpleName());
        }
        if (node == null || !node.isObject()) {
            throw new BerthException.Registry(what + " is not a JSON object");
        }
        return node;
    }

    static BerthException bad(String what, String problem) {
        return new BerthException.Registry(what + ": " + problem);
    }

    /** A string field, or null when absent or null. */
    static String optString(JsonNode obj, String field, String what) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw bad(what, "\"" + field + "\" is not a string");
        }
        return n.textValue();
    }

    static String reqString(JsonNode obj, String field, String what) {
        String s = optString(obj, field, what);
        if (s == null || s.isEmpty()) {
            throw bad(what, "\"" + field + "\" is missing");
        }
        return s;
    }

    static List<String> optStringList(JsonNode obj, String field, String what) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw bad(what, "\"" + field + "\" is not a list");
        }
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw bad(what, "\"" + field + "\" holds something that is not a string");
            }
            out.add(e.textValue());
        }
        return List.copyOf(out);
    }

    /** A string→string map; null values are dropped, non-string values rejected. */
    static Map<String, String> optStringMap(JsonNode obj, String field, String what) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return Map.of();
        }
        if (!n.isObject()) {
            throw bad(what, "\"" + field + "\" is not an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                continue;
            }
            if (!e.getValue().isTextual()) {
                throw bad(what, "\"" + field + "\" has a value that is not a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    /** The keys of an object used as a set ({@code {"80/tcp": {}}}). */
    static List<String> optKeys(JsonNode obj, String field, String what) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isObject()) {
            throw bad(what, "\"" + field + "\" is not an object");
        }
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return List.copyOf(out);
    }

    /** The schemaVersion, which must be 2. */
    static void requireSchemaVersion2(JsonNode obj, String what) {
        JsonNode n = obj.get("schemaVersion");
        if (n == null || n.isNull()) {
            throw bad(what, "\"schemaVersion\" is missing");
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw bad(what, "\"schemaVersion\" is not a number");
        }
        int v = n.intValue();
        if (v == 1) {
            throw bad(what, "Docker schema 1 manifests are not supported; push the image again with a current tool");
        }
        if (v != 2) {
            throw bad(what, "schemaVersion " + v + " is not supported (expected 2)");
        }
    }

    static Descriptor descriptor(JsonNode n, String what) {
        if (n == null || !n.isObject()) {
            throw bad(what, "is not a descriptor object");
        }
        String mediaType = reqString(n, "mediaType", what);
        String digest = Digests.requireValidContent(reqString(n, "digest", what), what);
        JsonNode size = n.get("size");
        if (size == null || size.isNull()) {
            throw bad(what, "\"size\" is missing");
        }
        if (!size.isIntegralNumber() || !size.canConvertToLong() || size.longValue() < 0) {
            throw bad(what, "\"size\" is not a non-negative integer");
        }
        Map<String, String> annotations = optStringMap(n, "annotations", what);
        Platform platform = null;
        JsonNode p = n.get("platform");
        if (p != null && !p.isNull()) {
            if (!p.isObject()) {
                throw bad(what, "\"platform\" is not an object");
            }
            String os = optString(p, "os", what);
            String arch = optString(p, "architecture", what);
            if (os == null || os.isEmpty() || arch == null || arch.isEmpty()) {
                throw bad(what, "\"platform\" needs \"os\" and \"architecture\"");
            }
            platform = new Platform(os, arch, optString(p, "variant", what));
        }
        List<String> urls = optStringList(n, "urls", what);
        return new Descriptor(mediaType, digest, size.longValue(), annotations, platform, urls);
    }

    static String what(String kind, String digest) {
        return digest == null || digest.isEmpty() ? kind : kind + " " + digest;
    }
}
