package dev.berth.web;

import dev.berth.auth.AccountException;
import dev.berth.auth.AuthenticationException;
import dev.berth.auth.Principal;

/**
 * Changing one's own password. The change ends every session of the user, the current one too,
 * so the page signs the browser in again with a new session.
 */
final class PasswordPages {

  private final WebContext context;
  private final SignInPages signIn;

  PasswordPages(WebContext context, SignInPages signIn) {
    this.context = context;
    this.signIn = signIn;
  }

  void register(Routes routes) {
    routes.get("/settings/password", Routes.Audience.SIGNED_IN, r -> form(r, 200, ""));
    routes.post("/settings/password", Routes.Audience.SIGNED_IN, this::change);
  }

  private WebResponse form(WebRequest request, int status, String error) {
    return request.page(status, "password", "error", error, "notice", Notices.text(request));
  }

  private WebResponse change(WebRequest request) {
    String current = request.rawField("current_password");
    String replacement = request.rawField("new_password");
    if (!replacement.equals(request.rawField("new_password_confirm"))) {
      return form(request, 400, request.messages().get("signup.error.mismatch"));
    }
    Principal.User user = request.user();
    try {
      context.accounts().accountService()
          .changePassword(user, current, replacement, request.client());
    } catch (AuthenticationException e) {
      String text =
          e.reason() == AuthenticationException.Reason.INVALID_CREDENTIALS
              ? request.messages().get("password.error.current")
              : SignInPages.failureText(request, e);
      return form(request, 400, text);
    } catch (AccountException e) {
      if (e.kind() != AccountException.Kind.INVALID) {
        throw e;
      }
      return form(request, 400, request.messages().get("signup.error.invalid", e.getMessage()));
    }
    return signIn.startSession(request, user, "/settings/password?notice=password");
  }
}
