package dev.berth.web;

import dev.berth.auth.AccountException;
import dev.berth.auth.AuthenticationException;
import dev.berth.auth.TotpEnrolment;
import dev.berth.auth.UserAccount;
import java.util.List;

/**
 * Two-factor authentication: the status page, setting it up with a QR code of the {@code otpauth}
 * URI, confirming with a first code (which shows the recovery codes once), and turning it off.
 */
final class TwoFactorPages {

  private final WebContext context;

  TwoFactorPages(WebContext context) {
    this.context = context;
  }

  void register(Routes routes) {
    routes.get("/settings/security", Routes.Audience.SIGNED_IN, r -> status(r, 200, ""));
    routes.post("/settings/two-factor/setup", Routes.Audience.SIGNED_IN, this::setUp);
    routes.post("/settings/two-factor/confirm", Routes.Audience.SIGNED_IN, this::confirm);
    routes.post("/settings/two-factor/disable", Routes.Audience.SIGNED_IN, this::disable);
  }

  private WebResponse status(WebRequest request, int status, String error) {
    UserAccount account =
        context.accounts().accountService().user(request.user().username()).orElseThrow();
    int remaining =
        account.twoFactorEnabled()
            ? context.accounts().twoFactor().remainingRecoveryCodes(request.user())
            : 0;
    return request.page(
        status, "security", "enabled", account.twoFactorEnabled(), "remaining", remaining,
        "error", error, "notice", Notices.text(request));
  }

  private WebResponse setUp(WebRequest request) {
    TotpEnrolment enrolment;
    try {
      enrolment = context.accounts().twoFactor().enrol(request.user());
    } catch (AccountException e) {
      if (e.kind() != AccountException.Kind.CONFLICT) {
        throw e;
      }
      return WebResponse.redirect("/settings/security");
    }
    return setupPage(request, 200, enrolment.secret(), enrolment.uri(), "");
  }

  /**
   * Shows the QR code and the code form. A wrong code shows the page again with the same secret,
   * which the form carries back; confirming checks the stored secret, never the posted one.
   */
  private WebResponse setupPage(
      WebRequest request, int status, String secret, String uri, String error) {
    return request.page(
        status, "two-factor-setup",
        "secret", secret, "uri", uri, "qrSvg", QrCodeSvg.of(uri), "error", error);
  }

  private WebResponse confirm(WebRequest request) {
    String code = request.field("code").replace(" ", "");
    List<String> recoveryCodes;
    try {
      recoveryCodes = context.accounts().twoFactor().confirm(request.user(), code, request.client());
    } catch (AuthenticationException e) {
      String secret = request.field("secret");
      String uri = request.field("uri");
      if (!uri.startsWith("otpauth://")) {
        return status(request, 400, SignInPages.failureText(request, e));
      }
      return setupPage(request, 400, secret, uri, request.messages().get("twofactor.error.code"));
    } catch (AccountException e) {
      if (e.kind() != AccountException.Kind.CONFLICT) {
        throw e;
      }
      return WebResponse.redirect("/settings/security");
    }
    return request.page("recovery-codes", "codes", recoveryCodes);
  }

  private WebResponse disable(WebRequest request) {
    String code = request.field("code").replace(" ", "");
    try {
      context.accounts().twoFactor().disable(request.user(), code, request.client());
    } catch (AuthenticationException e) {
      return status(request, 400, request.messages().get("twofactor.error.code"));
    } catch (AccountException e) {
      if (e.kind() != AccountException.Kind.CONFLICT) {
        throw e;
      }
    }
    return WebResponse.redirect("/settings/security?notice=twofactor-off");
  }
}
