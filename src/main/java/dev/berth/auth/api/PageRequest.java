package dev.berth.auth.api;

import java.util.Optional;

/**
 * The {@code page} and {@code page_size} query parameters of a list request.
 *
 * @param page the page number, from 1
 * @param pageSize items per page, 1 to {@value #MAX_PAGE_SIZE}
 */
public record PageRequest(int page, int pageSize) {

  public static final int DEFAULT_PAGE_SIZE = 10;
  public static final int MAX_PAGE_SIZE = 100;

  /**
   * Parses the two parameters; each is optional.
   *
   * @throws ApiException INVALID_REQUEST when either is not a whole number in range
   */
  public static PageRequest parse(Optional<String> page, Optional<String> pageSize) throws ApiException {
    int number = parse("page", page, 1, Integer.MAX_VALUE, 1);
    int size = parse("page_size", pageSize, 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
    return new PageRequest(number, size);
  }

  /** Returns how many items come before this page. */
  public long offset() {
    return (long) (page - 1) * pageSize;
  }

  private static int parse(String name, Optional<String> text, int min, int max, int fallback)
      throws ApiException {
    if (text.isEmpty()) {
      return fallback;
    }
    String range = "from " + min + " to " + max;
    String digits = text.get();
    // Integer.parseInt also takes a sign and non-ASCII digits such as the full-width '１'.
    boolean asciiDigits = !digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9');
    if (!asciiDigits) {
      throw ApiException.invalid(
          "query parameter " + name + "=" + digits + " is invalid; use a whole number " + range);
    }
    long value;
    try {
      value = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      // Only numbers too long for a long reach this branch, so they are out of range too.
      value = Long.MAX_VALUE;
    }
    if (value < min || value > max) {
      throw ApiException.invalid(
          "query parameter " + name + "=" + digits + " is out of range; use a whole number " + range);
    }
    return (int) value;
  }
}
