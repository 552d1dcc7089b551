package dev.berth.auth;

import dev.berth.oci.RepositoryName;
import java.util.Map;
import java.util.Set;

/** Who makes a request, once its credentials are checked. */
public sealed interface Principal {

  /** Returns the name written to logs and the {@code sub} claim; empty for anonymous callers. */
  String name();

  /** A caller without credentials. */
  record Anonymous() implements Principal {
    @Override
    public String name() {
      return "";
    }
  }

  /**
   * A user who proved their password (or, on the web, a session).
   *
   * @param username the user's name, which is also their namespace
   * @param administrator whether the user administers this Berth
   */
  record User(String username, boolean administrator) implements Principal {
    @Override
    public String name() {
      return username;
    }
  }

  /**
   * A caller using an access token instead of a password.
   *
   * @param tokenId the token's id, never its secret
   * @param owner the user or organization that owns the token
   * @param ownerKind whether {@code owner} is a user or an organization
   * @param scope the most the token allows; with {@code repositoryScopes}, the highest of them
   * @param repositories the repositories the token is limited to; empty means no limit
   * @param repositoryScopes the only repositories the token may use beyond public pulls, each with
   *     its own scope; empty means none were given, and never non-empty with {@code repositories}
   * @param ownerIsAdministrator whether a user owner administers this Berth
   */
  record Token(
      String tokenId,
      String owner,
      OwnerKind ownerKind,
      TokenScope scope,
      Set<RepositoryName> repositories,
      Map<RepositoryName, TokenScope> repositoryScopes,
      boolean ownerIsAdministrator)
      implements Principal {

    public Token {
      repositories = Set.copyOf(repositories);
      repositoryScopes = Map.copyOf(repositoryScopes);
    }

    @Override
    public String name() {
      return owner;
    }
  }

  /** Kinds of access token owners. */
  enum OwnerKind {
    USER,
    ORGANIZATION
  }
}
