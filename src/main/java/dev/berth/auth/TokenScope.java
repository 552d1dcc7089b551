package dev.berth.auth;

import java.util.EnumSet;
import java.util.Set;

/** Docker Hub's access token levels, from least to most. */
public enum TokenScope {
  /** Pull public repositories only. */
  PUBLIC_READ("repo:public_read", EnumSet.of(RepositoryAction.PULL)),
  /** Pull. */
  READ("repo:read", EnumSet.of(RepositoryAction.PULL)),
  /** Pull and push. */
  WRITE("repo:write", EnumSet.of(RepositoryAction.PULL, RepositoryAction.PUSH)),
  /** Pull, push and delete. */
  ADMIN(
      "repo:admin",
      EnumSet.of(RepositoryAction.PULL, RepositoryAction.PUSH, RepositoryAction.DELETE));

  private final String wireName;
  private final Set<RepositoryAction> actions;

  TokenScope(String wireName, Set<RepositoryAction> actions) {
    this.wireName = wireName;
    this.actions = actions;
  }

  /** Parses a scope string such as {@code repo:write}. */
  public static TokenScope parse(String value) {
    for (TokenScope scope : values()) {
      if (scope.wireName.equals(value)) {
        return scope;
      }
    }
    throw new IllegalArgumentException(
        "token scope '"
            + value
            + "' is invalid; use repo:public_read, repo:read, repo:write or repo:admin");
  }

  public String wireName() {
    return wireName;
  }

  /** Returns the repository actions this scope allows at most. */
  public Set<RepositoryAction> actions() {
    return actions;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
