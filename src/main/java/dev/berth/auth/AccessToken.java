package dev.berth.auth;

import dev.berth.oci.RepositoryName;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An access token as its owner sees it in a list: everything but the secret, which is stored only
 * as a SHA-256 hash.
 *
 * @param id the token's id, used to revoke it and written to logs in place of the secret
 * @param ownerKind whether a user (personal token) or an organization owns the token
 * @param owner the owning user's or organization's name
 * @param name the label its creator gave it
 * @param scope the most the token allows; with {@code repositoryScopes}, the highest of them
 * @param repositories the repositories the token is limited to; empty means no limit
 * @param repositoryScopes the only repositories the token may use beyond public pulls, each with
 *     its own scope; empty means none were given, and never non-empty with {@code repositories}
 * @param createdBy the user who created the token
 * @param createdAt when the token was created
 * @param expiresAt when the token stops working, if it expires
 * @param lastUsedAt when the token last authenticated, updated at most once a minute
 * @param lastUsedAddress the client address of that use
 * @param revokedAt when the token was revoked, if it was
 */
public record AccessToken(
    String id,
    Principal.OwnerKind ownerKind,
    String owner,
    String name,
    TokenScope scope,
    Set<RepositoryName> repositories,
    Map<RepositoryName, TokenScope> repositoryScopes,
    String createdBy,
    Instant createdAt,
    Optional<Instant> expiresAt,
    Optional<Instant> lastUsedAt,
    Optional<String> lastUsedAddress,
    Optional<Instant> revokedAt) {

  public AccessToken {
    repositories = Set.copyOf(repositories);
    repositoryScopes = Map.copyOf(repositoryScopes);
  }

  /** Returns whether the token is neither revoked nor expired at {@code now}. */
  public boolean isActive(Instant now) {
    return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
  }
}
