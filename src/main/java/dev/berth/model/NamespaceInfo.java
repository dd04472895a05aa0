package dev.berth.model;

import java.util.Map;

/** A containerd namespace. {@code protectedBy} names the tool that owns it (kubelet, dockerd), or null. */
public record NamespaceInfo(String name, Map<String, String> labels) {

    public NamespaceInfo {
        labels = Map.copyOf(labels);
    }

    /** Namespaces that belong to another tool; Berth shows them and asks twice before changing them. */
    public static String ownerOf(String namespace) {
        switch (namespace) {
            case "k8s.io":
                return "kubelet";
            case "moby":
                return "dockerd";
            default:
                return null;
        }
    }

    public String owner() {
        return ownerOf(name);
    }
}
