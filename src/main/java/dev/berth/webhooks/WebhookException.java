package dev.berth.webhooks;

/**
 * A webhook request that cannot be carried out. The message is shown to the API client, so it names
 * the value and the fix and never contains a secret.
 */
public final class WebhookException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The cause of the failure. */
  public enum Kind {
    /** A value breaks a rule. */
    INVALID,
    /** The URL reaches an address the SSRF guard blocks. */
    BLOCKED,
    /** No such webhook, or the caller may not see it. */
    NOT_FOUND,
    /** The change clashes with the current state, such as a full scope. */
    CONFLICT
  }

  private final Kind kind;

  WebhookException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  static WebhookException invalid(String message) {
    return new WebhookException(Kind.INVALID, message);
  }

  static WebhookException blocked(String message) {
    return new WebhookException(Kind.BLOCKED, message);
  }

  static WebhookException conflict(String message) {
    return new WebhookException(Kind.CONFLICT, message);
  }

  static WebhookException notFound(String message) {
    return new WebhookException(Kind.NOT_FOUND, message);
  }
}
