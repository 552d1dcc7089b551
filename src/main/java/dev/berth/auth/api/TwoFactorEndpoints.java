package dev.berth.auth.api;

import dev.berth.auth.Accounts;
import dev.berth.auth.AuthenticationException;
import dev.berth.auth.Principal;
import dev.berth.auth.TotpEnrolment;
import dev.berth.auth.TotpService;
import dev.berth.auth.api.json.TwoFactorBodies.CodeRequest;
import dev.berth.auth.api.json.TwoFactorBodies.EnrolmentJson;
import dev.berth.auth.api.json.TwoFactorBodies.RecoveryCodesJson;
import dev.berth.auth.api.json.TwoFactorBodies.StatusJson;

/**
 * Two-factor authentication with TOTP: the caller enrols an authenticator, confirms it with a code
 * (which returns the recovery codes once), and disables it with a code. An administrator switches
 * it off for a user who lost both authenticator and recovery codes.
 */
final class TwoFactorEndpoints {

  private final Accounts accounts;
  private final TotpService totp;

  TwoFactorEndpoints(Accounts accounts) {
    this.accounts = accounts;
    this.totp = accounts.twoFactor();
  }

  void register(Router router) {
    router.add("GET", "/api/v2/users/me/2fa", Access.SESSION, this::status);
    router.add("POST", "/api/v2/users/me/2fa/enrol", Access.SESSION, this::enrol);
    router.add("POST", "/api/v2/users/me/2fa/confirm", Access.SESSION, this::confirm);
    router.add("POST", "/api/v2/users/me/2fa/disable", Access.SESSION, this::disable);
    router.add("DELETE", "/api/v2/users/{name}/2fa", Access.SESSION, this::reset);
  }

  private ApiResponse status(ApiCall call) throws ApiException {
    Principal.User actor = call.user();
    boolean enabled =
        accounts.accountService().user(actor.username()).orElseThrow().twoFactorEnabled();
    return ApiResponse.ok(new StatusJson(enabled, totp.remainingRecoveryCodes(actor)));
  }

  private ApiResponse enrol(ApiCall call) throws ApiException {
    TotpEnrolment enrolment = totp.enrol(call.user());
    return ApiResponse.ok(new EnrolmentJson(enrolment.secret(), enrolment.uri()));
  }

  private ApiResponse confirm(ApiCall call) throws ApiException, AuthenticationException {
    Principal.User actor = call.user();
    String code = ApiCall.required(call.body(CodeRequest.class).code(), "code");
    return ApiResponse.ok(new RecoveryCodesJson(totp.confirm(actor, code, call.client())));
  }

  private ApiResponse disable(ApiCall call) throws ApiException, AuthenticationException {
    Principal.User actor = call.user();
    String code = ApiCall.required(call.body(CodeRequest.class).code(), "code");
    totp.disable(actor, code, call.client());
    return ApiResponse.noContent();
  }

  private ApiResponse reset(ApiCall call) throws ApiException {
    totp.reset(call.user(), call.userName("name"));
    return ApiResponse.noContent();
  }
}
