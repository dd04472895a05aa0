package dev.berth.model;

import java.util.List;

/**
 * A snapshot in the tree of one snapshotter.
 *
 * @param usedBy the containers whose root filesystem this snapshot is (their snapshot key), sorted
 * @param children the snapshots whose parent this one is, sorted by name
 */
public record SnapshotNode(SnapshotInfo info, List<String> usedBy, List<SnapshotNode> children) {

    public SnapshotNode {
        usedBy = List.copyOf(usedBy);
        children = List.copyOf(children);
    }

    public String name() {
        return info.name();
    }

    /** This node and every node below it, parents before children. */
    public List<SnapshotNode> flatten() {
        List<SnapshotNode> out = new java.util.ArrayList<>();
        java.util.ArrayDeque<SnapshotNode> todo = new java.util.ArrayDeque<>();
        todo.push(this);
        while (!todo.isEmpty()) {
            SnapshotNode n = todo.pop();
            out.add(n);
            for (int i = n.children.size() - 1; i >= 0; i--) {
                todo.push(n.children.get(i));
            }
        }
        return out;
    }
}
