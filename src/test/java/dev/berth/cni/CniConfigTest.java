package dev.berth.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which networks are loaded: loopback, the first config of the conf dir, else Berth's default. */
class CniConfigTest {

    @TempDir
    Path tmp;

    private Cni cni(Path confDir, Path bin) {
        return new Cni(CniSettings.defaults().withConfDir(confDir).withBinDirs(List.of(bin)), tmp.resolve("cache"));
    }

    @Test
    void loopbackIsBuiltIn() {
        CniNetwork lo = Cni.loopback();
        assertThat(lo.ifName()).isEqualTo("lo");
        assertThat(lo.name()).isEqualTo("cni-loopback");
        assertThat(lo.config().cniVersion()).isEqualTo("0.3.1");
        assertThat(lo.config().types()).containsExactly("loopback");
    }

    @Test
    void withoutConfigsBerthsOwnBridgeNetworkIsUsed() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(conf.resolve("README.txt"), "not a config");
        Files.createDirectories(conf.resolve("10-dir.conflist")); // a directory never counts
        Cni cni = new Cni(CniSettings.defaults().withConfDir(conf).withBinDirs(List.of(bin)).withNetworkName("mynet")
                .withBridge("mybr0").withSubnet("10.77.0.0/24"), tmp.resolve("cache"));
        List<CniNetwork> nets = cni.networks();
        assertThat(nets).extracting(CniNetwork::name).containsExactly("cni-loopback", "mynet");
        CniNetwork main = nets.get(1);
        assertThat(main.ifName()).isEqualTo("eth0");
        assertThat(main.config().cniVersion()).isEqualTo("1.0.0");
        assertThat(main.config().types()).containsExactly("bridge"); // no portmap installed here
        ObjectNode bridge = main.config().plugin(0);
        assertThat(bridge.get("bridge").asText()).isEqualTo("mybr0");
        assertThat(bridge.get("isGateway").asBoolean()).isTrue();
        assertThat(bridge.get("ipMasq").asBoolean()).isTrue();
        assertThat(bridge.at("/ipam/type").asText()).isEqualTo("host-local");
        assertThat(bridge.at("/ipam/ranges/0/0/subnet").asText()).isEqualTo("10.77.0.0/24");
        assertThat(bridge.at("/ipam/routes/0/dst").asText()).isEqualTo("0.0.0.0/0");

        // portmap joins when it is installed; an IPv6 subnet routes ::/0
        Files.createFile(bin.resolve("portmap")).toFile().setExecutable(true);
        NetworkConfigList v6 = new Cni(CniSettings.defaults().withConfDir(conf).withBinDirs(List.of(bin))
                .withSubnet("fd00:b::/64"), tmp.resolve("cache")).main().config();
        assertThat(v6.types()).containsExactly("bridge", "portmap");
        assertThat(v6.plugin(1).at("/capabilities/portMappings").asBoolean()).isTrue();
        assertThat(v6.plugin(0).at("/ipam/routes/0/dst").asText()).isEqualTo("::/0");
        assertThat(v6.name()).isEqualTo("berth");
        assertThat(v6.plugin(0).get("bridge").asText()).isEqualTo("berth0");

        // no conf dir at all is the same as an empty one
        assertThat(cni(tmp.resolve("missing"), bin).main().name()).isEqualTo("berth");
    }

    @Test
    void theLexicographicallyFirstConfigWins() throws IOException {
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(conf.resolve("20-b.conflist"),
                "{\"cniVersion\":\"1.0.0\",\"name\":\"b\",\"plugins\":[{\"type\":\"bridge\"}]}");
        Files.writeString(conf.resolve("99.json"), "{\"cniVersion\":\"1.0.0\",\"name\":\"j\",\"type\":\"ptp\"}");
        Files.writeString(conf.resolve("05-x.txt"), "ignored");
        Files.writeString(conf.resolve("10-a.conf"),
                "{\"cniVersion\":\"0.4.0\",\"name\":\"a\",\"type\":\"macvlan\",\"master\":\"eth0\"}");
        CniNetwork main = cni(conf, tmp).main();
        assertThat(main.name()).isEqualTo("a");
        assertThat(main.config().source()).isEqualTo(conf.resolve("10-a.conf").toString());
        // a single-plugin .conf is a list of one, as libcni makes it
        assertThat(main.config().cniVersion()).isEqualTo("0.4.0");
        assertThat(main.config().types()).containsExactly("macvlan");
        assertThat(main.config().plugin(0).get("master").asText()).isEqualTo("eth0");

        Files.delete(conf.resolve("10-a.conf"));
        assertThat(cni(conf, tmp).main().name()).isEqualTo("b");
        Files.delete(conf.resolve("20-b.conflist"));
        assertThat(cni(conf, tmp).main().config().types()).containsExactly("ptp");
    }

    @Test
    void aBrokenFirstConfigIsAnErrorNamingTheFile() throws IOException {
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        Path f = conf.resolve("10-a.conflist");
        bad(conf, f, "{\"cniVersion\":\"1.0.0\",\"name\":\"a\",\n\"plugins\":[", "it is not valid JSON (line 2");
        bad(conf, f, "[1]", "it is not a JSON object");
        bad(conf, f, "{\"cniVersion\":\"1.0.0\",\"name\":\"a\",\"plugins\":[]}", "\"plugins\" must be a non-empty list");
        bad(conf, f, "{\"cniVersion\":\"1.0.0\",\"name\":\"a\",\"plugins\":[{\"x\":1}]}", "\"type\" is missing");
        bad(conf, f, "{\"cniVersion\":\"1.0.0\",\"name\":\"a\",\"plugins\":[{\"type\":\"../../bin/sh\"}]}",
                "plugin type \"../../bin/sh\" is not valid");
        bad(conf, f, "{\"cniVersion\":\"9.9.9\",\"name\":\"a\",\"plugins\":[{\"type\":\"bridge\"}]}",
                "cniVersion \"9.9.9\" is not one Berth knows");
        bad(conf, f, "{\"name\":\"a\",\"plugins\":[{\"type\":\"bridge\"}]}", "\"cniVersion\" is missing");
        bad(conf, f, "{\"cniVersion\":\"1.0.0\",\"name\":\"../etc\",\"plugins\":[{\"type\":\"bridge\"}]}",
                "network name \"../etc\" is not valid");
        Files.delete(f);
        Path c = conf.resolve("10-a.conf");
        bad(conf, c, "{\"cniVersion\":\"1.0.0\",\"name\":\"a\",\"plugins\":[{\"type\":\"bridge\"}]}",
                "this is a network list (it has \"plugins\"); name the file *.conflist");
    }

    private void bad(Path conf, Path file, String content, String message) throws IOException {
        Files.writeString(file, content);
        assertThatThrownBy(() -> cni(conf, tmp).main())
                .isInstanceOf(BerthException.FailedPrecondition.class)
                .hasMessageStartingWith("CNI network config " + file + ": ")
                .hasMessageContaining(message);
    }

    @Test
    void aConfigLargerThanOneMebibyteIsRefused() throws IOException {
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        Files.write(conf.resolve("1.conf"), new byte[(1 << 20) + 10]);
        assertThatThrownBy(() -> cni(conf, tmp).main()).isInstanceOf(BerthException.FailedPrecondition.class)
                .hasMessageContaining("is larger than 1 MiB");
    }
}
