package dev.berth.webhooks;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Exponential back-off: after attempt n fails, the next waits {@code firstDelay * 2^(n-1)}, at most
 * {@code maxDelay}, and no attempt starts later than {@code window} after the event.
 *
 * @param firstDelay the wait after the first failure
 * @param maxDelay the longest wait between attempts
 * @param window how long after the event attempts go on
 */
record RetryPolicy(Duration firstDelay, Duration maxDelay, Duration window) {

  /** 10 s, 20 s, 40 s and so on up to an hour between attempts, for 24 hours: 33 attempts. */
  static final RetryPolicy DEFAULT =
      new RetryPolicy(Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(24));

  /**
   * Returns when attempt {@code failedAttempt + 1} should start, or empty when it would start after
   * the window and the delivery is given up.
   *
   * @param eventAt when the event happened, in milliseconds since the Unix epoch
   * @param now when attempt {@code failedAttempt} ended
   */
  OptionalLong nextAttemptAt(int failedAttempt, long eventAt, long now) {
    long delay = firstDelay.toMillis();
    for (int i = 1; i < failedAttempt && delay < maxDelay.toMillis(); i++) {
      delay *= 2;
    }
    long at = now + Math.min(delay, maxDelay.toMillis());
    return at > eventAt + window.toMillis() ? OptionalLong.empty() : OptionalLong.of(at);
  }
}
