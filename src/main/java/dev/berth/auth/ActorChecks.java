package dev.berth.auth;

import dev.berth.auth.AccountStore.UserRow;
import org.jdbi.v3.core.Handle;

/**
 * Checks what the user behind a request may manage. Each check reads the current user row, so a
 * user disabled or demoted after their session or token was issued loses the right at once.
 */
final class ActorChecks {

  private final AccountStore store;

  ActorChecks(AccountStore store) {
    this.store = store;
  }

  /**
   * Returns the acting user's row.
   *
   * @throws AccountException FORBIDDEN when the user no longer exists or is disabled
   */
  UserRow requireActive(Handle handle, Principal.User actor) {
    UserRow row =
        store
            .findUser(handle, actor.username())
            .orElseThrow(
                () -> AccountException.forbidden("user " + actor.username() + " does not exist"));
    if (row.disabled()) {
      throw AccountException.forbidden("account " + actor.username() + " is disabled");
    }
    return row;
  }

  /**
   * Returns the acting user's row when they administer this Berth.
   *
   * @throws AccountException FORBIDDEN otherwise
   */
  UserRow requireAdministrator(Handle handle, Principal.User actor) {
    UserRow row = requireActive(handle, actor);
    if (!row.administrator()) {
      throw AccountException.forbidden("only administrators may do this");
    }
    return row;
  }

  /**
   * Returns the acting user's row when they own {@code organization} or are an administrator.
   *
   * @throws AccountException NOT_FOUND when the organization does not exist, FORBIDDEN when the
   *     user may not manage it
   */
  UserRow requireOwner(Handle handle, Principal.User actor, String organization) {
    UserRow row = requireActive(handle, actor);
    requireOrganization(handle, organization);
    if (row.administrator()) {
      return row;
    }
    boolean owner =
        store
            .memberRole(handle, organization, row.username())
            .filter(role -> role == OrganizationRole.OWNER)
            .isPresent();
    if (!owner) {
      throw AccountException.forbidden(
          "only owners of organization " + organization + " may do this");
    }
    return row;
  }

  /**
   * Returns the acting user's row when they are a member of {@code organization} in any role or an
   * administrator.
   *
   * @throws AccountException NOT_FOUND when the organization does not exist, FORBIDDEN when the
   *     user is not a member
   */
  UserRow requireMember(Handle handle, Principal.User actor, String organization) {
    UserRow row = requireActive(handle, actor);
    requireOrganization(handle, organization);
    if (!row.administrator() && store.memberRole(handle, organization, row.username()).isEmpty()) {
      throw AccountException.forbidden(
          "only members of organization " + organization + " may see this");
    }
    return row;
  }

  private void requireOrganization(Handle handle, String organization) {
    if (store.findOrganization(handle, organization).isEmpty()) {
      throw AccountException.notFound("organization " + organization + " not found");
    }
  }
}
