package dev.berth.hub.ratelimit;

import java.time.Instant;

/**
 * A pull limit of one account that an administrator set through the API.
 *
 * @param account the user or organization name
 * @param quota the account's quota in place of the configured one
 * @param updatedBy the administrator who set it
 * @param updatedAt when it was set
 */
public record AccountOverride(String account, Quota quota, String updatedBy, Instant updatedAt) {}
