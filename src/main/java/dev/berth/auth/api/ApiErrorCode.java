package dev.berth.auth.api;

/** The error codes of the JSON API, each with the HTTP status it is sent with. */
public enum ApiErrorCode {
  /** A request value is missing or breaks a rule; the message names it and the fix. */
  INVALID_REQUEST(400),
  /** No credentials, or credentials that are wrong, expired or revoked. */
  UNAUTHORIZED(401),
  /** The caller is known but may not do this. */
  DENIED(403),
  /** The access token's scope or kind does not cover this endpoint. */
  INSUFFICIENT_SCOPE(403),
  /** A cookie-authenticated write lacks the session's {@code X-CSRF-Token}. */
  CSRF_TOKEN_INVALID(403),
  /** The resource or route does not exist. */
  NOT_FOUND(404),
  /** The route exists but not with this method. */
  METHOD_NOT_ALLOWED(405),
  /** The change clashes with the current state, such as a taken name. */
  CONFLICT(409),
  /** The request body is over the limit. */
  BODY_TOO_LARGE(413),
  /** The request body is not {@code application/json}. */
  UNSUPPORTED_MEDIA_TYPE(415),
  /** Too many failed logins; the {@code Retry-After} header says how long to wait. */
  TOO_MANY_REQUESTS(429),
  /** A fault in Berth; the log has the details. */
  INTERNAL_ERROR(500);

  private final int status;

  ApiErrorCode(int status) {
    this.status = status;
  }

  /** Returns the HTTP status this code is sent with. */
  public int status() {
    return status;
  }
}
