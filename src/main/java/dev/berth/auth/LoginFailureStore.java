package dev.berth.auth;

import dev.berth.db.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The SQL of {@code login_failures}. Every method runs on a handle the caller owns. */
final class LoginFailureStore {

  /** A throttle key's counters; times are milliseconds since the Unix epoch. */
  record FailureRow(String key, int failures, long lastFailureAt, long lockedUntil) {}

  private static final String COLUMNS = "throttle_key, failures, last_failure_at, locked_until";

  private final String forUpdate;

  LoginFailureStore(Dialect dialect) {
    // SQLite serialises writers with BEGIN IMMEDIATE and has no row locks.
    this.forUpdate = dialect == Dialect.POSTGRESQL ? " FOR UPDATE" : "";
  }

  /** Returns the rows of {@code keys} that are locked after {@code now}. */
  List<FailureRow> findLocked(Handle handle, List<String> keys, long now) {
    return handle
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM login_failures"
                + " WHERE throttle_key IN (<keys>) AND locked_until > :now")
        .bindList("keys", keys)
        .bind("now", now)
        .map((rs, ctx) -> row(rs))
        .list();
  }

  /**
   * Returns the row of {@code key}, creating an empty one first, and on PostgreSQL locks it so
   * concurrent failures each count.
   */
  FailureRow lockOrCreate(Handle handle, String key, long now) {
    handle
        .createUpdate(
            "INSERT INTO login_failures (throttle_key, failures, last_failure_at, locked_until)"
                + " VALUES (:key, 0, :now, 0) ON CONFLICT (throttle_key) DO NOTHING")
        .bind("key", key)
        .bind("now", now)
        .execute();
    return handle
        .createQuery(
            "SELECT " + COLUMNS + " FROM login_failures" + " WHERE throttle_key = :key" + forUpdate)
        .bind("key", key)
        .map((rs, ctx) -> row(rs))
        .one();
  }

  void update(Handle handle, FailureRow row) {
    handle
        .createUpdate(
            "UPDATE login_failures SET failures = :failures, last_failure_at = :last,"
                + " locked_until = :until WHERE throttle_key = :key")
        .bind("failures", row.failures())
        .bind("last", row.lastFailureAt())
        .bind("until", row.lockedUntil())
        .bind("key", row.key())
        .execute();
  }

  /** Deletes the row of {@code key}; returns false when there was none. */
  boolean delete(Handle handle, String key) {
    return handle
            .createUpdate("DELETE FROM login_failures WHERE throttle_key = :key")
            .bind("key", key)
            .execute()
        == 1;
  }

  Optional<FailureRow> find(Handle handle, String key) {
    return handle
        .createQuery("SELECT " + COLUMNS + " FROM login_failures" + " WHERE throttle_key = :key")
        .bind("key", key)
        .map((rs, ctx) -> row(rs))
        .findOne();
  }

  /** Returns every row locked after {@code now}, the longest lock first. */
  List<FailureRow> listLocked(Handle handle, long now) {
    return handle
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM login_failures"
                + " WHERE locked_until > :now ORDER BY locked_until DESC, throttle_key")
        .bind("now", now)
        .map((rs, ctx) -> row(rs))
        .list();
  }

  /** Deletes rows that are not locked and whose last failure is before {@code cutoff}. */
  int deleteIdle(Handle handle, long cutoff, long now) {
    return handle
        .createUpdate(
            "DELETE FROM login_failures WHERE last_failure_at < :cutoff AND locked_until <= :now")
        .bind("cutoff", cutoff)
        .bind("now", now)
        .execute();
  }

  private static FailureRow row(ResultSet rs) throws SQLException {
    return new FailureRow(
        rs.getString("throttle_key"),
        rs.getInt("failures"),
        rs.getLong("last_failure_at"),
        rs.getLong("locked_until"));
  }
}
