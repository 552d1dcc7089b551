package dev.berth.web;

import dev.berth.auth.AccountAuthenticator;
import dev.berth.auth.AuthenticationException;
import dev.berth.auth.LoginResult;
import dev.berth.auth.NewSession;
import dev.berth.auth.Principal;
import dev.berth.auth.api.SessionCookie;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in in two steps (password, then a TOTP or recovery code for users with two-factor
 * authentication), sign-out, and the page for users who forgot their password. The steps use the
 * same {@link AccountAuthenticator} calls as the JSON API, so the login throttle counts failures
 * from both.
 */
final class SignInPages {

  private static final Logger LOG = LoggerFactory.getLogger(SignInPages.class);

  private final WebContext context;

  SignInPages(WebContext context) {
    this.context = context;
  }

  void register(Routes routes) {
    routes.get("/signin", Routes.Audience.ANYONE, this::form);
    routes.post("/signin", Routes.Audience.ANYONE, this::password);
    routes.post("/signin/code", Routes.Audience.ANYONE, this::code);
    routes.post("/signout", Routes.Audience.ANYONE, this::signOut);
    routes.get("/signin/forgot", Routes.Audience.ANYONE, r -> r.page("forgot"));
  }

  private WebResponse form(WebRequest request) {
    if (request.session().isPresent()) {
      return WebResponse.redirect(next(request));
    }
    return request.page("signin", "username", "", "next", next(request), "error", "");
  }

  private WebResponse password(WebRequest request) {
    String username = request.field("username");
    String password = request.rawField("password");
    String next = SafeRedirect.path(java.util.Optional.of(request.field("next")), "/");
    if (username.isEmpty() || password.isEmpty()) {
      return request.page(
          400, "signin", "username", username, "next", next,
          "error", request.messages().get("signin.error.missing"));
    }

    LoginResult result;
    try {
      result = context.accounts().authenticator().beginLogin(username, password, request.client());
    } catch (AuthenticationException e) {
      logRejected(e, request);
      return request.page(
          e.reason() == AuthenticationException.Reason.THROTTLED ? 429 : 401,
          "signin", "username", username, "next", next, "error", failureText(request, e));
    }
    return switch (result) {
      case LoginResult.Complete complete -> startSession(request, complete.user(), next);
      case LoginResult.SecondFactorRequired pending ->
          request.page("signin-code", "ticket", pending.ticket(), "next", next, "error", "");
    };
  }

  private WebResponse code(WebRequest request) {
    String ticket = request.field("ticket");
    String code = request.field("code").replace(" ", "");
    String next = SafeRedirect.path(java.util.Optional.of(request.field("next")), "/");
    Principal.User user;
    try {
      user = context.accounts().authenticator().completeLogin(ticket, code, request.client());
    } catch (AuthenticationException e) {
      logRejected(e, request);
      return request.page(
          e.reason() == AuthenticationException.Reason.THROTTLED ? 429 : 401,
          "signin-code", "ticket", ticket, "next", next, "error", codeFailureText(request, e));
    }
    return startSession(request, user, next);
  }

  private WebResponse signOut(WebRequest request) {
    SessionCookie.read(request.jettyRequest()).ifPresent(context.sessions()::delete);
    return WebResponse.redirect("/").withCookie(SessionCookie.clear(request.secure()));
  }

  /** Creates a session, replacing the one the browser had, and sends the user on. */
  WebResponse startSession(WebRequest request, Principal.User user, String next) {
    SessionCookie.read(request.jettyRequest()).ifPresent(context.sessions()::delete);
    NewSession created = context.sessions().create(user);
    return WebResponse.redirect(next)
        .withCookie(SessionCookie.set(created, context.sessions().lifetime(), request.secure()));
  }

  private static String next(WebRequest request) {
    return SafeRedirect.path(request.query("next"), "/");
  }

  /** Returns the sentence for a rejected login in the page's language. */
  static String failureText(WebRequest request, AuthenticationException e) {
    Messages messages = request.messages();
    return switch (e.reason()) {
      case THROTTLED ->
          messages.get(
              "signin.error.throttled",
              e.retryAfter().map(java.time.Duration::toSeconds).orElse(1L));
      case DISABLED -> messages.get("signin.error.disabled");
      case INVALID_CREDENTIALS, SECOND_FACTOR_REQUIRED -> messages.get("signin.error.invalid");
    };
  }

  /** Returns the sentence for a rejected second-factor code in the page's language. */
  private static String codeFailureText(WebRequest request, AuthenticationException e) {
    if (e.reason() == AuthenticationException.Reason.INVALID_CREDENTIALS) {
      return request.messages().get("signin.code.error.invalid");
    }
    return failureText(request, e);
  }

  private static void logRejected(AuthenticationException e, WebRequest request) {
    LOG.atInfo()
        .addKeyValue("reason", e.reason())
        .addKeyValue("client", request.client().getHostAddress())
        .log("web sign-in rejected");
  }
}
