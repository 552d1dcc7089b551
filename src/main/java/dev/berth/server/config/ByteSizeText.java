package dev.berth.server.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The size syntax of the configuration: a number of bytes, or a whole number with a binary unit
 * such as 512KiB or 4MiB.
 */
final class ByteSizeText {

  private static final Pattern SYNTAX = Pattern.compile("(\\d{1,18})\\s*(B|KiB|MiB|GiB)?");
  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;
  private static final long GIB = 1024 * MIB;

  private ByteSizeText() {}

  /**
   * Parses a size such as {@code 4194304}, {@code 512KiB} or {@code 4MiB} into bytes.
   *
   * @throws IllegalArgumentException when {@code text} is not in that form or too large for a long
   */
  static long parse(String text) {
    Matcher matcher = SYNTAX.matcher(text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          ConfigBinder.quote(text)
              + " is not a size; use a number of bytes, or a number with KiB, MiB or GiB, such as"
              + " 4MiB");
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "B" : matcher.group(2);
    long multiplier =
        switch (unit) {
          case "KiB" -> KIB;
          case "MiB" -> MIB;
          case "GiB" -> GIB;
          default -> 1;
        };
    try {
      return Math.multiplyExact(amount, multiplier);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          ConfigBinder.quote(text) + " is out of range; use a smaller size, such as 4MiB", e);
    }
  }

  /**
   * Formats a size in the largest binary unit that represents it exactly, so parse reads it back.
   */
  static String format(long bytes) {
    if (bytes != 0 && bytes % GIB == 0) {
      return bytes / GIB + "GiB";
    }
    if (bytes != 0 && bytes % MIB == 0) {
      return bytes / MIB + "MiB";
    }
    if (bytes != 0 && bytes % KIB == 0) {
      return bytes / KIB + "KiB";
    }
    return Long.toString(bytes);
  }
}
