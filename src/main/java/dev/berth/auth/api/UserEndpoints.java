package dev.berth.auth.api;

import dev.berth.auth.AccountService;
import dev.berth.auth.Accounts;
import dev.berth.auth.AuthenticationException;
import dev.berth.auth.NewSession;
import dev.berth.auth.Principal;
import dev.berth.auth.SessionService;
import dev.berth.auth.UserAccount;
import dev.berth.auth.UserChanges;
import dev.berth.auth.UserListing;
import dev.berth.auth.api.json.UserBodies.CreateUserRequest;
import dev.berth.auth.api.json.UserBodies.PasswordRequest;
import dev.berth.auth.api.json.UserBodies.UpdateUserRequest;
import java.util.Optional;

/**
 * {@code /api/v2/users/...}: administrators create, list, disable and promote users and reset
 * passwords; users read profiles, change their own e-mail address and password. Sign-up without an
 * administrator does not exist yet, so creating a user needs one.
 */
final class UserEndpoints {

  private final Accounts accounts;
  private final AccountService service;
  private final SessionService sessions;

  UserEndpoints(Accounts accounts, SessionService sessions) {
    this.accounts = accounts;
    this.service = accounts.accountService();
    this.sessions = sessions;
  }

  void register(Router router) {
    router.add("POST", "/api/v2/users", Access.SESSION, this::create);
    router.add("GET", "/api/v2/users", Access.READ, this::list);
    router.add("GET", "/api/v2/users/{name}", Access.READ, this::get);
    router.add("PATCH", "/api/v2/users/{name}", Access.SESSION, this::update);
    router.add("POST", "/api/v2/users/{name}/password", Access.SESSION, this::setPassword);
    router.add("PUT", "/api/v2/users/me/password", Access.SESSION, this::changeOwnPassword);
  }

  private ApiResponse create(ApiCall call) throws ApiException {
    Principal.User actor = call.user();
    if (!actor.administrator()) {
      throw ApiException.denied("only administrators may create users");
    }
    CreateUserRequest body = call.body(CreateUserRequest.class);
    String username = ApiCall.required(body.username(), "username");
    String email = ApiCall.required(body.email(), "email");
    String password = ApiCall.required(body.password(), "password");

    UserAccount created = service.createUser(actor, username, email, password);
    if (Boolean.TRUE.equals(body.isAdmin())) {
      service.setAdministrator(actor, username, true);
      created = service.user(username).orElseThrow();
    }
    return ApiResponse.created("/api/v2/users/" + username, Views.fullUser(created));
  }

  private ApiResponse list(ApiCall call) throws ApiException {
    Principal.User actor = call.user();
    PageRequest page = call.pageRequest();
    UserListing listing = service.listUsers(actor, page.offset(), page.pageSize());
    return ApiResponse.ok(
        call.page(page, listing.total(), listing.users().stream().map(Views::fullUser).toList()));
  }

  private ApiResponse get(ApiCall call) throws ApiException {
    Principal.User actor = call.user();
    String username = call.userName("name");
    UserAccount user =
        service
            .user(username)
            .orElseThrow(() -> ApiException.notFound("user " + username + " not found"));
    return ApiResponse.ok(Views.user(user, actor));
  }

  private ApiResponse update(ApiCall call) throws ApiException {
    Principal.User actor = call.user();
    String username = call.userName("name");
    UpdateUserRequest body = call.body(UpdateUserRequest.class);
    UserChanges changes =
        new UserChanges(
            Optional.ofNullable(body.email()),
            Optional.ofNullable(body.disabled()),
            Optional.ofNullable(body.isAdmin()));
    if (changes.isEmpty()) {
      throw ApiException.invalid(
          "request body changes nothing; send at least one of email, disabled, is_admin");
    }
    UserAccount updated = service.updateUser(actor, username, changes);
    return ApiResponse.ok(Views.user(updated, actor));
  }

  /**
   * Changes the caller's own password (the current one is required), or lets an administrator set
   * another user's. Either way the user's sessions end; a user changing their own gets a new
   * session in the response, so the browser stays signed in.
   */
  private ApiResponse setPassword(ApiCall call) throws ApiException, AuthenticationException {
    Principal.User actor = call.user();
    String username = call.userName("name");
    if (username.equals(actor.username())) {
      return changeOwnPassword(call);
    }
    PasswordRequest body = call.body(PasswordRequest.class);
    String newPassword = ApiCall.required(body.newPassword(), "new_password");
    service.resetPassword(actor, username, newPassword);
    return ApiResponse.noContent();
  }

  private ApiResponse changeOwnPassword(ApiCall call) throws ApiException, AuthenticationException {
    Principal.User actor = call.user();
    PasswordRequest body = call.body(PasswordRequest.class);
    String current = ApiCall.required(body.currentPassword(), "current_password");
    String newPassword = ApiCall.required(body.newPassword(), "new_password");
    service.changePassword(actor, current, newPassword, call.client());

    NewSession renewed = sessions.create(actor);
    return AuthEndpoints.sessionResponse(call, renewed, accounts, sessions);
  }
}
