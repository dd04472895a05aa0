package dev.berth.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.model.BerthException;
import dev.berth.model.DaemonInfo;
import dev.berth.model.PullMode;
import dev.berth.oci.Platform;
import dev.berth.registry.ImageReference;
import dev.berth.registry.RegistryOptions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules that pick a puller, and the small parsers of the Transfer path (no daemon needed). */
class PullModeChoiceTest {

    static final Set<String> V16 = Set.of("containers", "content", "diff", "events", "images", "leases", "snapshots", "tasks");
    static final Set<String> V17 = union(V16, Set.of("transfer", "streaming", "sandboxes"));

    static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return s;
    }

    static DaemonInfo daemon(String version, Set<String> services) {
        return new DaemonInfo("/run/c.sock", version, "rev", List.of("overlayfs", "native"), services);
    }

    static PullModeChoice choose(PullMode mode, DaemonInfo d, String ref, Set<String> insecure) {
        return PullModeChoice.choose(mode, d, RegistryOptions.defaults().withInsecureHosts(insecure),
                ImageReference.parse(ref), Platform.current(), "overlayfs", "overlayfs");
    }

    @Test
    void clientIsAlwaysClient() {
        for (DaemonInfo d : List.of(daemon("1.6.20~ds1", V16), daemon("1.7.24~ds1", V17), daemon("2.1.9", V17))) {
            assertThat(choose(PullMode.CLIENT, d, "docker.io/library/nginx:1", Set.of()).mode()).isEqualTo(PullMode.CLIENT);
        }
    }

    @Test
    void transferNeedsTheService() {
        assertThatThrownBy(() -> choose(PullMode.TRANSFER, daemon("1.6.20~ds1", V16), "nginx", Set.of()))
                .isInstanceOf(BerthException.FailedPrecondition.class).hasMessageContaining("1.6.20~ds1")
                .hasMessageContaining("--pull-mode=client");
        // a daemon that has the service but not the streaming one (never seen, but both are needed)
        assertThatThrownBy(() -> choose(PullMode.TRANSFER, daemon("1.7.0", union(V16, Set.of("transfer"))), "nginx", Set.of()))
                .isInstanceOf(BerthException.FailedPrecondition.class);
        assertThat(choose(PullMode.TRANSFER, daemon("1.7.24~ds1", V17), "nginx", Set.of()).mode()).isEqualTo(PullMode.TRANSFER);
        // forced transfer is tried even where auto would not (the daemon's own error is then explained)
        assertThat(choose(PullMode.TRANSFER, daemon("1.7.24~ds1", V17), "127.0.0.1:5000/a:1", Set.of()).mode())
                .isEqualTo(PullMode.TRANSFER);
    }

    @Test
    void autoLeavesToTheClientWhatTheDaemonCannotDo() {
        assertThat(choose(PullMode.AUTO, daemon("1.6.20~ds1", V16), "nginx", Set.of()).reason()).contains("no Transfer service");
        // 1.7 speaks only HTTPS to registries: loopback and insecure ones go client-side
        PullModeChoice loop = choose(PullMode.AUTO, daemon("1.7.24~ds1", V17), "127.0.0.1:5000/a:1", Set.of());
        assertThat(loop.mode()).isEqualTo(PullMode.CLIENT);
        assertThat(loop.reason()).contains("plain HTTP");
        assertThat(choose(PullMode.AUTO, daemon("1.7.24~ds1", V17), "reg.lan:5000/a:1", Set.of("reg.lan:5000")).mode())
                .isEqualTo(PullMode.CLIENT);
        // other platforms and snapshotters: the daemon would not unpack them
        DaemonInfo v2 = daemon("2.1.9", V17);
        assertThat(PullModeChoice.choose(PullMode.AUTO, v2, RegistryOptions.defaults(), ImageReference.parse("nginx"),
                Platform.parse("linux/s390x"), "overlayfs", "overlayfs").mode()).isEqualTo(PullMode.CLIENT);
        assertThat(PullModeChoice.choose(PullMode.AUTO, v2, RegistryOptions.defaults(), ImageReference.parse("nginx"),
                Platform.current(), "native", "overlayfs").mode()).isEqualTo(PullMode.CLIENT);
    }

    @Test
    void autoFollowsTheMeasurementWhereTransferCanBeUsed() {
        for (DaemonInfo d : List.of(daemon("1.7.24~ds1", V17), daemon("2.1.9", V17))) {
            PullModeChoice c = choose(PullMode.AUTO, d, "docker.io/library/nginx:1", Set.of());
            assertThat(c.mode()).isEqualTo(PullModeChoice.transferPreferred(d) ? PullMode.TRANSFER : PullMode.CLIENT);
            assertThat(c.reason()).contains("measured");
        }
    }

    @Test
    void pullModeParses() {
        assertThat(PullMode.parse("Transfer")).isEqualTo(PullMode.TRANSFER);
        assertThat(PullMode.parse(" auto ")).isEqualTo(PullMode.AUTO);
        assertThat(PullMode.CLIENT.toString()).isEqualTo("client");
        assertThatThrownBy(() -> PullMode.parse("server")).isInstanceOf(BerthException.InvalidArgument.class)
                .hasMessageContaining("client, transfer or auto");
        assertThatThrownBy(() -> PullMode.parse(" ")).isInstanceOf(BerthException.InvalidArgument.class);
    }

    @Test
    void ingestRefsName() {
        String d = "sha256:" + "ab".repeat(32);
        assertThat(TransferPuller.digestOfRef("layer-" + d)).isEqualTo(d);
        assertThat(TransferPuller.digestOfRef("manifest-" + d)).isEqualTo(d);
        assertThat(TransferPuller.digestOfRef("index-docker.io/library/x:1@" + d)).isEqualTo(d);
        assertThat(TransferPuller.digestOfRef("127.0.0.1:5000/test/busybox:1")).isNull();
        assertThat(TransferPuller.digestOfRef("Resolving from OCI Registry (x)")).isNull();
        assertThat(TransferPuller.digestOfRef("layer-sha256:short")).isNull();
        assertThat(TransferPuller.digestOfRef("")).isNull();
        assertThat(TransferPuller.digestOfRef(null)).isNull();
    }

    @Test
    void blobEventsNeverGoBack() {
        assertThat(TransferPuller.rank("waiting")).isLessThan(TransferPuller.rank("downloading"));
        assertThat(TransferPuller.rank("downloading")).isLessThan(TransferPuller.rank("complete"));
        assertThat(TransferPuller.rank("already exists")).isEqualTo(TransferPuller.rank("complete"));
        assertThat(TransferPuller.rank("")).isLessThan(TransferPuller.rank("waiting"));
    }

    @Test
    void platformsGoOutAsContainerdTypes() {
        var p = TransferPuller.proto(Platform.parse("linux/arm/v7"));
        assertThat(p.getOs()).isEqualTo("linux");
        assertThat(p.getArchitecture()).isEqualTo("arm");
        assertThat(p.getVariant()).isEqualTo("v7");
        assertThat(TransferPuller.proto(Platform.parse("linux/amd64")).getVariant()).isEmpty();
    }
}
