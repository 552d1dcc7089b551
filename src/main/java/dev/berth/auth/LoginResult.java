package dev.berth.auth;

import java.time.Instant;

/**
 * The outcome of the first step of an interactive login, {@link AccountAuthenticator#beginLogin}.
 */
public sealed interface LoginResult {

  /**
   * The password was enough: the user has no second factor.
   *
   * @param user the logged-in user
   */
  record Complete(Principal.User user) implements LoginResult {}

  /**
   * The password was right and a second factor is due: pass {@code ticket} with a TOTP or recovery
   * code to {@link AccountAuthenticator#completeLogin}. {@link #toString()} hides the ticket.
   *
   * @param username the user the ticket is for
   * @param ticket a single-use random value; only its hash is stored
   * @param expiresAt when the ticket stops working
   */
  record SecondFactorRequired(String username, String ticket, Instant expiresAt)
      implements LoginResult {

    @Override
    public String toString() {
      return "SecondFactorRequired[username="
          + username
          + ", ticket=***, expiresAt="
          + expiresAt
          + "]";
    }
  }
}
