package dev.berth.hub.ratelimit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The JSON bodies of the rate-limit API, with snake_case names on the wire. */
final class RateLimitJson {

  private RateLimitJson() {}

  /**
   * The limits in force, from {@code GET /api/v2/admin/rate-limits}.
   *
   * @param enabled whether {@code rate_limits.enabled} is true
   * @param windowSeconds the length of one window
   * @param anonymous pulls per window of each anonymous address
   * @param authenticated pulls per window of each account without an override
   * @param unlimitedAddresses the addresses and CIDR ranges that are never limited
   * @param overrides the override of each account that has one, ordered by account
   */
  record Limits(
      boolean enabled,
      long windowSeconds,
      long anonymous,
      long authenticated,
      List<String> unlimitedAddresses,
      List<AccountLimit> overrides) {}

  /**
   * One account's override.
   *
   * @param account the user or organization name
   * @param pullLimit pulls per window, or null when {@code unlimited}
   * @param unlimited whether the account is never limited
   * @param source {@code api} when an administrator set it, {@code config} when it comes from
   *     {@code rate_limits.overrides}
   * @param updatedBy the administrator who set it, null for {@code config}
   * @param updatedAt when it was set (RFC 3339), null for {@code config}
   */
  record AccountLimit(
      String account,
      @Nullable Long pullLimit,
      boolean unlimited,
      String source,
      @Nullable String updatedBy,
      @Nullable String updatedAt) {}

  /**
   * The body of {@code PUT /api/v2/admin/rate-limits/overrides/{account}}: either a pull limit
   * or {@code "unlimited": true}.
   */
  record OverrideRequest(@Nullable Long pullLimit, @Nullable Boolean unlimited) {}
}
