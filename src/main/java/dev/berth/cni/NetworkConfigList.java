package dev.berth.cni;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.BerthException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * A CNI network configuration: a name, a cniVersion and a list of plugin configurations (a
 * {@code .conflist}; a single-plugin {@code .conf} becomes a list of one, as libcni does). Immutable:
 * the plugin objects are copied in and out.
 */
public final class NetworkConfigList {

    /** The versions of the CNI spec this runner speaks. */
    public static final Set<String> VERSIONS = Set.of("0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0");

    static final ObjectMapper JSON = JsonMapper.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final String name;
    private final String cniVersion;
    private final boolean disableCheck;
    private final List<ObjectNode> plugins;
    private final String source;

    private NetworkConfigList(String name, String cniVersion, boolean disableCheck, List<ObjectNode> plugins,
                              String source) {
        this.name = name;
        this.cniVersion = cniVersion;
        this.disableCheck = disableCheck;
        List<ObjectNode> copy = new ArrayList<>();
        for (ObjectNode p : plugins) {
            copy.add(p.deepCopy());
        }
        this.plugins = Collections.unmodifiableList(copy);
        this.source = source;
    }

    /** Parses a {@code .conflist}: {@code {cniVersion, name, disableCheck?, plugins: [{type, ...}, ...]}}. */
    public static NetworkConfigList parseList(byte[] json, String source) {
        ObjectNode root = object(json, source);
        String name = string(root, "name", source, true);
        String version = version(root, source);
        JsonNode ps = root.get("plugins");
        if (ps == null || !ps.isArray() || ps.isEmpty()) {
            throw bad(source, "\"plugins\" must be a non-empty list");
        }
        List<ObjectNode> plugins = new ArrayList<>();
        for (JsonNode p : ps) {
            if (!p.isObject()) {
                throw bad(source, "every entry of \"plugins\" must be an object");
            }
            plugin((ObjectNode) p, source);
            plugins.add((ObjectNode) p);
        }
        JsonNode dc = root.get("disableCheck");
        boolean disableCheck = dc != null && (dc.isBoolean() ? dc.booleanValue() : "true".equalsIgnoreCase(dc.asText()));
        return new NetworkConfigList(checkedName(name, source), version, disableCheck, plugins, source);
    }

    /** Parses a single plugin's {@code .conf}: {@code {cniVersion, name, type, ...}}. */
    public static NetworkConfigList parseSingle(byte[] json, String source) {
        ObjectNode root = object(json, source);
        if (root.has("plugins") && !root.has("type")) {
            throw bad(source, "this is a network list (it has \"plugins\"); name the file *.conflist");
        }
        String name = string(root, "name", source, true);
        String version = version(root, source);
        plugin(root, source);
        return new NetworkConfigList(checkedName(name, source), version, false, List.of(root), source);
    }

    /** Parses a file by its name: {@code *.conflist} as a list, {@code *.conf} and {@code *.json} as one plugin. */
    public static NetworkConfigList parseFile(byte[] json, String fileName) {
        return fileName.endsWith(".conflist") ? parseList(json, fileName) : parseSingle(json, fileName);
    }

    private static String checkedName(String name, String source) {
        try {
            return CniNames.networkName(name);
        } catch (BerthException e) {
            throw bad(source, e.getMessage());
        }
    }

    private static void plugin(ObjectNode p, String source) {
        String type = string(p, "type", source, true);
        try {
            CniNames.pluginType(type);
        } catch (BerthException e) {
            throw bad(source, e.getMessage());
        }
    }

    private static String version(ObjectNode root, String source) {
        String v = string(root, "cniVersion", source, true);
        if (!VERSIONS.contains(v)) {
            throw bad(source, "cniVersion \"" + CniNames.printable(v) + "\" is not one Berth knows ("
                    + String.join(", ", new java.util.TreeSet<>(VERSIONS)) + ")");
        }
        return v;
    }

    private static String string(ObjectNode n, String field, String source, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw bad(source, "\"" + field + "\" is missing");
            }
            return null;
        }
        if (!v.isTextual() || v.textValue().isEmpty()) {
            throw bad(source, "\"" + field + "\" must be a non-empty string");
        }
        return v.textValue();
    }

    static ObjectNode object(byte[] json, String source) {
        if (json == null || json.length == 0) {
            throw bad(source, "it is empty");
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw bad(source, "it is not valid JSON"
                    + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")"));
        } catch (IOException e) {
            throw bad(source, "it cannot be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw bad(source, "it is not a JSON object");
        }
        return (ObjectNode) node;
    }

    private static BerthException bad(String source, String why) {
        return new BerthException.FailedPrecondition("CNI network config " + source + ": " + why);
    }

    /** A list made by Berth itself (checked like a file). */
    static NetworkConfigList of(ObjectNode conflist, String source) {
        try {
            return parseList(JSON.writeValueAsBytes(conflist), source);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return name;
    }

    public String cniVersion() {
        return cniVersion;
    }

    public boolean disableCheck() {
        return disableCheck;
    }

    /** Where it came from: a file path, or a description of a built-in list. */
    public String source() {
        return source;
    }

    public int size() {
        return plugins.size();
    }

    /** A copy of the configuration of plugin {@code i}. */
    public ObjectNode plugin(int i) {
        return plugins.get(i).deepCopy();
    }

    public String type(int i) {
        return plugins.get(i).get("type").textValue();
    }

    public List<String> types() {
        List<String> t = new ArrayList<>();
        for (int i = 0; i < plugins.size(); i++) {
            t.add(type(i));
        }
        return t;
    }

    /** The list as a {@code .conflist} document. */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("cniVersion", cniVersion);
        o.put("name", name);
        if (disableCheck) {
            o.put("disableCheck", true);
        }
        ArrayNode ps = o.putArray("plugins");
        plugins.forEach(p -> ps.add(p.deepCopy()));
        return o;
    }

    @Override
    public String toString() {
        return "network " + name + " (cniVersion " + cniVersion + ", plugins " + types() + ", from " + source + ")";
    }
}
