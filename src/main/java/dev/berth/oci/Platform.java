package dev.berth.oci;

import dev.berth.model.BerthException;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An OCI platform: operating system, CPU architecture and, for some architectures, a variant.
 * Names follow Go's GOOS/GOARCH, as in image indexes ({@code linux/amd64}, {@code linux/arm64/v8}).
 *
 * @param variant null when there is none
 */
public record Platform(String os, String architecture, String variant) {

    private static final Pattern PART = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    public Platform {
        if (os == null || os.isEmpty() || architecture == null || architecture.isEmpty()) {
            throw new BerthException.InvalidArgument("a platform needs an OS and an architecture (os/arch[/variant])");
        }
        if (variant != null && variant.isEmpty()) {
            variant = null;
        }
    }

    public Platform(String os, String architecture) {
        this(os, architecture, null);
    }

    /** The platform of the machine this JVM runs on, as containerd's client reports its own. */
    public static Platform current() {
        return fromJvm(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** The platform for a JVM's {@code os.name} and {@code os.arch}. */
    static Platform fromJvm(String osName, String osArch) {
        String n = osName.toLowerCase(Locale.ROOT);
        String os;
        if (n.startsWith("linux")) {
            os = "linux";
        } else if (n.startsWith("mac") || n.startsWith("darwin")) {
            os = "darwin";
        } else if (n.startsWith("windows")) {
            os = "windows";
        } else if (n.startsWith("freebsd")) {
            os = "freebsd";
        } else {
            os = n.isEmpty() ? "linux" : n.replaceAll("[^a-z0-9]", "");
        }
        String a = osArch.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64", "x86-64", "x64" -> new Platform(os, "amd64");
            case "aarch64", "arm64" -> new Platform(os, "arm64", "v8");
            case "x86", "i386", "i486", "i586", "i686" -> new Platform(os, "386");
            case "arm", "arm32", "armv7l", "armhf" -> new Platform(os, "arm", "v7");
            case "armv6l", "armel" -> new Platform(os, "arm", "v6");
            case "ppc64le" -> new Platform(os, "ppc64le");
            case "ppc64" -> new Platform(os, "ppc64");
            case "s390x" -> new Platform(os, "s390x");
            case "riscv64" -> new Platform(os, "riscv64");
            case "loongarch64" -> new Platform(os, "loong64");
            case "mips64el" -> new Platform(os, "mips64le");
            default -> new Platform(os, a.isEmpty() ? "amd64" : a.replaceAll("[^a-z0-9_]", ""));
        };
    }

    /**
     * Parses {@code os/arch[/variant]} (e.g. {@code linux/arm64/v8}), normalising the names as
     * containerd does ({@code x86_64} → {@code amd64}, {@code aarch64} → {@code arm64/v8},
     * {@code arm} → {@code arm/v7}).
     *
     * @throws BerthException.InvalidArgument with a message saying what is wrong
     */
    public static Platform parse(String text) {
        if (text == null || text.isBlank()) {
            throw new BerthException.InvalidArgument("empty platform: expected os/arch[/variant], e.g. linux/amd64");
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        String[] parts = t.split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new BerthException.InvalidArgument("invalid platform \"" + shorten(text)
                    + "\": expected os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8");
        }
        for (String p : parts) {
            if (!PART.matcher(p).matches()) {
                throw new BerthException.InvalidArgument("invalid platform \"" + shorten(text) + "\": "
                        + (p.isEmpty() ? "a part is empty" : "\"" + shorten(p) + "\" is not a valid name")
                        + "; expected os/arch[/variant], e.g. linux/amd64");
            }
        }
        Platform p = new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null).normalize();
        if (p.architecture.equals("arm64") && p.variant == null) {
            p = new Platform(p.os, "arm64", "v8");
        }
        return p;
    }

    /**
     * containerd's normalisation ({@code platforms.Normalize}): lower case, architecture aliases,
     * default variants; {@code arm64/v8} → {@code arm64} (no variant), {@code arm} → {@code arm/v7}.
     */
    public Platform normalize() {
        String o = os.toLowerCase(Locale.ROOT);
        if (o.equals("macos")) {
            o = "darwin";
        }
        String a = architecture.toLowerCase(Locale.ROOT);
        String v = variant == null ? "" : variant.toLowerCase(Locale.ROOT);
        switch (a) {
            case "i386" -> {
                a = "386";
                v = "";
            }
            case "x86_64", "x86-64", "amd64" -> {
                a = "amd64";
                if (v.equals("v1")) {
                    v = "";
                }
            }
            case "aarch64", "arm64" -> {
                a = "arm64";
                switch (v) {
                    case "8", "v8", "v8.0" -> v = "";
                    case "9", "9.0", "v9.0" -> v = "v9";
                    default -> { }
                }
            }
            case "armhf" -> {
                a = "arm";
                v = "v7";
            }
            case "armel" -> {
                a = "arm";
                v = "v6";
            }
            case "arm" -> {
                switch (v) {
                    case "", "7" -> v = "v7";
                    case "5", "6", "8" -> v = "v" + v;
                    default -> { }
                }
            }
            default -> { }
        }
        return new Platform(o, a, v);
    }

    /** {@code os/arch[/variant]}. */
    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }

    private static String shorten(String s) {
        return Digests.visible(s.length() <= 64 ? s : s.substring(0, 61) + "...");
    }
}
