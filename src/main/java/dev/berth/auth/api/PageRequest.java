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
    String range = max == Integer.MAX_VALUE ? min + " or more" : min + " to " + max;
    int value;
    try {
      value = Integer.parseInt(text.get());
    } catch (NumberFormatException e) {
      throw ApiException.invalid(
          "query parameter "
              + name
              + "="
              + text.get()
              + " is invalid; use a whole number "
              + range);
    }
    if (value < min || value > max) {
      throw ApiException.invalid(
          "query parameter " + name + "=" + value + " is out of range; use " + range);
    }
    return value;
  }
}
