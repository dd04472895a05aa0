package dev.berth.model;

/** What a snapshot takes on disk (its own layer, not its parents'), as the snapshotter counts it. */
public record SnapshotUsage(String snapshotter, String name, long size, long inodes) {
}
