package dev.berth.auth;

import dev.berth.db.Dialect;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The SQL of two-factor authentication: the TOTP columns of {@code users}, {@code recovery_codes}
 * and {@code login_tickets}. Every method runs on a handle the caller owns.
 */
final class TwoFactorStore {

  /** A second-factor login ticket; times are milliseconds since the Unix epoch. */
  record TicketRow(String ticketHash, String username, int failedAttempts, long expiresAt) {}

  private final String forUpdate;

  TwoFactorStore(Dialect dialect) {
    // SQLite serialises writers with BEGIN IMMEDIATE and has no row locks.
    this.forUpdate = dialect == Dialect.POSTGRESQL ? " FOR UPDATE" : "";
  }

  // TOTP.

  /** Stores a new, not yet confirmed secret, replacing any earlier unconfirmed one. */
  void setPendingSecret(Handle handle, String username, String secret) {
    handle
        .createUpdate(
            "UPDATE users SET totp_secret = :secret, totp_enabled = FALSE, totp_last_step = NULL"
                + " WHERE username = :username")
        .bind("secret", secret)
        .bind("username", username)
        .execute();
  }

  /** Turns TOTP on with {@code step} as the last accepted step; false when it was already on. */
  boolean enable(Handle handle, String username, long step) {
    return handle
            .createUpdate(
                "UPDATE users SET totp_enabled = TRUE, totp_last_step = :step"
                    + " WHERE username = :username AND totp_enabled = FALSE"
                    + " AND totp_secret IS NOT NULL")
            .bind("step", step)
            .bind("username", username)
            .execute()
        == 1;
  }

  /**
   * Records {@code step} as the last accepted one, unless an equal or later step was accepted
   * already; returns false then, so a code is accepted at most once even by concurrent requests.
   */
  boolean advanceStep(Handle handle, String username, long step) {
    return handle
            .createUpdate(
                "UPDATE users SET totp_last_step = :step WHERE username = :username"
                    + " AND totp_enabled = TRUE"
                    + " AND (totp_last_step IS NULL OR totp_last_step < :step)")
            .bind("step", step)
            .bind("username", username)
            .execute()
        == 1;
  }

  /** Turns TOTP off and deletes the secret and the recovery codes. */
  void disable(Handle handle, String username) {
    handle
        .createUpdate(
            "UPDATE users SET totp_secret = NULL, totp_enabled = FALSE, totp_last_step = NULL"
                + " WHERE username = :username")
        .bind("username", username)
        .execute();
    deleteRecoveryCodes(handle, username);
  }

  // Recovery codes.

  void replaceRecoveryCodes(Handle handle, String username, List<String> codeHashes) {
    deleteRecoveryCodes(handle, username);
    PreparedBatch batch =
        handle.prepareBatch(
            "INSERT INTO recovery_codes (username, code_hash) VALUES (:username, :hash)");
    for (String hash : codeHashes) {
      batch.bind("username", username).bind("hash", hash).add();
    }
    batch.execute();
  }

  /** Marks an unused code as used; returns false when there is no such unused code. */
  boolean useRecoveryCode(Handle handle, String username, String codeHash, long now) {
    return handle
            .createUpdate(
                "UPDATE recovery_codes SET used_at = :now"
                    + " WHERE username = :username AND code_hash = :hash AND used_at IS NULL")
            .bind("now", now)
            .bind("username", username)
            .bind("hash", codeHash)
            .execute()
        == 1;
  }

  int countUnusedRecoveryCodes(Handle handle, String username) {
    return handle
        .createQuery(
            "SELECT COUNT(*) FROM recovery_codes WHERE username = :username AND used_at IS NULL")
        .bind("username", username)
        .mapTo(Integer.class)
        .one();
  }

  private void deleteRecoveryCodes(Handle handle, String username) {
    handle
        .createUpdate("DELETE FROM recovery_codes WHERE username = :username")
        .bind("username", username)
        .execute();
  }

  // Login tickets.

  void insertTicket(Handle handle, String ticketHash, String username, long now, long expiresAt) {
    handle
        .createUpdate(
            "INSERT INTO login_tickets (ticket_hash, username, failed_attempts, created_at,"
                + " expires_at) VALUES (:hash, :username, 0, :now, :expires)")
        .bind("hash", ticketHash)
        .bind("username", username)
        .bind("now", now)
        .bind("expires", expiresAt)
        .execute();
  }

  Optional<TicketRow> findTicket(Handle handle, String ticketHash) {
    return selectTicket(handle, ticketHash, "");
  }

  /** Like {@link #findTicket}, and on PostgreSQL locks the row so two uses run one at a time. */
  Optional<TicketRow> lockTicket(Handle handle, String ticketHash) {
    return selectTicket(handle, ticketHash, forUpdate);
  }

  private static Optional<TicketRow> selectTicket(Handle handle, String ticketHash, String lock) {
    return handle
        .createQuery(
            "SELECT ticket_hash, username, failed_attempts, expires_at FROM login_tickets"
                + " WHERE ticket_hash = :hash"
                + lock)
        .bind("hash", ticketHash)
        .map(
            (rs, ctx) ->
                new TicketRow(
                    rs.getString("ticket_hash"),
                    rs.getString("username"),
                    rs.getInt("failed_attempts"),
                    rs.getLong("expires_at")))
        .findOne();
  }

  void setTicketFailures(Handle handle, String ticketHash, int failedAttempts) {
    handle
        .createUpdate(
            "UPDATE login_tickets SET failed_attempts = :failures WHERE ticket_hash = :hash")
        .bind("failures", failedAttempts)
        .bind("hash", ticketHash)
        .execute();
  }

  void deleteTicket(Handle handle, String ticketHash) {
    handle
        .createUpdate("DELETE FROM login_tickets WHERE ticket_hash = :hash")
        .bind("hash", ticketHash)
        .execute();
  }

  int deleteExpiredTickets(Handle handle, long now) {
    return handle
        .createUpdate("DELETE FROM login_tickets WHERE expires_at <= :now")
        .bind("now", now)
        .execute();
  }
}
