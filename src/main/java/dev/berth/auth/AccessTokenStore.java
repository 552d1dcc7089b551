package dev.berth.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.RepositoryName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** The SQL of {@code access_tokens}. Every method runs on a handle the caller owns. */
final class AccessTokenStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS =
      "id, owner_kind, owner, name, scope, repositories, repository_scopes, created_by,"
          + " created_at, expires_at, last_used_at, last_used_address, revoked_at";

  void insert(Handle handle, AccessToken token, String secretHash) {
    handle
        .createUpdate(
            "INSERT INTO access_tokens (id, owner_kind, owner, name, secret_hash, scope,"
                + " repositories, repository_scopes, created_by, created_at, expires_at)"
                + " VALUES (:id, :kind, :owner, :name, :hash, :scope, :repositories,"
                + " :repositoryScopes, :by, :at, :expires)")
        .bind("id", token.id())
        .bind("kind", storedKind(token.ownerKind()))
        .bind("owner", token.owner())
        .bind("name", token.name())
        .bind("hash", secretHash)
        .bind("scope", token.scope().wireName())
        .bind("repositories", repositoriesJson(token.repositories()))
        .bind("repositoryScopes", repositoryScopesJson(token.repositoryScopes()))
        .bind("by", token.createdBy())
        .bind("at", token.createdAt().toEpochMilli())
        .bind("expires", token.expiresAt().map(Instant::toEpochMilli).orElse(null))
        .execute();
  }

  Optional<AccessToken> findBySecretHash(Handle handle, String secretHash) {
    return handle
        .createQuery("SELECT " + COLUMNS + " FROM access_tokens WHERE secret_hash = :hash")
        .bind("hash", secretHash)
        .map((rs, ctx) -> token(rs))
        .findOne();
  }

  Optional<AccessToken> findById(Handle handle, String id) {
    return handle
        .createQuery("SELECT " + COLUMNS + " FROM access_tokens WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> token(rs))
        .findOne();
  }

  /** Returns the tokens of one owner, newest first, revoked ones included. */
  List<AccessToken> listByOwner(Handle handle, Principal.OwnerKind kind, String owner) {
    return handle
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM access_tokens WHERE owner_kind = :kind AND owner = :owner"
                + " ORDER BY created_at DESC, id")
        .bind("kind", storedKind(kind))
        .bind("owner", owner)
        .map((rs, ctx) -> token(rs))
        .list();
  }

  /** Marks a token revoked at {@code now}; a token revoked before keeps its first time. */
  void revoke(Handle handle, String id, long now) {
    handle
        .createUpdate(
            "UPDATE access_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
        .bind("now", now)
        .bind("id", id)
        .execute();
  }

  /** Records a use, unless one was recorded after {@code notAfter}. */
  void recordUse(Handle handle, String id, long now, String address, long notAfter) {
    handle
        .createUpdate(
            "UPDATE access_tokens SET last_used_at = :now, last_used_address = :address"
                + " WHERE id = :id AND (last_used_at IS NULL OR last_used_at <= :notAfter)")
        .bind("now", now)
        .bind("address", address)
        .bind("id", id)
        .bind("notAfter", notAfter)
        .execute();
  }

  private static AccessToken token(ResultSet rs) throws SQLException {
    return new AccessToken(
        rs.getString("id"),
        ownerKind(rs.getString("owner_kind")),
        rs.getString("owner"),
        rs.getString("name"),
        TokenScope.parse(rs.getString("scope")),
        parseRepositories(rs.getString("repositories")),
        parseRepositoryScopes(rs.getString("repository_scopes")),
        rs.getString("created_by"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        optionalInstant(rs, "expires_at"),
        optionalInstant(rs, "last_used_at"),
        Optional.ofNullable(rs.getString("last_used_address")),
        optionalInstant(rs, "revoked_at"));
  }

  private static Optional<Instant> optionalInstant(ResultSet rs, String column)
      throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  private static String storedKind(Principal.OwnerKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  private static Principal.OwnerKind ownerKind(String stored) {
    return switch (stored) {
      case "user" -> Principal.OwnerKind.USER;
      case "organization" -> Principal.OwnerKind.ORGANIZATION;
      default ->
          throw new IllegalStateException(
              "unknown token owner kind '" + stored + "' in the database");
    };
  }

  /** Returns the JSON array of the names, sorted, or null for an unlimited token. */
  private static String repositoriesJson(Set<RepositoryName> repositories) {
    if (repositories.isEmpty()) {
      return null;
    }
    List<String> names = repositories.stream().map(RepositoryName::value).sorted().toList();
    try {
      return JSON.writeValueAsString(names);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("failed to write a list of strings as JSON", e);
    }
  }

  private static Set<RepositoryName> parseRepositories(String json) {
    if (json == null) {
      return Set.of();
    }
    try {
      List<String> names = JSON.readValue(json, new TypeReference<List<String>>() {});
      return names.stream().map(RepositoryName::parse).collect(Collectors.toUnmodifiableSet());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("access_tokens.repositories is not a JSON array of names", e);
    }
  }

  /** Returns the JSON object of name to scope, keys sorted, or null when there are none. */
  private static String repositoryScopesJson(Map<RepositoryName, TokenScope> scopes) {
    if (scopes.isEmpty()) {
      return null;
    }
    Map<String, String> byName = new TreeMap<>();
    scopes.forEach((name, scope) -> byName.put(name.value(), scope.wireName()));
    try {
      return JSON.writeValueAsString(byName);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("failed to write a map of strings as JSON", e);
    }
  }

  private static Map<RepositoryName, TokenScope> parseRepositoryScopes(String json) {
    if (json == null) {
      return Map.of();
    }
    Map<String, String> byName;
    try {
      byName = JSON.readValue(json, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "access_tokens.repository_scopes is not a JSON object of names to scopes", e);
    }
    return byName.entrySet().stream()
        .collect(
            Collectors.toUnmodifiableMap(
                entry -> RepositoryName.parse(entry.getKey()),
                entry -> TokenScope.parse(entry.getValue())));
  }
}
