package dev.berth.web;

import dev.berth.auth.AccountException;
import dev.berth.auth.Principal;
import dev.berth.auth.UserAccount;

/**
 * The sign-up page, open only when the administrator turned {@code ui.signup_enabled} on. A new
 * account is signed in at once.
 */
final class SignUpPages {

  private final WebContext context;
  private final SignInPages signIn;

  SignUpPages(WebContext context, SignInPages signIn) {
    this.context = context;
    this.signIn = signIn;
  }

  void register(Routes routes) {
    routes.get("/signup", Routes.Audience.ANYONE, this::form);
    routes.post("/signup", Routes.Audience.ANYONE, this::create);
  }

  private WebResponse form(WebRequest request) throws WebException {
    requireOpen();
    if (request.session().isPresent()) {
      return WebResponse.redirect("/");
    }
    return request.page("signup", "username", "", "email", "", "error", "");
  }

  private WebResponse create(WebRequest request) throws WebException {
    requireOpen();
    String username = request.field("username");
    String email = request.field("email");
    String password = request.rawField("password");
    String confirmation = request.rawField("password_confirm");
    if (!password.equals(confirmation)) {
      return request.page(
          400, "signup", "username", username, "email", email,
          "error", request.messages().get("signup.error.mismatch"));
    }

    UserAccount account;
    try {
      account =
          context.accounts().accountService()
              .createUser(new Principal.Anonymous(), username, email, password);
    } catch (AccountException e) {
      String text =
          e.kind() == AccountException.Kind.CONFLICT
              ? request.messages().get("signup.error.taken")
              : request.messages().get("signup.error.invalid", e.getMessage());
      return request.page(400, "signup", "username", username, "email", email, "error", text);
    }
    return signIn.startSession(
        request, new Principal.User(account.username(), account.administrator()), "/?notice=welcome");
  }

  private void requireOpen() throws WebException {
    if (!context.settings().signupEnabled()) {
      throw new WebException(403, "signup.closed");
    }
  }
}
