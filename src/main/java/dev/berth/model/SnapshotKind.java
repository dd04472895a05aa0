package dev.berth.model;

/** containerd's snapshot kinds. */
public enum SnapshotKind {
    UNKNOWN, VIEW, ACTIVE, COMMITTED
}
