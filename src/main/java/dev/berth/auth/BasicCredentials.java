package dev.berth.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A user name and secret from an {@code Authorization: Basic} header, as the token endpoint and
 * the registry gate both accept them.
 *
 * @param username the part before the first colon
 * @param secret the part after it: a password or an access token
 */
public record BasicCredentials(String username, String secret) {

  /**
   * Parses {@code header}; returns empty when it is absent or uses another scheme.
   *
   * @throws IllegalArgumentException when the header is Basic but malformed; the message says how
   */
  public static Optional<BasicCredentials> parse(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded =
          new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the Basic Authorization header is not valid base64", e);
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("the Basic Authorization header needs USER:PASSWORD");
    }
    return Optional.of(
        new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
  }

  /** Masks the secret, so the credentials never reach a log line. */
  @Override
  public String toString() {
    return "BasicCredentials[username=" + username + ", secret=******]";
  }
}
