/**
 * Pull rate limits: how many manifest pulls an anonymous address or a signed-in account may make
 * per fixed window, counted the way Docker Hub counts them.
 *
 * <p>{@link dev.berth.hub.ratelimit.RateLimiter} is the {@link dev.berth.registry.PullLimiter}
 * the server hands to the registry when {@code rate_limits.enabled} is true. It keeps counts in
 * memory ({@code PullCounters}) and adds them to the {@code pull_counts} table every second
 * ({@code PullCountStore}), so the hot path never writes the database and counts survive a
 * restart.
 */
@NullMarked
package dev.berth.hub.ratelimit;

import org.jspecify.annotations.NullMarked;
