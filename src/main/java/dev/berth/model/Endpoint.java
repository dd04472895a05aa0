package dev.berth.model;

/**
 * A containerd Berth can connect to: a name the user chose, the socket path (a local socket, or a
 * local end of an SSH-forwarded socket), and the namespace Berth shows there.
 */
public record Endpoint(String name, String address, String namespace) {

    public static final String DEFAULT_NAMESPACE = "default";

    public Endpoint {
        if (name == null || name.isBlank()) {
            throw new BerthException.InvalidArgument("an endpoint needs a name");
        }
        if (address == null || address.isBlank()) {
            throw new BerthException.InvalidArgument("an endpoint needs a socket path");
        }
        name = name.strip();
        address = address.strip();
        namespace = namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace.strip();
    }

    public Endpoint withNamespace(String ns) {
        return new Endpoint(name, address, ns);
    }

    /** The socket's file path ({@code unix://} stripped). */
    public String socketPath() {
        return address.startsWith("unix://") ? address.substring("unix://".length()) : address;
    }
}
