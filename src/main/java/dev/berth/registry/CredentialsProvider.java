package dev.berth.registry;

import java.util.Optional;

/** Where the registry client gets credentials from, per registry host. */
@FunctionalInterface
public interface CredentialsProvider {

    /**
     * The credentials for a registry.
     *
     * @param registryHost the host the client talks to, with port if any
     *                     ({@code registry-1.docker.io}, {@code localhost:5000}), or a token
     *                     server's / redirect target's host
     * @return empty for anonymous access
     * @throws dev.berth.model.BerthException when the credential source is broken (a clear message)
     */
    Optional<Credentials> lookup(String registryHost);

    /** No credentials for anyone. */
    static CredentialsProvider anonymous() {
        return host -> Optional.empty();
    }
}
