package dev.berth.oci;

import dev.berth.model.BerthException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Chooses manifests from an index for a requested platform, as containerd's default matcher
 * ({@code platforms.Only}) does: the platform itself first, then its compatible fallbacks
 * ({@code linux/amd64} accepts {@code linux/386}; {@code amd64/v3} accepts v2 and v1; {@code arm/v7}
 * accepts v6 and v5; {@code arm64} accepts {@code arm/v8}…{@code arm/v5}). Comparison is on
 * normalised platforms ({@code arm64/v8} = {@code arm64}). Index entries without a platform are
 * kept, ranked after every match.
 */
public final class PlatformMatcher {

    private final Platform requested;
    private final List<Platform> ranked;

    private PlatformMatcher(Platform requested) {
        this.requested = requested;
        this.ranked = List.copyOf(vector(requested.normalize()));
    }

    public static PlatformMatcher of(Platform requested) {
        return new PlatformMatcher(requested);
    }

    /** The matcher for this machine's platform. */
    public static PlatformMatcher current() {
        return of(Platform.current());
    }

    public Platform requested() {
        return requested;
    }

    /** The accepted platforms, best first (normalised). */
    public List<Platform> accepted() {
        return ranked;
    }

    public boolean matches(Platform p) {
        return rank(p) < Integer.MAX_VALUE;
    }

    /** 0 for the requested platform, higher for fallbacks, {@link Integer#MAX_VALUE} for no match. */
    public int rank(Platform p) {
        Platform n = p.normalize();
        for (int i = 0; i < ranked.size(); i++) {
            if (ranked.get(i).equals(n)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    /**
     * The entries that match (or carry no platform), best first; equal ranks keep their order in
     * the index (containerd's stable sort).
     */
    public List<Descriptor> filter(List<Descriptor> manifests) {
        List<Descriptor> out = new ArrayList<>();
        for (Descriptor d : manifests) {
            if (d.platform() == null || matches(d.platform())) {
                out.add(d);
            }
        }
        out.sort(Comparator.comparingInt(d -> d.platform() == null ? Integer.MAX_VALUE : rank(d.platform())));
        return List.copyOf(out);
    }

    /** The best single entry, if any matches. */
    public Optional<Descriptor> best(List<Descriptor> manifests) {
        List<Descriptor> f = filter(manifests);
        return f.isEmpty() ? Optional.empty() : Optional.of(f.get(0));
    }

    /**
     * The best entry of an index.
     *
     * @param indexName how to name the index in the message (reference or digest)
     * @throws BerthException.NotFound when nothing matches, listing what the index offers
     */
    public Descriptor select(ImageIndex index, String indexName) {
        return best(index.manifests()).orElseThrow(() -> {
            Set<String> offered = new LinkedHashSet<>();
            for (Descriptor d : index.manifests()) {
                if (d.platform() != null) {
                    offered.add(d.platform().toString());
                }
            }
            return new BerthException.NotFound("no image for platform " + requested + " in " + indexName
                    + (offered.isEmpty() ? "" : "; it offers " + offered.stream().limit(20).collect(Collectors.joining(", "))));
        });
    }

    private static List<Platform> vector(Platform p) {
        List<Platform> v = new ArrayList<>();
        v.add(p);
        switch (p.architecture()) {
            case "amd64" -> {
                Integer level = level(p.variant());
                if (level != null && level > 1) {
                    for (int l = level - 1; l >= 1; l--) {
                        v.add(new Platform(p.os(), "amd64", l == 1 ? null : "v" + l));
                    }
                }
                v.add(new Platform(p.os(), "386"));
            }
            case "arm" -> {
                Integer level = level(p.variant());
                if (level != null && level > 5) {
                    for (int l = level - 1; l >= 5; l--) {
                        v.add(new Platform(p.os(), "arm", "v" + l));
                    }
                }
            }
            case "arm64" -> {
                String variant = p.variant() == null ? "v8" : p.variant();
                v.addAll(vector(new Platform(p.os(), "arm", variant)));
            }
            default -> { }
        }
        return v;
    }

    private static Integer level(String variant) {
        if (variant == null) {
            return null;
        }
        try {
            return Integer.parseInt(variant.startsWith("v") ? variant.substring(1) : variant);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
