package dev.berth.containerd;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnknownFieldSet;
import containerd.services.containers.v1.Container;
import containerd.services.containers.v1.ListContainerMessage;
import dev.berth.model.ContainerInfo;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The list decoder that skips specs reads what the generated parser reads, fields in any order. */
class ContainerSummariesTest {

    private static ContainerInfo viaGenerated(Container c) {
        return new ContainerInfo(c.getId(), c.getImage(), c.getLabelsMap(), c.getSnapshotter(), c.getSnapshotKey(),
                c.getRuntime().getName(), Protos.instant(c.getCreatedAt()), Protos.instant(c.getUpdatedAt()), "");
    }

    private static ContainerInfo viaSummaries(Container c) throws Exception {
        byte[] wire = ListContainerMessage.newBuilder().setContainer(c).build().toByteArray();
        return ContainerSummaries.LIST_STREAM.parseResponse(new ByteArrayInputStream(wire));
    }

    @Test
    void everyFieldAListShowsIsReadAndTheSpecIsLeftOut() throws Exception {
        Container c = Container.newBuilder().setId("web-1").setImage("docker.io/library/nginx:latest")
                .putLabels("app", "web").putLabels("a.b/c-d", "x y").putLabels("empty", "").putLabels("", "no key")
                .setRuntime(Container.Runtime.newBuilder().setName("io.containerd.runc.v2")
                        .setOptions(Any.newBuilder().setTypeUrl("x/opts").setValue(ByteString.copyFromUtf8("o"))))
                .setSpec(Any.newBuilder().setTypeUrl("types.containerd.io/opencontainers/runtime-spec/1/Spec")
                        .setValue(ByteString.copyFromUtf8("{\"ociVersion\":\"1.0.2\"}")))
                .setSnapshotter("overlayfs").setSnapshotKey("web-1")
                .setCreatedAt(Timestamp.newBuilder().setSeconds(1_700_000_000).setNanos(123_456_789))
                .setUpdatedAt(Timestamp.newBuilder().setSeconds(1_700_000_100))
                .putExtensions("ext", Any.newBuilder().setTypeUrl("x/ext").setValue(ByteString.copyFromUtf8("e")).build())
                .setSandbox("sb-1")
                .build();
        ContainerInfo s = viaSummaries(c);
        assertThat(s).isEqualTo(viaGenerated(c));
        assertThat(s.labels()).containsEntry("a.b/c-d", "x y").containsEntry("", "no key").hasSize(4);
        assertThat(s.createdAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000, 123_456_789));
        assertThat(s.runtime()).isEqualTo("io.containerd.runc.v2");
        assertThat(s.specJson()).isEmpty();
    }

    @Test
    void unsetAndGoZeroTimesAreNullAndMissingFieldsEmpty() throws Exception {
        Container bare = Container.newBuilder().setId("bare").build();
        assertThat(viaSummaries(bare)).isEqualTo(viaGenerated(bare));
        Container goZero = Container.newBuilder().setId("z")
                .setCreatedAt(Timestamp.newBuilder().setSeconds(Protos.GO_ZERO_SECONDS))
                .setUpdatedAt(Timestamp.newBuilder().setSeconds(0)).build();
        ContainerInfo s = viaSummaries(goZero);
        assertThat(s.createdAt()).isNull();
        assertThat(s.updatedAt()).isNull();
        assertThat(s.labels()).isEqualTo(Map.of());
    }

    @Test
    void fieldsOfNewerContainerdVersionsAreSkipped() throws Exception {
        Container c = Container.newBuilder().setId("future").setImage("img")
                .setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(12, UnknownFieldSet.Field.newBuilder().addVarint(7).build())
                        .addField(13, UnknownFieldSet.Field.newBuilder()
                                .addLengthDelimited(ByteString.copyFromUtf8("later")).build())
                        .addField(14, UnknownFieldSet.Field.newBuilder().addFixed64(9).build())
                        .build())
                .build();
        ContainerInfo s = viaSummaries(c);
        assertThat(s.id()).isEqualTo("future");
        assertThat(s.image()).isEqualTo("img");
    }

    @Test
    void aStreamThatDoesNotKnowItsLengthIsReadToTheEnd() throws Exception {
        byte[] data = new byte[10_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        java.io.InputStream unknownLength = new java.io.FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int available() {
                return 100; // less than all of it, as a plain stream may say
            }
        };
        assertThat(ContainerSummaries.readAll(unknownLength)).isEqualTo(data);
        assertThat(ContainerSummaries.readAll(new ByteArrayInputStream(data))).isEqualTo(data);
        assertThat(ContainerSummaries.readAll(new ByteArrayInputStream(new byte[0]))).isEmpty();
    }
}
