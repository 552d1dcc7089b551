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
 * @param sessionIdleTimeout how long a web or API session lasts without being used
 * @param sessionLifetime how long a web or API session lasts at most after login
 */
public record AuthConfig(
    boolean enabled,
    String service,
    Duration tokenTtl,
    Duration refreshTokenTtl,
    Optional<Path> signingKey,
    boolean defaultPrivate,
    Optional<Secret> adminPassword,
    Duration sessionIdleTimeout,
    Duration sessionLifetime) {

  /** A working day: a user who steps away for lunch stays signed in. */
  public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofHours(8);

  /** A week, after which even a session in daily use requires the password again. */
  public static final Duration DEFAULT_SESSION_LIFETIME = Duration.ofDays(7);

  public static AuthConfig defaults() {
    return new AuthConfig(
        true,
        "berth-registry",
        Duration.ofMinutes(5),
        Duration.ofDays(30),
        Optional.empty(),
        true,
        Optional.empty(),
        DEFAULT_SESSION_IDLE_TIMEOUT,
        DEFAULT_SESSION_LIFETIME);
  }

  /** Returns these settings with authentication off. */
  public static AuthConfig disabled() {
    AuthConfig d = defaults();
    return new AuthConfig(
        false, d.service, d.tokenTtl, d.refreshTokenTtl, d.signingKey, d.defaultPrivate,
        d.adminPassword, d.sessionIdleTimeout, d.sessionLifetime);
  }

  public AuthConfig withAdminPassword(Optional<Secret> value) {
    return new AuthConfig(
        enabled, service, tokenTtl, refreshTokenTtl, signingKey, defaultPrivate, value,
        sessionIdleTimeout, sessionLifetime);
  }

  public AuthConfig withSessionTimeouts(Duration idleTimeout, Duration lifetime) {
    return new AuthConfig(
        enabled, service, tokenTtl, refreshTokenTtl, signingKey, defaultPrivate, adminPassword,
        idleTimeout, lifetime);
  }
}
