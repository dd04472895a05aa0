package dev.berth.model;

/** containerd's task status (containerd.v1.types.Status). */
public enum TaskStatus {
    UNKNOWN, CREATED, RUNNING, STOPPED, PAUSED, PAUSING;

    public boolean isAlive() {
        return this == RUNNING || this == PAUSED || this == PAUSING || this == CREATED;
    }
}
