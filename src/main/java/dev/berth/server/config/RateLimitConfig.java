package dev.berth.server.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Pull rate limits, counted like Docker Hub's: manifest GETs per fixed window.
 *
 * @param enabled whether pulls are limited; when false, no pull is counted and no rate-limit
 *     header is sent
 * @param window the length of one window, a whole number of seconds
 * @param anonymous pulls per window for each anonymous client address (each /64 for IPv6)
 * @param authenticated pulls per window for each signed-in account without an override
 * @param overrides pulls per window for single accounts by name; an empty value means unlimited
 * @param unlimitedAddresses addresses or CIDR ranges whose callers are never limited
 */
public record RateLimitConfig(
    boolean enabled,
    Duration window,
    long anonymous,
    long authenticated,
    Map<String, OptionalLong> overrides,
    List<String> unlimitedAddresses) {

  /** Docker Hub's window for its documented limits of 100 and 200 pulls. */
  public static final Duration DEFAULT_WINDOW = Duration.ofHours(6);

  public static final long DEFAULT_ANONYMOUS = 100;
  public static final long DEFAULT_AUTHENTICATED = 200;

  public RateLimitConfig {
    overrides = Map.copyOf(overrides);
    unlimitedAddresses = List.copyOf(unlimitedAddresses);
  }

  /** Returns the defaults: off, with 100 anonymous and 200 authenticated pulls per 6 hours. */
  public static RateLimitConfig defaults() {
    return new RateLimitConfig(
        false, DEFAULT_WINDOW, DEFAULT_ANONYMOUS, DEFAULT_AUTHENTICATED, Map.of(), List.of());
  }

  /** Returns these limits switched on. */
  public RateLimitConfig enable() {
    return new RateLimitConfig(
        true, window, anonymous, authenticated, overrides, unlimitedAddresses);
  }
}
