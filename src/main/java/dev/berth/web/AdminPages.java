package dev.berth.web;

import dev.berth.auth.AccountException;
import dev.berth.auth.LoginLock;
import dev.berth.auth.UserAccount;
import dev.berth.auth.UserListing;
import java.util.List;

/**
 * Administration: the users with creating, disabling, enabling and resetting passwords (the
 * forgotten-password flow, since Berth sends no e-mail), and the login locks that throttling set,
 * with unlocking. Only administrators see these pages. The audit log and storage pages are in
 * {@link AuditPages}.
 */
final class AdminPages {

  static final int USERS_PER_PAGE = 50;

  private final WebContext context;

  AdminPages(WebContext context) {
    this.context = context;
  }

  void register(Routes routes) {
    routes.get("/admin", Routes.Audience.SIGNED_IN, r -> WebResponse.redirect("/admin/users"));
    routes.get("/admin/users", Routes.Audience.SIGNED_IN, r -> users(r, 200, "", ""));
    routes.post("/admin/users", Routes.Audience.SIGNED_IN, this::create);
    routes.post("/admin/users/{name}/disabled", Routes.Audience.SIGNED_IN, this::setDisabled);
    routes.post("/admin/users/{name}/password", Routes.Audience.SIGNED_IN, this::resetPassword);
    routes.post("/admin/locks/unlock", Routes.Audience.SIGNED_IN, this::unlock);
  }

  private WebResponse users(WebRequest request, int status, String error, String notice)
      throws WebException {
    requireAdministrator(request);
    long page = Paging.requested(request);
    UserListing listing =
        context.accounts().accountService()
            .listUsers(request.user(), (page - 1) * USERS_PER_PAGE, USERS_PER_PAGE);
    List<LoginLock> locks = context.accounts().loginThrottle().activeLocks(request.user());
    return request.page(
        status, "admin-users",
        "users", listing.users().stream().map(AdminPages::row).toList(),
        "locks",
        locks.stream()
            .map(lock ->
                new AdminRows.Lock(lock.key(), lock.failures(), Times.format(lock.lockedUntil())))
            .toList(),
        "paging", Paging.of(page, USERS_PER_PAGE, listing.total(), "/admin/users?"),
        "error", error,
        "notice", notice.isEmpty() ? Notices.text(request) : notice);
  }

  private static AdminRows.User row(UserAccount user) {
    return new AdminRows.User(
        user.username(),
        user.email(),
        user.administrator(),
        user.disabled(),
        user.twoFactorEnabled(),
        Times.format(user.createdAt()));
  }

  private WebResponse create(WebRequest request) throws WebException {
    requireAdministrator(request);
    try {
      context.accounts().accountService()
          .createUser(
              request.user(), request.field("username"), request.field("email"),
              request.rawField("password"));
    } catch (AccountException e) {
      if (e.kind() == AccountException.Kind.FORBIDDEN || e.kind() == AccountException.Kind.NOT_FOUND) {
        throw e;
      }
      return users(request, 400, request.messages().get("admin.error", e.getMessage()), "");
    }
    return WebResponse.redirect("/admin/users?notice=user-created");
  }

  private WebResponse setDisabled(WebRequest request) throws WebException {
    requireAdministrator(request);
    boolean disabled = request.field("disabled").equals("true");
    try {
      context.accounts().accountService()
          .setDisabled(request.user(), request.pathParameter("name"), disabled);
    } catch (AccountException e) {
      if (e.kind() != AccountException.Kind.CONFLICT) {
        throw e;
      }
      return users(request, 400, request.messages().get("admin.error", e.getMessage()), "");
    }
    return WebResponse.redirect("/admin/users?notice=" + (disabled ? "user-disabled" : "user-enabled"));
  }

  private WebResponse resetPassword(WebRequest request) throws WebException {
    requireAdministrator(request);
    try {
      context.accounts().accountService()
          .resetPassword(request.user(), request.pathParameter("name"), request.rawField("password"));
    } catch (AccountException e) {
      if (e.kind() != AccountException.Kind.INVALID) {
        throw e;
      }
      return users(request, 400, request.messages().get("admin.error", e.getMessage()), "");
    }
    return WebResponse.redirect("/admin/users?notice=password-reset");
  }

  private WebResponse unlock(WebRequest request) throws WebException {
    requireAdministrator(request);
    context.accounts().loginThrottle().unlock(request.user(), request.field("key"));
    return WebResponse.redirect("/admin/users?notice=unlocked");
  }

  private static void requireAdministrator(WebRequest request) throws WebException {
    if (!request.user().administrator()) {
      throw WebException.forbidden();
    }
  }
}
