package dev.berth.hub.ratelimit;

import java.util.Collection;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The SQL of the {@code pull_counts} table. The same statements run on SQLite and PostgreSQL. */
final class PullCountStore {

  /**
   * Pulls one subject made in one window that this node has not yet written.
   *
   * @param subject the counted subject, such as {@code account:alice}
   * @param windowStart the window's start, in milliseconds since the Unix epoch
   * @param pulls the pulls to add, at least 1
   */
  record Delta(String subject, long windowStart, long pulls) {}

  private final Jdbi jdbi;

  PullCountStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Returns the pulls stored for {@code subject} in the window starting at {@code windowStart}. */
  long count(String subject, long windowStart) {
    return jdbi.withHandle(h -> find(h, subject, windowStart)).orElse(0L);
  }

  /**
   * Adds every delta to its stored count in one transaction, and returns the totals afterwards,
   * in the order of {@code deltas}. The totals include what other nodes added.
   */
  long[] add(Collection<Delta> deltas) {
    return jdbi.inTransaction(
        h -> {
          PreparedBatch batch =
              h.prepareBatch(
                  "INSERT INTO pull_counts (subject, window_start, pulls)"
                      + " VALUES (:subject, :windowStart, :pulls)"
                      + " ON CONFLICT (subject, window_start)"
                      + " DO UPDATE SET pulls = pull_counts.pulls + excluded.pulls");
          for (Delta delta : deltas) {
            batch
                .bind("subject", delta.subject())
                .bind("windowStart", delta.windowStart())
                .bind("pulls", delta.pulls())
                .add();
          }
          batch.execute();

          long[] totals = new long[deltas.size()];
          int i = 0;
          for (Delta delta : deltas) {
            totals[i++] = find(h, delta.subject(), delta.windowStart()).orElse(0L);
          }
          return totals;
        });
  }

  /** Deletes the counts of windows that started before {@code windowStart} and returns how many. */
  int deleteBefore(long windowStart) {
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM pull_counts WHERE window_start < :windowStart")
                .bind("windowStart", windowStart)
                .execute());
  }

  private static Optional<Long> find(Handle h, String subject, long windowStart) {
    return h.createQuery(
            "SELECT pulls FROM pull_counts WHERE subject = :subject AND window_start = :windowStart")
        .bind("subject", subject)
        .bind("windowStart", windowStart)
        .mapTo(Long.class)
        .findOne();
  }
}
