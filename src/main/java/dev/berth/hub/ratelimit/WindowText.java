package dev.berth.hub.ratelimit;

import java.time.Duration;

/** Formats a duration for messages in the units of the configuration, such as {@code 6h}. */
final class WindowText {

  private WindowText() {}

  /** Formats {@code duration} as days, hours, minutes and seconds, such as {@code 1h30m}. */
  static String format(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds == 0) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    long[] sizes = {86_400, 3_600, 60, 1};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      long count = seconds / sizes[i];
      if (count > 0) {
        text.append(count).append(units[i]);
        seconds -= count * sizes[i];
      }
    }
    return text.toString();
  }
}
