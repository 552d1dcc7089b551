package dev.berth.auth.api.json;

/**
 * A throttle key locked after repeated failed logins.
 *
 * @param key {@code user:NAME} or {@code address:IP} (an IPv6 client as its /64 network)
 * @param failures consecutive failures so far
 * @param lockedUntil when the next attempt is accepted again (RFC 3339)
 */
public record LoginLockJson(String key, int failures, String lockedUntil) {}
