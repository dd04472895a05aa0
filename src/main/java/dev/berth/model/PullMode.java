package dev.berth.model;

import java.util.Locale;

/**
 * Who does the work of a pull.
 *
 * <ul>
 *   <li>{@link #CLIENT}: Berth itself (registry client, content writes, unpack through the Diff
 *   service), as containerd's Go client does; works on every containerd.</li>
 *   <li>{@link #TRANSFER}: the daemon, through containerd's Transfer service (1.7+), with progress on a
 *   Streaming stream.</li>
 *   <li>{@link #AUTO}: the one measured faster where the daemon can do it, else client (see
 *   docs/pull.md for the figures and the rules).</li>
 * </ul>
 */
public enum PullMode {
    CLIENT, TRANSFER, AUTO;

    /** {@code client}, {@code transfer} or {@code auto}, any case. */
    public static PullMode parse(String text) {
        if (text == null || text.isBlank()) {
            throw new BerthException.InvalidArgument("empty pull mode; use client, transfer or auto");
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BerthException.InvalidArgument("unknown pull mode '" + text + "'; use client, transfer or auto");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
