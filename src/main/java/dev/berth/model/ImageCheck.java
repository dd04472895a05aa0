package dev.berth.model;

/**
 * The result of asking the registry for a reference's current digest, without downloading layers.
 *
 * @param localDigest the digest of the local image record, or null if there is none
 * @param remoteDigest the digest the registry resolves the reference to now
 */
public record ImageCheck(String reference, String localDigest, String remoteDigest) {

    public boolean updateAvailable() {
        return localDigest != null && !localDigest.equals(remoteDigest);
    }

    public boolean present() {
        return localDigest != null;
    }
}
