package dev.berth.auth.api;

import dev.berth.auth.AccountAuthenticator;
import dev.berth.auth.Accounts;
import dev.berth.auth.AuthenticationException;
import dev.berth.auth.LoginResult;
import dev.berth.auth.NewSession;
import dev.berth.auth.Principal;
import dev.berth.auth.Session;
import dev.berth.auth.SessionService;
import dev.berth.auth.UserAccount;
import dev.berth.auth.api.json.AuthBodies.LoginRequest;
import dev.berth.auth.api.json.AuthBodies.MeJson;
import dev.berth.auth.api.json.AuthBodies.SecondFactorJson;
import dev.berth.auth.api.json.AuthBodies.SecondFactorRequest;
import dev.berth.auth.api.json.AuthBodies.SessionJson;
import dev.berth.auth.api.json.AuthBodies.TokenInUse;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v2/auth/...}: the two-step login that creates a session, logout, and {@code me}.
 * Failed logins count against the name and the client address like every other login path.
 */
final class AuthEndpoints {

  private static final Logger LOG = LoggerFactory.getLogger(AuthEndpoints.class);

  private final Accounts accounts;
  private final AccountAuthenticator authenticator;
  private final SessionService sessions;

  AuthEndpoints(Accounts accounts, SessionService sessions) {
    this.accounts = accounts;
    this.authenticator = accounts.authenticator();
    this.sessions = sessions;
  }

  void register(Router router) {
    router.add("POST", "/api/v2/auth/login", Access.PUBLIC, this::login);
    router.add("POST", "/api/v2/auth/login/second-factor", Access.PUBLIC, this::secondFactor);
    router.add("POST", "/api/v2/auth/logout", Access.SESSION, this::logout);
    router.add("GET", "/api/v2/auth/me", Access.AUTHENTICATED, this::me);
  }

  private ApiResponse login(ApiCall call) throws ApiException, AuthenticationException {
    LoginRequest body = call.body(LoginRequest.class);
    String username = ApiCall.required(body.username(), "username");
    String password = ApiCall.required(body.password(), "password");

    LoginResult result;
    try {
      result = authenticator.beginLogin(username, password, call.client());
    } catch (AuthenticationException e) {
      LOG.atInfo()
          .addKeyValue("user", dev.berth.auth.LoggedNames.of(username))
          .addKeyValue("reason", e.reason())
          .addKeyValue("client", call.client().getHostAddress())
          .log("api login rejected");
      throw e;
    }
    return switch (result) {
      case LoginResult.Complete complete -> startSession(call, complete.user());
      case LoginResult.SecondFactorRequired pending ->
          ApiResponse.ok(
              new SecondFactorJson(true, pending.ticket(), Views.time(pending.expiresAt())));
    };
  }

  private ApiResponse secondFactor(ApiCall call) throws ApiException, AuthenticationException {
    SecondFactorRequest body = call.body(SecondFactorRequest.class);
    String ticket = ApiCall.required(body.ticket(), "ticket");
    String code = ApiCall.required(body.code(), "code");
    Principal.User user;
    try {
      user = authenticator.completeLogin(ticket, code, call.client());
    } catch (AuthenticationException e) {
      LOG.atInfo()
          .addKeyValue("reason", e.reason())
          .addKeyValue("client", call.client().getHostAddress())
          .log("api second factor rejected");
      throw e;
    }
    return startSession(call, user);
  }

  /**
   * Creates a session for {@code user} and sets its cookie, ending the session the request came
   * with, if any, so one browser has one session.
   */
  private ApiResponse startSession(ApiCall call, Principal.User user) {
    SessionCookie.read(call.request()).ifPresent(sessions::delete);
    NewSession created = sessions.create(user);
    return sessionResponse(call, created, accounts, sessions);
  }

  /** Returns the login response for a new session, with the cookie that carries it. */
  static ApiResponse sessionResponse(
      ApiCall call, NewSession created, Accounts accounts, SessionService sessions) {
    UserAccount account =
        accounts.accountService().user(created.session().user().username()).orElseThrow();
    SessionJson body =
        new SessionJson(
            Views.fullUser(account),
            created.session().csrfToken(),
            Views.time(created.session().expiresAt()));
    return ApiResponse.ok(body)
        .withHeader("Set-Cookie", SessionCookie.set(created, sessions.lifetime(), call.secure()));
  }

  private ApiResponse logout(ApiCall call) {
    SessionCookie.read(call.request()).ifPresent(sessions::delete);
    return ApiResponse.noContent().withHeader("Set-Cookie", SessionCookie.clear(call.secure()));
  }

  private ApiResponse me(ApiCall call) throws ApiException {
    return switch (call.caller()) {
      case Caller.SessionUser s -> {
        Session session = s.session();
        yield ApiResponse.ok(
            new MeJson(
                "session",
                Views.fullUser(account(session.user().username())),
                session.csrfToken(),
                Views.time(session.expiresAt()),
                null));
      }
      case Caller.TokenUser t -> {
        Principal.Token token = t.token();
        boolean personal = token.ownerKind() == Principal.OwnerKind.USER;
        TokenInUse inUse =
            new TokenInUse(
                token.tokenId(),
                token.owner(),
                personal ? "user" : "organization",
                List.of(token.scope().wireName()),
                Views.repositories(token.repositories()),
                Views.repositoryScopes(token.repositoryScopes()));
        yield ApiResponse.ok(
            new MeJson(
                "access_token",
                personal ? Views.fullUser(account(token.owner())) : null,
                null,
                null,
                inUse));
      }
      case Caller.Anonymous a ->
          throw new ApiException(ApiErrorCode.UNAUTHORIZED, "authentication required");
    };
  }

  private UserAccount account(String username) throws ApiException {
    Optional<UserAccount> account = accounts.accountService().user(username);
    if (account.isEmpty()) {
      throw new ApiException(ApiErrorCode.UNAUTHORIZED, "user " + username + " no longer exists");
    }
    return account.get();
  }
}
