package dev.berth.ui.snapshots;

import dev.berth.model.SnapshotInfo;
import dev.berth.model.SnapshotKind;
import dev.berth.ui.common.Formats;
import java.time.Instant;
import java.util.Locale;

/**
 * One snapshot, with display strings; {@code children} counts the snapshots whose parent it is;
 * {@code size} is -1 and {@code sizeText} empty until its usage was read (the Usage action, or its
 * details before a refresh).
 */
public record SnapshotRow(SnapshotInfo info, String shortName, String kindText, String shortParent, String createdText,
                          int children, String container, long size, String sizeText, String searchText) {

    public String name() {
        return info.name();
    }

    public String parent() {
        return info.parent();
    }

    public SnapshotKind kind() {
        return info.kind();
    }

    public Instant createdAt() {
        return info.createdAt();
    }

    public boolean isCommitted() {
        return info.kind() == SnapshotKind.COMMITTED;
    }

    public boolean isActive() {
        return info.kind() == SnapshotKind.ACTIVE;
    }

    /** Image layers are named by digests (chain ids); shorten those, keep other names. */
    static String shorten(String name) {
        if (name == null) {
            return "";
        }
        return name.startsWith("sha256:") ? Formats.shortDigest(name) : name;
    }

    public boolean isView() {
        return info.kind() == SnapshotKind.VIEW;
    }

    /**
     * @param container the container whose snapshot this is, or empty
     * @param size its size in bytes when known, else -1
     */
    static SnapshotRow of(SnapshotInfo s, String kindText, int children, String container, long size) {
        String c = container == null ? "" : container;
        String search = (s.name() + " " + s.parent() + " " + kindText + " " + c + " "
                + String.join(" ", s.labels().values())).toLowerCase(Locale.ROOT);
        return new SnapshotRow(s, shorten(s.name()), kindText, shorten(s.parent()),
                Formats.compactDateTime(s.createdAt(), Instant.now()), children, c, size, sizeText(size), search);
    }

    private static String sizeText(long size) {
        return size < 0 ? "" : Formats.size(size);
    }

    SnapshotRow withSize(long bytes) {
        return new SnapshotRow(info, shortName, kindText, shortParent, createdText, children, container, bytes,
                sizeText(bytes), searchText);
    }
}
