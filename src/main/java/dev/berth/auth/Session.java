package dev.berth.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * A live web or API session, as {@link SessionService#authenticate} finds it. {@link #toString()}
 * hides the CSRF token.
 *
 * @param user the signed-in user, with the administrator flag as it is now
 * @param csrfToken the value every cookie-authenticated write must send in {@code X-CSRF-Token}
 * @param createdAt when the user logged in
 * @param expiresAt when the session ends unless it is used again: the earlier of the idle and the
 *     absolute end
 */
public record Session(Principal.User user, String csrfToken, Instant createdAt, Instant expiresAt) {

  /** Returns whether {@code presented} is this session's CSRF token, compared in constant time. */
  public boolean csrfTokenMatches(String presented) {
    return MessageDigest.isEqual(
        csrfToken.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Session[user="
        + user.username()
        + ", csrfToken=***, createdAt="
        + createdAt
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
