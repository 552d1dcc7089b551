package dev.berth.audit.api;

import dev.berth.audit.AuditActions;
import dev.berth.audit.AuditFilter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Parses the filter parameters of an audit log search, shared by the API and the admin page. Empty
 * values mean no filter.
 */
public final class AuditQuery {

  private AuditQuery() {}

  /** Raised for a filter value that cannot be used; the message names the value and the fix. */
  public static final class InvalidFilter extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidFilter(String message) {
      super(message);
    }
  }

  /**
   * Returns the filter of the parameters that {@code parameter} returns by name ({@code actor},
   * {@code action}, {@code namespace}, {@code target}, {@code since}, {@code until}), with times
   * in RFC 3339.
   *
   * @throws InvalidFilter for an unknown action, a malformed time or a range that ends before it
   *     starts
   */
  public static AuditFilter parse(Function<String, Optional<String>> parameter)
      throws InvalidFilter {
    Optional<String> action = present(parameter.apply("action"));
    if (action.isPresent() && !AuditActions.ALL.contains(action.get())) {
      throw new InvalidFilter(
          "action="
              + action.get()
              + " is not a recorded action; use one of "
              + String.join(", ", AuditActions.ALL));
    }
    Optional<Instant> since = time("since", parameter.apply("since"));
    Optional<Instant> until = time("until", parameter.apply("until"));
    if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
      throw new InvalidFilter(
          "since="
              + since.get()
              + " is not before until="
              + until.get()
              + "; swap them or widen the range");
    }
    return new AuditFilter(
        present(parameter.apply("actor")),
        action,
        present(parameter.apply("namespace")),
        present(parameter.apply("target")),
        since,
        until);
  }

  private static Optional<Instant> time(String name, Optional<String> value)
      throws InvalidFilter {
    Optional<String> text = present(value);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text.get()).toInstant());
    } catch (DateTimeParseException e) {
      throw new InvalidFilter(
          name
              + "="
              + text.get()
              + " is not an RFC 3339 time; use a time with an offset, such as"
              + " 2026-01-31T12:00:00Z");
    }
  }

  private static Optional<String> present(Optional<String> value) {
    return value.map(String::trim).filter(v -> !v.isEmpty());
  }
}
