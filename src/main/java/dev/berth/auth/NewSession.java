package dev.berth.auth;

/**
 * A session just created at login, with the cookie value that identifies it. Only the SHA-256 of
 * {@code id} is stored, so this is the one time it exists in full; {@link #toString()} hides it.
 *
 * @param id the cookie value, 32 random bytes in unpadded base64url
 * @param session the session, with its CSRF token
 */
public record NewSession(String id, Session session) {

  @Override
  public String toString() {
    return "NewSession[id=***, session=" + session + "]";
  }
}
