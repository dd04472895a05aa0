package dev.berth.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.Descriptors;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoFileDescriptorSupplier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Compares Berth's hand-written {@code proto/} subset with containerd's own .proto files.
 *
 * <p>Our side is what protoc compiled: the Java {@link Descriptors.FileDescriptor}s of every file under
 * {@code proto/} (each file is also parsed with the text parser below and must agree with its descriptor
 * exactly, so nothing under {@code proto/} escapes the comparison). The reference side is containerd's
 * .proto text as installed by Debian (golang-github-containerd-containerd-dev 1.6.20,
 * golang-github-containerd-cgroups-dev 1.0.4), read with the same parser.
 *
 * <p>Every message, field, enum value, service and method we define must exist in the reference under the
 * same full name with the same number, type, cardinality and streaming flags. Things the reference is too
 * old to have are accepted only when listed in {@link #NEWER_THAN_REFERENCE}.
 */
class ProtoReferenceTest {

    /** Debian's install location; {@code -Dberth.containerd.reference=<dir>} points the test elsewhere. */
    static final Path REFERENCE_ROOT = Path.of(System.getProperty("berth.containerd.reference",
            "/usr/share/gocode/src/github.com/containerd"));
    static final List<String> REFERENCE_DIRS = List.of("containerd/api", "cgroups/stats/v1", "cgroups/v2/stats");

    /**
     * Additions made after the reference (containerd 1.6.20). Keys: {@code message} for a whole message,
     * {@code service} for a whole service, {@code message.field=number} for a field, {@code enum.VALUE=number} for an enum value,
     * {@code service/Method} for a method. Values: the first containerd release that has it.
     */
    static final Map<String, String> NEWER_THAN_REFERENCE = Map.ofEntries(
            Map.entry("containerd.types.Platform.os_version=4", "2.0"),
            Map.entry("containerd.types.Platform.os_features=5", "2.3"),
            Map.entry("containerd.services.images.v1.CreateImageRequest.source_date_epoch=2", "1.7"),
            Map.entry("containerd.services.images.v1.UpdateImageRequest.source_date_epoch=3", "1.7"),
            Map.entry("containerd.services.images.v1.DeleteImageRequest.target=3", "2.0"),
            Map.entry("containerd.services.snapshots.v1.CommitSnapshotRequest.parent=5", "2.2"),
            Map.entry("containerd.services.diff.v1.ApplyRequest.sync_fs=4", "1.7.14"),
            Map.entry("containerd.services.diff.v1.DiffRequest.source_date_epoch=6", "1.7"),
            Map.entry("containerd.services.containers.v1.Container.sandbox=11", "1.7"),
            Map.entry("containerd.services.tasks.v1.CreateTaskRequest.task_api_address=11", "2.3.1"),
            Map.entry("containerd.services.tasks.v1.CreateTaskRequest.task_api_version=12", "2.3.1"),
            Map.entry("containerd.services.introspection.v1.ServerResponse.pid=2", "1.7"),
            Map.entry("containerd.services.introspection.v1.ServerResponse.pidns=3", "1.7"),
            Map.entry("containerd.services.introspection.v1.ServerResponse.deprecations=4", "1.7.9"),
            Map.entry("containerd.services.introspection.v1.DeprecationWarning", "1.7.9"),
            Map.entry("containerd.events.SnapshotPrepare.snapshotter=5", "1.7"),
            Map.entry("containerd.events.SnapshotCommit.snapshotter=5", "1.7"),
            Map.entry("containerd.events.SnapshotRemove.snapshotter=5", "1.7"),
            Map.entry("containerd.events.ContentCreate", "2.1"),
            // server-side pull (TransferPuller): services, messages and enums that 1.7 added
            Map.entry("containerd.services.transfer.v1.Transfer", "1.7"),
            Map.entry("containerd.services.transfer.v1.TransferRequest", "1.7"),
            Map.entry("containerd.services.transfer.v1.TransferOptions", "1.7"),
            Map.entry("containerd.services.streaming.v1.Streaming", "1.7"),
            Map.entry("containerd.services.streaming.v1.StreamInit", "1.7"),
            Map.entry("containerd.types.transfer.OCIRegistry", "1.7"),
            Map.entry("containerd.types.transfer.RegistryResolver", "1.7"),
            Map.entry("containerd.types.transfer.RegistryResolver.default_scheme=4", "2.0"),
            Map.entry("containerd.types.transfer.AuthRequest", "1.7"),
            Map.entry("containerd.types.transfer.AuthType", "1.7"),
            Map.entry("containerd.types.transfer.AuthResponse", "1.7"),
            Map.entry("containerd.types.transfer.ImageStore", "1.7"),
            Map.entry("containerd.types.transfer.UnpackConfiguration", "1.7"),
            Map.entry("containerd.types.transfer.Progress", "1.7"),
            Map.entry("containerd.types.transfer.Progress.desc=6", "2.0"));

    // ------------------------------------------------------------------------------------------------
    // tests

    @Test
    void ourDefinitionsMatchContainerdReference() {
        boolean installed = REFERENCE_DIRS.stream().allMatch(d -> Files.isDirectory(REFERENCE_ROOT.resolve(d)));
        if (!installed) {
            String why = "containerd reference .proto files are not installed under " + REFERENCE_ROOT
                    + " (" + REFERENCE_DIRS + "); install golang-github-containerd-containerd-dev and"
                    + " golang-github-containerd-cgroups-dev to run this comparison";
            System.out.println("ProtoReferenceTest skipped: " + why);
            Assumptions.assumeTrue(false, why);
        }

        List<Path> refFiles = REFERENCE_DIRS.stream()
                .flatMap(d -> protoFilesUnder(REFERENCE_ROOT.resolve(d)).stream())
                .toList();
        Model reference = Model.resolve(refFiles.stream().map(p -> Parser.parse(REFERENCE_ROOT.relativize(p).toString(), read(p))).toList());
        Model ours = Model.fromDescriptors(ourFileDescriptors());

        Comparison result = compare(ours, reference, NEWER_THAN_REFERENCE);

        System.out.printf("ProtoReferenceTest: reference %s (%d .proto files), ours %s (%d .proto files)%n",
                REFERENCE_ROOT, refFiles.size(), ourProtoRoot(), ourProtoFiles().size());
        System.out.printf("ProtoReferenceTest: compared %d messages, %d fields, %d enums with %d values,"
                        + " %d services with %d methods%n",
                result.messages, result.fields, result.enums, result.enumValues, result.services, result.methods);
        result.notComparable.forEach(s -> System.out.println("  not comparable (newer than reference): " + s));
        result.notes.forEach(s -> System.out.println("  note: " + s));

        if (!result.mismatches.isEmpty()) {
            fail("Our proto/ definitions differ from containerd's reference ("
                    + result.mismatches.size() + " problems):\n  " + String.join("\n  ", result.mismatches));
        }
        // the comparison must actually have looked at something
        assertThat(result.messages).isGreaterThan(100);
        assertThat(result.methods).isGreaterThan(50);
    }

    /** Every file under proto/ is compiled, and our text parser reads it exactly as protoc did. */
    @Test
    void ourProtoFilesAgreeWithGeneratedDescriptors() {
        List<Parser.ProtoFile> parsed = ourParsedFiles();
        List<Descriptors.FileDescriptor> compiled = ourFileDescriptors();

        assertThat(compiled.stream().map(Descriptors.FileDescriptor::getName).sorted().toList())
                .as("descriptors found for the files under proto/")
                .isEqualTo(parsed.stream().map(f -> f.path).sorted().toList());
        for (Descriptors.FileDescriptor fd : compiled) {
            assertThat(fd.getOptions().getJavaMultipleFiles()).as(fd.getName() + " java_multiple_files").isTrue();
            assertThat(fd.getOptions().hasJavaPackage()).as(fd.getName() + " must not set java_package").isFalse();
            assertThat(fd.toProto().getSyntax()).as(fd.getName() + " syntax").isEqualTo("proto3");
        }

        List<String> diffs = Model.resolve(parsed).differencesFrom(Model.fromDescriptors(compiled));
        if (!diffs.isEmpty()) {
            fail("proto/ text and generated descriptors disagree (stale generated sources or parser bug):\n  "
                    + String.join("\n  ", diffs));
        }
    }

    /** The comparison is fail-capable: a reference with a wrong number, type, label or flag is reported. */
    @Test
    void tamperedReferenceIsDetected() {
        String ours = """
                syntax = "proto3";
                package demo.v1;
                import "google/protobuf/empty.proto";
                message Box {
                  message Inner { string name = 1; }
                  enum Color { NONE = 0; RED = 1; }
                  string id = 1;
                  repeated Inner items = 2;
                  map<string, string> labels = 3;
                  Color color = 4;
                  string added_later = 9;
                  string unlisted_addition = 10;
                }
                service Boxes {
                  rpc Get(Box) returns (Box);
                  rpc Watch(Box) returns (stream Box);
                  rpc Drop(Box) returns (google.protobuf.Empty);
                }
                """;
        String faithful = """
                syntax = "proto3";
                package demo.v1;
                import weak "gogoproto/gogo.proto";
                import "google/protobuf/empty.proto";
                option (gogoproto.x) = true;
                /* a block comment */
                message Box {
                  option (some.msg_option) = { a: 1 b: "}" };
                  string id = 1 [(gogoproto.customname) = "ID", (gogoproto.nullable) = false]; // trailing
                  message Inner { string name = 1; }
                  repeated .demo.v1.Box.Inner items = 2;
                  map<string, string> labels = 3;
                  enum Color { option allow_alias = true; NONE = 0 [(x) = 1]; RED = 1; }
                  demo.v1.Box.Color color = 4;
                  reserved 5 to 8;
                  oneof unused { string other = 11; }
                }
                service Boxes {
                  option (svc) = true;
                  rpc Get(Box) returns (Box) { option (m) = "x"; }
                  rpc Watch(Box) returns (stream Box);
                  rpc Drop(Box) returns (google.protobuf.Empty);
                }
                """;
        Map<String, String> allow = Map.of("demo.v1.Box.added_later=9", "test");

        Model oursModel = Model.resolve(List.of(Parser.parse("ours.proto", ours)));
        Comparison ok = compare(oursModel, Model.resolve(List.of(Parser.parse("ref.proto", faithful))), allow);
        assertThat(ok.mismatches).containsExactly(
                "demo.v1.Box.unlisted_addition=10: field missing in reference (and not in the allow-list)");
        assertThat(ok.notComparable).containsExactly("demo.v1.Box.added_later=9 (test)");
        assertThat(ok.fields).isEqualTo(5);
        assertThat(ok.enumValues).isEqualTo(2);
        assertThat(ok.methods).isEqualTo(3);

        Map<String, String> tampers = new LinkedHashMap<>();
        tampers.put("string id = 1 [", "string id = 7 [");
        tampers.put("repeated .demo.v1.Box.Inner items = 2;", ".demo.v1.Box.Inner items = 2;");
        tampers.put("map<string, string> labels = 3;", "map<string, bytes> labels = 3;");
        tampers.put("RED = 1;", "RED = 2;");
        tampers.put("message Inner { string name = 1; }", "message Inner { int64 name = 1; }");
        tampers.put("rpc Watch(Box) returns (stream Box);", "rpc Watch(Box) returns (Box);");
        tampers.put("rpc Drop(Box) returns (google.protobuf.Empty);", "rpc Drop(Box.Inner) returns (google.protobuf.Empty);");
        tampers.put("reserved 5 to 8;", "reserved 5 to 9;");
        tampers.put("service Boxes {", "service Crates {");
        tampers.forEach((from, to) -> {
            assertThat(faithful).contains(from);
            Model tampered = Model.resolve(List.of(Parser.parse("ref.proto", faithful.replace(from, to))));
            Comparison c = compare(oursModel, tampered, Map.of("demo.v1.Box.unlisted_addition=10", "test",
                    "demo.v1.Box.added_later=9", "test"));
            assertThat(c.mismatches).as("reference tampered with: %s -> %s", from, to).isNotEmpty();
        });

        // a wrong number in an allow-list entry is itself an error
        Comparison badAllow = compare(oursModel, Model.resolve(List.of(Parser.parse("ref.proto", faithful))),
                Map.of("demo.v1.Box.added_later=8", "test", "demo.v1.Box.unlisted_addition=10", "test"));
        assertThat(badAllow.mismatches).contains(
                "demo.v1.Box.added_later=9: field missing in reference (and not in the allow-list)",
                "allow-list entry demo.v1.Box.added_later=8 matches nothing we define");
    }

    @Test
    void parserResolvesNamesLikeProtoc() {
        String types = """
                syntax = "proto3";
                package a.types;
                message Mount { string type = 1; }
                """;
        String svc = """
                syntax = "proto3";
                package a.services.x.v1;
                import "a/types/mount.proto";
                message Outer {
                  message Mount { int32 n = 1; }
                  Mount local = 1;            // the nested one wins
                  types.Mount outer = 2;      // found through the enclosing package a
                  .a.types.Mount absolute = 3;
                  map<string, google.protobuf.Any> extras = 4;
                  optional string maybe = 5;
                  oneof choice { string left = 6; Mount right = 7; }
                }
                """;
        Model m = Model.resolve(List.of(Parser.parse("t.proto", types), Parser.parse("s.proto", svc)));
        Map<String, Field> f = m.messages.get("a.services.x.v1.Outer").fields;
        assertThat(f.get("local").type).isEqualTo(".a.services.x.v1.Outer.Mount");
        assertThat(f.get("outer").type).isEqualTo(".a.types.Mount");
        assertThat(f.get("absolute").type).isEqualTo(".a.types.Mount");
        assertThat(f.get("extras").label).isEqualTo("map");
        assertThat(f.get("extras").type).isEqualTo("map<string,.google.protobuf.Any>");
        assertThat(f.get("maybe").label).isEqualTo("optional");
        assertThat(f.get("right").oneof).isEqualTo("choice");
        assertThat(f.get("right").type).isEqualTo(".a.services.x.v1.Outer.Mount");

        assertThatThrownBy(() -> Model.resolve(List.of(Parser.parse("b.proto",
                "syntax = \"proto3\"; package b; message M { Missing x = 1; }"))))
                .hasMessageContaining("cannot resolve type Missing");
        assertThatThrownBy(() -> Parser.parse("c.proto", "syntax = \"proto3\"; message M { string x = ; }"))
                .hasMessageContaining("c.proto:1");
    }

    // ------------------------------------------------------------------------------------------------
    // our side

    static Path ourProtoRoot() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path root = base.resolve("proto");
        assertThat(root).as("Berth's proto/ directory").isDirectory();
        return root;
    }

    static List<Path> ourProtoFiles() {
        List<Path> files = protoFilesUnder(ourProtoRoot());
        assertThat(files).as(".proto files under proto/").isNotEmpty();
        return files;
    }

    static List<Parser.ProtoFile> ourParsedFiles() {
        Path root = ourProtoRoot();
        return ourProtoFiles().stream()
                .map(p -> Parser.parse(root.relativize(p).toString().replace('\\', '/'), read(p)))
                .toList();
    }

    /** The compiled descriptor of every file under proto/, found through a class generated for it. */
    static List<Descriptors.FileDescriptor> ourFileDescriptors() {
        List<Descriptors.FileDescriptor> result = new ArrayList<>();
        for (Parser.ProtoFile file : ourParsedFiles()) {
            Descriptors.FileDescriptor fd = descriptorOf(file);
            assertThat(fd.getName()).as("descriptor name of " + file.path).isEqualTo(file.path);
            result.add(fd);
        }
        return result;
    }

    private static Descriptors.FileDescriptor descriptorOf(Parser.ProtoFile file) {
        String javaPackage = file.pkg.isEmpty() ? "" : file.pkg + ".";
        try {
            // java_multiple_files and no java_package: one class per top-level type, in the proto package
            for (Parser.RawMessage m : file.messages) {
                if (m.parent == null) {
                    Method getDescriptor = load(javaPackage + m.simpleName).getMethod("getDescriptor");
                    return ((Descriptors.Descriptor) getDescriptor.invoke(null)).getFile();
                }
            }
            for (Parser.RawEnum e : file.enums) {
                if (e.parent == null) {
                    Method getDescriptor = load(javaPackage + e.simpleName).getMethod("getDescriptor");
                    return ((Descriptors.EnumDescriptor) getDescriptor.invoke(null)).getFile();
                }
            }
            for (Parser.RawService s : file.services) {
                ServiceDescriptor sd = (ServiceDescriptor) load(javaPackage + s.simpleName + "Grpc")
                        .getMethod("getServiceDescriptor").invoke(null);
                return ((ProtoFileDescriptorSupplier) sd.getSchemaDescriptor()).getFileDescriptor();
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no generated Java class for " + file.path + " (run mvn generate-sources)", e);
        }
        throw new AssertionError(file.path + " declares nothing");
    }

    private static Class<?> load(String name) throws ClassNotFoundException {
        return Class.forName(name, true, ProtoReferenceTest.class.getClassLoader());
    }

    // ------------------------------------------------------------------------------------------------
    // comparison

    static final class Comparison {
        int messages, fields, enums, enumValues, services, methods;
        final List<String> mismatches = new ArrayList<>();
        final List<String> notComparable = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
    }

    /** Checks that everything in {@code ours} exists identically in {@code ref}, except allow-listed additions. */
    static Comparison compare(Model ours, Model ref, Map<String, String> newerThanRef) {
        Comparison c = new Comparison();
        Set<String> allowUsed = new TreeSet<>();
        Set<String> ourKeys = new TreeSet<>();

        for (Message m : ours.messages.values()) {
            ourKeys.add(m.fullName);
            Message r = ref.messages.get(m.fullName);
            if (r == null) {
                if (newerThanRef.containsKey(m.fullName)) {
                    allowUsed.add(m.fullName);
                    c.notComparable.add(m.fullName + " (" + newerThanRef.get(m.fullName) + ", with its "
                            + m.fields.size() + " fields)");
                    m.fields.values().forEach(f -> ourKeys.add(m.fullName + "." + f.name + "=" + f.number));
                } else {
                    c.mismatches.add(m.fullName + ": message missing in reference (" + m.file + ")");
                }
                continue;
            }
            c.messages++;
            if (newerThanRef.containsKey(m.fullName)) {
                c.notes.add("allow-listed " + m.fullName + " exists in the reference and was compared");
            }
            for (Field f : m.fields.values()) {
                String key = m.fullName + "." + f.name + "=" + f.number;
                ourKeys.add(key);
                Field rf = r.fields.get(f.name);
                if (rf == null) {
                    Field sameNumber = r.fields.values().stream().filter(x -> x.number == f.number).findFirst().orElse(null);
                    if (sameNumber != null) {
                        c.mismatches.add(key + ": reference uses number " + f.number + " for field '" + sameNumber.name
                                + "' and has no field '" + f.name + "'");
                    } else if (r.reservedNumbers.contains(f.number) || r.reservedNames.contains(f.name)) {
                        c.mismatches.add(key + ": reserved in reference");
                    } else if (newerThanRef.containsKey(key)) {
                        allowUsed.add(key);
                        c.notComparable.add(key + " (" + newerThanRef.get(key) + ")");
                    } else {
                        c.mismatches.add(key + ": field missing in reference (and not in the allow-list)");
                    }
                    continue;
                }
                c.fields++;
                if (newerThanRef.containsKey(key)) {
                    c.notes.add("allow-listed " + key + " exists in the reference and was compared");
                }
                if (rf.number != f.number) {
                    c.mismatches.add(key + ": number " + f.number + ", reference " + rf.number);
                }
                if (!rf.type.equals(f.type)) {
                    c.mismatches.add(key + ": type " + f.type + ", reference " + rf.type);
                }
                if (!rf.label.equals(f.label)) {
                    c.mismatches.add(key + ": cardinality " + f.label + ", reference " + rf.label);
                }
                if (!Objects.equals(rf.oneof, f.oneof)) {
                    c.mismatches.add(key + ": oneof " + f.oneof + ", reference " + rf.oneof);
                }
            }
        }

        for (EnumType e : ours.enums.values()) {
            ourKeys.add(e.fullName);
            EnumType r = ref.enums.get(e.fullName);
            if (r == null) {
                if (newerThanRef.containsKey(e.fullName)) {
                    allowUsed.add(e.fullName);
                    c.notComparable.add(e.fullName + " (" + newerThanRef.get(e.fullName) + ")");
                } else {
                    c.mismatches.add(e.fullName + ": enum missing in reference (" + e.file + ")");
                }
                continue;
            }
            c.enums++;
            e.values.forEach((name, number) -> {
                String key = e.fullName + "." + name + "=" + number;
                ourKeys.add(key);
                Integer rn = r.values.get(name);
                if (rn == null) {
                    if (newerThanRef.containsKey(key)) {
                        allowUsed.add(key);
                        c.notComparable.add(key + " (" + newerThanRef.get(key) + ")");
                    } else {
                        c.mismatches.add(key + ": enum value missing in reference");
                    }
                } else {
                    c.enumValues++;
                    if (!rn.equals(number)) {
                        c.mismatches.add(key + ": number " + number + ", reference " + rn);
                    }
                }
            });
        }

        for (Service s : ours.services.values()) {
            ourKeys.add(s.fullName);
            Service r = ref.services.get(s.fullName);
            if (r == null) {
                if (newerThanRef.containsKey(s.fullName)) {
                    allowUsed.add(s.fullName);
                    c.notComparable.add(s.fullName + " (" + newerThanRef.get(s.fullName) + ", with its "
                            + s.methods.size() + " methods)");
                    s.methods.values().forEach(m -> ourKeys.add(s.fullName + "/" + m.name));
                } else {
                    c.mismatches.add(s.fullName + ": service missing in reference (" + s.file + ")");
                }
                continue;
            }
            if (newerThanRef.containsKey(s.fullName)) {
                c.notes.add("allow-listed " + s.fullName + " exists in the reference and was compared");
            }
            c.services++;
            for (Rpc m : s.methods.values()) {
                String key = s.fullName + "/" + m.name;
                ourKeys.add(key);
                Rpc rm = r.methods.get(m.name);
                if (rm == null) {
                    if (newerThanRef.containsKey(key)) {
                        allowUsed.add(key);
                        c.notComparable.add(key + " (" + newerThanRef.get(key) + ")");
                    } else {
                        c.mismatches.add(key + ": method missing in reference");
                    }
                    continue;
                }
                c.methods++;
                if (!rm.signature().equals(m.signature())) {
                    c.mismatches.add(key + ": " + m.signature() + ", reference " + rm.signature());
                }
            }
        }

        for (String entry : newerThanRef.keySet()) {
            if (!ourKeys.contains(entry)) {
                c.mismatches.add("allow-list entry " + entry + " matches nothing we define");
            }
        }
        c.notComparable.sort(null);
        return c;
    }

    // ------------------------------------------------------------------------------------------------
    // resolved model, built either from parsed text or from protoc's descriptors

    /** label: singular, optional (proto3 explicit presence), repeated, required or map. Type: scalar or .full.Name. */
    record Field(String name, int number, String label, String type, String oneof) {
        @Override
        public String toString() {
            return label + " " + type + " " + name + " = " + number + (oneof == null ? "" : " (oneof " + oneof + ")");
        }
    }

    record Message(String fullName, String file, Map<String, Field> fields, Set<Integer> reservedNumbers,
            Set<String> reservedNames) {}

    record EnumType(String fullName, String file, Map<String, Integer> values) {}

    record Rpc(String name, String input, boolean clientStreaming, String output, boolean serverStreaming) {
        String signature() {
            return "(" + (clientStreaming ? "stream " : "") + input + ") returns ("
                    + (serverStreaming ? "stream " : "") + output + ")";
        }
    }

    record Service(String fullName, String file, Map<String, Rpc> methods) {}

    static final class Model {
        final Map<String, Message> messages = new TreeMap<>();
        final Map<String, EnumType> enums = new TreeMap<>();
        final Map<String, Service> services = new TreeMap<>();

        /** Types that come from imports we do not parse. */
        static final Set<String> EXTERNAL_TYPES = Set.of(
                "google.protobuf.Any", "google.protobuf.Empty", "google.protobuf.Timestamp",
                "google.protobuf.FieldMask", "google.protobuf.Duration", "google.protobuf.Struct",
                "google.rpc.Status");

        static Model resolve(List<Parser.ProtoFile> files) {
            Map<String, String> types = new TreeMap<>(); // full name -> "message" | "enum"
            Set<String> packages = new TreeSet<>();
            for (String t : EXTERNAL_TYPES) {
                types.put(t, "message");
                addPackageAndParents(packages, t.substring(0, t.lastIndexOf('.')));
            }
            for (Parser.ProtoFile f : files) {
                addPackageAndParents(packages, f.pkg);
                Stream.concat(f.messages.stream().map(m -> Map.entry(m.fullName, "message")),
                                f.enums.stream().map(e -> Map.entry(e.fullName, "enum")))
                        .forEach(e -> {
                            if (types.put(e.getKey(), e.getValue()) != null) {
                                throw new IllegalStateException(f.path + ": " + e.getKey() + " is defined twice");
                            }
                        });
            }
            Model model = new Model();
            for (Parser.ProtoFile f : files) {
                for (Parser.RawMessage m : f.messages) {
                    Map<String, Field> fields = new LinkedHashMap<>();
                    for (Parser.RawField rf : m.fields) {
                        String type = rf.mapKey != null
                                ? "map<" + resolveType(rf.mapKey, m.fullName, types, packages, f.path) + ","
                                        + resolveType(rf.type, m.fullName, types, packages, f.path) + ">"
                                : resolveType(rf.type, m.fullName, types, packages, f.path);
                        String label = rf.mapKey != null ? "map" : rf.label == null ? "singular" : rf.label;
                        if (fields.put(rf.name, new Field(rf.name, rf.number, label, type, rf.oneof)) != null) {
                            throw new IllegalStateException(f.path + ": field " + m.fullName + "." + rf.name + " twice");
                        }
                    }
                    model.messages.put(m.fullName, new Message(m.fullName, f.path, fields,
                            m.reservedNumbers, m.reservedNames));
                }
                for (Parser.RawEnum e : f.enums) {
                    model.enums.put(e.fullName, new EnumType(e.fullName, f.path, e.values));
                }
                for (Parser.RawService s : f.services) {
                    Map<String, Rpc> methods = new LinkedHashMap<>();
                    for (Parser.RawRpc r : s.rpcs) {
                        methods.put(r.name, new Rpc(r.name,
                                resolveType(r.input, s.fullName, types, packages, f.path), r.clientStreaming,
                                resolveType(r.output, s.fullName, types, packages, f.path), r.serverStreaming));
                    }
                    model.services.put(s.fullName, new Service(s.fullName, f.path, methods));
                }
            }
            return model;
        }

        private static void addPackageAndParents(Set<String> packages, String pkg) {
            for (String p = pkg; !p.isEmpty(); p = parentOf(p)) {
                packages.add(p);
            }
        }

        static final Set<String> SCALARS = Set.of("double", "float", "int32", "int64", "uint32", "uint64",
                "sint32", "sint64", "fixed32", "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes");

        /**
         * protoc's scoping: a relative name's first component is looked up from the innermost scope outwards;
         * the first aggregate (message, enum or package) found fixes where the rest must be.
         */
        static String resolveType(String name, String scope, Map<String, String> types, Set<String> packages,
                String file) {
            if (SCALARS.contains(name)) {
                return name;
            }
            if (name.startsWith(".")) {
                if (types.containsKey(name.substring(1))) {
                    return name;
                }
                throw new IllegalStateException(file + ": cannot resolve type " + name);
            }
            int dot = name.indexOf('.');
            String first = dot < 0 ? name : name.substring(0, dot);
            String rest = dot < 0 ? "" : name.substring(dot);
            for (String s = scope; ; s = parentOf(s)) {
                String candidate = s.isEmpty() ? first : s + "." + first;
                if (types.containsKey(candidate) || packages.contains(candidate)) {
                    String full = candidate + rest;
                    if (types.containsKey(full)) {
                        return "." + full;
                    }
                    throw new IllegalStateException(file + ": cannot resolve type " + name + " in " + scope
                            + " (" + candidate + " has no " + rest.substring(1) + ")");
                }
                if (s.isEmpty()) {
                    throw new IllegalStateException(file + ": cannot resolve type " + name + " in " + scope);
                }
            }
        }

        static Model fromDescriptors(List<Descriptors.FileDescriptor> files) {
            Model model = new Model();
            for (Descriptors.FileDescriptor fd : files) {
                fd.getMessageTypes().forEach(m -> addMessage(model, fd.getName(), m));
                fd.getEnumTypes().forEach(e -> addEnum(model, fd.getName(), e));
                for (Descriptors.ServiceDescriptor s : fd.getServices()) {
                    Map<String, Rpc> methods = new LinkedHashMap<>();
                    for (Descriptors.MethodDescriptor md : s.getMethods()) {
                        methods.put(md.getName(), new Rpc(md.getName(),
                                "." + md.getInputType().getFullName(), md.isClientStreaming(),
                                "." + md.getOutputType().getFullName(), md.isServerStreaming()));
                    }
                    model.services.put(s.getFullName(), new Service(s.getFullName(), fd.getName(), methods));
                }
            }
            return model;
        }

        private static void addMessage(Model model, String file, Descriptors.Descriptor d) {
            if (d.getOptions().getMapEntry()) {
                return; // synthesised for a map<k,v> field
            }
            Map<String, Field> fields = new LinkedHashMap<>();
            for (Descriptors.FieldDescriptor f : d.getFields()) {
                String label;
                String type;
                if (f.isMapField()) {
                    label = "map";
                    type = "map<" + typeOf(f.getMessageType().findFieldByNumber(1)) + ","
                            + typeOf(f.getMessageType().findFieldByNumber(2)) + ">";
                } else {
                    label = f.isRepeated() ? "repeated"
                            : f.toProto().getProto3Optional() ? "optional"
                            : f.isRequired() ? "required" : "singular";
                    type = typeOf(f);
                }
                Descriptors.OneofDescriptor oneof = f.getRealContainingOneof();
                fields.put(f.getName(), new Field(f.getName(), f.getNumber(), label, type,
                        oneof == null ? null : oneof.getName()));
            }
            Set<Integer> reservedNumbers = new TreeSet<>();
            d.toProto().getReservedRangeList().forEach(r -> {
                for (int i = r.getStart(); i < r.getEnd(); i++) {
                    reservedNumbers.add(i);
                }
            });
            model.messages.put(d.getFullName(), new Message(d.getFullName(), file, fields, reservedNumbers,
                    new TreeSet<>(d.toProto().getReservedNameList())));
            d.getNestedTypes().forEach(n -> addMessage(model, file, n));
            d.getEnumTypes().forEach(e -> addEnum(model, file, e));
        }

        private static void addEnum(Model model, String file, Descriptors.EnumDescriptor e) {
            Map<String, Integer> values = new LinkedHashMap<>();
            e.getValues().forEach(v -> values.put(v.getName(), v.getNumber()));
            model.enums.put(e.getFullName(), new EnumType(e.getFullName(), file, values));
        }

        private static String typeOf(Descriptors.FieldDescriptor f) {
            return switch (f.getType()) {
                case MESSAGE, GROUP -> "." + f.getMessageType().getFullName();
                case ENUM -> "." + f.getEnumType().getFullName();
                default -> f.getType().name().toLowerCase(java.util.Locale.ROOT);
            };
        }

        /** Exact, two-way differences (used to check the parser against protoc on our own files). */
        List<String> differencesFrom(Model other) {
            List<String> diffs = new ArrayList<>();
            diffKeys("message", messages.keySet(), other.messages.keySet(), diffs);
            diffKeys("enum", enums.keySet(), other.enums.keySet(), diffs);
            diffKeys("service", services.keySet(), other.services.keySet(), diffs);
            messages.forEach((name, m) -> {
                Message o = other.messages.get(name);
                if (o != null) {
                    if (!m.fields.equals(o.fields)) {
                        diffs.add(name + ": fields " + m.fields.values() + " vs " + o.fields.values());
                    }
                    if (!m.reservedNumbers.equals(o.reservedNumbers) || !m.reservedNames.equals(o.reservedNames)) {
                        diffs.add(name + ": reserved " + m.reservedNumbers + m.reservedNames
                                + " vs " + o.reservedNumbers + o.reservedNames);
                    }
                    if (!m.file.equals(o.file)) {
                        diffs.add(name + ": file " + m.file + " vs " + o.file);
                    }
                }
            });
            enums.forEach((name, e) -> {
                EnumType o = other.enums.get(name);
                if (o != null && !e.values.equals(o.values)) {
                    diffs.add(name + ": values " + e.values + " vs " + o.values);
                }
            });
            services.forEach((name, s) -> {
                Service o = other.services.get(name);
                if (o != null && !s.methods.equals(o.methods)) {
                    diffs.add(name + ": methods " + s.methods.values() + " vs " + o.methods.values());
                }
            });
            return diffs;
        }

        private static void diffKeys(String what, Set<String> a, Set<String> b, List<String> diffs) {
            a.stream().filter(k -> !b.contains(k)).forEach(k -> diffs.add(what + " " + k + " only in parsed text"));
            b.stream().filter(k -> !a.contains(k)).forEach(k -> diffs.add(what + " " + k + " only in descriptors"));
        }
    }

    static String parentOf(String name) {
        int i = name.lastIndexOf('.');
        return i < 0 ? "" : name.substring(0, i);
    }

    // ------------------------------------------------------------------------------------------------
    // .proto text parser (proto3 plus what proto2-era files need); options are read and dropped

    static final class Parser {

        static final class ProtoFile {
            final String path;
            String syntax = "proto2";
            String pkg = "";
            final List<String> imports = new ArrayList<>();
            final List<RawMessage> messages = new ArrayList<>(); // nested ones included, parents first
            final List<RawEnum> enums = new ArrayList<>();
            final List<RawService> services = new ArrayList<>();

            ProtoFile(String path) {
                this.path = path;
            }
        }

        static final class RawMessage {
            String fullName;
            String simpleName;
            RawMessage parent;
            final List<RawField> fields = new ArrayList<>();
            final Set<Integer> reservedNumbers = new TreeSet<>();
            final Set<String> reservedNames = new TreeSet<>();
        }

        static final class RawField {
            String label; // null, "optional", "repeated", "required"
            String type;  // as written; the value type for maps
            String mapKey;
            String name;
            int number;
            String oneof;
        }

        static final class RawEnum {
            String fullName;
            String simpleName;
            RawMessage parent;
            final Map<String, Integer> values = new LinkedHashMap<>();
        }

        static final class RawService {
            String fullName;
            String simpleName;
            final List<RawRpc> rpcs = new ArrayList<>();
        }

        static final class RawRpc {
            String name;
            String input;
            String output;
            boolean clientStreaming;
            boolean serverStreaming;
        }

        private record Token(String text, int line, boolean string) {}

        private final String path;
        private final List<Token> tokens;
        private int pos;
        private final ProtoFile file;

        private Parser(String path, String text) {
            this.path = path;
            this.tokens = tokenize(path, text);
            this.file = new ProtoFile(path);
        }

        static ProtoFile parse(String path, String text) {
            Parser p = new Parser(path, text);
            p.parseFile();
            return p.file;
        }

        private static List<Token> tokenize(String path, String s) {
            List<Token> out = new ArrayList<>();
            int line = 1;
            int i = 0;
            while (i < s.length()) {
                char ch = s.charAt(i);
                if (ch == '\n') {
                    line++;
                    i++;
                } else if (Character.isWhitespace(ch)) {
                    i++;
                } else if (s.startsWith("//", i)) {
                    while (i < s.length() && s.charAt(i) != '\n') {
                        i++;
                    }
                } else if (s.startsWith("/*", i)) {
                    int end = s.indexOf("*/", i + 2);
                    if (end < 0) {
                        throw new IllegalArgumentException(path + ":" + line + ": unterminated comment");
                    }
                    line += (int) s.substring(i, end).chars().filter(c -> c == '\n').count();
                    i = end + 2;
                } else if (ch == '"' || ch == '\'') {
                    StringBuilder sb = new StringBuilder();
                    int j = i + 1;
                    while (j < s.length() && s.charAt(j) != ch) {
                        if (s.charAt(j) == '\\' && j + 1 < s.length()) {
                            j++;
                        }
                        if (s.charAt(j) == '\n') {
                            throw new IllegalArgumentException(path + ":" + line + ": newline in string");
                        }
                        sb.append(s.charAt(j++));
                    }
                    if (j >= s.length()) {
                        throw new IllegalArgumentException(path + ":" + line + ": unterminated string");
                    }
                    out.add(new Token(sb.toString(), line, true));
                    i = j + 1;
                } else if (Character.isLetterOrDigit(ch) || ch == '_'
                        || (ch == '.' && i + 1 < s.length() && Character.isLetter(s.charAt(i + 1)))
                        || (ch == '-' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                    int j = i + 1;
                    while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_'
                            || s.charAt(j) == '.' || (s.charAt(j) == '+' || s.charAt(j) == '-')
                            && Character.toLowerCase(s.charAt(j - 1)) == 'e' && Character.isDigit(s.charAt(i)))) {
                        j++;
                    }
                    out.add(new Token(s.substring(i, j), line, false));
                    i = j;
                } else {
                    out.add(new Token(String.valueOf(ch), line, false));
                    i++;
                }
            }
            return out;
        }

        // --- token helpers

        private boolean atEnd() {
            return pos >= tokens.size();
        }

        private String peek(int ahead) {
            int i = pos + ahead;
            return i < tokens.size() && !tokens.get(i).string ? tokens.get(i).text : i < tokens.size() ? "\"" : "";
        }

        private String next() {
            if (atEnd()) {
                throw error("unexpected end of file");
            }
            return tokens.get(pos++).text;
        }

        private String nextIdent() {
            if (atEnd() || tokens.get(pos).string || !isIdent(tokens.get(pos).text)) {
                throw error("expected a name");
            }
            return tokens.get(pos++).text;
        }

        private String nextString() {
            if (atEnd() || !tokens.get(pos).string) {
                throw error("expected a string");
            }
            return tokens.get(pos++).text;
        }

        private int nextInt() {
            String t = next();
            try {
                return Math.toIntExact(Long.decode(t));
            } catch (NumberFormatException | ArithmeticException e) {
                pos--;
                throw error("expected a number");
            }
        }

        private void expect(String text) {
            if (atEnd() || tokens.get(pos).string || !tokens.get(pos).text.equals(text)) {
                throw error("expected '" + text + "'");
            }
            pos++;
        }

        private boolean accept(String text) {
            if (!atEnd() && !tokens.get(pos).string && tokens.get(pos).text.equals(text)) {
                pos++;
                return true;
            }
            return false;
        }

        private static boolean isIdent(String t) {
            return !t.isEmpty() && (Character.isLetter(t.charAt(0)) || t.charAt(0) == '_'
                    || t.charAt(0) == '.' && t.length() > 1);
        }

        private IllegalArgumentException error(String message) {
            int line = atEnd() ? (tokens.isEmpty() ? 1 : tokens.get(tokens.size() - 1).line) : tokens.get(pos).line;
            String near = atEnd() ? "end of file" : "'" + tokens.get(pos).text + "'";
            return new IllegalArgumentException(path + ":" + line + ": " + message + " near " + near);
        }

        /** Skips the rest of a statement up to its ';' (or a balanced {...} block), at nesting depth 0. */
        private void skipStatement() {
            int depth = 0;
            while (true) {
                if (atEnd()) {
                    throw error("unterminated statement");
                }
                Token t = tokens.get(pos++);
                if (t.string) {
                    continue;
                }
                switch (t.text) {
                    case "{", "(", "[", "<" -> depth++;
                    case ")", "]", ">" -> depth--;
                    case "}" -> {
                        depth--;
                        if (depth == 0 && (atEnd() || !peek(0).equals(";"))) {
                            return; // "extend X { ... }" style block
                        }
                    }
                    case ";" -> {
                        if (depth == 0) {
                            return;
                        }
                    }
                    default -> { }
                }
            }
        }

        private void skipFieldOptions() {
            if (accept("[")) {
                int depth = 1;
                while (depth > 0) {
                    if (atEnd()) {
                        throw error("unterminated field options");
                    }
                    Token t = tokens.get(pos++);
                    if (!t.string) {
                        if (t.text.equals("[")) {
                            depth++;
                        } else if (t.text.equals("]")) {
                            depth--;
                        }
                    }
                }
            }
        }

        // --- grammar

        private void parseFile() {
            while (!atEnd()) {
                switch (peek(0)) {
                    case "syntax" -> {
                        next();
                        expect("=");
                        file.syntax = nextString();
                        expect(";");
                    }
                    case "edition" -> skipStatement();
                    case "package" -> {
                        next();
                        file.pkg = nextIdent();
                        expect(";");
                    }
                    case "import" -> {
                        next();
                        if (peek(0).equals("weak") || peek(0).equals("public")) {
                            next();
                        }
                        file.imports.add(nextString());
                        expect(";");
                    }
                    case "option", "extend" -> skipStatement();
                    case "message" -> parseMessage(null);
                    case "enum" -> parseEnum(null);
                    case "service" -> parseService();
                    case ";" -> next();
                    default -> throw error("unexpected token at top level");
                }
            }
        }

        private String qualify(RawMessage parent, String simple) {
            String scope = parent != null ? parent.fullName : file.pkg;
            return scope.isEmpty() ? simple : scope + "." + simple;
        }

        private void parseMessage(RawMessage parent) {
            expect("message");
            RawMessage m = new RawMessage();
            m.simpleName = nextIdent();
            m.parent = parent;
            m.fullName = qualify(parent, m.simpleName);
            file.messages.add(m);
            expect("{");
            while (!accept("}")) {
                String t = peek(0);
                boolean block = isIdent(peek(1)) && peek(2).equals("{");
                if (t.equals("message") && block) {
                    parseMessage(m);
                } else if (t.equals("enum") && block) {
                    parseEnum(m);
                } else if (t.equals("oneof") && block) {
                    next();
                    String oneof = nextIdent();
                    expect("{");
                    while (!accept("}")) {
                        if (peek(0).equals("option")) {
                            skipStatement();
                        } else if (!accept(";")) {
                            parseField(m, oneof);
                        }
                    }
                } else if (t.equals("extend") && isIdent(peek(1))) {
                    skipStatement();
                } else if (t.equals("option") || t.equals("extensions")) {
                    skipStatement();
                } else if (t.equals("reserved")) {
                    parseReserved(m);
                } else if (t.equals("group")) {
                    throw error("groups are not supported");
                } else if (!accept(";")) {
                    parseField(m, null);
                }
            }
        }

        private void parseReserved(RawMessage m) {
            expect("reserved");
            do {
                if (!atEnd() && tokens.get(pos).string) {
                    m.reservedNames.add(nextString());
                } else {
                    int from = nextInt();
                    int to = from;
                    if (accept("to")) {
                        to = accept("max") ? 536_870_911 : nextInt();
                    }
                    if (to - from > 100_000) {
                        throw error("reserved range too large to expand");
                    }
                    for (int i = from; i <= to; i++) {
                        m.reservedNumbers.add(i);
                    }
                }
            } while (accept(","));
            expect(";");
        }

        private void parseField(RawMessage m, String oneof) {
            RawField f = new RawField();
            f.oneof = oneof;
            String t = peek(0);
            if ((t.equals("repeated") || t.equals("optional") || t.equals("required")) && !peek(2).equals("=")) {
                f.label = next();
            }
            if (peek(0).equals("map") && peek(1).equals("<")) {
                next();
                expect("<");
                f.mapKey = nextIdent();
                expect(",");
                f.type = nextIdent();
                expect(">");
            } else {
                f.type = nextIdent();
            }
            f.name = nextIdent();
            expect("=");
            f.number = nextInt();
            skipFieldOptions();
            expect(";");
            m.fields.add(f);
        }

        private void parseEnum(RawMessage parent) {
            expect("enum");
            RawEnum e = new RawEnum();
            e.simpleName = nextIdent();
            e.parent = parent;
            e.fullName = qualify(parent, e.simpleName);
            file.enums.add(e);
            expect("{");
            while (!accept("}")) {
                if (peek(0).equals("option") || peek(0).equals("reserved")) {
                    skipStatement();
                } else if (!accept(";")) {
                    String name = nextIdent();
                    expect("=");
                    int number = nextInt();
                    skipFieldOptions();
                    expect(";");
                    e.values.put(name, number);
                }
            }
        }

        private void parseService() {
            expect("service");
            RawService s = new RawService();
            s.simpleName = nextIdent();
            s.fullName = qualify(null, s.simpleName);
            file.services.add(s);
            expect("{");
            while (!accept("}")) {
                if (peek(0).equals("option")) {
                    skipStatement();
                } else if (!accept(";")) {
                    expect("rpc");
                    RawRpc r = new RawRpc();
                    r.name = nextIdent();
                    expect("(");
                    if (peek(0).equals("stream") && !peek(1).equals(")")) {
                        next();
                        r.clientStreaming = true;
                    }
                    r.input = nextIdent();
                    expect(")");
                    expect("returns");
                    expect("(");
                    if (peek(0).equals("stream") && !peek(1).equals(")")) {
                        next();
                        r.serverStreaming = true;
                    }
                    r.output = nextIdent();
                    expect(")");
                    if (accept("{")) {
                        while (!accept("}")) {
                            if (!accept(";")) {
                                skipStatement();
                            }
                        }
                    } else {
                        expect(";");
                    }
                    s.rpcs.add(r);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------

    static List<Path> protoFilesUnder(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".proto") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
