package dev.berth.auth;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The SQL of {@code sessions}. Every method runs on a handle the caller owns. */
final class SessionStore {

  /**
   * A session row joined with its user's current flags.
   *
   * @param idHash the SHA-256 of the cookie value, in hex
   * @param expiresAt the absolute end, fixed at login
   * @param idleExpiresAt the end if the session is not used again, moved forward on use
   */
  record SessionRow(
      String idHash,
      String username,
      boolean administrator,
      boolean disabled,
      String csrfToken,
      long createdAt,
      long expiresAt,
      long idleExpiresAt) {}

  void insert(
      Handle handle,
      String idHash,
      String username,
      String csrfToken,
      long createdAt,
      long expiresAt,
      long idleExpiresAt) {
    handle
        .createUpdate(
            "INSERT INTO sessions"
                + " (id_hash, username, csrf_token, created_at, expires_at, idle_expires_at)"
                + " VALUES (:hash, :username, :csrf, :created, :expires, :idle)")
        .bind("hash", idHash)
        .bind("username", username)
        .bind("csrf", csrfToken)
        .bind("created", createdAt)
        .bind("expires", expiresAt)
        .bind("idle", idleExpiresAt)
        .execute();
  }

  Optional<SessionRow> find(Handle handle, String idHash) {
    return handle
        .createQuery(
            "SELECT s.id_hash, s.username, u.is_admin, u.disabled, s.csrf_token, s.created_at,"
                + " s.expires_at, s.idle_expires_at"
                + " FROM sessions s JOIN users u ON u.username = s.username"
                + " WHERE s.id_hash = :hash")
        .bind("hash", idHash)
        .map(
            (rs, ctx) ->
                new SessionRow(
                    rs.getString("id_hash"),
                    rs.getString("username"),
                    rs.getBoolean("is_admin"),
                    rs.getBoolean("disabled"),
                    rs.getString("csrf_token"),
                    rs.getLong("created_at"),
                    rs.getLong("expires_at"),
                    rs.getLong("idle_expires_at")))
        .findOne();
  }

  /** Moves the idle end of a session forward, never backward. */
  void extendIdle(Handle handle, String idHash, long idleExpiresAt) {
    handle
        .createUpdate(
            "UPDATE sessions SET idle_expires_at = :idle"
                + " WHERE id_hash = :hash AND idle_expires_at < :idle")
        .bind("idle", idleExpiresAt)
        .bind("hash", idHash)
        .execute();
  }

  /** Deletes one session; returns false when there was none. */
  boolean delete(Handle handle, String idHash) {
    return handle
            .createUpdate("DELETE FROM sessions WHERE id_hash = :hash")
            .bind("hash", idHash)
            .execute()
        == 1;
  }

  /** Deletes sessions past either end; returns how many. */
  int deleteExpired(Handle handle, long now) {
    return handle
        .createUpdate("DELETE FROM sessions WHERE expires_at <= :now OR idle_expires_at <= :now")
        .bind("now", now)
        .execute();
  }
}
