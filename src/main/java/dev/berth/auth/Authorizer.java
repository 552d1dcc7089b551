package dev.berth.auth;

import dev.berth.oci.RepositoryName;
import java.util.Set;

/**
 * Decides what a principal may do. The registry, the hub API and the web UI all ask this one
 * place. A private repository the principal may not see gets the same answer as one that does
 * not exist: no actions.
 */
public interface Authorizer {

  /**
   * Returns the actions {@code principal} may take on {@code repository}, which may not exist
   * yet (push then creates it). The result is already narrowed by an access token's scope and
   * repository list.
   */
  Set<RepositoryAction> allowedActions(Principal principal, RepositoryName repository);

  /**
   * Returns whether {@code principal} may list the catalog, which is then filtered per entry.
   * Anonymous callers, active accounts and active access tokens may, but disabled users and
   * revoked or expired access tokens may not.
   */
  boolean mayListCatalog(Principal principal);
}
