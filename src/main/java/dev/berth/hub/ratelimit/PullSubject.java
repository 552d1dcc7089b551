package dev.berth.hub.ratelimit;

/**
 * Whom one pull is counted for.
 *
 * @param key the key of the count in {@code pull_counts}, such as {@code account:alice} or {@code
 *     address:203.0.113.7}
 * @param source what the {@code docker-ratelimit-source} header shows: the address or account name
 * @param anonymous whether the caller did not sign in, which changes the hint in a rejection
 * @param quota the caller's quota
 */
record PullSubject(String key, String source, boolean anonymous, Quota quota) {}
