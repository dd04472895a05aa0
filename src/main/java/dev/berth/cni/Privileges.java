package dev.berth.cni;

import dev.berth.model.BerthException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process may change networks (CNI plugins need CAP_NET_ADMIN, in practice root). */
public final class Privileges {

    static final int CAP_NET_ADMIN = 12;
    static final int CAP_SYS_ADMIN = 21;

    private Privileges() {
    }

    /** @throws BerthException.PermissionDenied when this process lacks CAP_NET_ADMIN or CAP_SYS_ADMIN */
    public static void requireNetworkAdmin() {
        String status;
        try {
            status = Files.readString(Path.of("/proc/self/status"));
        } catch (IOException e) {
            return; // cannot tell: let the plugins report it
        }
        BigInteger caps = effectiveCaps(status);
        if (caps != null && !(caps.testBit(CAP_NET_ADMIN) && caps.testBit(CAP_SYS_ADMIN))) {
            throw new BerthException.PermissionDenied("setting up container networks needs root (CAP_NET_ADMIN and "
                    + "CAP_SYS_ADMIN, to enter network namespaces); run Berth as root");
        }
    }

    /** The {@code CapEff} mask of a {@code /proc/<pid>/status} text, or null. */
    static BigInteger effectiveCaps(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:")) {
                try {
                    return new BigInteger(line.substring("CapEff:".length()).strip(), 16);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
