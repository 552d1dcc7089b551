package dev.berth.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Formats times for pages: UTC, minutes, ISO order, so both languages read them alike. */
final class Times {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private Times() {}

  static String format(Instant instant) {
    return FORMAT.format(instant);
  }

  /** Returns the formatted time, or an empty string when absent. */
  static String format(Optional<Instant> instant) {
    return instant.map(Times::format).orElse("");
  }
}
