package dev.berth.auth;

import dev.berth.auth.AccountStore.UserRow;
import dev.berth.oci.RepositoryName;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import dev.berth.db.ReadCache;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Decides repository access from accounts, organizations, teams and access tokens.
 *
 * <p>A repository's namespace is the first component of its name. An account's permission on a
 * repository is the highest that applies: administrators, the user the namespace is named after,
 * and owners of the organization it is named after hold {@link RepositoryPermission#ADMIN}; members
 * of the organization's teams hold what their teams were granted on that repository. From that
 * permission:
 *
 * <ul>
 *   <li>An existing repository allows the permission's actions, plus a pull by anyone (including
 *       anonymous callers) when the repository is public.
 *   <li>A missing repository allows the permission's actions only at {@link
 *       RepositoryPermission#WRITE} or above, because pushing creates it. Anyone else gets no
 *       actions, exactly as for a private repository, so outsiders cannot tell which private names
 *       exist.
 * </ul>
 *
 * <p>An access token never allows more than its scope, and never less than an anonymous caller gets
 * (public pulls). A personal token acts with its owner's permission; an organization token with
 * owner permission in its organization's namespace and nothing more elsewhere. {@link
 * TokenScope#PUBLIC_READ} tokens and tokens used on a repository outside their repository list get
 * only the anonymous actions. A token with per-repository scopes is limited on each repository in
 * its map by that repository's scope, and gets only the anonymous actions on every other repository.
 *
 * <p>Every decision reads the current rows, so a disabled user or a revoked or expired token gets
 * no actions at all, even through a principal that was built before. Thread-safe.
 */
final class RepositoryAuthorizer implements Authorizer {

  private final Jdbi jdbi;
  private final AccountStore accounts;
  private final AccessTokenService tokens;
  private final Function<RepositoryName, Optional<Boolean>> repositoryIsPrivate;
  private final ReadCache<Grant, Set<RepositoryAction>> grants;

  /** A principal and a repository: the key of the grants cache. */
  record Grant(Principal principal, RepositoryName repository) {}

  /**
   * @param repositoryIsPrivate returns whether an existing repository is private, or empty when it
   *     does not exist
   */
  RepositoryAuthorizer(
      Jdbi jdbi,
      AccountStore accounts,
      AccessTokenService tokens,
      Function<RepositoryName, Optional<Boolean>> repositoryIsPrivate,
      ReadCache<Grant, Set<RepositoryAction>> grants) {
    this.jdbi = jdbi;
    this.accounts = accounts;
    this.tokens = tokens;
    this.repositoryIsPrivate = repositoryIsPrivate;
    this.grants = grants;
  }

  @Override
  public Set<RepositoryAction> allowedActions(Principal principal, RepositoryName repository) {
    // The gate calls this on every registry request, so the result is cached (see ReadCache).
    return grants
        .get(
            new Grant(principal, repository),
            grant -> Optional.of(allowedNow(grant.principal(), grant.repository())))
        .orElseThrow();
  }

  private Set<RepositoryAction> allowedNow(Principal principal, RepositoryName repository) {
    Optional<Boolean> isPrivate = repositoryIsPrivate.apply(repository);
    boolean exists = isPrivate.isPresent();
    boolean isPublic = exists && !isPrivate.get();
    Set<RepositoryAction> anonymous =
        isPublic ? EnumSet.of(RepositoryAction.PULL) : EnumSet.noneOf(RepositoryAction.class);

    return switch (principal) {
      case Principal.Anonymous a -> Set.copyOf(anonymous);
      case Principal.User user -> forUser(user, repository, exists, anonymous);
      case Principal.Token token -> forToken(token, repository, exists, anonymous);
    };
  }

  @Override
  public boolean mayListCatalog(Principal principal) {
    return switch (principal) {
      // Filtered per entry, an anonymous catalog lists the public repositories that /v1/search
      // already shows to anyone.
      case Principal.Anonymous a -> true;
      case Principal.User user ->
          jdbi.withHandle(h -> accounts.findUser(h, user.username()))
              .filter(row -> !row.disabled())
              .isPresent();
      case Principal.Token token ->
          jdbi.withHandle(h -> tokens.currentPrincipal(h, token.tokenId())).isPresent();
    };
  }

  private Set<RepositoryAction> forUser(
      Principal.User user,
      RepositoryName repository,
      boolean exists,
      Set<RepositoryAction> anonymous) {
    return jdbi.withHandle(
        h -> {
          Optional<UserRow> row =
              accounts.findUser(h, user.username()).filter(candidate -> !candidate.disabled());
          if (row.isEmpty()) {
            return Set.<RepositoryAction>of();
          }
          Optional<RepositoryPermission> permission = permissionOf(h, row.get(), repository);
          return combine(permission, exists, anonymous, EnumSet.allOf(RepositoryAction.class));
        });
  }

  private Set<RepositoryAction> forToken(
      Principal.Token stale,
      RepositoryName repository,
      boolean exists,
      Set<RepositoryAction> anonymous) {
    return jdbi.withHandle(
        h -> {
          // The principal may be older than a revocation, so only its id is trusted.
          Optional<Principal.Token> current = tokens.currentPrincipal(h, stale.tokenId());
          if (current.isEmpty()) {
            return Set.<RepositoryAction>of();
          }
          Principal.Token token = current.get();
          Optional<TokenScope> scope = scopeOn(token, repository);
          if (scope.isEmpty() || scope.get() == TokenScope.PUBLIC_READ) {
            return Set.copyOf(anonymous);
          }
          Optional<RepositoryPermission> permission = tokenPermission(h, token, repository);
          return combine(permission, exists, anonymous, scope.get().actions());
        });
  }

  /**
   * Returns the scope that limits {@code token} on {@code repository}: its per-repository scope when
   * it has a map, else its top-level scope. Empty when the repository is outside its map or list.
   */
  private static Optional<TokenScope> scopeOn(Principal.Token token, RepositoryName repository) {
    if (!token.repositoryScopes().isEmpty()) {
      return Optional.ofNullable(token.repositoryScopes().get(repository));
    }
    boolean outsideList =
        !token.repositories().isEmpty() && !token.repositories().contains(repository);
    return outsideList ? Optional.empty() : Optional.of(token.scope());
  }

  /**
   * Returns the anonymous actions plus those {@code permission} grants within {@code limit}. On a
   * missing repository a permission below WRITE grants nothing, as it could not create it.
   */
  private static Set<RepositoryAction> combine(
      Optional<RepositoryPermission> permission,
      boolean exists,
      Set<RepositoryAction> anonymous,
      Set<RepositoryAction> limit) {
    EnumSet<RepositoryAction> allowed = EnumSet.noneOf(RepositoryAction.class);
    allowed.addAll(anonymous);
    boolean applies =
        permission.isPresent()
            && (exists || permission.get().compareTo(RepositoryPermission.WRITE) >= 0);
    if (applies) {
      EnumSet<RepositoryAction> granted = EnumSet.noneOf(RepositoryAction.class);
      granted.addAll(permission.get().actions());
      granted.retainAll(limit);
      allowed.addAll(granted);
    }
    return Set.copyOf(allowed);
  }

  /** Returns the permission a token's owner has on {@code repository}, before the scope applies. */
  private Optional<RepositoryPermission> tokenPermission(
      Handle handle, Principal.Token token, RepositoryName repository) {
    if (token.ownerKind() == Principal.OwnerKind.ORGANIZATION) {
      boolean inNamespace = NameRules.namespaceOf(repository).equals(token.owner());
      return inNamespace ? Optional.of(RepositoryPermission.ADMIN) : Optional.empty();
    }
    return accounts
        .findUser(handle, token.owner())
        .flatMap(owner -> permissionOf(handle, owner, repository));
  }

  /** Returns the highest permission {@code user} holds on {@code repository}, if any. */
  private Optional<RepositoryPermission> permissionOf(
      Handle handle, UserRow user, RepositoryName repository) {
    String namespace = NameRules.namespaceOf(repository);
    if (user.administrator() || namespace.equals(user.username())) {
      return Optional.of(RepositoryPermission.ADMIN);
    }
    Optional<OrganizationRole> role = accounts.memberRole(handle, namespace, user.username());
    if (role.isEmpty()) {
      return Optional.empty();
    }
    if (role.get() == OrganizationRole.OWNER) {
      return Optional.of(RepositoryPermission.ADMIN);
    }
    return accounts.teamPermissionsOf(handle, namespace, user.username(), repository).stream()
        .max(Comparator.naturalOrder());
  }
}
