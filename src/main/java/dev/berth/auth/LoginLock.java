package dev.berth.auth;

import java.time.Instant;

/**
 * A throttle key that is locked after repeated failed logins.
 *
 * @param key {@code user:NAME} or {@code address:IP} (IPv6 addresses as their /64 network)
 * @param failures the consecutive failures counted so far
 * @param lockedUntil when the next attempt is accepted again
 */
public record LoginLock(String key, int failures, Instant lockedUntil) {}
