package dev.berth.auth;

/**
 * A new TOTP secret for the user's authenticator app; {@link #toString()} hides both values so the
 * enrolment cannot leak into a log line.
 *
 * @param secret the key in RFC 4648 Base32, for typing into the app
 * @param uri the {@code otpauth://totp/...} URI, for showing as a QR code
 */
public record TotpEnrolment(String secret, String uri) {

  @Override
  public String toString() {
    return "TotpEnrolment[secret=***, uri=***]";
  }
}
