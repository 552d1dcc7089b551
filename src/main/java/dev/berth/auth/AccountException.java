package dev.berth.auth;

/**
 * Raised when an account operation is rejected. The message names the value and the rule and is
 * safe to show the caller; {@link #kind()} maps to the HTTP status the edge returns.
 */
public final class AccountException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Reasons an operation is rejected. */
  public enum Kind {
    /** An input breaks a rule, such as a name's syntax or a password's length (HTTP 400). */
    INVALID,
    /** A user, organization, team, member or token does not exist (HTTP 404). */
    NOT_FOUND,
    /** The operation clashes with existing state, such as a taken name (HTTP 409). */
    CONFLICT,
    /** The acting user may not do this (HTTP 403). */
    FORBIDDEN
  }

  private final Kind kind;

  public AccountException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  static AccountException invalid(String message) {
    return new AccountException(Kind.INVALID, message);
  }

  static AccountException notFound(String message) {
    return new AccountException(Kind.NOT_FOUND, message);
  }

  static AccountException conflict(String message) {
    return new AccountException(Kind.CONFLICT, message);
  }

  static AccountException forbidden(String message) {
    return new AccountException(Kind.FORBIDDEN, message);
  }
}
