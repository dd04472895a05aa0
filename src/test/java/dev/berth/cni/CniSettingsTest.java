package dev.berth.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.model.BerthException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Settings, names and subnets are checked before anything runs. */
class CniSettingsTest {

    @Test
    void defaults() {
        CniSettings s = CniSettings.defaults();
        assertThat(s.networkName()).isEqualTo("berth");
        assertThat(s.bridge()).isEqualTo("berth0");
        assertThat(s.subnet()).isEqualTo("10.213.0.0/16");
        assertThat(s.confDir()).isEqualTo(Path.of("/etc/cni/net.d"));
        assertThat(s.binDirs()).containsExactly(Path.of("/opt/cni/bin"), Path.of("/usr/lib/cni"));
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theDefaultSubnetCollidesWithNoOtherToolsDefault() {
        Cidr ours = Cidr.parse(CniSettings.DEFAULT_SUBNET);
        for (String other : List.of("172.17.0.0/16", "10.4.0.0/24", "10.88.0.0/16", "10.22.0.0/16")) {
            assertThat(ours.overlaps(Cidr.parse(other))).as(other).isFalse();
        }
        assertThat(ours.overlaps(Cidr.parse("10.0.0.0/8"))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").overlaps(ours)).isTrue();
    }

    @Test
    void subnetsAreParsedStrictly() {
        assertThat(Cidr.parse("10.213.0.0/16").toString()).isEqualTo("10.213.0.0/16");
        assertThat(Cidr.parse("fd00:b::/64").isIpv6()).isTrue();
        assertThat(Cidr.parse("10.213.0.0/16").contains("10.213.7.9")).isTrue();
        assertThat(Cidr.parse("10.213.0.0/16").contains("10.214.0.1")).isFalse();
        badSubnet("10.213.0.1/16", "host bits are set; the network is 10.213.0.0/16");
        badSubnet("10.213.0.0", "write it as address/prefix");
        badSubnet("10.213.0.0/31", "the prefix length must be 1 to 30 for IPv4");
        badSubnet("10.213.0.0/0", "the prefix length must be 1 to 30");
        badSubnet("fd00::/127", "the prefix length must be 1 to 126 for IPv6");
        badSubnet("300.1.1.0/24", "\"300.1.1.0\" is not an IPv4 or IPv6 address");
        badSubnet("010.1.1.0/24", "is not an IPv4 or IPv6 address");
        badSubnet("example.com/24", "\"example.com\" is not an IPv4 or IPv6 address"); // never looked up
        badSubnet("10.1.1.0/024", "the prefix length must be a number");
        badSubnet("10.1.1.0/2/4", "write it as address/prefix");
        badSubnet("::ffff:10.1.1.0/120", "is not an IPv4 or IPv6 address");
        badSubnet("", "subnet must not be empty");
    }

    private static void badSubnet(String s, String message) {
        assertThatThrownBy(() -> CniSettings.defaults().withSubnet(s)).isInstanceOf(BerthException.InvalidArgument.class)
                .hasMessageContaining(message);
    }

    @Test
    void bridgeNamesFitTheKernel() {
        assertThat(CniSettings.defaults().withBridge("br-0.x_y").bridge()).isEqualTo("br-0.x_y");
        assertThat(CniSettings.defaults().withBridge("a23456789012345").bridge()).hasSize(15);
        bad(() -> CniSettings.defaults().withBridge("a234567890123456"), "bridge name \"a234567890123456\" is longer than 15");
        bad(() -> CniSettings.defaults().withBridge("br 0"), "bridge name \"br 0\" is not valid");
        bad(() -> CniSettings.defaults().withBridge("br/0"), "is not valid");
        bad(() -> CniSettings.defaults().withBridge(".."), "is not valid");
        bad(() -> CniSettings.defaults().withBridge(""), "must not be empty");
    }

    @Test
    void namesDirsAndTimeoutsAreChecked() {
        bad(() -> CniSettings.defaults().withNetworkName("a/b"), "network name \"a/b\" is not valid");
        bad(() -> CniSettings.defaults().withNetworkName("-a"), "is not valid");
        bad(() -> CniSettings.defaults().withNetworkName("a\nb"), "\"a\\u000ab\" is not valid");
        bad(() -> CniSettings.defaults().withConfDir(Path.of("relative")), "CNI conf dir \"relative\" must be an absolute path");
        bad(() -> CniSettings.defaults().withBinDirs(List.of()), "at least one CNI plugin dir");
        bad(() -> CniSettings.defaults().withBinDirs(List.of(Path.of("/a:b"))), "must not contain ':'");
        bad(() -> CniSettings.defaults().withTimeout(Duration.ZERO), "timeout must be more than 0");
        bad(() -> CniSettings.defaults().withTimeout(Duration.ofMinutes(11)), "at most 10 minutes");
        assertThat(CniSettings.defaults().withBinDirs(List.of(Path.of("/x/../y"), Path.of("/y"))).binDirs())
                .containsExactly(Path.of("/y"));
        assertThat(CniNames.containerId("default--web.1")).isEqualTo("default--web.1");
        bad(() -> CniNames.containerId("_x"), "CNI container id \"_x\" is not valid");
        bad(() -> CniNames.ifName("eth0 "), "interface name \"eth0 \" is not valid");
    }

    private static void bad(org.assertj.core.api.ThrowableAssert.ThrowingCallable c, String message) {
        assertThatThrownBy(c).isInstanceOf(BerthException.InvalidArgument.class).hasMessageContaining(message);
    }

    @Test
    void mountinfoPathsAreUnescaped() {
        String info = "36 35 98:0 /mnt1 /mnt/with\\040space rw,noatime master:1 - ext3 /dev/root rw\n"
                + "37 35 0:4 net:[4026532285] /var/lib/berth/cni/netns/ns--c1 rw shared:5 - nsfs nsfs rw\n";
        assertThat(NetnsPins.mountPoints(info)).containsExactly("/mnt/with space", "/var/lib/berth/cni/netns/ns--c1");
        assertThat(NetnsPins.unescape("a\\134b\\011c")).isEqualTo("a\\b\tc");
    }

    @Test
    void effectiveCapabilitiesAreRead() {
        BigInteger root = Privileges.effectiveCaps("Name:\tjava\nCapInh:\t0000000000000000\nCapEff:\t000001ffffffffff\n");
        assertThat(root.testBit(Privileges.CAP_NET_ADMIN)).isTrue();
        BigInteger user = Privileges.effectiveCaps("CapEff:\t0000000000000000\n");
        assertThat(user.testBit(Privileges.CAP_NET_ADMIN)).isFalse();
        assertThat(Privileges.effectiveCaps("Name: x\n")).isNull();
    }
}
