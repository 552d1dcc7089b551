package dev.berth.auth.api;

import dev.berth.auth.api.json.JsonTimes;
import dev.berth.auth.AccessToken;
import dev.berth.auth.Principal;
import dev.berth.auth.TokenScope;
import dev.berth.auth.UserAccount;
import dev.berth.auth.api.json.AccessTokenBodies.AccessTokenJson;
import dev.berth.auth.api.json.UserJson;
import dev.berth.oci.RepositoryName;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Converts domain values to their JSON records. */
final class Views {

  private Views() {}

  /** Returns {@code instant} in RFC 3339 form, such as {@code 2026-01-01T00:00:00.000Z}. */
  static String time(Instant instant) {
    return JsonTimes.format(instant);
  }

  static @Nullable String time(Optional<Instant> instant) {
    return JsonTimes.format(instant);
  }

  /** Returns the user with every field, for the user themself and administrators. */
  static UserJson fullUser(UserAccount user) {
    return new UserJson(
        user.username(),
        "User",
        time(user.createdAt()),
        user.email(),
        user.administrator(),
        user.disabled(),
        user.twoFactorEnabled());
  }

  /** Returns the user as other users see them. */
  static UserJson publicUser(UserAccount user) {
    return new UserJson(user.username(), "User", time(user.createdAt()), null, null, null, null);
  }

  /** Returns the user with the fields {@code viewer} may see. */
  static UserJson user(UserAccount user, Principal.User viewer) {
    boolean full = viewer.administrator() || viewer.username().equals(user.username());
    return full ? fullUser(user) : publicUser(user);
  }

  /** Returns a token; {@code secret} is present only in the creation response. */
  static AccessTokenJson token(AccessToken token, Optional<String> secret, Instant now) {
    return new AccessTokenJson(
        token.id(),
        token.name(),
        List.of(token.scope().wireName()),
        repositories(token.repositories()),
        repositoryScopes(token.repositoryScopes()),
        token.owner(),
        token.isActive(now),
        token.createdBy(),
        time(token.createdAt()),
        time(token.expiresAt()),
        time(token.lastUsedAt()),
        token.lastUsedAddress().orElse(null),
        time(token.revokedAt()),
        secret.orElse(null));
  }

  /** Returns repository names as sorted strings. */
  static List<String> repositories(Collection<RepositoryName> names) {
    return names.stream().map(RepositoryName::value).sorted().toList();
  }

  /** Returns repository names mapped to scope strings, sorted by name. */
  static SequencedMap<String, String> repositoryScopes(Map<RepositoryName, TokenScope> scopes) {
    TreeMap<String, String> byName = new TreeMap<>();
    scopes.forEach((name, scope) -> byName.put(name.value(), scope.wireName()));
    return Collections.unmodifiableSequencedMap(byName);
  }
}
