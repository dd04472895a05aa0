package dev.berth.spec;

import dev.berth.model.DaemonInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Whose default spec to copy: containerd's Go client of the daemon's own release line, as its
 * {@code ctr} writes it (checked here against Debian's 1.6.20, 1.7.24 and 2.1.9). The lines differ in
 * two fields: the runtime-spec version the client vendors, and one masked path that 1.7 added
 * ({@code /sys/devices/virtual/powercap}, against power-measurement side channels).
 */
public enum ClientDefaults {
    /** containerd 1.6 (and older). */
    V1_6("1.0.2-dev", false),
    /** containerd 1.7. */
    V1_7("1.2.0", true),
    /** containerd 2.x. */
    V2("1.2.1", true);

    private final String ociVersion;
    private final boolean masksPowercap;

    ClientDefaults(String ociVersion, boolean masksPowercap) {
        this.ociVersion = ociVersion;
        this.masksPowercap = masksPowercap;
    }

    public static ClientDefaults forDaemon(DaemonInfo daemon) {
        if (daemon == null || !daemon.atLeast(1, 7)) {
            return V1_6;
        }
        return daemon.atLeast(2, 0) ? V2 : V1_7;
    }

    public String ociVersion() {
        return ociVersion;
    }

    List<String> maskedPaths() {
        List<String> paths = new ArrayList<>(RuntimeSpec.DEFAULT_MASKED_PATHS);
        if (masksPowercap) {
            paths.add(paths.indexOf("/proc/scsi"), "/sys/devices/virtual/powercap");
        }
        return paths;
    }
}
