package dev.berth.auth;

import java.time.Duration;
import java.util.Optional;

/** The rejections every login path shares, worded once so no path reveals more than another. */
final class LoginMessages {

  private LoginMessages() {}

  /**
   * Returns a THROTTLED rejection whose retry delay is {@code wait} rounded up to whole seconds.
   */
  static AuthenticationException throttled(Duration wait) {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    return new AuthenticationException(
        AuthenticationException.Reason.THROTTLED,
        "too many failed login attempts; try again in "
            + seconds
            + (seconds == 1 ? " second" : " seconds"),
        Optional.of(Duration.ofSeconds(seconds)));
  }

  /** Returns the rejection for an unknown user name or a wrong password, which are alike. */
  static AuthenticationException invalidPassword() {
    return new AuthenticationException(
        AuthenticationException.Reason.INVALID_CREDENTIALS, "invalid username or password");
  }

  static AuthenticationException disabled(String username) {
    return new AuthenticationException(
        AuthenticationException.Reason.DISABLED,
        "account " + username + " is disabled; ask an administrator to enable it");
  }
}
