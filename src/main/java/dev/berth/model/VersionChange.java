package dev.berth.model;

/**
 * The outcome of a version commit or rollback.
 *
 * @param version the version made: the new version of a commit; for a rollback the version that keeps
 *                the state from before it (null when the container had no files to keep)
 * @param base the version the container's new active snapshot is built on
 * @param restarted true when the container's task was live before and was started again
 * @param ip the IP of the container after its network was set up again, or null
 */
public record VersionChange(String containerId, VersionInfo version, String base, boolean restarted, String ip) {
}
