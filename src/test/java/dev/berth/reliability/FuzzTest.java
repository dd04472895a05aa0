package dev.berth.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import containerd.services.containers.v1.Container;
import dev.berth.cni.CniResult;
import dev.berth.containerd.ContainersApi;
import dev.berth.containerd.Filters;
import dev.berth.model.BerthException;
import dev.berth.model.ContainerInfo;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digests;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageIndex;
import dev.berth.oci.ImageManifest;
import dev.berth.oci.MediaTypes;
import dev.berth.registry.AuthChallenge;
import dev.berth.registry.ImageReference;
import dev.berth.spec.RuntimeSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzing of the parsers that read outside input, by mutation of valid inputs and by random text:
 * the image reference parser, the manifest, index and config readers, the {@code WWW-Authenticate}
 * parser, CNI results, and the filter quoting (pure: a quoted value unquotes, by Go's rules, to
 * itself; and against the real containerd: a label value of nasty characters matches exactly that
 * value). The property everywhere: success, or a BerthException of the expected kind, never
 * anything else. Tries are bounded so the whole class runs in seconds.
 */
class FuzzTest {

    static final String HEX = "0123456789abcdef".repeat(4);
    static final AtomicInteger containerdTries = new AtomicInteger();
    static Namespace ns;

    @AfterContainer
    static void close() {
        if (ns != null) {
            System.out.println("filter round trips through containerd: " + containerdTries.get());
            ns.close();
            ns = null;
        }
    }

    // ============================================================================================ mutation

    /** Tokens that break parsers more often than random bytes do. */
    static final String[] INTERESTING = {"\"", "\\", "{", "}", "[", "]", ",", ":", "null", "-1", "1e999", "0.5",
            "\\u0000", "\u0000", "\u001b", "\n", "99999999999999999999999", "\"mediaType\"", "\"size\"", "\"digest\"",
            "sha256:", "sha512:", "md5:", "@", "/", "//", "=", "==", "%", "\u00fc", "\ud83d\udea2", "\ud800", " ", "\t",
            "realm=", "Bearer ", "Basic ", "token68==", "'", "\"\"", "[]", "{}", "true", "1", "0", "-0"};

    /** Applies 1 to 8 random mutations (flip, insert a token, delete, duplicate, splice another seed). */
    static String mutate(String s, List<String> corpus, Random r) {
        StringBuilder b = new StringBuilder(s);
        int n = 1 + r.nextInt(8);
        for (int k = 0; k < n; k++) {
            int len = b.length();
            int at = len == 0 ? 0 : r.nextInt(len + 1);
            switch (r.nextInt(6)) {
                case 0 -> {
                    if (len > 0) {
                        int i = r.nextInt(len);
                        b.setCharAt(i, (char) (b.charAt(i) ^ (1 << r.nextInt(8))));
                    }
                }
                case 1 -> b.insert(at, INTERESTING[r.nextInt(INTERESTING.length)]);
                case 2 -> {
                    if (len > 0) {
                        int end = Math.min(len, at + 1 + r.nextInt(16));
                        b.delete(Math.min(at, len - 1), end);
                    }
                }
                case 3 -> {
                    if (len > 0) {
                        int from = r.nextInt(len);
                        int end = Math.min(len, from + 1 + r.nextInt(32));
                        b.insert(at, b.substring(from, end));
                    }
                }
                case 4 -> {
                    String other = corpus.get(r.nextInt(corpus.size()));
                    if (!other.isEmpty()) {
                        int from = r.nextInt(other.length());
                        b.insert(at, other, from, Math.min(other.length(), from + 1 + r.nextInt(40)));
                    }
                }
                default -> b.insert(at, (char) r.nextInt(0x3000));
            }
        }
        return b.toString();
    }

    static Arbitrary<String> mutants(List<String> corpus) {
        return Combinators.combine(Arbitraries.of(corpus), Arbitraries.randoms()).as((s, r) -> mutate(s, corpus, r));
    }

    // ============================================================================================ references

    static final List<String> REFERENCES = List.of("nginx", "nginx:1.25", "library/nginx:latest", "docker.io/library/nginx",
            "index.docker.io/user/app:v1", "127.0.0.1:5000/test/busybox:1", "localhost:5000/a/b/c:tag",
            "[::1]:5000/x:1", "registry.example.com/team/app@sha256:" + HEX, "a.b-c_d__e/f---g:Tag_1.0-x",
            "ghcr.io/o/r:1@sha256:" + HEX, "quay.io/x/y");

    @Provide
    Arbitrary<String> references() {
        return Arbitraries.oneOf(mutants(REFERENCES), Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("abc019:/@._-[]% \tÜ").ofMaxLength(60));
    }

    @Property(tries = 3000)
    void theReferenceParserParsesOrSaysInvalidArgument(@ForAll("references") String input) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(input);
        } catch (BerthException.InvalidArgument e) {
            Checks.clearMessage(e.getMessage(), e);
            return;
        }
        assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
        assertThat(ImageReference.parse(ref.familiar())).isEqualTo(ref);
        assertThat(ref.name().length()).isLessThanOrEqualTo(ImageReference.NAME_MAX_LENGTH);
        assertThat(ref.toString().chars().allMatch(c -> c > ' ' && c < 0x7f)).as("printable ASCII: %s", ref).isTrue();
    }

    // ============================================================================================ manifests

    static final String CONFIG = "sha256:" + HEX;
    static final List<String> MANIFESTS = List.of(
            "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                    + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + CONFIG + "\",\"size\":1469},\"layers\":[{\"mediaType\":\""
                    + MediaTypes.OCI_LAYER_GZIP + "\",\"digest\":\"sha256:" + HEX + "\",\"size\":2811478,\"annotations\":{\"a\":\"b\"}}]}",
            "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\",\"config\":{\"mediaType\":\""
                    + MediaTypes.DOCKER_CONFIG + "\",\"digest\":\"" + CONFIG + "\",\"size\":7},\"layers\":[]}",
            "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
                    + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"sha256:" + HEX + "\",\"size\":525,\"platform\":{\"os\":\"linux\","
                    + "\"architecture\":\"arm64\",\"variant\":\"v8\"}},{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                    + "\",\"digest\":\"sha512:" + HEX + HEX + "\",\"size\":1,\"urls\":[\"https://x\"]}],\"annotations\":{}}",
            "{\"schemaVersion\":2,\"manifests\":[]}",
            "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2024-01-02T03:04:05Z\",\"config\":{\"Env\":[\"PATH=/bin\"],"
                    + "\"Cmd\":[\"/bin/sh\"],\"User\":\"app\",\"Labels\":{\"a\":\"b\"},\"ExposedPorts\":{\"80/tcp\":{}},"
                    + "\"StopSignal\":\"SIGQUIT\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + HEX + "\"]},"
                    + "\"history\":[{\"created_by\":\"x\",\"empty_layer\":true}]}",
            "{\"schemaVersion\":1,\"fsLayers\":[]}");

    @Provide
    Arbitrary<String> contents() {
        return Arbitraries.oneOf(mutants(MANIFESTS), Arbitraries.strings().withChars("{}[]\":,0123456789abtrulnfe ").ofMaxLength(80));
    }

    @Property(tries = 2000)
    void theManifestIndexAndConfigReadersParseOrSayRegistry(@ForAll("contents") String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        String digest = Digests.sha256(b);
        List<Descriptor> descriptors = Arrays.asList(null, new Descriptor(MediaTypes.OCI_MANIFEST, digest, b.length),
                new Descriptor(MediaTypes.OCI_INDEX, digest, b.length), new Descriptor("", digest, b.length));
        for (Descriptor d : descriptors) {
            registryOrSuccess(() -> ImageManifest.parse(b, d));
            registryOrSuccess(() -> ImageIndex.parse(b, d));
        }
        registryOrSuccess(() -> ImageManifest.detectMediaType(b, null, digest));
        registryOrSuccess(() -> ImageManifest.detectMediaType(b, "text/html; charset=x", digest));
        registryOrSuccess(() -> {
            ImageConfig c = ImageConfig.parse(b, digest);
            c.platform();
            c.chainIds();
        });
    }

    static void registryOrSuccess(Checks.Action a) {
        try {
            a.run();
        } catch (BerthException.Registry e) {
            Checks.clearMessage(e.getMessage(), e);
        } catch (Exception e) {
            throw new AssertionError("not a Registry error: " + e, e);
        }
    }

    // ============================================================================================ WWW-Authenticate

    static final List<String> HEADERS = List.of("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                    + "scope=\"repository:library/nginx:pull\"", "Basic realm=\"Registry Realm\"", "Negotiate YWJjZA==",
            "Bearer realm=\"a,b\\\"c\", Basic realm=x, Digest realm=\"d\", qop=\"auth,auth-int\"", "Bearer", "Newauth");

    @Provide
    Arbitrary<String> headers() {
        return Arbitraries.oneOf(mutants(HEADERS), Arbitraries.strings().withChars("Bearer realm=\"\\,x \t;=").ofMaxLength(60),
                Arbitraries.strings().ofMaxLength(40));
    }

    @Property(tries = 3000)
    void theChallengeParserParsesOrSaysRegistry(@ForAll("headers") String header) {
        List<AuthChallenge> parsed;
        try {
            parsed = AuthChallenge.parse(header);
        } catch (BerthException.Registry e) {
            Checks.clearMessage(e.getMessage(), e);
            return;
        }
        // what was understood renders into a header that means the same
        String again = parsed.stream().map(AuthChallenge::toHeader).collect(Collectors.joining(", "));
        assertThat(AuthChallenge.parse(again)).as("re-parsed %s", again).isEqualTo(parsed);
    }

    // ============================================================================================ CNI results

    static final List<String> CNI_RESULTS = List.of(
            "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\",\"mac\":\"aa:bb:cc:dd:ee:ff\",\"sandbox\":\"/var/run/netns/x\"}],"
                    + "\"ips\":[{\"address\":\"10.213.0.5/16\",\"gateway\":\"10.213.0.1\",\"interface\":0}],"
                    + "\"routes\":[{\"dst\":\"0.0.0.0/0\",\"gw\":\"10.213.0.1\"}],\"dns\":{\"nameservers\":[\"10.0.0.1\"],\"search\":[\"x\"]}}",
            "{\"cniVersion\":\"0.2.0\",\"ip4\":{\"ip\":\"10.0.0.2/24\",\"gateway\":\"10.0.0.1\",\"routes\":[{\"dst\":\"0.0.0.0/0\"}]}}",
            "{\"cniVersion\":\"0.4.0\",\"interfaces\":[{\"name\":\"lo\",\"sandbox\":\"/x\"}],\"ips\":[{\"version\":\"4\","
                    + "\"address\":\"127.0.0.1/8\",\"interface\":0},{\"address\":\"::1/128\",\"interface\":0}],\"dns\":{}}");

    @Provide
    Arbitrary<String> cniResults() {
        return mutants(CNI_RESULTS);
    }

    @Property(tries = 2000)
    void cniResultsParseOrAreAnInternalError(@ForAll("cniResults") String out) {
        CniResult r;
        try {
            r = CniResult.parse(out.getBytes(StandardCharsets.UTF_8), "fuzz (ADD, network fuzz)");
        } catch (BerthException e) {
            assertThat(e.kind()).isEqualTo(BerthException.Kind.INTERNAL);
            Checks.clearMessage(e.getMessage(), e);
            return;
        }
        r.containerIp();
        r.hostInterfaces();
    }

    // ============================================================================================ filter quoting

    /** Go's strconv.Unquote for a double-quoted string, as containerd's filter parser applies it; written from the Go spec. */
    static String goUnquote(String q) {
        if (q.length() < 2 || q.charAt(0) != '"' || q.charAt(q.length() - 1) != '"') {
            throw new IllegalArgumentException("not a double-quoted string");
        }
        StringBuilder out = new StringBuilder();
        String s = q.substring(1, q.length() - 1);
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '"' || c == '\n') {
                throw new IllegalArgumentException("raw " + (int) c + " inside a quoted string at " + i);
            }
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= s.length()) {
                throw new IllegalArgumentException("backslash at the end");
            }
            char e = s.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case '\\' -> out.append('\\');
                case '"' -> out.append('"');
                case 'x', 'u', 'U' -> {
                    int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    int v = Integer.parseUnsignedInt(s.substring(i, i + n), 16);
                    if (e == 'x' && v >= 0x80) {
                        throw new IllegalArgumentException("\\x above 0x7f makes a raw byte, not a character");
                    }
                    if (v >= 0xd800 && v < 0xe000 || v > 0x10ffff) {
                        throw new IllegalArgumentException("escape of an invalid code point");
                    }
                    out.appendCodePoint(v);
                    i += n;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = Integer.parseInt(s.substring(i - 1, i + 2), 8);
                        out.append((char) v);
                        i += 2;
                    } else {
                        throw new IllegalArgumentException("unknown escape \\" + e);
                    }
                }
            }
        }
        return out.toString();
    }

    @Provide
    Arbitrary<String> filterText() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30),
                Arbitraries.strings().withChars("\"\\,=|!~ \t\n\r\u0000\u0001\u001b\u007f\u0085\u00a0\u2028\u2029\u00e9\u4e2d'/.:*()[]{}a")
                        .ofMaxLength(20));
    }

    @Property(tries = 3000)
    void aQuotedFilterValueUnquotesToItself(@ForAll("filterText") String s) {
        boolean loneSurrogate = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                loneSurrogate = true;
            }
        }
        String q;
        try {
            q = Filters.quote(s);
        } catch (BerthException.InvalidArgument e) {
            assertThat(loneSurrogate).as("refused only for a lone surrogate: %s", Checks.printable(s)).isTrue();
            return;
        }
        assertThat(loneSurrogate).as("a lone surrogate must be refused").isFalse();
        assertThat(q.chars().noneMatch(c -> c < 0x20 || c == 0x7f)).as("no raw control character in %s", Checks.printable(q)).isTrue();
        assertThat(goUnquote(q)).isEqualTo(s);
        String label = Filters.label("k" + s, s.isEmpty() ? null : s);
        assertThat(label).startsWith("labels.\"k");
    }

    @Provide
    Arbitrary<String> labelValues() {
        Arbitrary<String> nasty = Arbitraries.strings()
                .withChars("\"\\,=|!~ \t\n\r\u0000\u0001\u001b\u007f\u0085\u00a0\u2028\u2029\u00e9\u4e2d'/.:*()[]{}aZ9")
                .ofMinLength(1).ofMaxLength(16);
        return Combinators.combine(nasty, Arbitraries.of("", "\ud83d\udea2", "==", "\"")).as((a, b) -> a + b);
    }

    /** Through the real containerd: a label value of nasty characters matches exactly the container that has it. */
    @Property(tries = 12)
    void aQuotedLabelFilterMatchesExactlyThatValueInContainerd(@ForAll("labelValues") String key,
                                                              @ForAll("labelValues") String value) {
        Namespace n = namespace();
        containerdTries.incrementAndGet();
        String k = "fz." + key;
        String id = "fz-" + UUID.randomUUID().toString().substring(0, 8);
        ContainersApi api = new ContainersApi(n.api());
        List<String> made = new ArrayList<>();
        try {
            api.create(record(id, k, value));
            made.add(id);
            // decoys: a longer value, a value one character off, the same value under another key
            api.create(record(id + "-a", k, value + "x"));
            made.add(id + "-a");
            int last = value.codePointBefore(value.length());
            String oneOff = value.substring(0, value.length() - Character.charCount(last)) + (last == 'y' ? "z" : "y");
            api.create(record(id + "-b", k, oneOff));
            made.add(id + "-b");
            api.create(record(id + "-c", k + "x", value));
            made.add(id + "-c");
            List<String> hits = n.service.containers().listByLabel(k, value).stream().map(ContainerInfo::id)
                    .collect(Collectors.toList());
            assertThat(hits).as("containers with %s == %s", Checks.printable(k), Checks.printable(value)).containsExactly(id);
            List<String> having = n.service.containers().listByLabel(k, null).stream().map(ContainerInfo::id)
                    .collect(Collectors.toList());
            assertThat(having).as("containers having %s", Checks.printable(k)).containsExactlyInAnyOrder(id, id + "-a", id + "-b");
        } finally {
            for (String m : made) {
                api.delete(m);
            }
        }
    }

    static Container record(String id, String key, String value) {
        return Container.newBuilder().setId(id)
                .setRuntime(Container.Runtime.newBuilder().setName("io.containerd.runc.v2"))
                .setSpec(Any.newBuilder().setTypeUrl(RuntimeSpec.TYPE_URL).setValue(ByteString.copyFromUtf8("{}")))
                .putLabels(key, value).build();
    }

    static synchronized Namespace namespace() {
        if (ns == null) {
            ns = Namespace.open("fuzz"); // skips (TestAbortedException) with the reason when there is no test environment
        }
        return ns;
    }

    // ============================================================================================ digests

    @Property(tries = 2000)
    void digestChecksNeverThrow(@ForAll("digests") String d) {
        if (Digests.problem(d).isEmpty()) {
            assertThat(Digests.requireValid(d)).isEqualTo(d);
            assertThat(Digests.hex(d)).matches("[0-9a-f]+");
        } else {
            try {
                Digests.requireValid(d);
                throw new AssertionError("accepted " + d);
            } catch (BerthException.InvalidArgument e) {
                Checks.clearMessage(e.getMessage(), e);
            }
        }
    }

    @Provide
    Arbitrary<String> digests() {
        return mutants(List.of("sha256:" + HEX, "sha512:" + HEX + HEX, "md5:" + HEX.substring(0, 32)));
    }
}
