package dev.berth.webhooks;

import dev.berth.auth.AccountService;
import dev.berth.auth.Authorizer;
import dev.berth.auth.OrganizationRole;
import dev.berth.auth.Principal;
import dev.berth.auth.RepositoryAction;
import dev.berth.auth.UserAccount;
import dev.berth.oci.RepositoryName;
import java.util.Optional;

/**
 * Decides whether a webhook may still deliver. A webhook acts on behalf of its creator ({@code
 * created_by}), so its events may go out only while that user exists, is enabled and may still
 * manage the webhook's scope: admin permission on the repository, or for a namespace its user, an
 * owner of its organization or an administrator. Thread-safe.
 */
@FunctionalInterface
interface CreatorCheck {

  /** Allows every webhook, for when authentication is off and there are no accounts. */
  CreatorCheck ANYONE = webhook -> Optional.empty();

  /** Returns why {@code webhook} may no longer deliver, or empty when it may. */
  Optional<String> denial(Webhook webhook);

  /** Returns the check that reads accounts and permissions through the auth room's services. */
  static CreatorCheck of(Authorizer authorizer, AccountService accounts) {
    return webhook -> {
      String creator = webhook.createdBy();
      Optional<UserAccount> account = accounts.user(creator);
      if (account.isEmpty()) {
        return Optional.of(
            denial(webhook, "the webhook's creator " + creator + " no longer exists"));
      }
      if (account.get().disabled()) {
        return Optional.of(denial(webhook, "the webhook's creator " + creator + " is disabled"));
      }
      Principal.User user = new Principal.User(creator, account.get().administrator());
      boolean mayManage =
          webhook.scope().kind() == WebhookScope.Kind.REPOSITORY
              ? authorizer
                  .allowedActions(user, RepositoryName.parse(webhook.scope().name()))
                  .contains(RepositoryAction.DELETE)
              : ownsNamespace(accounts, user, webhook.scope().name());
      if (!mayManage) {
        return Optional.of(
            denial(
                webhook,
                "the webhook's creator "
                    + creator
                    + " no longer has admin on "
                    + webhook.scope().name()));
      }
      return Optional.empty();
    };
  }

  private static boolean ownsNamespace(
      AccountService accounts, Principal.User user, String namespace) {
    return user.administrator()
        || user.username().equals(namespace)
        || accounts.memberships(user.username()).stream()
            .anyMatch(
                membership ->
                    membership.organization().equals(namespace)
                        && membership.role() == OrganizationRole.OWNER);
  }

  private static String denial(Webhook webhook, String reason) {
    String who =
        webhook.scope().kind() == WebhookScope.Kind.REPOSITORY
            ? "an administrator of the repository"
            : "the namespace's user or an owner of its organization";
    return reason
        + "; "
        + who
        + " must take the webhook over by changing it (which makes them its creator) and"
        + " enabling it again, or re-create it";
  }
}
