package dev.berth.auth;

import java.time.Duration;
import java.util.Optional;

/** Raised when credentials are not accepted; the message is safe to show the client. */
public final class AuthenticationException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why credentials were rejected. */
  public enum Reason {
    /** Unknown user, wrong password, or unknown, revoked or expired token. */
    INVALID_CREDENTIALS,
    /** The account is disabled by an administrator. */
    DISABLED,
    /** Too many recent failures for this account or address. */
    THROTTLED,
    /** Two-factor authentication is on, so a password alone is not enough here. */
    SECOND_FACTOR_REQUIRED
  }

  private final Reason reason;
  private final transient Optional<Duration> retryAfter;

  public AuthenticationException(Reason reason, String message) {
    this(reason, message, Optional.empty());
  }

  public AuthenticationException(Reason reason, String message, Optional<Duration> retryAfter) {
    super(message);
    this.reason = reason;
    this.retryAfter = retryAfter;
  }

  public Reason reason() {
    return reason;
  }

  /** Returns how long the client should wait, for THROTTLED. */
  public Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
