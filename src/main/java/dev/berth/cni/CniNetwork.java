package dev.berth.cni;

/** A network to attach a container to, and the interface name it gets inside the container. */
public record CniNetwork(NetworkConfigList config, String ifName) {

    public CniNetwork {
        CniNames.ifName(ifName);
    }

    public String name() {
        return config.name();
    }
}
