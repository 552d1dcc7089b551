package dev.berth.auth.api.json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Formats times in API responses as RFC 3339 in UTC with exactly three fraction digits, such as
 * {@code 2026-01-01T12:00:28.000Z}, because Berth stores milliseconds and clients should see one
 * shape. {@link Instant#toString()} drops zero fractions and would print nanoseconds.
 */
public final class JsonTimes {

  private static final DateTimeFormatter MILLISECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private JsonTimes() {}

  /** Formats {@code instant}, truncated to milliseconds. */
  public static String format(Instant instant) {
    return MILLISECONDS.format(instant);
  }

  /** Formats {@code instant}, or returns null when it is absent. */
  public static @Nullable String format(Optional<Instant> instant) {
    return instant.map(JsonTimes::format).orElse(null);
  }
}
