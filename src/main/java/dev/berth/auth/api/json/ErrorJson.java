package dev.berth.auth.api.json;

import java.util.List;

/**
 * The body of every error response: {@code {"errors":[{"code":"...","message":"..."}]}}, the shape
 * the registry API uses too.
 *
 * @param errors one entry per problem; the API sends exactly one
 */
public record ErrorJson(List<Entry> errors) {

  public ErrorJson {
    errors = List.copyOf(errors);
  }

  /** Returns the body for one error. */
  public static ErrorJson of(String code, String message) {
    return new ErrorJson(List.of(new Entry(code, message)));
  }

  /**
   * One problem.
   *
   * @param code a constant such as {@code INVALID_REQUEST}
   * @param message what failed, on which value, and what to do next
   */
  public record Entry(String code, String message) {}
}
