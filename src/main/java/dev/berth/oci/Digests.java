package dev.berth.oci;

import dev.berth.model.BerthException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Content digests ({@code algorithm:hex}): validation, hashing and containerd's chain IDs.
 * Supported algorithms: {@code sha256} (64 lower-case hex digits) and {@code sha512} (128).
 */
public final class Digests {

    public static final String SHA256 = "sha256";
    public static final String SHA512 = "sha512";

    private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*");
    private static final Pattern SHA256_HEX = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA512_HEX = Pattern.compile("[a-f0-9]{128}");

    private Digests() {
    }

    /** What is wrong with this digest, or empty if it is a valid, supported digest. */
    public static Optional<String> problem(String digest) {
        if (digest == null || digest.isEmpty()) {
            return Optional.of("the digest is empty");
        }
        int colon = digest.indexOf(':');
        if (colon <= 0 || colon == digest.length() - 1) {
            return Optional.of("a digest has the form algorithm:hex, e.g. sha256:<64 hex digits>");
        }
        String algorithm = digest.substring(0, colon);
        String hex = digest.substring(colon + 1);
        if (!ALGORITHM.matcher(algorithm).matches()) {
            return Optional.of("a digest has the form algorithm:hex, e.g. sha256:<64 hex digits>");
        }
        switch (algorithm) {
            case SHA256 -> {
                if (!SHA256_HEX.matcher(hex).matches()) {
                    return Optional.of("a sha256 digest has exactly 64 lower-case hex digits");
                }
            }
            case SHA512 -> {
                if (!SHA512_HEX.matcher(hex).matches()) {
                    return Optional.of("a sha512 digest has exactly 128 lower-case hex digits");
                }
            }
            default -> {
                return Optional.of("unsupported digest algorithm \"" + shorten(algorithm) + "\" (sha256 and sha512 are supported)");
            }
        }
        return Optional.empty();
    }

    public static boolean isValid(String digest) {
        return problem(digest).isEmpty();
    }

    /**
     * The digest, if valid; for digests given by a person.
     *
     * @throws BerthException.InvalidArgument naming what is wrong
     */
    public static String requireValid(String digest) {
        Optional<String> p = problem(digest);
        if (p.isPresent()) {
            throw new BerthException.InvalidArgument("invalid digest \"" + shorten(digest) + "\": " + p.get());
        }
        return digest;
    }

    /**
     * The digest, if valid; for digests that come from a registry or from content.
     *
     * @param where what carried it, for the message (e.g. "manifest sha256:…")
     * @throws BerthException.Registry naming what is wrong
     */
    public static String requireValidContent(String digest, String where) {
        Optional<String> p = problem(digest);
        if (p.isPresent()) {
            throw new BerthException.Registry(where + " has an invalid digest \"" + shorten(digest) + "\": " + p.get());
        }
        return digest;
    }

    /** The algorithm part ({@code sha256}) of a valid digest. */
    public static String algorithm(String digest) {
        return requireValid(digest).substring(0, digest.indexOf(':'));
    }

    /** The hex part of a valid digest. */
    public static String hex(String digest) {
        return requireValid(digest).substring(digest.indexOf(':') + 1);
    }

    /** A fresh {@link MessageDigest} for the algorithm of a valid digest. */
    public static MessageDigest newMessageDigest(String digest) {
        return messageDigest(algorithm(digest));
    }

    static MessageDigest messageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(switch (algorithm) {
                case SHA256 -> "SHA-256";
                case SHA512 -> "SHA-512";
                default -> throw new BerthException.InvalidArgument("unsupported digest algorithm \"" + shorten(algorithm) + "\"");
            });
        } catch (NoSuchAlgorithmException e) {
            throw new BerthException.Internal("this JVM has no " + algorithm, e);
        }
    }

    /** {@code sha256:<hex>} of the bytes. */
    public static String sha256(byte[] data) {
        return of(SHA256, data);
    }

    /** {@code sha256:<hex>} of the UTF-8 bytes of the text. */
    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code <algorithm>:<hex>} of the bytes. */
    public static String of(String algorithm, byte[] data) {
        return format(algorithm, messageDigest(algorithm).digest(data));
    }

    static String format(String algorithm, byte[] hash) {
        return algorithm + ":" + HexFormat.of().formatHex(hash);
    }

    /** Whether the bytes have this digest (computed with the digest's own algorithm). */
    public static boolean matches(byte[] data, String expectedDigest) {
        return of(algorithm(expectedDigest), data).equals(expectedDigest);
    }

    /**
     * Checks that the bytes have the expected digest.
     *
     * @param what what the bytes are, for the message (e.g. "manifest")
     * @throws BerthException.Registry on a mismatch
     */
    public static void verify(byte[] data, String expectedDigest, String what) {
        String actual = of(algorithm(expectedDigest), data);
        if (!actual.equals(expectedDigest)) {
            throw new BerthException.Registry(what + " " + expectedDigest + " does not match its digest: the registry sent content with digest " + actual);
        }
    }

    /**
     * containerd's chain IDs (the names of the unpacked snapshots): {@code chain[0] = diff[0]},
     * {@code chain[i] = sha256(chain[i-1] + " " + diff[i])} as {@code sha256:<hex>}.
     *
     * @throws BerthException.Registry when a diff ID is not a valid digest
     */
    public static List<String> chainIds(List<String> diffIds) {
        List<String> chain = new ArrayList<>(diffIds.size());
        for (int i = 0; i < diffIds.size(); i++) {
            String diff = requireValidContent(diffIds.get(i), "diff ID " + i);
            chain.add(i == 0 ? diff : sha256(chain.get(i - 1) + " " + diff));
        }
        return List.copyOf(chain);
    }

    /** For messages: cut at 80 characters, control characters shown as {@code \\uXXXX}. */
    static String shorten(String s) {
        if (s == null) {
            return "";
        }
        return visible(s.length() <= 80 ? s : s.substring(0, 77) + "...");
    }

    /** Control characters shown as {@code \\uXXXX}: text from outside never brings terminal escapes into a message. */
    static String visible(String s) {
        return dev.berth.model.InputText.visible(s);
    }
}
