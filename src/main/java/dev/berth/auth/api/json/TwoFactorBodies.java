package dev.berth.auth.api.json;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Bodies of {@code /api/v2/users/me/2fa/...}. */
public final class TwoFactorBodies {

  private TwoFactorBodies() {}

  /**
   * Whether two-factor authentication is on.
   *
   * @param enabled whether login requires a second factor
   * @param recoveryCodesRemaining unused recovery codes left
   */
  public record StatusJson(boolean enabled, int recoveryCodesRemaining) {}

  /**
   * A new authenticator secret, not yet active.
   *
   * @param secret the key in Base32, for typing into an authenticator app
   * @param otpauthUri the {@code otpauth://totp/...} URI, for a QR code
   */
  public record EnrolmentJson(String secret, String otpauthUri) {}

  /** A TOTP code, or for disabling also a recovery code. */
  public record CodeRequest(@Nullable String code) {
    @Override
    public String toString() {
      return "CodeRequest[***]";
    }
  }

  /**
   * Single-use recovery codes, shown this once.
   *
   * @param recoveryCodes ten codes of the form {@code xxxx-xxxx-xxxx-xxxx}
   */
  public record RecoveryCodesJson(List<String> recoveryCodes) {}
}
