package dev.berth.hub.ratelimit;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The pull rate limits in force.
 *
 * @param window the length of one fixed window, in whole seconds. Windows start at multiples of it
 *     since the Unix epoch.
 * @param anonymous the quota of each anonymous client address (each /64 network for IPv6)
 * @param authenticated the quota of each signed-in account without an override
 * @param overrides quotas of single accounts by name, in place of {@code authenticated}
 * @param unlimitedAddress whether a client address is exempt from every limit
 */
public record RateLimitSettings(
    Duration window,
    Quota anonymous,
    Quota authenticated,
    Map<String, Quota> overrides,
    Predicate<InetAddress> unlimitedAddress) {

  public RateLimitSettings {
    if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.toNanosPart() != 0) {
      throw new IllegalArgumentException(
          "a rate-limit window must be a whole number of seconds, at least 1s; got " + window);
    }
    overrides = Map.copyOf(overrides);
  }
}
