package dev.berth.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an ADD returned: the interfaces the attachment made, the IPs (each pointing at an interface by
 * index), routes and DNS. Reads results of CNI 0.3.x, 0.4.0 and 1.x ({@code interfaces}/{@code ips}),
 * and of 0.1/0.2 ({@code ip4}/{@code ip6}, which name no interface). {@link #json()} is the result as
 * the plugin wrote it, passed on as {@code prevResult}.
 */
public record CniResult(String cniVersion, List<Interface> interfaces, List<IpConfig> ips, List<Route> routes,
                        Dns dns, ObjectNode json) {

    /** @param sandbox the network namespace the interface is in; empty for a host interface */
    public record Interface(String name, String mac, String sandbox) {
        public boolean inContainer() {
            return !sandbox.isEmpty();
        }
    }

    /**
     * @param address        CIDR notation, e.g. {@code 10.213.0.5/16}
     * @param interfaceIndex index into {@link #interfaces()}, or null when the result names none
     */
    public record IpConfig(String address, String gateway, Integer interfaceIndex) {
        /** The address without its prefix length. */
        public String ip() {
            int slash = address.indexOf('/');
            return slash < 0 ? address : address.substring(0, slash);
        }
    }

    public record Route(String dst, String gw) {
    }

    public record Dns(List<String> nameservers, String domain, List<String> search, List<String> options) {
        static final Dns EMPTY = new Dns(List.of(), "", List.of(), List.of());
    }

    public CniResult {
        interfaces = List.copyOf(interfaces);
        ips = List.copyOf(ips);
        routes = List.copyOf(routes);
        dns = dns == null ? Dns.EMPTY : dns;
        json = json == null ? null : json.deepCopy();
    }

    @Override
    public ObjectNode json() {
        return json == null ? null : json.deepCopy();
    }

    /**
     * Parses a plugin's result.
     *
     * @param what names the plugin in the error
     * @throws BerthException.Internal when the output is not a CNI result
     */
    public static CniResult parse(byte[] stdout, String what) {
        JsonNode root;
        try {
            root = NetworkConfigList.JSON.readTree(stdout);
        } catch (java.io.IOException e) {
            throw garbage(what, stdout, "it is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw garbage(what, stdout, "it is not a JSON object");
        }
        try {
            return parse((ObjectNode) root);
        } catch (IllegalArgumentException e) {
            throw garbage(what, stdout, e.getMessage());
        }
    }

    static CniResult parse(ObjectNode root) {
        String version = root.hasNonNull("cniVersion") ? str(root, "cniVersion") : "";
        List<Interface> ifaces = new ArrayList<>();
        List<IpConfig> ips = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        if (root.has("ip4") || root.has("ip6")) {
            // CNI 0.1.0 / 0.2.0
            for (String f : List.of("ip4", "ip6")) {
                JsonNode ipn = root.get(f);
                if (ipn == null || ipn.isNull()) {
                    continue;
                }
                obj(ipn, f);
                ips.add(new IpConfig(cidr(ipn, "ip"), optIp(ipn, "gateway"), null));
                routes.addAll(routes(ipn.get("routes"), f + ".routes"));
            }
        } else {
            JsonNode is = root.get("interfaces");
            if (is != null && !is.isNull()) {
                arr(is, "interfaces");
                for (JsonNode i : is) {
                    obj(i, "interfaces[]");
                    ifaces.add(new Interface(str(i, "name"), opt(i, "mac"), opt(i, "sandbox")));
                }
            }
            JsonNode ipsn = root.get("ips");
            if (ipsn != null && !ipsn.isNull()) {
                arr(ipsn, "ips");
                for (JsonNode ip : ipsn) {
                    obj(ip, "ips[]");
                    Integer index = null;
                    JsonNode in = ip.get("interface");
                    if (in != null && !in.isNull()) {
                        if (!in.isIntegralNumber() || in.asInt() < 0 || in.asInt() >= ifaces.size()) {
                            throw new IllegalArgumentException("ips[].interface " + in + " names no interface");
                        }
                        index = in.asInt();
                    }
                    ips.add(new IpConfig(cidr(ip, "address"), optIp(ip, "gateway"), index));
                }
            }
            routes.addAll(routes(root.get("routes"), "routes"));
        }
        return new CniResult(version, ifaces, ips, routes, dns(root.get("dns")), root);
    }

    private static List<Route> routes(JsonNode rs, String what) {
        List<Route> out = new ArrayList<>();
        if (rs == null || rs.isNull()) {
            return out;
        }
        arr(rs, what);
        for (JsonNode r : rs) {
            obj(r, what + "[]");
            out.add(new Route(cidr(r, "dst"), optIp(r, "gw")));
        }
        return out;
    }

    private static Dns dns(JsonNode d) {
        if (d == null || d.isNull()) {
            return Dns.EMPTY;
        }
        obj(d, "dns");
        return new Dns(strings(d, "nameservers"), opt(d, "domain"), strings(d, "search"), strings(d, "options"));
    }

    private static List<String> strings(JsonNode n, String field) {
        JsonNode a = n.get(field);
        List<String> out = new ArrayList<>();
        if (a == null || a.isNull()) {
            return out;
        }
        arr(a, field);
        for (JsonNode s : a) {
            if (!s.isTextual()) {
                throw new IllegalArgumentException(field + " must hold strings");
            }
            out.add(s.textValue());
        }
        return out;
    }

    private static void obj(JsonNode n, String what) {
        if (!n.isObject()) {
            throw new IllegalArgumentException(what + " is not an object");
        }
    }

    private static void arr(JsonNode n, String what) {
        if (!n.isArray()) {
            throw new IllegalArgumentException(what + " is not a list");
        }
    }

    private static String str(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing or not a string");
        }
        return v.textValue();
    }

    private static String opt(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" is not a string");
        }
        return v.textValue();
    }

    private static String cidr(JsonNode n, String field) {
        String s = str(n, field);
        int slash = s.indexOf('/');
        if (slash < 0 || Cidr.address(s.substring(0, slash)) == null || !s.substring(slash + 1).matches("\\d{1,3}")) {
            throw new IllegalArgumentException("\"" + field + "\" \"" + CniNames.printable(s) + "\" is not an address/prefix");
        }
        return s;
    }

    private static String optIp(JsonNode n, String field) {
        String s = opt(n, field);
        if (!s.isEmpty() && Cidr.address(s) == null) {
            throw new IllegalArgumentException("\"" + field + "\" \"" + CniNames.printable(s) + "\" is not an IP address");
        }
        return s;
    }

    private static BerthException garbage(String what, byte[] out, String why) {
        String text = new String(out, java.nio.charset.StandardCharsets.UTF_8).strip();
        String shown = text.isEmpty() ? "nothing" : "\"" + CniNames.printable(text) + "\"";
        return new BerthException.Internal("CNI plugin " + what + " returned output that is not a CNI result ("
                + why + "): " + shown);
    }

    /**
     * The container's address: the first IP on an interface inside the container (the sandbox),
     * else the first IP that names no interface; loopback addresses never count.
     */
    public Optional<String> containerIp() {
        for (IpConfig ip : ips) {
            if (ip.interfaceIndex() != null && interfaces.get(ip.interfaceIndex()).inContainer() && !loopback(ip.ip())) {
                return Optional.of(ip.ip());
            }
        }
        for (IpConfig ip : ips) {
            if (ip.interfaceIndex() == null && !loopback(ip.ip())) {
                return Optional.of(ip.ip());
            }
        }
        return Optional.empty();
    }

    /** Interfaces the attachment made on the host (the bridge, the host side of a veth). */
    public List<String> hostInterfaces() {
        return interfaces.stream().filter(i -> !i.inContainer()).map(Interface::name).toList();
    }

    private static boolean loopback(String ip) {
        java.net.InetAddress a = Cidr.address(ip);
        return a != null && a.isLoopbackAddress();
    }
}
