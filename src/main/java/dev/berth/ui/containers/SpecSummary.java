package dev.berth.ui.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * What a person wants to know from a container's OCI runtime spec: the process (args, env, cwd,
 * user, terminal), the hostname and the mounts. Parsed off the UI thread; an unreadable spec gives
 * an empty summary.
 */
public record SpecSummary(List<String> args, List<String> env, String cwd, String user, boolean terminal,
                          String hostname, List<String> mounts) {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final SpecSummary EMPTY = new SpecSummary(List.of(), List.of(), "", "", false, "", List.of());

    public static SpecSummary parse(String specJson) {
        if (specJson == null || specJson.isBlank()) {
            return EMPTY;
        }
        try {
            JsonNode root = JSON.readTree(specJson);
            JsonNode process = root.path("process");
            List<String> args = strings(process.path("args"));
            List<String> env = strings(process.path("env"));
            JsonNode u = process.path("user");
            String user = u.isMissingNode() ? "" : u.path("uid").asText("0") + ":" + u.path("gid").asText("0");
            if (!u.path("username").asText("").isEmpty()) {
                user = u.path("username").asText() + " (" + user + ")";
            }
            List<String> mounts = new ArrayList<>();
            for (JsonNode m : root.path("mounts")) {
                List<String> opts = strings(m.path("options"));
                mounts.add(m.path("destination").asText("") + "  \u2190  " + m.path("type").asText("") + " "
                        + m.path("source").asText("") + (opts.isEmpty() ? "" : "  (" + String.join(",", opts) + ")"));
            }
            return new SpecSummary(args, env, process.path("cwd").asText(""), user,
                    process.path("terminal").asBoolean(false), root.path("hostname").asText(""), mounts);
        } catch (Exception e) {
            return EMPTY;
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(n.asText());
        }
        return out;
    }

    /** The command line as a shell would show it (quoting words with spaces). */
    public String commandLine() {
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(a.isEmpty() || a.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'')
                    ? "\"" + a.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : a);
        }
        return sb.toString();
    }
}
