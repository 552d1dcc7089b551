package dev.berth.server;

import dev.berth.db.Database;
import dev.berth.hub.ratelimit.Quota;
import dev.berth.hub.ratelimit.RateLimitSettings;
import dev.berth.hub.ratelimit.RateLimiter;
import dev.berth.server.config.IpRange;
import dev.berth.server.config.RateLimitConfig;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the pull rate limiter from the {@code rate_limits} configuration, when it is enabled. */
final class RateLimitWiring {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimitWiring.class);

  private RateLimitWiring() {}

  /** Returns the limiter, or empty when {@code rate_limits.enabled} is false. */
  static Optional<RateLimiter> create(RateLimitConfig config, Database database, Clock clock) {
    if (!config.enabled()) {
      return Optional.empty();
    }
    Map<String, Quota> overrides = new LinkedHashMap<>();
    config
        .overrides()
        .forEach(
            (account, pulls) ->
                overrides.put(
                    account, pulls.isPresent() ? Quota.of(pulls.getAsLong()) : Quota.unlimited()));
    List<IpRange> unlimited = config.unlimitedAddresses().stream().map(IpRange::parse).toList();
    RateLimitSettings settings =
        new RateLimitSettings(
            config.window(),
            Quota.of(config.anonymous()),
            Quota.of(config.authenticated()),
            overrides,
            address -> unlimited.stream().anyMatch(range -> range.contains(address)));
    LOG.atInfo()
        .addKeyValue("window_s", config.window().toSeconds())
        .addKeyValue("anonymous", config.anonymous())
        .addKeyValue("authenticated", config.authenticated())
        .addKeyValue("overrides", overrides.size())
        .addKeyValue("unlimited_addresses", unlimited.size())
        .log("pull rate limits are on");
    return Optional.of(new RateLimiter(settings, database, clock));
  }
}
