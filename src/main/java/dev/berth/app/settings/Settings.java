package dev.berth.app.settings;

import dev.berth.cni.CniSettings;
import dev.berth.containerd.ContainerdConnection;
import dev.berth.model.Endpoint;
import dev.berth.service.ServiceOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the console remembers between runs (the file format is {@link SettingsStore}'s business).
 *
 * @param endpoints          the containerds in the sidebar, never empty
 * @param currentEndpoint    the name of the one shown at start
 * @param theme              "light", "dark" or "system" (follow the desktop)
 * @param language           a language tag ("en", "zh-CN"), or null for the desktop's
 * @param insecureRegistries registries pulled from over plain HTTP
 * @param parallelDownloads  layers a pull downloads at once (1 to 64)
 * @param cniNetwork         name of Berth's own CNI network
 * @param cniSubnet          its subnet (CIDR)
 * @param window             where the main window was, or null
 */
public record Settings(List<Endpoint> endpoints, String currentEndpoint, String theme, String language,
                       List<String> insecureRegistries, int parallelDownloads, String cniNetwork, String cniSubnet,
                       WindowBounds window) {

    public static final String LOCAL_ENDPOINT = "local";
    public static final String THEME_SYSTEM = "system";
    public static final int MAX_PARALLEL_DOWNLOADS = 64;

    public Settings {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one endpoint");
        }
        String wanted = currentEndpoint;
        if (wanted == null || endpoints.stream().noneMatch(e -> e.name().equals(wanted))) {
            currentEndpoint = endpoints.get(0).name();
        }
        insecureRegistries = List.copyOf(new LinkedHashSet<>(insecureRegistries));
    }

    /** The local containerd at the system socket, namespace default, everything else as Berth's defaults. */
    public static Settings defaults() {
        return new Settings(List.of(new Endpoint(LOCAL_ENDPOINT, ContainerdConnection.DEFAULT_ADDRESS,
                ContainerdConnection.DEFAULT_NAMESPACE)), LOCAL_ENDPOINT, THEME_SYSTEM, null, List.of(),
                ServiceOptions.DEFAULT_PARALLEL_DOWNLOADS, CniSettings.DEFAULT_NETWORK, CniSettings.DEFAULT_SUBNET, null);
    }

    public Endpoint current() {
        return endpoints.stream().filter(e -> e.name().equals(currentEndpoint)).findFirst().orElse(endpoints.get(0));
    }

    /** "light"/"dark", or null to follow the desktop. */
    public String fixedTheme() {
        return "light".equals(theme) || "dark".equals(theme) ? theme : null;
    }

    /** The options of a connection to {@code address} in {@code namespace}, with these settings. */
    public ServiceOptions serviceOptions(String address, String namespace) {
        return ServiceOptions.of(address, namespace)
                .withInsecureRegistries(Set.copyOf(insecureRegistries))
                .withParallelDownloads(parallelDownloads)
                .withCni(CniSettings.defaults().withNetworkName(cniNetwork).withSubnet(cniSubnet));
    }

    public Settings withEndpoints(List<Endpoint> list, String current) {
        return new Settings(list, current, theme, language, insecureRegistries, parallelDownloads, cniNetwork, cniSubnet,
                window);
    }

    public Settings withTheme(String t) {
        return new Settings(endpoints, currentEndpoint, t, language, insecureRegistries, parallelDownloads, cniNetwork,
                cniSubnet, window);
    }

    public Settings withLanguage(String lang) {
        return new Settings(endpoints, currentEndpoint, theme, lang, insecureRegistries, parallelDownloads, cniNetwork,
                cniSubnet, window);
    }

    public Settings withInsecureRegistries(List<String> hosts) {
        return new Settings(endpoints, currentEndpoint, theme, language, hosts, parallelDownloads, cniNetwork, cniSubnet,
                window);
    }

    public Settings withParallelDownloads(int n) {
        return new Settings(endpoints, currentEndpoint, theme, language, insecureRegistries, n, cniNetwork, cniSubnet,
                window);
    }

    public Settings withCni(String network, String subnet) {
        return new Settings(endpoints, currentEndpoint, theme, language, insecureRegistries, parallelDownloads, network,
                subnet, window);
    }

    public Settings withWindow(WindowBounds w) {
        return new Settings(endpoints, currentEndpoint, theme, language, insecureRegistries, parallelDownloads, cniNetwork,
                cniSubnet, w);
    }

    /**
     * The endpoint the command line or the environment asked for ({@code --address},
     * {@code CONTAINERD_ADDRESS}; {@code --namespace}, {@code CONTAINERD_NAMESPACE}) becomes the
     * current one: an endpoint with that socket when there is one (its namespace replaced when a
     * namespace was given), else a new endpoint named after the socket.
     */
    public Settings withRequested(String address, String namespace) {
        if (address == null && namespace == null) {
            return this;
        }
        List<Endpoint> list = new ArrayList<>(endpoints);
        Endpoint base = address == null ? current()
                : list.stream().filter(e -> e.address().equals(address)).findFirst().orElse(null);
        if (base == null) {
            base = new Endpoint(uniqueName(nameFor(address)), address, namespace);
            list.add(base);
        } else if (namespace != null) {
            Endpoint changed = base.withNamespace(namespace);
            list.set(list.indexOf(base), changed);
            base = changed;
        }
        return withEndpoints(list, base.name());
    }

    /** A short name for a socket: its directory and file ({@code benv/c.sock}), "local" for the system socket. */
    static String nameFor(String address) {
        String path = address.startsWith("unix://") ? address.substring("unix://".length()) : address;
        if (path.equals(ContainerdConnection.DEFAULT_ADDRESS)) {
            return LOCAL_ENDPOINT;
        }
        java.nio.file.Path p = java.nio.file.Path.of(path);
        int n = p.getNameCount();
        return n >= 2 ? p.subpath(n - 2, n).toString() : path;
    }

    /** Only this socket (and namespace, when given), named "local": for a console that reads and writes no file. */
    public static Settings only(String address, String namespace) {
        Settings d = defaults();
        return d.withEndpoints(List.of(new Endpoint(LOCAL_ENDPOINT, address, namespace)), LOCAL_ENDPOINT);
    }

    private String uniqueName(String base) {
        if (endpoints.stream().noneMatch(e -> e.name().equals(base))) {
            return base;
        }
        for (int i = 2; ; i++) {
            String n = base + " (" + i + ")";
            if (endpoints.stream().noneMatch(e -> e.name().equals(n))) {
                return n;
            }
        }
    }
}
