package dev.berth.hub;

import dev.berth.auth.AccountService;
import dev.berth.auth.Authorizer;
import dev.berth.auth.OrganizationMembership;
import dev.berth.auth.OrganizationRole;
import dev.berth.auth.Principal;
import dev.berth.auth.RepositoryAction;
import dev.berth.auth.RepositoryPermission;
import dev.berth.auth.TokenScope;
import dev.berth.oci.RepositoryName;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the {@link Viewer} of a principal from the auth room: memberships, team permissions and
 * access token scopes. Thread-safe.
 */
public final class Viewers {

  private final AccountService accounts;
  private final Authorizer authorizer;

  public Viewers(AccountService accounts, Authorizer authorizer) {
    this.accounts = accounts;
    this.authorizer = authorizer;
  }

  /**
   * Returns the viewer for Berth running without authentication: everyone may do everything, as the
   * registry then allows every pull and push, and nobody has a name.
   */
  public static Viewer everyone() {
    return new Viewer(
        Optional.empty(),
        Optional.empty(),
        true,
        Set.of(),
        Map.of(),
        RepositoryPermission.ADMIN,
        repository -> EnumSet.allOf(RepositoryAction.class));
  }

  /** Returns the viewer for {@code principal}, reading its memberships now. */
  public Viewer of(Principal principal) {
    return switch (principal) {
      case Principal.Anonymous a -> publicOnly(principal, Optional.empty());
      case Principal.User user ->
          forUser(
              principal,
              user.username(),
              user.administrator(),
              RepositoryPermission.ADMIN,
              Optional.of(user.username()));
      case Principal.Token token -> forToken(token);
    };
  }

  private Viewer forToken(Principal.Token token) {
    Optional<String> starrer =
        token.ownerKind() == Principal.OwnerKind.USER
            ? Optional.of(token.owner())
            : Optional.empty();
    if (token.scope() == TokenScope.PUBLIC_READ) {
      return publicOnly(token, starrer);
    }
    Set<RepositoryName> limited = new HashSet<>(token.repositories());
    limited.addAll(token.repositoryScopes().keySet());
    if (!limited.isEmpty()) {
      // Few repositories: ask the authorizer about each, which applies every token rule.
      Map<RepositoryName, RepositoryPermission> grants = new HashMap<>();
      Viewer probe = publicOnly(token, starrer);
      for (RepositoryName repository : limited) {
        probe.permissionOn(repository).ifPresent(p -> grants.put(repository, p));
      }
      return new Viewer(
          Optional.of(token.name()),
          starrer,
          false,
          Set.of(),
          grants,
          RepositoryPermission.ADMIN,
          repository -> authorizer.allowedActions(token, repository));
    }
    RepositoryPermission cap = capOf(token.scope());
    if (token.ownerKind() == Principal.OwnerKind.ORGANIZATION) {
      return new Viewer(
          Optional.of(token.name()),
          starrer,
          false,
          Set.of(token.owner()),
          Map.of(),
          cap,
          repository -> authorizer.allowedActions(token, repository));
    }
    return forUser(token, token.owner(), token.ownerIsAdministrator(), cap, starrer);
  }

  private Viewer forUser(
      Principal principal,
      String username,
      boolean administrator,
      RepositoryPermission cap,
      Optional<String> starrer) {
    if (administrator) {
      return new Viewer(
          Optional.of(principal.name()),
          starrer,
          true,
          Set.of(),
          Map.of(),
          cap,
          repository -> authorizer.allowedActions(principal, repository));
    }
    Set<String> owned = new HashSet<>();
    owned.add(username);
    for (OrganizationMembership membership : accounts.memberships(username)) {
      if (membership.role() == OrganizationRole.OWNER) {
        owned.add(membership.organization());
      }
    }
    return new Viewer(
        Optional.of(principal.name()),
        starrer,
        false,
        owned,
        accounts.teamGrants(username),
        cap,
        repository -> authorizer.allowedActions(principal, repository));
  }

  private Viewer publicOnly(Principal principal, Optional<String> starrer) {
    Optional<String> actor =
        principal.name().isEmpty() ? Optional.empty() : Optional.of(principal.name());
    return new Viewer(
        actor,
        starrer,
        false,
        Set.of(),
        Map.of(),
        RepositoryPermission.READ,
        repository -> authorizer.allowedActions(principal, repository));
  }

  private static RepositoryPermission capOf(TokenScope scope) {
    return switch (scope) {
      case PUBLIC_READ, READ -> RepositoryPermission.READ;
      case WRITE -> RepositoryPermission.WRITE;
      case ADMIN -> RepositoryPermission.ADMIN;
    };
  }
}
