package dev.berth.web;

/** Rows of the administration tables, with times formatted. */
public final class AdminRows {

  private AdminRows() {}

  /**
   * A user.
   *
   * @param username the user's name
   * @param email the e-mail address
   * @param administrator whether the user administers this Berth
   * @param disabled whether the account is disabled
   * @param twoFactor whether two-factor authentication is on
   * @param created when the account was created
   */
  public record User(
      String username,
      String email,
      boolean administrator,
      boolean disabled,
      boolean twoFactor,
      String created) {}

  /**
   * A login lock that throttling set.
   *
   * @param key the throttled key, {@code user:NAME} or {@code address:IP}
   * @param failures consecutive failures so far
   * @param lockedUntil when the lock ends
   */
  public record Lock(String key, int failures, String lockedUntil) {}
}
