package dev.berth.auth.api;

import java.time.Duration;
import java.util.Optional;

/**
 * Raised by an endpoint to send an error. The message is shown to the client, so it names the value
 * and the fix and never contains a secret.
 */
public final class ApiException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ApiErrorCode code;
  private final transient Optional<Duration> retryAfter;

  public ApiException(ApiErrorCode code, String message) {
    this(code, message, Optional.empty());
  }

  public ApiException(ApiErrorCode code, String message, Optional<Duration> retryAfter) {
    super(message);
    this.code = code;
    this.retryAfter = retryAfter;
  }

  public ApiErrorCode code() {
    return code;
  }

  /** Returns how long a throttled client should wait, sent as {@code Retry-After}. */
  public Optional<Duration> retryAfter() {
    return retryAfter;
  }

  public static ApiException invalid(String message) {
    return new ApiException(ApiErrorCode.INVALID_REQUEST, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(ApiErrorCode.NOT_FOUND, message);
  }

  public static ApiException denied(String message) {
    return new ApiException(ApiErrorCode.DENIED, message);
  }
}
