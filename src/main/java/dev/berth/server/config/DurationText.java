package dev.berth.server.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The duration syntax of the configuration: a whole number and a unit, such as 30s or 500ms. */
final class DurationText {

  private static final Pattern SYNTAX = Pattern.compile("(\\d{1,18})(ms|s|m|h)");

  private DurationText() {}

  /**
   * Parses a duration such as {@code 500ms}, {@code 30s}, {@code 10m} or {@code 24h}.
   *
   * @throws IllegalArgumentException when {@code text} is not in that form or out of range
   */
  static Duration parse(String text) {
    Matcher matcher = SYNTAX.matcher(text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          ConfigBinder.quote(text)
              + " is not a duration; use a number with ms, s, m or h, such as 30s");
    }
    long amount = Long.parseLong(matcher.group(1));
    ChronoUnit unit =
        switch (matcher.group(2)) {
          case "ms" -> ChronoUnit.MILLIS;
          case "s" -> ChronoUnit.SECONDS;
          case "m" -> ChronoUnit.MINUTES;
          default -> ChronoUnit.HOURS;
        };
    try {
      return Duration.of(amount, unit);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          ConfigBinder.quote(text) + " is out of range; use a shorter duration, such as 24h", e);
    }
  }

  /** Formats a duration in the largest unit that represents it exactly, so parse reads it back. */
  static String format(Duration duration) {
    if (duration.toMillis() % 3_600_000 == 0 && !duration.isZero()) {
      return duration.toHours() + "h";
    }
    if (duration.toMillis() % 60_000 == 0 && !duration.isZero()) {
      return duration.toMinutes() + "m";
    }
    if (duration.toMillis() % 1_000 == 0) {
      return duration.toSeconds() + "s";
    }
    return duration.toMillis() + "ms";
  }
}
