package dev.berth.auth;

/** Exposes package-private throttle settings to tests in other packages. */
public final class AuthTestAccess {

  /** Returns how many failures an address may have before it is locked. */
  public static int addressFreeFailures() {
    return LoginThrottle.ADDRESS_FREE_FAILURES;
  }

  private AuthTestAccess() {}
}
