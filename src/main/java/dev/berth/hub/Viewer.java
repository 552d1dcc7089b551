package dev.berth.hub;

import dev.berth.auth.RepositoryAction;
import dev.berth.auth.RepositoryPermission;
import dev.berth.oci.RepositoryName;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Who looks at the hub, and what they may see. Single repositories are decided by the auth room's
 * authorizer, the one place for access decisions. Lists use a summary of the same rules that fits
 * into one SQL filter: repositories in {@link #ownedNamespaces()} (the caller's own namespace and
 * those of organizations they own), repositories in {@link #grants()} (team permissions, or the
 * repositories a limited access token names, each already decided by the authorizer), and public
 * ones. Build viewers with {@link Viewers}. Immutable.
 */
public final class Viewer {

  private final Optional<String> actor;
  private final Optional<String> starrer;
  private final boolean seesAll;
  private final Set<String> ownedNamespaces;
  private final Map<RepositoryName, RepositoryPermission> grants;
  private final RepositoryPermission cap;
  private final Function<RepositoryName, Set<RepositoryAction>> actions;

  Viewer(
      Optional<String> actor,
      Optional<String> starrer,
      boolean seesAll,
      Set<String> ownedNamespaces,
      Map<RepositoryName, RepositoryPermission> grants,
      RepositoryPermission cap,
      Function<RepositoryName, Set<RepositoryAction>> actions) {
    this.actor = actor;
    this.starrer = starrer;
    this.seesAll = seesAll;
    this.ownedNamespaces = Set.copyOf(ownedNamespaces);
    this.grants = Map.copyOf(grants);
    this.cap = cap;
    this.actions = actions;
  }

  /** Returns the name recorded as the actor of changes, empty for anonymous callers. */
  public Optional<String> actor() {
    return actor;
  }

  /** Returns the user whose stars this viewer sets and reads, empty when it is not a user. */
  public Optional<String> starrer() {
    return starrer;
  }

  /** Returns whether the viewer sees every repository (administrators, or authentication off). */
  public boolean seesAll() {
    return seesAll;
  }

  /** Returns the namespaces where the viewer has {@code admin} on every repository. */
  public Set<String> ownedNamespaces() {
    return ownedNamespaces;
  }

  /** Returns single repositories the viewer has a permission on, beyond owned namespaces. */
  public Map<RepositoryName, RepositoryPermission> grants() {
    return grants;
  }

  /**
   * Returns the viewer's permission on {@code repository}, decided by the authorizer; empty when
   * the viewer may not even pull it, which the API shows as "not found".
   */
  public Optional<RepositoryPermission> permissionOn(RepositoryName repository) {
    Set<RepositoryAction> allowed = actions.apply(repository);
    if (allowed.contains(RepositoryAction.DELETE)) {
      return Optional.of(RepositoryPermission.ADMIN);
    }
    if (allowed.contains(RepositoryAction.PUSH)) {
      return Optional.of(RepositoryPermission.WRITE);
    }
    if (allowed.contains(RepositoryAction.PULL)) {
      return Optional.of(RepositoryPermission.READ);
    }
    return Optional.empty();
  }

  /**
   * Returns the viewer's permission on a repository of a list, from the summary. The SQL filter
   * lists only public repositories and those the summary covers, so every listed one gets at least
   * {@code read}.
   */
  RepositoryPermission listedPermission(RepositoryName repository) {
    Optional<RepositoryPermission> held = Optional.empty();
    if (seesAll || ownedNamespaces.contains(RepositoryRules.ownerNamespace(repository))) {
      held = Optional.of(RepositoryPermission.ADMIN);
    } else if (grants.containsKey(repository)) {
      held = Optional.of(grants.get(repository));
    }
    return held.map(p -> p.compareTo(cap) > 0 ? cap : p).orElse(RepositoryPermission.READ);
  }
}
