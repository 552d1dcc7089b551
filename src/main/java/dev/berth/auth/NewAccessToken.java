package dev.berth.auth;

/**
 * A token just created, with its secret. The secret is not stored and cannot be shown again; {@link
 * #toString()} hides it so it cannot leak into a log line.
 *
 * @param token the token's metadata
 * @param secret the value to use as a password, {@code bth_pat_...} or {@code bth_oat_...}
 */
public record NewAccessToken(AccessToken token, String secret) {

  @Override
  public String toString() {
    return "NewAccessToken[token=" + token + ", secret=***]";
  }
}
