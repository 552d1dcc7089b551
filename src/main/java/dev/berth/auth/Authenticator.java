package dev.berth.auth;

import java.net.InetAddress;

/** Checks a user name with a password or an access token, as sent in Basic auth. */
public interface Authenticator {

  /**
   * Returns the principal for {@code username} and {@code secret}, which is the user's password
   * or one of their (or their organization's) access tokens.
   *
   * @param client the caller's address, for per-address throttling
   * @throws AuthenticationException when the credentials are not accepted; its reason says why
   */
  Principal authenticate(String username, String secret, InetAddress client)
      throws AuthenticationException;
}
