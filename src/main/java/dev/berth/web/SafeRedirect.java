package dev.berth.web;

import java.util.Optional;

/** Checks return paths from query strings, so a link cannot send users to another site. */
final class SafeRedirect {

  private SafeRedirect() {}

  /**
   * Returns {@code next} when it is a path on this server, or {@code fallback}. A path must start
   * with one {@code /}; {@code //host} and {@code /\host} would leave the site, and control
   * characters could split headers.
   */
  static String path(Optional<String> next, String fallback) {
    if (next.isEmpty()) {
      return fallback;
    }
    String value = next.get();
    boolean local =
        value.startsWith("/")
            && !value.startsWith("//")
            && !value.startsWith("/\\")
            && value.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    return local ? value : fallback;
  }
}
