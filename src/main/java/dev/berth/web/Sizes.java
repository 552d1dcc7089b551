package dev.berth.web;

import java.util.Locale;

/** Formats byte counts for people, in binary units: 1 KB is 1,024 bytes. */
final class Sizes {

  private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

  private Sizes() {}

  /** Returns {@code bytes} in the largest unit below 1024 of it, such as {@code 2.4 MB}. */
  static String human(long bytes) {
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0
        ? bytes + " B"
        : String.format(Locale.ROOT, value >= 100 ? "%.0f %s" : "%.1f %s", value, UNITS[unit]);
  }
}
