package dev.berth.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Accounts and registry authentication.
 *
 * @param enabled whether callers must authenticate; when false, anyone may pull and push (for a
 *     private cache on a trusted network or for tests)
 * @param service the token service name, sent in challenges and checked as the JWT audience
 * @param tokenTtl how long a registry access token stays valid
 * @param refreshTokenTtl how long a refresh token (Docker's identity token) stays valid
 * @param signingKey the JWK file of the token signing key; default {@code DATA_DIR/keys/token-signing.jwk}
 * @param defaultPrivate whether a repository created by a push is private
 * @param adminPassword the first administrator's password; generated and printed once when absent
 */
public record AuthConfig(
    boolean enabled,
    String service,
    Duration tokenTtl,
    Duration refreshTokenTtl,
    Optional<Path> signingKey,
    boolean defaultPrivate,
    Optional<Secret> adminPassword) {

  public static AuthConfig defaults() {
    return new AuthConfig(
        true,
        "berth-registry",
        Duration.ofMinutes(5),
        Duration.ofDays(30),
        Optional.empty(),
        true,
        Optional.empty());
  }

  /** Returns these settings with authentication off. */
  public static AuthConfig disabled() {
    AuthConfig d = defaults();
    return new AuthConfig(
        false, d.service, d.tokenTtl, d.refreshTokenTtl, d.signingKey, d.defaultPrivate, d.adminPassword);
  }

  public AuthConfig withAdminPassword(Optional<Secret> value) {
    return new AuthConfig(enabled, service, tokenTtl, refreshTokenTtl, signingKey, defaultPrivate, value);
  }
}
