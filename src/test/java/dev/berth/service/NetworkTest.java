package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import containerd.services.containers.v1.Container;
import dev.berth.cli.Cli;
import dev.berth.cni.Cidr;
import dev.berth.cni.Cni;
import dev.berth.cni.CniPluginException;
import dev.berth.cni.CniSettings;
import dev.berth.cni.NetnsPins;
import dev.berth.cni.ResultCache;
import dev.berth.model.BerthException;
import dev.berth.model.ContainerInfo;
import dev.berth.model.ContainerSpec;
import dev.berth.model.CreateContainerRequest;
import dev.berth.model.Labels;
import dev.berth.testenv.Exec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Container networks against the real containerd, runc and Debian's CNI plugins (/usr/lib/cni). Each
 * run uses a bridge, network names and /24 subnets of its own (chosen free of the host's routes), so
 * several test environments on one machine never meet; traffic flows only between namespaces the test
 * made. Leaks are counted where they would be: host-local's allocation files, the bridge's ports, the
 * host's veths, the masquerade rules naming the network, Berth's result cache and netns pins.
 */
class NetworkTest {

    static final Path HOST_LOCAL = Path.of("/var/lib/cni/networks");

    static ContainerTestSupport t;
    static String tag;
    static String net;
    static String bridge;
    static String subnet;
    static Path root;
    static Path emptyConf;
    static Path cniBin;
    static CniSettings settings;
    static NetworkService network;
    static final List<String> networks = new ArrayList<>();
    static final List<String> bridges = new ArrayList<>();

    final List<String> containers = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            System.out.println("SKIPPED NetworkTest: CNI plugins need root");
            Assumptions.assumeTrue(false, "CNI plugins need root");
        }
        t = ContainerTestSupport.open("net", "busybox:1");
        tag = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        net = "berth-t" + tag;
        bridge = "bt" + tag;
        subnet = freeSubnet(214);
        root = Files.createTempDirectory("berth-net-test");
        emptyConf = Files.createDirectories(root.resolve("empty-conf"));
        cniBin = Path.of(t.env.value("BERTH_TEST_CNI_BIN"));
        settings = CniSettings.defaults().withNetworkName(net).withBridge(bridge).withSubnet(subnet)
                .withConfDir(emptyConf).withBinDirs(List.of(cniBin)).withTimeout(Duration.ofSeconds(20));
        network = t.service.network().withSettings(settings);
        networks.add(net);
        bridges.add(bridge);
        System.out.println("NetworkTest: network " + net + ", bridge " + bridge + ", subnet " + subnet + ", namespace " + t.ns);
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (t == null) {
            return;
        }
        t.close();
        for (String b : bridges) {
            if (Files.exists(Path.of("/sys/class/net", b))) {
                Exec.run(List.of("ip", "link", "delete", b), 30);
            }
        }
        for (String n : networks) {
            deleteTree(HOST_LOCAL.resolve(n));
        }
        deleteTree(root);
    }

    @AfterEach
    void removeContainers() {
        for (String id : containers) {
            try {
                network.remove(id);
            } catch (RuntimeException e) {
                System.out.println("cleanup: network of " + id + ": " + e.getMessage());
            }
            try {
                t.containers().delete(id, true, true);
            } catch (BerthException.NotFound ignored) {
                // deleted by the test
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // helpers

    /** A /24 under 10.{second}.0.0/16 that no route or address of the host touches. */
    static String freeSubnet(int second) {
        List<Cidr> used = new ArrayList<>();
        for (String line : (Exec.run(List.of("ip", "-o", "-4", "route", "show", "table", "all"), 30)
                + Exec.run(List.of("ip", "-o", "-4", "addr"), 30)).split("\n")) {
            for (String word : line.split("\\s+")) {
                if (word.matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+")) {
                    String[] p = word.split("/");
                    used.add(Cidr.parse(networkOf(p[0], Integer.parseInt(p[1])) + "/" + p[1]));
                }
            }
        }
        Random r = new Random();
        for (int i = 0; i < 200; i++) {
            Cidr c = Cidr.parse("10." + second + "." + r.nextInt(256) + ".0/24");
            if (used.stream().noneMatch(u -> u.prefix() > 0 && u.overlaps(c))) {
                return c.toString();
            }
        }
        throw new IllegalStateException("no free /24 in 10." + second + ".0.0/16");
    }

    private static String networkOf(String ip, int prefix) {
        String[] o = ip.split("\\.");
        long v = 0;
        for (String s : o) {
            v = (v << 8) | Integer.parseInt(s);
        }
        long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        v &= mask;
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    String start(String id, String script) {
        t.containers().create(CreateContainerRequest.of(id, t.image("busybox:1"))
                .withSpec(ContainerSpec.IMAGE_DEFAULTS.withCommand(List.of("/bin/sh", "-c", script))), null);
        containers.add(id);
        t.tasks().start(id);
        return id;
    }

    String sleeper(String id) {
        return start(id, "exec sleep 1000");
    }

    /**
     * SIGKILL and delete the task behind Berth's back (with ctr), so the network is left as it is —
     * as after a crash or another tool. Berth's own stop and delete release it (tested below).
     */
    void killTask(String id) {
        try {
            t.env.ctr(t.ns, "tasks", "kill", "-s", "SIGKILL", id);
        } catch (RuntimeException ignored) {
            // already exited
        }
        for (int i = 0; i < 100; i++) {
            try {
                t.env.ctr(t.ns, "tasks", "rm", id);
                return;
            } catch (RuntimeException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @org.junit.jupiter.api.Tag("compat")
    @Test
    void berthsStopAndDeleteReleaseTheNetwork() throws Exception {
        Leaks before = leaks();
        sleeper("stopped");
        String ip = network.setup("stopped");
        String veth = hostVeth(net, "stopped");
        assertThat(allocations(net)).contains(ip);
        t.tasks().stop("stopped", dev.berth.model.StopOptions.forced(Duration.ofMillis(500)));
        assertThat(allocations(net)).doesNotContain(ip);
        assertThat(Path.of("/sys/class/net", veth)).doesNotExist();
        assertThat(labels("stopped")).doesNotContainKeys(Labels.IP, Labels.NETWORK);
        assertThat(leaks()).isEqualTo(before);

        sleeper("deleted");
        String ip2 = network.setup("deleted");
        t.containers().delete("deleted", true, true);
        assertThat(allocations(net)).doesNotContain(ip2);
        assertThat(leaks()).isEqualTo(before);
    }

    long pid(String id) {
        return t.tasks().get(id).pid();
    }

    String cid(String id) {
        return t.ns + "--" + id;
    }

    Path dataDir() {
        return t.context().options().dataDir();
    }

    ResultCache cache() {
        return new ResultCache(dataDir().resolve("cni/results"));
    }

    NetnsPins pins() {
        return new NetnsPins(dataDir().resolve("cni/netns"));
    }

    /** What this test's namespace has left: the counts that must come back to zero. */
    record Leaks(int allocations, int bridgePorts, int masqueradeRules, int cacheFiles, int pins) {
        static final Leaks NONE = new Leaks(0, 0, 0, 0, 0);
    }

    Leaks leaks(String network, String br) {
        return new Leaks(allocations(network).size(), bridgePorts(br).size(), masqueradeRules(network).size(),
                (int) cache().files().stream().filter(f -> f.getFileName().toString().contains("-" + t.ns + "--")).count(),
                (int) pins().pinned().stream().filter(p -> p.getFileName().toString().startsWith(t.ns + "--")).count());
    }

    Leaks leaks() {
        return leaks(net, bridge);
    }

    /** host-local's allocation files (one per address in use). */
    static List<String> allocations(String network) {
        Path dir = HOST_LOCAL.resolve(network);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") || n.contains(":"))
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> bridgePorts(String br) {
        Path dir = Path.of("/sys/class/net", br, "brif");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bridge plugin's masquerade rules carry the comment {@code name: "<network>" id: "<container>"}. */
    static List<String> masqueradeRules(String network) {
        return Exec.run(List.of("iptables", "-t", "nat", "-S"), 30).lines()
                .filter(l -> l.contains("name: \\\"" + network + "\\\"")).collect(Collectors.toList());
    }

    static Set<String> hostVeths() {
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("veth")).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The host side of the container's veth, from the cached result. */
    String hostVeth(String network, String id) {
        return cache().read(network, cid(id), "eth0").orElseThrow().result().hostInterfaces().stream()
                .filter(n -> n.startsWith("veth")).findFirst().orElseThrow();
    }

    /** The addresses of the task's network namespace, read from the host (/proc/PID/net/fib_trie). */
    String fibTrie(String id) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid(id)), "net", "fib_trie"));
    }

    String interfaces(String id) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid(id)), "net", "dev"));
    }

    Map<String, String> labels(String id) {
        return t.containers().get(id).labels();
    }

    void awaitLog(String id, String text, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!String.join("\n", t.tasks().logs(id, -1)).contains(text)) {
            if (System.nanoTime() > end) {
                throw new AssertionError(id + " never wrote " + text + "; log: " + t.tasks().logs(id, -1));
            }
            ContainerTestSupport.sleep(50);
        }
    }

    /** Forgets the container's network the way a crash would: cache files, pin and labels go; allocations stay. */
    void loseState(String id, String network) {
        cache().delete(network, cid(id), "eth0");
        cache().delete(Cni.LOOPBACK_NETWORK, cid(id), "lo");
        pins().unpin(cid(id));
        Container c = t.context().containers().get(id);
        t.context().containers().update(c.toBuilder().removeLabels(Labels.IP).removeLabels(Labels.NETWORK).build(),
                "labels." + Labels.IP, "labels." + Labels.NETWORK);
    }

    static Path writeConf(Path dir, String file, String content) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(file), content);
    }

    static Path writePlugin(Path bin, String type, String script) throws IOException {
        Files.createDirectories(bin);
        Path p = bin.resolve(type);
        Files.writeString(p, "#!/bin/sh\n" + script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    static String bridgeConf(String name, String br, String sub, boolean masq, String extraPlugin) {
        return "{\"cniVersion\":\"1.0.0\",\"name\":\"" + name + "\",\"plugins\":[{\"type\":\"bridge\",\"bridge\":\"" + br
                + "\",\"isGateway\":true,\"ipMasq\":" + masq + ",\"ipam\":{\"type\":\"host-local\",\"ranges\":[[{\"subnet\":\""
                + sub + "\"}]],\"routes\":[{\"dst\":\"0.0.0.0/0\"}]}}"
                + (extraPlugin == null ? "" : ",{\"type\":\"" + extraPlugin + "\"}") + "]}";
    }

    static final class Captured extends Handler implements AutoCloseable {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final Logger logger = Logger.getLogger(DefaultNetworkService.class.getName());

        Captured() {
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord r) {
            messages.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }

    /** Whether the process is gone (or a zombie) within a few seconds: killed processes are reaped by init. */
    static boolean gone(long pid) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            try {
                String st = Files.readString(stat);
                if (st.substring(st.lastIndexOf(')') + 2).startsWith("Z")) {
                    return true;
                }
            } catch (IOException e) {
                return true;
            }
            ContainerTestSupport.sleep(50);
        }
        return false;
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(q);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // tests

    @org.junit.jupiter.api.Tag("compat")
    @Test
    void aStartedContainerGetsAnIpOnTheBridgeAndASecondContainerReachesIt() throws Exception {
        Leaks before = leaks();
        Set<String> vethsBefore = hostVeths();
        String token = "hello-from-web-" + tag;
        start("web", "mkdir -p /www && echo " + token + " > /www/index.html && exec httpd -f -p 8080 -h /www");

        long t0 = System.nanoTime();
        String ip = network.setup("web");
        System.out.println("setup of web: " + ip + " in " + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");
        assertThat(Cidr.parse(subnet).contains(ip)).as(ip + " in " + subnet).isTrue();
        assertThat(network.ip("web")).contains(ip);
        assertThat(labels("web")).containsEntry(Labels.IP, ip).containsEntry(Labels.NETWORK, net);
        assertThat(t.containers().get("web").ip()).isEqualTo(ip);

        // inside the container: eth0 carries the address (ip addr, run in the task by ctr), lo is up
        String addr = t.env.ctr(t.ns, "tasks", "exec", "--exec-id", "addr-" + tag, "web", "ip", "-o", "-4", "addr", "show");
        assertThat(addr).contains("eth0").contains("inet " + ip + "/24").contains("inet 127.0.0.1/8");
        assertThat(fibTrie("web")).contains(ip);
        // on the host: the container's veth is a port of our bridge, which is the gateway
        String veth = hostVeth(net, "web");
        assertThat(bridgePorts(bridge)).containsExactly(veth);
        assertThat(Exec.run(List.of("ip", "-o", "-4", "addr", "show", "dev", bridge), 30))
                .contains(subnet.replace(".0/24", ".1/24"));
        assertThat(allocations(net)).containsExactly(ip);
        assertThat(masqueradeRules(net)).hasSize(3);

        // setting up again is a no-op with the same address
        assertThat(network.setup("web")).isEqualTo(ip);
        assertThat(allocations(net)).containsExactly(ip);

        start("client", "until wget -q -O - http://" + ip + ":8080/; do sleep 0.2; done; echo fetched; exec sleep 1000");
        String ip2 = network.setup("client");
        assertThat(ip2).isNotEqualTo(ip);
        assertThat(Cidr.parse(subnet).contains(ip2)).isTrue();
        awaitLog("client", token, Duration.ofSeconds(30));
        awaitLog("client", "fetched", Duration.ofSeconds(5));
        assertThat(allocations(net)).containsExactlyInAnyOrder(ip, ip2);
        assertThat(bridgePorts(bridge)).hasSize(2);
        assertThat(leaks()).isEqualTo(new Leaks(2, 2, 6, 4, 2));

        String veth2 = hostVeth(net, "client");
        network.remove("client");
        network.remove("web");
        assertThat(labels("web")).doesNotContainKeys(Labels.IP, Labels.NETWORK);
        assertThat(network.ip("web")).isEmpty();
        killTask("client");
        killTask("web");
        Leaks after = leaks();
        Set<String> vethsAfter = hostVeths();
        System.out.println("two containers: leaks before " + before + ", after " + after + "; host veths before "
                + vethsBefore.size() + ", after " + vethsAfter.size());
        assertThat(after).isEqualTo(Leaks.NONE);
        assertThat(vethsAfter).doesNotContain(veth, veth2);
        assertThat(Path.of("/sys/class/net", veth)).doesNotExist();
    }

    @Test
    void removeAfterTheTaskIsGoneReleasesTheAddressTheVethAndTheRules() throws Exception {
        sleeper("gone");
        String ip = network.setup("gone");
        String veth = hostVeth(net, "gone");
        killTask("gone");
        // the pin keeps the namespace: the DEL can still find eth0 and the addresses of its masquerade rules
        assertThat(pins().isPinned(cid("gone"))).isTrue();
        assertThat(bridgePorts(bridge)).containsExactly(veth);
        assertThat(leaks()).isEqualTo(new Leaks(1, 1, 3, 2, 1));

        network.remove("gone");
        assertThat(leaks()).isEqualTo(Leaks.NONE);
        assertThat(allocations(net)).doesNotContain(ip);
        assertThat(Path.of("/sys/class/net", veth)).doesNotExist();
        assertThat(labels("gone")).doesNotContainKeys(Labels.IP, Labels.NETWORK);

        // and when the container itself is gone too
        sleeper("gone2");
        network.setup("gone2");
        String veth2 = hostVeth(net, "gone2");
        killTask("gone2");
        t.env.ctr(t.ns, "containers", "rm", "gone2");
        assertThat(leaks()).isEqualTo(new Leaks(1, 1, 3, 2, 1));
        network.remove("gone2");
        assertThat(leaks()).isEqualTo(Leaks.NONE);
        assertThat(Path.of("/sys/class/net", veth2)).doesNotExist();
        // a second remove has nothing to do
        network.remove("gone2");
    }

    @Test
    void aConfigInTheConfDirIsUsedAndRemoveWithoutANamespaceStillReleasesTheAddress() throws Exception {
        String net2 = net + "-plain";
        String br2 = bridge + "p";
        String sub2 = freeSubnet(215);
        networks.add(net2);
        bridges.add(br2);
        Path conf = root.resolve("conf-plain");
        writeConf(conf, "10-plain.conflist", bridgeConf(net2, br2, sub2, false, null));
        writeConf(conf, "20-other.conflist", bridgeConf("never-used", "nope0", "10.216.0.0/24", false, null));
        NetworkService plain = t.service.network().withSettings(settings.withConfDir(conf));

        sleeper("plain");
        String ip = plain.setup("plain");
        assertThat(Cidr.parse(sub2).contains(ip)).as(ip + " in " + sub2).isTrue();
        assertThat(labels("plain")).containsEntry(Labels.NETWORK, net2);
        assertThat(allocations(net2)).containsExactly(ip);
        assertThat(bridgePorts(br2)).hasSize(1);
        assertThat(HOST_LOCAL.resolve("never-used")).doesNotExist();

        // the pin is lost (as after a reboot) and the task ends: DEL runs without a namespace
        pins().unpin(cid("plain"));
        killTask("plain");
        assertThat(bridgePorts(br2)).as("the veth went with the namespace").isEmpty();
        assertThat(allocations(net2)).containsExactly(ip);
        // remove under the default settings: the cached config of the ADD is what DEL runs
        network.remove("plain");
        assertThat(allocations(net2)).isEmpty();
        assertThat(leaks(net2, br2)).isEqualTo(Leaks.NONE);
        assertThat(labels("plain")).doesNotContainKeys(Labels.IP, Labels.NETWORK);
    }

    @Test
    void twentyUpDownCyclesLeakNothing() {
        sleeper("cycler");
        Leaks before = leaks();
        Set<String> vethsBefore = hostVeths();
        int cycles = 20;
        long up = 0;
        long down = 0;
        Set<String> ips = new TreeSet<>();
        Set<String> veths = new TreeSet<>();
        for (int i = 0; i < cycles; i++) {
            long a = System.nanoTime();
            String ip = network.setup("cycler");
            long b = System.nanoTime();
            assertThat(Cidr.parse(subnet).contains(ip)).isTrue();
            assertThat(leaks()).as("cycle " + i + " up").isEqualTo(new Leaks(1, 1, 3, 2, 1));
            veths.add(hostVeth(net, "cycler"));
            network.remove("cycler");
            long c = System.nanoTime();
            assertThat(leaks()).as("cycle " + i + " down").isEqualTo(Leaks.NONE);
            up += b - a;
            down += c - b;
            ips.add(ip);
        }
        killTask("cycler");
        Leaks after = leaks();
        Set<String> vethsAfter = hostVeths();
        System.out.printf("%d up/down cycles: setup %.0f ms, remove %.0f ms on average; %d distinct IPs; leaks before %s,"
                        + " after %s; host veths before %d, after %d%n", cycles, up / 1e6 / cycles, down / 1e6 / cycles,
                ips.size(), before, after, vethsBefore.size(), vethsAfter.size());
        assertThat(after).isEqualTo(Leaks.NONE);
        assertThat(veths).hasSize(cycles);
        assertThat(vethsAfter).doesNotContainAnyElementsOf(veths);
    }

    @Test
    void aFailingPluginIsAClearErrorAndLeavesNothing() throws Exception {
        Path bin = root.resolve("bin-fail");
        writePlugin(bin, "berth-test-fail", "cat >/dev/null\nif [ \"$CNI_COMMAND\" = ADD ]; then\n"
                + "  printf '%s' '{\"cniVersion\":\"1.0.0\",\"code\":7,\"msg\":\"refused by the test\",\"details\":\"on purpose\"}'\n"
                + "  exit 1\nfi\nexit 0\n");
        Path conf = root.resolve("conf-fail");
        writeConf(conf, "10-fail.conflist", bridgeConf(net, bridge, subnet, true, "berth-test-fail"));
        NetworkService failing = t.service.network().withSettings(settings.withConfDir(conf).withBinDirs(List.of(bin, cniBin)));

        sleeper("failing");
        assertThatThrownBy(() -> failing.setup("failing"))
                .isInstanceOfSatisfying(CniPluginException.class, e -> {
                    assertThat(e.code()).isEqualTo(7);
                    assertThat(e.plugin()).isEqualTo("berth-test-fail");
                })
                .hasMessage("CNI plugin berth-test-fail failed (ADD, network " + net + "): refused by the test: on purpose"
                        + " (CNI error code 7)");
        // the bridge had allocated an address and made a veth before the failure: both are gone
        assertThat(leaks()).isEqualTo(Leaks.NONE);
        assertThat(interfaces("failing")).doesNotContain("eth0");
        assertThat(labels("failing")).doesNotContainKeys(Labels.IP, Labels.NETWORK);
        // and the container can still be attached with a working network
        assertThat(Cidr.parse(subnet).contains(network.setup("failing"))).isTrue();
    }

    @Test
    void aHangingPluginTimesOutAndLeavesNothing() throws Exception {
        Path bin = root.resolve("bin-hang");
        Path pidFile = root.resolve("hang.child");
        writePlugin(bin, "berth-test-hang", "cat >/dev/null\nif [ \"$CNI_COMMAND\" = ADD ]; then\n"
                + "  sleep 300 &\n  echo $! > '" + pidFile + "'\n  wait\nfi\nexit 0\n");
        Path conf = root.resolve("conf-hang");
        writeConf(conf, "10-hang.conflist", bridgeConf(net, bridge, subnet, true, "berth-test-hang"));
        NetworkService hanging = t.service.network().withSettings(settings.withConfDir(conf).withBinDirs(List.of(bin, cniBin))
                .withTimeout(Duration.ofSeconds(2)));

        sleeper("hanging");
        long start = System.nanoTime();
        assertThatThrownBy(() -> hanging.setup("hanging"))
                .isInstanceOf(BerthException.Timeout.class)
                .hasMessage("CNI plugin berth-test-hang (ADD, network " + net + ") did not finish within 2 s; it was killed");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("hanging plugin: Timeout after " + took.toMillis() + " ms (plugin timeout 2 s), then cleaned up");
        assertThat(took).isLessThan(Duration.ofSeconds(12));
        long child = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(gone(child)).as("the plugin's child").isTrue();
        assertThat(leaks()).isEqualTo(Leaks.NONE);
        assertThat(interfaces("hanging")).doesNotContain("eth0");
    }

    @Test
    void aLeftoverInterfaceIsRemovedAndTheSetupRetriedOnce() throws Exception {
        sleeper("stale");
        String first = network.setup("stale");
        loseState("stale", net);
        // eth0, its address and its rules are still there, but Berth no longer knows
        assertThat(leaks()).isEqualTo(new Leaks(1, 1, 3, 0, 0));
        try (Captured log = new Captured()) {
            String ip = network.setup("stale");
            assertThat(log.messages).anySatisfy(m -> assertThat(m).contains("met a stale attachment")
                    .contains("already exists"));
            assertThat(Cidr.parse(subnet).contains(ip)).isTrue();
            System.out.println("stale interface: first " + first + ", after retry " + ip);
        }
        assertThat(leaks()).isEqualTo(new Leaks(1, 1, 3, 2, 1));
        network.remove("stale");
        assertThat(leaks()).isEqualTo(Leaks.NONE);
    }

    @Test
    void aLeftoverAllocationOfAnEarlierTaskIsReleasedAndTheSetupRetriedOnce() throws Exception {
        // a network without masquerading: the earlier task's rules could not be removed without its namespace
        String net3 = net + "-dup";
        String br3 = bridge + "d";
        String sub3 = freeSubnet(215);
        networks.add(net3);
        bridges.add(br3);
        Path conf = root.resolve("conf-dup");
        writeConf(conf, "10-dup.conflist", bridgeConf(net3, br3, sub3, false, null));
        NetworkService dup = t.service.network().withSettings(settings.withConfDir(conf));

        sleeper("dup");
        String first = dup.setup("dup");
        loseState("dup", net3);
        killTask("dup");
        t.tasks().start("dup");
        assertThat(allocations(net3)).containsExactly(first);
        try (Captured log = new Captured()) {
            String ip = dup.setup("dup");
            assertThat(log.messages).anySatisfy(m -> assertThat(m).contains("duplicate allocation"));
            assertThat(allocations(net3)).containsExactly(ip);
            System.out.println("stale allocation: first " + first + ", after retry " + ip);
        }
        dup.remove("dup");
        assertThat(leaks(net3, br3)).isEqualTo(Leaks.NONE);
    }

    @Test
    void setupNeedsARunningTaskAndValidInput() {
        Leaks before = leaks();
        t.containers().create(CreateContainerRequest.of("idle", t.image("busybox:1")), null);
        containers.add("idle");
        assertThatThrownBy(() -> network.setup("idle")).isInstanceOf(BerthException.FailedPrecondition.class)
                .hasMessage("container idle has no task; start it first");
        assertThatThrownBy(() -> network.setup("no-such")).isInstanceOf(BerthException.NotFound.class)
                .hasMessage("container no-such not found");
        assertThatThrownBy(() -> network.setup("../etc")).isInstanceOf(BerthException.InvalidArgument.class);
        assertThatThrownBy(() -> network.remove("a b")).isInstanceOf(BerthException.InvalidArgument.class);
        // removing what was never attached does nothing and is no error
        network.remove("idle");
        network.remove("no-such");
        assertThat(network.ip("idle")).isEmpty();
        assertThat(leaks()).isEqualTo(before);

        // a task that has exited has no namespace to attach
        start("exited", "exit 0");
        t.awaitExit("exited", Duration.ofSeconds(20));
        assertThatThrownBy(() -> network.setup("exited")).isInstanceOf(BerthException.FailedPrecondition.class)
                .hasMessage("the task of container exited is stopped; a network needs a running task");
        assertThat(leaks()).isEqualTo(before);
    }

    @Test
    void theCommandLineBringsANetworkUpAndDown() throws IOException {
        sleeper("cli");
        List<String> cni = List.of("--cni-network", net, "--bridge", bridge, "--subnet", subnet,
                "--cni-conf-dir", emptyConf.toString(), "--cni-bin-dir", cniBin.toString());
        String[] up = berth(cni, "net", "up", "cli");
        assertThat(up[0]).as(up[1]).isEqualTo("0");
        String ip = up[1].strip();
        assertThat(Cidr.parse(subnet).contains(ip)).as(ip).isTrue();
        assertThat(allocations(net)).containsExactly(ip);
        assertThat(berth(List.of(), "net", "ip", "cli")[1].strip()).isEqualTo(ip);
        String[] down = berth(List.of(), "net", "down", "cli");
        assertThat(down[0]).as(down[1]).isEqualTo("0");
        assertThat(down[1]).contains("cli detached");
        assertThat(allocations(net)).isEmpty();
        assertThat(bridgePorts(bridge)).isEmpty();
        Path cliCache = ServiceOptions.defaultDataDir().resolve("cni");
        try (Stream<Path> files = Files.exists(cliCache) ? Files.walk(cliCache) : Stream.empty()) {
            assertThat(files.map(Path::toString).filter(f -> f.contains(t.ns + "--"))).as("cache and pins in " + cliCache).isEmpty();
        }
        String[] none = berth(List.of(), "net", "ip", "cli");
        assertThat(none[0]).isEqualTo("1");
        assertThat(none[1]).contains("container cli has no network");
        // bad settings are refused before anything runs
        String[] bad = berth(List.of("--subnet", "10.1.1.1/24"), "net", "up", "cli");
        assertThat(bad[0]).isEqualTo("2");
        assertThat(bad[1]).contains("host bits are set; the network is 10.1.1.0/24");
        assertThat(allocations(net)).isEmpty();
    }

    /** Runs the command line; returns {exit code, stdout + stderr}. */
    String[] berth(List<String> extra, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--address", t.env.address(), "-n", t.ns));
        all.addAll(List.of(args));
        all.addAll(extra);
        int code = Cli.run(all.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true), Map.of());
        return new String[] {Integer.toString(code), out + err.toString()};
    }
}
