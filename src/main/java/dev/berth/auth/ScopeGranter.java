package dev.berth.auth;

import dev.berth.oci.RepositoryName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Works out what to put in a token: for each requested scope, the intersection of what was asked
 * and what the principal may do. Scopes with nothing left are left out, as the token spec says.
 */
public final class ScopeGranter {

  private final Authorizer authorizer;

  public ScopeGranter(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  /** Returns the granted scopes for {@code requested}, in request order. */
  public List<ResourceScope> grant(Principal principal, List<ResourceScope> requested) {
    List<ResourceScope> granted = new ArrayList<>();
    for (ResourceScope scope : requested) {
      Set<String> actions = grantedActions(principal, scope);
      if (!actions.isEmpty()) {
        granted.add(new ResourceScope(scope.type(), scope.name(), actions));
      }
    }
    return granted;
  }

  private Set<String> grantedActions(Principal principal, ResourceScope scope) {
    Set<String> granted = new LinkedHashSet<>();
    if (scope.type().equals(ResourceScope.REGISTRY) && scope.name().equals(ResourceScope.CATALOG)) {
      if (authorizer.mayListCatalog(principal) && scope.actions().contains("*")) {
        granted.add("*");
      }
      return granted;
    }
    if (!scope.type().equals(ResourceScope.REPOSITORY)) {
      return granted;
    }
    Set<RepositoryAction> allowed =
        authorizer.allowedActions(principal, RepositoryName.parse(scope.name()));
    for (String requested : scope.actions()) {
      if (requested.equals("*")) {
        if (allowed.containsAll(Set.of(RepositoryAction.values()))) {
          granted.add("*");
        } else {
          allowed.forEach(action -> granted.add(action.wireName()));
        }
        continue;
      }
      RepositoryAction.fromWireName(requested)
          .filter(allowed::contains)
          .ifPresent(action -> granted.add(action.wireName()));
    }
    return granted;
  }
}
