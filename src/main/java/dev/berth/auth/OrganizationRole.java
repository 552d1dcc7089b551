package dev.berth.auth;

import java.util.Locale;

/** A user's role in an organization. */
public enum OrganizationRole {
  /** Manages members, teams, organization access tokens, and every repository in the namespace. */
  OWNER,
  /** Gets repository access only through the teams they are in. */
  MEMBER;

  /** Returns the role for {@code owner} or {@code member}. */
  public static OrganizationRole parse(String value) {
    for (OrganizationRole role : values()) {
      if (role.wireName().equals(value)) {
        return role;
      }
    }
    throw AccountException.invalid(
        "organization role '" + value + "' is invalid; use owner or member");
  }

  /**
   * Returns the name stored in the database and used in the API: {@code owner} or {@code member}.
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return wireName();
  }
}
