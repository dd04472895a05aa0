package dev.berth.model;

/** Label keys Berth reads or writes. */
public final class Labels {
    /** containerd's garbage collector keeps any object carrying this label. */
    public static final String GC_ROOT = "containerd.io/gc.root";
    public static final String GC_EXPIRE = "containerd.io/gc.expire";
    public static final String GC_REF_CONTENT_PREFIX = "containerd.io/gc.ref.content.";
    public static final String GC_REF_SNAPSHOT_PREFIX = "containerd.io/gc.ref.snapshot.";
    public static final String UNCOMPRESSED = "containerd.io/uncompressed";
    public static final String DISTRIBUTION_SOURCE_PREFIX = "containerd.io/distribution.source.";
    public static final String SNAPSHOT_REF = "containerd.io/snapshot.ref";
    public static final String STOP_SIGNAL = "io.containerd.image.config.stop-signal";

    /** Berth's own labels. */
    public static final String IP = "dev.berth/ip";
    public static final String NETWORK = "dev.berth/network";
    public static final String VERSION_OF = "dev.berth/version-of";
    /** Why Berth made a version (e.g. "before rollback to web-v1"); shown with it. */
    public static final String VERSION_NOTE = "dev.berth/version-note";
    public static final String LOG_PATH = "dev.berth/log";

    private Labels() {
    }
}
