package dev.berth.hub;

/**
 * Raised when a hub request cannot be done. The message is shown to the client, so it names the
 * value and the fix.
 */
public final class HubException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure, which the API maps to an HTTP status. */
  public enum Kind {
    /** A value breaks a rule (400). */
    INVALID,
    /** The caller must sign in first (401). */
    UNAUTHORIZED,
    /** The caller sees the repository but may not do this (403). */
    DENIED,
    /** The repository or tag does not exist, or the caller may not see it (404). */
    NOT_FOUND,
    /** The repository exists already (409). */
    CONFLICT
  }

  private final Kind kind;

  public HubException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  static HubException invalid(String message) {
    return new HubException(Kind.INVALID, message);
  }

  static HubException notFound(String message) {
    return new HubException(Kind.NOT_FOUND, message);
  }
}
