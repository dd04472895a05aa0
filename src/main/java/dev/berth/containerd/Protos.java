package dev.berth.containerd;

import com.google.protobuf.Timestamp;
import containerd.types.Descriptor;
import containerd.types.Mount;
import dev.berth.model.MountInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Conversions between containerd's protobuf types and Berth's records that several adapters share. */
public final class Protos {

    /** Go's zero time.Time as a protobuf Timestamp. */
    static final long GO_ZERO_SECONDS = -62135596800L;

    private Protos() {
    }

    /** A Timestamp as an Instant; Go's zero time and an unset field are null. */
    public static Instant instant(Timestamp ts) {
        if (ts == null || (ts.getSeconds() == 0 && ts.getNanos() == 0) || ts.getSeconds() <= GO_ZERO_SECONDS) {
            return null;
        }
        return Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos());
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    public static MountInfo mount(Mount m) {
        return new MountInfo(m.getType(), m.getSource(), m.getTarget(), m.getOptionsList());
    }

    public static List<MountInfo> mounts(List<Mount> ms) {
        return ms.stream().map(Protos::mount).collect(Collectors.toList());
    }

    public static Mount mount(MountInfo m) {
        return Mount.newBuilder().setType(m.type()).setSource(m.source()).setTarget(m.target() == null ? "" : m.target())
                .addAllOptions(m.options()).build();
    }

    public static List<Mount> toMounts(List<MountInfo> ms) {
        return ms.stream().map(Protos::mount).collect(Collectors.toList());
    }

    public static Descriptor descriptor(String mediaType, String digest, long size, Map<String, String> annotations) {
        return Descriptor.newBuilder().setMediaType(mediaType).setDigest(digest).setSize(size)
                .putAllAnnotations(annotations == null ? Map.of() : annotations).build();
    }
}
