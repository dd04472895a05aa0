package dev.berth.containerd;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import containerd.services.containers.v1.ContainersGrpc;
import containerd.services.containers.v1.ListContainersRequest;
import dev.berth.model.ContainerInfo;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code Containers.ListStream} read straight into {@link ContainerInfo} records without their
 * runtime specs: a list screen shows id, image, labels, snapshot and times, and the spec (most of
 * each message, ~3 KB of JSON) is skipped while decoding instead of being copied into a protobuf
 * message, an {@code Any} and a string for every container. {@code get} still returns the spec.
 *
 * <p>Field numbers as in {@code containerd/services/containers/v1/containers.proto}: the stream's
 * message is {@code ListContainerMessage { Container container = 1; }} and {@code Container} has
 * id 1, labels 2 (map entries: key 1, value 2), image 3, runtime 4 (name 1), spec 5, snapshotter 6,
 * snapshot_key 7, created_at 8 and updated_at 9 (Timestamp: seconds 1, nanos 2), extensions 10 and
 * sandbox 11. ProtoReferenceTest checks those numbers against containerd's own protos, and
 * ContainerSummariesTest this decoder against the generated parser.
 */
final class ContainerSummaries {

    /** The same method as the generated stub's, with a reply marshaller that decodes summaries. */
    static final MethodDescriptor<ListContainersRequest, ContainerInfo> LIST_STREAM =
            ContainersGrpc.getListStreamMethod().toBuilder(
                    ProtoUtils.marshaller(ListContainersRequest.getDefaultInstance()), new SummaryMarshaller()).build();

    /** A field's tag: its number and wire type, as on the wire. */
    private static int tag(int field, int wireType) {
        return field << 3 | wireType;
    }

    private ContainerSummaries() {
    }

    /**
     * Runs the stream to its end. All replies are asked for at once and decoded on the connection's
     * event-loop thread as they arrive (no hand-over to another thread per container: with 10,000
     * containers those hand-overs cost more than the decoding). Blocking; interrupting the calling
     * thread cancels the call.
     *
     * @throws StatusRuntimeException as the generated stubs do
     */
    static List<ContainerInfo> list(Channel channel, ListContainersRequest req, long deadlineMillis) {
        List<ContainerInfo> out = new ArrayList<>();
        CompletableFuture<List<ContainerInfo>> done = new CompletableFuture<>();
        ClientCall<ListContainersRequest, ContainerInfo> call = channel.newCall(LIST_STREAM, CallOptions.DEFAULT
                .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS).withExecutor(Runnable::run));
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(ContainerInfo message) {
                out.add(message);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                if (status.isOk()) {
                    done.complete(out);
                } else {
                    done.completeExceptionally(status.asRuntimeException(trailers));
                }
            }
        }, new Metadata());
        call.sendMessage(req);
        call.halfClose();
        call.request(Integer.MAX_VALUE);
        try {
            return done.get();
        } catch (InterruptedException e) {
            call.cancel("interrupted", e);
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted").withCause(e).asRuntimeException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw Status.INTERNAL.withCause(e.getCause()).asRuntimeException();
        }
    }

    /** One {@code ListContainerMessage} as a record without its spec. */
    static ContainerInfo decodeListMessage(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        ContainerInfo info = null;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            if (tag == tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                int limit = in.pushLimit(in.readRawVarint32());
                info = decodeContainer(in);
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
        return info == null ? new ContainerInfo("", "", Map.of(), "", "", "", null, null, "") : info;
    }

    private static ContainerInfo decodeContainer(CodedInputStream in) throws IOException {
        String id = "";
        String image = "";
        String runtime = "";
        String snapshotter = "";
        String snapshotKey = "";
        Instant created = null;
        Instant updated = null;
        Map<String, String> labels = new HashMap<>();
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            int field = WireFormat.getTagFieldNumber(tag);
            if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                in.skipField(tag);
                continue;
            }
            switch (field) {
                case 1 -> id = in.readStringRequireUtf8();
                case 2 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    String[] kv = pair(in);
                    labels.put(kv[0], kv[1]);
                    in.popLimit(limit);
                }
                case 3 -> image = in.readStringRequireUtf8();
                case 4 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    runtime = pair(in)[0];
                    in.popLimit(limit);
                }
                case 6 -> snapshotter = in.readStringRequireUtf8();
                case 7 -> snapshotKey = in.readStringRequireUtf8();
                case 8, 9 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    Instant t = timestamp(in);
                    in.popLimit(limit);
                    if (field == 8) {
                        created = t;
                    } else {
                        updated = t;
                    }
                }
                default -> in.skipField(tag); // spec 5, extensions 10, sandbox 11, anything newer
            }
        }
        return new ContainerInfo(id, image, labels, snapshotter, snapshotKey, runtime, created, updated, "");
    }

    /** Fields 1 and 2 of a message when they are strings (a map entry; Runtime's name); others skipped. */
    private static String[] pair(CodedInputStream in) throws IOException {
        String[] kv = {"", ""};
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                return kv;
            }
            int field = WireFormat.getTagFieldNumber(tag);
            if ((field == 1 || field == 2) && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                kv[field - 1] = in.readStringRequireUtf8();
            } else {
                in.skipField(tag);
            }
        }
    }

    /** A google.protobuf.Timestamp (seconds 1, nanos 2) as {@link Protos#instant} reads it. */
    private static Instant timestamp(CodedInputStream in) throws IOException {
        long seconds = 0;
        int nanos = 0;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            if (tag == tag(1, WireFormat.WIRETYPE_VARINT)) {
                seconds = in.readInt64();
            } else if (tag == tag(2, WireFormat.WIRETYPE_VARINT)) {
                nanos = in.readInt32();
            } else {
                in.skipField(tag);
            }
        }
        if ((seconds == 0 && nanos == 0) || seconds <= Protos.GO_ZERO_SECONDS) {
            return null;
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /**
     * The message's bytes. gRPC's stream knows its length ({@code available()} is all of it), so one
     * array of the exact size instead of {@code readAllBytes}' 16 KiB buffers per ~3 KB message.
     */
    static byte[] readAll(InputStream stream) throws IOException {
        int n = stream.available();
        byte[] b = stream.readNBytes(n);
        int next = stream.read();
        if (next < 0) {
            return b;
        }
        byte[] rest = stream.readAllBytes();
        byte[] all = new byte[b.length + 1 + rest.length];
        System.arraycopy(b, 0, all, 0, b.length);
        all[b.length] = (byte) next;
        System.arraycopy(rest, 0, all, b.length + 1, rest.length);
        return all;
    }

    private static final class SummaryMarshaller implements MethodDescriptor.Marshaller<ContainerInfo> {
        @Override
        public InputStream stream(ContainerInfo value) {
            // replies only: Berth never sends a ListContainerMessage
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public ContainerInfo parse(InputStream stream) {
            try (stream) {
                return decodeListMessage(readAll(stream));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot decode a container of containerd's list: " + e.getMessage(), e);
            }
        }
    }
}
