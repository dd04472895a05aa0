package dev.berth.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.model.BerthException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Results of the CNI versions Berth reads, and output that is not a result. */
class CniResultTest {

    /** What Debian's bridge plugin (1.1.1) printed for an ADD, verbatim. */
    static final String BRIDGE_1_0_0 = "{\n"
            + "    \"cniVersion\": \"1.0.0\",\n"
            + "    \"interfaces\": [\n"
            + "        {\"name\": \"bprobe0\", \"mac\": \"66:73:0c:44:7e:a4\"},\n"
            + "        {\"name\": \"veth44f38b18\", \"mac\": \"be:15:81:93:bd:fd\"},\n"
            + "        {\"name\": \"eth0\", \"mac\": \"92:20:e9:5b:93:88\", \"sandbox\": \"/var/run/netns/bprobe1\"}\n"
            + "    ],\n"
            + "    \"ips\": [{\"interface\": 2, \"address\": \"10.219.77.2/24\", \"gateway\": \"10.219.77.1\"}],\n"
            + "    \"routes\": [{\"dst\": \"0.0.0.0/0\"}],\n"
            + "    \"dns\": {}\n"
            + "}";

    static CniResult parse(String s) {
        return CniResult.parse(s.getBytes(StandardCharsets.UTF_8), "p (ADD, network n)");
    }

    @Test
    void aBridgeResult() {
        CniResult r = parse(BRIDGE_1_0_0);
        assertThat(r.cniVersion()).isEqualTo("1.0.0");
        assertThat(r.interfaces()).extracting(CniResult.Interface::name).containsExactly("bprobe0", "veth44f38b18", "eth0");
        assertThat(r.interfaces().get(2).sandbox()).isEqualTo("/var/run/netns/bprobe1");
        assertThat(r.ips()).containsExactly(new CniResult.IpConfig("10.219.77.2/24", "10.219.77.1", 2));
        assertThat(r.routes()).containsExactly(new CniResult.Route("0.0.0.0/0", ""));
        assertThat(r.containerIp()).contains("10.219.77.2");
        assertThat(r.hostInterfaces()).containsExactly("bprobe0", "veth44f38b18");
        assertThat(r.dns().nameservers()).isEmpty();
        assertThat(r.json().get("ips").get(0).get("address").asText()).isEqualTo("10.219.77.2/24");
    }

    @Test
    void aLoopbackResultHasNoContainerIp() {
        CniResult r = parse("{\"cniVersion\":\"0.3.1\",\"interfaces\":[{\"name\":\"lo\",\"mac\":\"00:00:00:00:00:00\","
                + "\"sandbox\":\"/proc/1/ns/net\"}],\"ips\":[{\"version\":\"4\",\"interface\":0,\"address\":\"127.0.0.1/8\"},"
                + "{\"version\":\"6\",\"interface\":0,\"address\":\"::1/128\"}],\"dns\":{}}");
        assertThat(r.ips()).hasSize(2);
        assertThat(r.containerIp()).isEmpty();
    }

    @Test
    void anOld020Result() {
        CniResult r = parse("{\"cniVersion\":\"0.2.0\",\"ip4\":{\"ip\":\"10.1.2.3/24\",\"gateway\":\"10.1.2.1\","
                + "\"routes\":[{\"dst\":\"0.0.0.0/0\",\"gw\":\"10.1.2.1\"}]},\"ip6\":{\"ip\":\"fd00::3/64\"},"
                + "\"dns\":{\"nameservers\":[\"10.1.2.1\"],\"domain\":\"lan\",\"search\":[\"a\"],\"options\":[\"ndots:2\"]}}");
        assertThat(r.ips()).containsExactly(new CniResult.IpConfig("10.1.2.3/24", "10.1.2.1", null),
                new CniResult.IpConfig("fd00::3/64", "", null));
        assertThat(r.routes()).containsExactly(new CniResult.Route("0.0.0.0/0", "10.1.2.1"));
        assertThat(r.containerIp()).contains("10.1.2.3");
        assertThat(r.dns()).isEqualTo(new CniResult.Dns(java.util.List.of("10.1.2.1"), "lan", java.util.List.of("a"),
                java.util.List.of("ndots:2")));
    }

    @Test
    void anIpv6OnlyResult() {
        CniResult r = parse("{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\",\"sandbox\":\"/n\"}],"
                + "\"ips\":[{\"interface\":0,\"address\":\"fd00:b::2/64\",\"gateway\":\"fd00:b::1\"}]}");
        assertThat(r.containerIp()).contains("fd00:b::2");
    }

    @Test
    void outputThatIsNoResultIsAClearError() {
        garbage("hello", "(it is not JSON): \"hello\"");
        garbage("[1,2]", "(it is not a JSON object)");
        garbage("{\"ips\":\"x\"}", "(ips is not a list)");
        garbage("{\"ips\":[{\"address\":\"10.0.0.1\"}]}", "\"address\" \"10.0.0.1\" is not an address/prefix");
        garbage("{\"interfaces\":[],\"ips\":[{\"address\":\"10.0.0.1/8\",\"interface\":3}]}",
                "ips[].interface 3 names no interface");
        garbage("{\"ips\":[{\"address\":\"10.0.0.1/8\",\"gateway\":\"router\"}]}", "\"gateway\" \"router\" is not an IP address");
        garbage("{\"interfaces\":[{\"mac\":\"x\"}]}", "\"name\" is missing or not a string");
        garbage("{\"dns\":{\"nameservers\":[1]}}", "nameservers must hold strings");
        garbage("{\"routes\":[{\"dst\":\"example.com/8\"}]}", "\"dst\" \"example.com/8\" is not an address/prefix");
        garbage("{} {}", "(it is not JSON)");
    }

    private static void garbage(String out, String message) {
        assertThatThrownBy(() -> parse(out)).isInstanceOf(BerthException.Internal.class)
                .hasMessageStartingWith("CNI plugin p (ADD, network n) returned output that is not a CNI result")
                .hasMessageContaining(message);
    }
}
