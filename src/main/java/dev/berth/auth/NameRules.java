package dev.berth.auth;

import dev.berth.oci.RepositoryName;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules for user, organization and team names. They follow Docker Hub's Docker ID: 4 to 30
 * lower-case letters and digits. User and organization names are namespaces (the first component of
 * a repository name), so some are reserved: they would clash with Berth's own paths or mislead
 * people. Team names live inside an organization and have no reserved names.
 */
final class NameRules {

  /** The kind of name, with the label messages use for it. */
  enum Kind {
    USER("user name"),
    ORGANIZATION("organization name"),
    TEAM("team name");

    private final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  static final int MIN_LENGTH = 4;
  static final int MAX_LENGTH = 30;

  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]{" + MIN_LENGTH + "," + MAX_LENGTH + "}");

  /** Names only an administrator may give a user or organization, such as the official images. */
  static final Set<String> ADMINISTRATOR_ONLY = Set.of("library", "admin");

  /**
   * Names no user or organization may take. Names shorter than {@link #MIN_LENGTH} are listed too,
   * so they stay reserved if the minimum length is ever lowered.
   */
  static final Set<String> RESERVED =
      Set.of(
          "v1",
          "v2",
          "api",
          "token",
          "health",
          "metrics",
          "login",
          "logout",
          "static",
          "search",
          "help",
          "root",
          "system",
          "berth",
          "auth",
          "oauth",
          "signup",
          "register",
          "settings",
          "account",
          "accounts",
          "user",
          "users",
          "org",
          "orgs",
          "organization",
          "organizations",
          "team",
          "teams",
          "repository",
          "repositories",
          "explore",
          "docs",
          "about",
          "assets",
          "public",
          "private",
          "anonymous",
          "null",
          "undefined",
          "registry",
          "docker",
          "hub",
          "www",
          "web",
          "console",
          "support",
          "security",
          "official");

  /**
   * Checks {@code name} as a user or organization name.
   *
   * @param byAdministrator whether an administrator makes the request, who may use {@link
   *     #ADMINISTRATOR_ONLY}
   * @throws AccountException INVALID when the name breaks a rule; the message names the value and
   *     the rule
   */
  static void checkNamespace(Kind kind, String name, boolean byAdministrator) {
    checkSyntax(kind, name);
    if (RESERVED.contains(name)) {
      throw AccountException.invalid(kind.label + " '" + name + "' is reserved; choose another");
    }
    if (ADMINISTRATOR_ONLY.contains(name) && !byAdministrator) {
      throw AccountException.invalid(
          kind.label + " '" + name + "' is reserved for administrators; choose another");
    }
  }

  /**
   * Checks {@code name} as a team name.
   *
   * @throws AccountException INVALID when the name breaks the syntax rule
   */
  static void checkTeam(String name) {
    checkSyntax(Kind.TEAM, name);
  }

  /**
   * Returns the namespace of {@code repository}: its first path component, which names the user or
   * organization that owns it. A one-component name such as {@code alpine} is its own namespace.
   */
  static String namespaceOf(RepositoryName repository) {
    String name = repository.value();
    int slash = name.indexOf('/');
    return slash < 0 ? name : name.substring(0, slash);
  }

  private static void checkSyntax(Kind kind, String name) {
    if (!NAME.matcher(name).matches()) {
      throw AccountException.invalid(
          kind.label
              + " '"
              + name
              + "' is invalid; use "
              + MIN_LENGTH
              + " to "
              + MAX_LENGTH
              + " lower-case letters (a-z) and digits");
    }
  }

  private NameRules() {}
}
