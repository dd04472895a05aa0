package dev.berth.model;

import java.util.List;
import java.util.Set;

/**
 * What Berth learned about a containerd daemon at connect time.
 *
 * @param address the socket path
 * @param version the version string as the daemon reports it (e.g. {@code 1.6.20~ds1})
 * @param revision the git revision it was built from
 * @param snapshotters the snapshotter plugins that initialised without error
 * @param grpcServices ids of the gRPC service plugins it serves (e.g. {@code tasks}, {@code transfer})
 */
public record DaemonInfo(String address, String version, String revision, List<String> snapshotters,
                         Set<String> grpcServices) {

    public DaemonInfo {
        snapshotters = List.copyOf(snapshotters);
        grpcServices = Set.copyOf(grpcServices);
    }

    /** The leading {@code major.minor.patch} of the version, as ints; missing parts are 0. */
    public int[] versionNumbers() {
        return parseVersion(version);
    }

    public boolean atLeast(int major, int minor) {
        int[] v = versionNumbers();
        return v[0] > major || (v[0] == major && v[1] >= minor);
    }

    /** True for daemons older than the oldest one Berth is tested against (1.6). */
    public boolean unsupported() {
        return !atLeast(1, 6);
    }

    public boolean serves(String service) {
        return grpcServices.contains(service);
    }

    static int[] parseVersion(String version) {
        int[] out = new int[3];
        if (version == null) {
            return out;
        }
        String v = version.startsWith("v") ? version.substring(1) : version;
        int part = 0;
        int value = 0;
        boolean digits = false;
        for (int i = 0; i < v.length() && part < 3; i++) {
            char c = v.charAt(i);
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                digits = true;
            } else if (c == '.' && digits) {
                out[part++] = value;
                value = 0;
                digits = false;
            } else {
                break;
            }
        }
        if (part < 3 && digits) {
            out[part] = value;
        }
        return out;
    }
}
