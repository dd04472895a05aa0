package dev.berth.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.BerthException;
import dev.berth.model.MountSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An OCI runtime spec as JSON, starting from the default Linux spec of containerd's Go client
 * ({@code populateDefaultUnixSpec}; see {@link ClientDefaults} for the release lines) and changed by
 * the same steps as its {@code SpecOpts}. Fields the
 * Go client leaves empty are left out ({@code omitempty}); {@link #toJson} writes the fields in the
 * order of the Go structs, so the stored spec reads like one written by containerd's client. Fields
 * Berth does not know survive {@link #parse} and {@link #toJson} unchanged.
 */
public final class RuntimeSpec {

    /** The Any type URL containerd stores a spec under (no {@code type.googleapis.com/} prefix). */
    public static final String TYPE_URL = "types.containerd.io/opencontainers/runtime-spec/1/Spec";
    /** The runtime-spec version containerd 1.6's client vendors and writes. */
    public static final String OCI_VERSION = "1.0.2-dev";

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    static final List<String> DEFAULT_CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID",
            "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
    static final List<String> DEFAULT_MASKED_PATHS = List.of("/proc/acpi", "/proc/asound", "/proc/kcore",
            "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
            "/sys/firmware", "/proc/scsi");
    static final List<String> DEFAULT_READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");
    static final List<String> DEFAULT_NAMESPACES = List.of("pid", "ipc", "uts", "mount", "network");
    static final List<MountSpec> DEFAULT_MOUNTS = List.of(
            new MountSpec("proc", "proc", "/proc", List.of("nosuid", "noexec", "nodev")),
            new MountSpec("tmpfs", "tmpfs", "/dev", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
            new MountSpec("devpts", "devpts", "/dev/pts",
                    List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
            new MountSpec("tmpfs", "shm", "/dev/shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
            new MountSpec("mqueue", "mqueue", "/dev/mqueue", List.of("nosuid", "noexec", "nodev")),
            new MountSpec("sysfs", "sysfs", "/sys", List.of("nosuid", "noexec", "nodev", "ro")),
            new MountSpec("tmpfs", "tmpfs", "/run", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));

    /** Field order of the Go structs (runtime-spec specs-go), by object kind. */
    private static final Map<String, List<String>> ORDER = Map.ofEntries(
            Map.entry("spec", List.of("ociVersion", "process", "root", "hostname", "mounts", "hooks", "annotations",
                    "linux", "solaris", "windows", "vm")),
            Map.entry("process", List.of("terminal", "consoleSize", "user", "args", "commandLine", "env", "cwd",
                    "capabilities", "rlimits", "noNewPrivileges", "apparmorProfile", "oomScoreAdj", "selinuxLabel")),
            Map.entry("user", List.of("uid", "gid", "umask", "additionalGids", "username")),
            Map.entry("capabilities", List.of("bounding", "effective", "inheritable", "permitted", "ambient")),
            Map.entry("rlimit", List.of("type", "hard", "soft")),
            Map.entry("root", List.of("path", "readonly")),
            Map.entry("mount", List.of("destination", "type", "source", "options")),
            Map.entry("linux", List.of("uidMappings", "gidMappings", "sysctl", "resources", "cgroupsPath",
                    "namespaces", "devices", "seccomp", "rootfsPropagation", "maskedPaths", "readonlyPaths",
                    "mountLabel", "intelRdt", "personality")),
            Map.entry("resources", List.of("devices", "memory", "cpu", "pids", "blockIO", "hugepageLimits",
                    "network", "rdma", "unified")),
            Map.entry("device", List.of("allow", "type", "major", "minor", "access")),
            Map.entry("namespace", List.of("type", "path")));

    /** Which kind of object sits under a key of an object of a kind (arrays: their elements). */
    private static final Map<String, String> CHILD_KIND = Map.ofEntries(
            Map.entry("spec.process", "process"), Map.entry("spec.root", "root"), Map.entry("spec.mounts", "mount"),
            Map.entry("spec.linux", "linux"), Map.entry("process.user", "user"),
            Map.entry("process.capabilities", "capabilities"), Map.entry("process.rlimits", "rlimit"),
            Map.entry("linux.resources", "resources"), Map.entry("linux.namespaces", "namespace"),
            Map.entry("resources.devices", "device"));

    private final ObjectNode root;

    private RuntimeSpec(ObjectNode root) {
        this.root = root;
    }

    /** {@code populateDefaultUnixSpec} of containerd 1.6 for container {@code id} in {@code namespace}. */
    public static RuntimeSpec defaults(String namespace, String id) {
        return defaults(namespace, id, ClientDefaults.V1_6);
    }

    /** {@code populateDefaultUnixSpec} of the given client line for container {@code id} in {@code namespace}. */
    public static RuntimeSpec defaults(String namespace, String id, ClientDefaults client) {
        ObjectNode s = F.objectNode();
        s.put("ociVersion", client.ociVersion());
        ObjectNode process = s.putObject("process");
        ObjectNode user = process.putObject("user");
        user.put("uid", 0);
        user.put("gid", 0);
        process.put("cwd", "/");
        ObjectNode caps = process.putObject("capabilities");
        caps.set("bounding", strings(DEFAULT_CAPABILITIES));
        caps.set("effective", strings(DEFAULT_CAPABILITIES));
        caps.set("permitted", strings(DEFAULT_CAPABILITIES));
        ObjectNode nofile = process.putArray("rlimits").addObject();
        nofile.put("type", "RLIMIT_NOFILE");
        nofile.put("hard", 1024);
        nofile.put("soft", 1024);
        process.put("noNewPrivileges", true);
        s.putObject("root").put("path", "rootfs");
        ArrayNode mounts = s.putArray("mounts");
        DEFAULT_MOUNTS.forEach(m -> mounts.add(mount(m)));
        ObjectNode linux = s.putObject("linux");
        ObjectNode deny = linux.putObject("resources").putArray("devices").addObject();
        deny.put("allow", false);
        deny.put("access", "rwm");
        linux.put("cgroupsPath", "/" + namespace + "/" + id);
        ArrayNode ns = linux.putArray("namespaces");
        DEFAULT_NAMESPACES.forEach(t -> ns.addObject().put("type", t));
        linux.set("maskedPaths", strings(client.maskedPaths()));
        linux.set("readonlyPaths", strings(DEFAULT_READONLY_PATHS));
        return new RuntimeSpec(s);
    }

    /** A spec from its JSON (e.g. as stored in a container record). */
    public static RuntimeSpec parse(byte[] json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || !n.isObject()) {
                throw new BerthException.InvalidArgument("the runtime spec is not a JSON object");
            }
            return new RuntimeSpec((ObjectNode) n);
        } catch (IOException e) {
            throw new BerthException.InvalidArgument("the runtime spec is not valid JSON", e);
        }
    }

    /** Compact JSON, fields in the Go structs' order. */
    public byte[] toJson() {
        try {
            return MAPPER.writeValueAsBytes(ordered(root, "spec"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of the JSON tree. */
    public ObjectNode tree() {
        return (ObjectNode) ordered(root, "spec");
    }

    // ------------------------------------------------------------------------------------------
    // reading

    public List<String> args() {
        return strings(process().get("args"));
    }

    public List<String> env() {
        return strings(process().get("env"));
    }

    public String cwd() {
        return process().path("cwd").asText("");
    }

    public boolean terminal() {
        return process().path("terminal").asBoolean(false);
    }

    public long uid() {
        return process().path("user").path("uid").asLong(0);
    }

    public long gid() {
        return process().path("user").path("gid").asLong(0);
    }

    public List<Long> additionalGids() {
        List<Long> out = new ArrayList<>();
        process().path("user").path("additionalGids").forEach(n -> out.add(n.asLong()));
        return out;
    }

    public List<MountSpec> mounts() {
        List<MountSpec> out = new ArrayList<>();
        for (JsonNode m : root.path("mounts")) {
            out.add(new MountSpec(m.path("type").asText(""), m.path("source").asText(""),
                    m.path("destination").asText(""), strings(m.get("options"))));
        }
        return out;
    }

    public String cgroupsPath() {
        return root.path("linux").path("cgroupsPath").asText("");
    }

    // ------------------------------------------------------------------------------------------
    // changing (each as the Go SpecOpt of the same name does)

    /** {@code WithProcessArgs}. */
    public RuntimeSpec setArgs(List<String> args) {
        setOrRemove(process(), "args", strings(args));
        process().remove("commandLine");
        return this;
    }

    /** Replaces the env list. */
    public RuntimeSpec setEnv(List<String> env) {
        setOrRemove(process(), "env", strings(env));
        return this;
    }

    /** {@code WithEnv}: each entry overrides its key (see {@link EnvVars#replaceOrAppend}). */
    public RuntimeSpec withEnv(List<String> env) {
        if (!env.isEmpty()) {
            setEnv(EnvVars.replaceOrAppend(env(), env));
        }
        return this;
    }

    /** {@code WithProcessCwd}. */
    public RuntimeSpec setCwd(String cwd) {
        process().put("cwd", cwd);
        return this;
    }

    public RuntimeSpec setUser(UserResolver.ResolvedUser user) {
        ObjectNode u = process().putObject("user");
        u.put("uid", user.uid());
        u.put("gid", user.gid());
        if (!user.additionalGids().isEmpty()) {
            ArrayNode a = u.putArray("additionalGids");
            user.additionalGids().forEach(a::add);
        }
        return this;
    }

    /** {@code WithTTY}: a terminal, and {@code TERM=xterm} appended to the env (even if already set). */
    public RuntimeSpec withTty() {
        process().put("terminal", true);
        List<String> env = new ArrayList<>(env());
        env.add("TERM=xterm");
        setEnv(env);
        return this;
    }

    /** {@code WithMounts}: appended after the existing ones. */
    public RuntimeSpec addMounts(List<MountSpec> mounts) {
        ArrayNode a = root.has("mounts") ? (ArrayNode) root.get("mounts") : root.putArray("mounts");
        mounts.forEach(m -> a.add(mount(m)));
        return this;
    }

    // ------------------------------------------------------------------------------------------

    private ObjectNode process() {
        JsonNode p = root.get("process");
        return p instanceof ObjectNode ? (ObjectNode) p : root.putObject("process");
    }

    private static ObjectNode mount(MountSpec m) {
        ObjectNode n = F.objectNode();
        n.put("destination", m.destination());
        if (!m.type().isEmpty()) {
            n.put("type", m.type());
        }
        if (!m.source().isEmpty()) {
            n.put("source", m.source());
        }
        if (!m.options().isEmpty()) {
            n.set("options", strings(m.options()));
        }
        return n;
    }

    private static void setOrRemove(ObjectNode o, String key, ArrayNode value) {
        if (value.isEmpty()) {
            o.remove(key);
        } else {
            o.set(key, value);
        }
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = F.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    /** A deep copy with the keys of known objects in Go order (unknown keys after, as they were). */
    private static JsonNode ordered(JsonNode node, String kind) {
        if (node.isArray()) {
            ArrayNode a = F.arrayNode();
            node.forEach(e -> a.add(ordered(e, kind)));
            return a;
        }
        if (!node.isObject()) {
            return node.deepCopy();
        }
        ObjectNode out = F.objectNode();
        List<String> order = kind == null ? List.of() : ORDER.getOrDefault(kind, List.of());
        for (String k : order) {
            if (node.has(k)) {
                out.set(k, ordered(node.get(k), CHILD_KIND.get(kind + "." + k)));
            }
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!out.has(k)) {
                out.set(k, ordered(node.get(k), kind == null ? null : CHILD_KIND.get(kind + "." + k)));
            }
        }
        return out;
    }
}
