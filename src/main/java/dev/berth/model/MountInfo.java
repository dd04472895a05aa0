package dev.berth.model;

import java.util.List;

/** A mount as containerd describes it (for a snapshot, or for a task's rootfs). */
public record MountInfo(String type, String source, String target, List<String> options) {

    public MountInfo {
        options = List.copyOf(options);
    }
}
