package dev.berth.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** A team's permission on one repository, from least to most, as on Docker Hub. */
public enum RepositoryPermission {
  /** Pull. */
  READ(EnumSet.of(RepositoryAction.PULL)),
  /** Pull and push. */
  WRITE(EnumSet.of(RepositoryAction.PULL, RepositoryAction.PUSH)),
  /** Pull, push and delete. */
  ADMIN(EnumSet.of(RepositoryAction.PULL, RepositoryAction.PUSH, RepositoryAction.DELETE));

  private final Set<RepositoryAction> actions;

  RepositoryPermission(Set<RepositoryAction> actions) {
    this.actions = actions;
  }

  /** Returns the permission for {@code read}, {@code write} or {@code admin}. */
  public static RepositoryPermission parse(String value) {
    for (RepositoryPermission permission : values()) {
      if (permission.wireName().equals(value)) {
        return permission;
      }
    }
    throw AccountException.invalid(
        "repository permission '" + value + "' is invalid; use read, write or admin");
  }

  /** Returns the repository actions this permission allows. */
  public Set<RepositoryAction> actions() {
    return Set.copyOf(actions);
  }

  /** Returns the name stored in the database and used in the API, such as {@code write}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return wireName();
  }
}
