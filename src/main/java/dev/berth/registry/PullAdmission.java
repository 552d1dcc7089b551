package dev.berth.registry;

import java.util.Map;
import java.util.Optional;

/**
 * A {@link PullLimiter}'s decision on one manifest request.
 *
 * @param headers response headers to set whether or not the request is admitted, such as {@code
 *     ratelimit-remaining}, or none for an unlimited caller
 * @param rejection the message of the TOOMANYREQUESTS error when the request is rejected, empty
 *     when it is admitted
 */
public record PullAdmission(Map<String, String> headers, Optional<String> rejection) {

  public PullAdmission {
    headers = Map.copyOf(headers);
  }

  /** Admits the request without rate-limit headers. */
  public static PullAdmission unlimited() {
    return new PullAdmission(Map.of(), Optional.empty());
  }

  /** Admits the request with {@code headers}. */
  public static PullAdmission admitted(Map<String, String> headers) {
    return new PullAdmission(headers, Optional.empty());
  }

  /** Rejects the request with 429 TOOMANYREQUESTS, {@code message} and {@code headers}. */
  public static PullAdmission rejected(String message, Map<String, String> headers) {
    return new PullAdmission(headers, Optional.of(message));
  }
}
