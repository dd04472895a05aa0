package dev.berth.registry;

import java.util.Objects;

/**
 * A user name and a secret (password or token) for one registry. An empty user name means the
 * secret is an identity (refresh) token, as in {@code identitytoken} of Docker's config.
 * {@link #toString()} never shows the secret.
 */
public record Credentials(String username, String secret) {

    public Credentials {
        username = username == null ? "" : username;
        Objects.requireNonNull(secret, "secret");
    }

    /** Whether the secret is an identity token (OAuth2 refresh token) rather than a password. */
    public boolean isIdentityToken() {
        return username.isEmpty();
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", secret=<redacted>]";
    }
}
