package dev.berth.cni;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultCacheTest {

    @TempDir
    Path tmp;

    static ResultCache.Entry entry(String net, String cid, String ifName) {
        NetworkConfigList config = NetworkConfigList.parseList(("{\"cniVersion\":\"1.0.0\",\"name\":\"" + net
                + "\",\"plugins\":[{\"type\":\"bridge\"}]}").getBytes(StandardCharsets.UTF_8), "t");
        CniResult r = CniResult.parse(CniResultTest.BRIDGE_1_0_0.getBytes(StandardCharsets.UTF_8), "t");
        return new ResultCache.Entry(net, cid, ifName, "/proc/1/ns/net", "4:5", config, r);
    }

    @Test
    void entriesAreWrittenReadFoundByContainerAndDeleted() throws Exception {
        ResultCache cache = new ResultCache(tmp.resolve("results"));
        cache.write(entry("net-a", "ns--c1", "eth0"));
        cache.write(entry("cni-loopback", "ns--c1", "lo"));
        cache.write(entry("net-a", "ns--c10", "eth0"));
        cache.write(entry("net-a", "other--c1", "eth0"));

        assertThat(cache.files()).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
                "net-a-ns--c1-eth0", "cni-loopback-ns--c1-lo", "net-a-ns--c10-eth0", "net-a-other--c1-eth0");
        ResultCache.Entry e = cache.read("net-a", "ns--c1", "eth0").orElseThrow();
        assertThat(e.netns()).isEqualTo("/proc/1/ns/net");
        assertThat(e.netnsId()).isEqualTo("4:5");
        assertThat(e.config().types()).containsExactly("bridge");
        assertThat(e.result().containerIp()).contains("10.219.77.2");
        assertThat(cache.entries("ns--c1")).extracting(ResultCache.Entry::network)
                .containsExactlyInAnyOrder("net-a", "cni-loopback");

        cache.delete("net-a", "ns--c1", "eth0");
        assertThat(cache.read("net-a", "ns--c1", "eth0")).isEmpty();
        assertThat(cache.entries("ns--c1")).extracting(ResultCache.Entry::network).containsExactly("cni-loopback");
    }

    @Test
    void anUnusableFileCountsAsNoCache() throws Exception {
        ResultCache cache = new ResultCache(tmp.resolve("results"));
        Files.createDirectories(cache.dir());
        Files.writeString(cache.file("n", "c1", "eth0"), "{broken");
        assertThat(cache.read("n", "c1", "eth0")).isEmpty();
        Files.writeString(cache.file("n", "c1", "eth0"), "{\"kind\":\"somethingElse\"}");
        assertThat(cache.read("n", "c1", "eth0")).isEmpty();
        assertThat(cache.entries("c1")).isEmpty();
        assertThat(cache.read("n", "c2", "eth0")).isEmpty();
    }
}
