package dev.berth.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every subcommand takes (inherited from the top command). */
public final class GlobalOptions {

    @Option(names = "--address", scope = ScopeType.INHERIT, paramLabel = "PATH",
            description = "containerd socket (default: $CONTAINERD_ADDRESS, else /run/containerd/containerd.sock)")
    String address;

    @Option(names = {"-n", "--namespace"}, scope = ScopeType.INHERIT, paramLabel = "NS",
            description = "namespace (default: $CONTAINERD_NAMESPACE, else default)")
    String namespace;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "table or json (default: table)")
    Output.Format output = Output.Format.table;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "print stack traces and debug logs")
    boolean debug;

    @Option(names = "--insecure-registry", scope = ScopeType.INHERIT, paramLabel = "HOST",
            description = "a registry reached over plain HTTP (repeatable; loopback registries always are)")
    java.util.List<String> insecureRegistries = new java.util.ArrayList<>();

    @Option(names = "--max-concurrent-downloads", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "layers downloaded at once by a pull (default: ${DEFAULT-VALUE})")
    int parallelDownloads = dev.berth.service.ServiceOptions.DEFAULT_PARALLEL_DOWNLOADS;

    @Option(names = "--pull-mode", scope = ScopeType.INHERIT, paramLabel = "MODE",
            description = "who pulls: client (Berth itself), transfer (containerd's Transfer service, 1.7+)"
                    + " or auto (the faster one where the daemon can; default; $BERTH_PULL_MODE)")
    String pullMode;
}
