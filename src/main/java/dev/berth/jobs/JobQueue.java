package dev.berth.jobs;

import dev.berth.db.Dialect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code jobs} table. A job is enqueued on the caller's handle, so it commits or rolls back
 * with the change that caused it. Workers claim due jobs by writing a lease. On PostgreSQL the
 * claim selects with {@code FOR UPDATE SKIP LOCKED}, so a node skips rows another node is claiming.
 * On SQLite the claim runs in an immediate transaction, which serializes writers. Finishing a job
 * checks the lease, so a worker whose lease expired and was taken over cannot overwrite the new
 * owner's outcome. Thread-safe.
 */
public final class JobQueue {

  /** How long a job waits after its handler threw, since the fault is likely in Berth. */
  public static final Duration RETRY_AFTER_CRASH = Duration.ofMinutes(1);

  static final String PENDING = "pending";
  static final String DONE = "done";
  static final String FAILED = "failed";

  private final Jdbi jdbi;
  private final Dialect dialect;
  private final String skipLocked;

  public JobQueue(Jdbi jdbi, Dialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.skipLocked = dialect == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
  }

  /**
   * Inserts a pending job on {@code handle}, due at {@code dueAt}, and returns its id.
   *
   * @param dueAt milliseconds since the Unix epoch
   */
  public String enqueue(Handle handle, String kind, String payload, long dueAt) {
    String id = UUID.randomUUID().toString();
    handle
        .createUpdate(
            "INSERT INTO jobs (id, kind, payload, state, attempts, next_attempt_at, created_at)"
                + " VALUES (:id, :kind, :payload, :state, 0, :due, :due)")
        .bind("id", id)
        .bind("kind", kind)
        .bind("payload", payload)
        .bind("state", PENDING)
        .bind("due", dueAt)
        .execute();
    return id;
  }

  /**
   * Claims up to {@code limit} pending jobs of {@code kinds} that are due at {@code now} and hold
   * no live lease, oldest due first, for {@code owner} until {@code now + lease}. Each claim counts
   * as an attempt.
   */
  public List<Job> claim(
      String owner, Collection<String> kinds, int limit, Duration lease, long now) {
    if (kinds.isEmpty() || limit <= 0) {
      return List.of();
    }
    return jdbi.inTransaction(
        h -> {
          List<String> ids =
              h.createQuery(
                      "SELECT id FROM jobs WHERE state = :pending AND next_attempt_at <= :now"
                          + " AND kind IN (<kinds>)"
                          + " AND (lease_expires_at IS NULL OR lease_expires_at <= :now)"
                          + " ORDER BY next_attempt_at, id LIMIT :limit"
                          + skipLocked)
                  .bind("pending", PENDING)
                  .bind("now", now)
                  .bindList("kinds", List.copyOf(kinds))
                  .bind("limit", limit)
                  .mapTo(String.class)
                  .list();
          List<Job> claimed = new ArrayList<>();
          for (String id : ids) {
            h.createUpdate(
                    "UPDATE jobs SET lease_owner = :owner, lease_expires_at = :expires,"
                        + " attempts = attempts + 1 WHERE id = :id")
                .bind("owner", owner)
                .bind("expires", now + lease.toMillis())
                .bind("id", id)
                .execute();
            claimed.add(
                h.createQuery(
                        "SELECT id, kind, payload, attempts, created_at FROM jobs WHERE id = :id")
                    .bind("id", id)
                    .map(
                        (rs, ctx) ->
                            new Job(
                                rs.getString("id"),
                                rs.getString("kind"),
                                rs.getString("payload"),
                                rs.getInt("attempts"),
                                rs.getLong("created_at")))
                    .one());
          }
          return claimed;
        });
  }

  /**
   * Marks a claimed job done. Returns false when {@code owner} no longer holds its lease, because
   * the lease expired and another worker took the job over.
   */
  public boolean complete(String id, String owner, long now) {
    return complete(id, owner, now, JobOutcome.Effect.NONE);
  }

  /**
   * Marks a claimed job done and writes {@code effect} in the same transaction. The effect is
   * written even when {@code owner} lost the lease, because it records work that really happened,
   * and the method then returns false.
   */
  public boolean complete(String id, String owner, long now, JobOutcome.Effect effect) {
    return finish(id, owner, DONE, Optional.empty(), now, effect);
  }

  /** Marks a claimed job failed for good; returns false as {@link #complete} does. */
  public boolean giveUp(String id, String owner, String error, long now) {
    return giveUp(id, owner, error, now, JobOutcome.Effect.NONE);
  }

  /** Marks a claimed job failed for good with {@code effect}, as {@link #complete} does. */
  public boolean giveUp(
      String id, String owner, String error, long now, JobOutcome.Effect effect) {
    return finish(id, owner, FAILED, Optional.of(error), now, effect);
  }

  /** Releases a claimed job to run again at {@code at}; returns false as {@link #complete} does. */
  public boolean retry(String id, String owner, long at, String error) {
    return retry(id, owner, at, error, JobOutcome.Effect.NONE);
  }

  /**
   * Releases a claimed job to run again at {@code at} with {@code effect}, like {@link
   * #complete}.
   */
  public boolean retry(String id, String owner, long at, String error, JobOutcome.Effect effect) {
    return jdbi.inTransaction(
        h -> {
          boolean leased =
              h.createUpdate(
                          "UPDATE jobs SET next_attempt_at = :at, last_error = :error,"
                              + " lease_owner = NULL, lease_expires_at = NULL"
                              + " WHERE id = :id AND lease_owner = :owner AND state = :pending")
                      .bind("at", at)
                      .bind("error", error)
                      .bind("id", id)
                      .bind("owner", owner)
                      .bind("pending", PENDING)
                      .execute()
                  == 1;
          effect.write(h);
          return leased;
        });
  }

  private boolean finish(
      String id,
      String owner,
      String state,
      Optional<String> error,
      long now,
      JobOutcome.Effect effect) {
    return jdbi.inTransaction(
        h -> {
          boolean leased =
              h.createUpdate(
                          "UPDATE jobs SET state = :state, last_error = :error, finished_at = :now,"
                              + " lease_owner = NULL, lease_expires_at = NULL"
                              + " WHERE id = :id AND lease_owner = :owner AND state = :pending")
                      .bind("state", state)
                      .bind("error", error.orElse(null))
                      .bind("now", now)
                      .bind("id", id)
                      .bind("owner", owner)
                      .bind("pending", PENDING)
                      .execute()
                  == 1;
          effect.write(h);
          return leased;
        });
  }

  /**
   * Drops the leases of every pending job, so jobs a killed process held run at once instead of
   * after their lease expires. Only SQLite does this: one SQLite file serves one process, so at
   * startup no other worker can hold a lease. On PostgreSQL other nodes may be working, and their
   * leases are left to expire. Returns how many leases were dropped.
   */
  public int releaseStaleLeases() {
    if (dialect != Dialect.SQLITE) {
      return 0;
    }
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "UPDATE jobs SET lease_owner = NULL, lease_expires_at = NULL"
                        + " WHERE state = :pending AND lease_owner IS NOT NULL")
                .bind("pending", PENDING)
                .execute());
  }

  /** Deletes done and failed jobs that finished before {@code before}; returns how many. */
  public int purgeFinished(long before) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "DELETE FROM jobs WHERE state IN (:done, :failed) AND finished_at < :before")
                .bind("done", DONE)
                .bind("failed", FAILED)
                .bind("before", before)
                .execute());
  }

  /**
   * Returns the state of job {@code id}: {@code pending}, {@code done} or {@code failed}, or empty
   * when there is no such job.
   */
  public Optional<String> state(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT state FROM jobs WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .findOne());
  }
}
