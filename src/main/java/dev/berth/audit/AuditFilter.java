package dev.berth.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * The conditions of a search. Every present field must match, and names are compared exactly.
 *
 * @param since the earliest time, inclusive
 * @param until the latest time, exclusive
 */
public record AuditFilter(
    Optional<String> actor,
    Optional<String> action,
    Optional<String> namespace,
    Optional<String> target,
    Optional<Instant> since,
    Optional<Instant> until) {

  /** A filter that matches every event. */
  public static final AuditFilter ALL =
      new AuditFilter(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
}
