package dev.berth.hub.ratelimit;

/** How many pulls a subject may make per window: a number, or no limit at all. */
public sealed interface Quota {

  /** No limit: pulls are not counted and get no rate-limit headers. */
  record Unlimited() implements Quota {}

  /**
   * At most {@code pulls} pulls per window. A limit of 0 rejects every pull.
   *
   * @param pulls the maximum number of counted manifest GETs per window
   */
  record Limited(long pulls) implements Quota {
    public Limited {
      if (pulls < 0) {
        throw new IllegalArgumentException("a pull limit must not be negative, got " + pulls);
      }
    }
  }

  static Quota unlimited() {
    return new Unlimited();
  }

  static Quota of(long pulls) {
    return new Limited(pulls);
  }
}
