package dev.berth.server.config;

/**
 * The web UI.
 *
 * @param signupEnabled whether anyone who reaches the server may create an account on the sign-up
 *     page; when false, only administrators create users
 */
public record UiConfig(boolean signupEnabled) {

  /** Sign-up is off, because a server reachable from a network should not hand out accounts. */
  public static UiConfig defaults() {
    return new UiConfig(false);
  }
}
