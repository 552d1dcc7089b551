package dev.berth.server;

import dev.berth.db.Database;
import dev.berth.hub.ratelimit.AccountOverrides;
import dev.berth.hub.ratelimit.Quota;
import dev.berth.hub.ratelimit.RateLimitApi;
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

/**
 * The pull rate limits, wired from the {@code rate_limits} configuration: the limiter when they
 * are enabled, and the administrators' API in any case, so overrides can be set before the limits
 * are switched on.
 *
 * @param limiter the limiter, empty when {@code rate_limits.enabled} is false
 * @param api the routes under {@code /api/v2/admin/rate-limits}
 */
record RateLimitWiring(Optional<RateLimiter> limiter, RateLimitApi api) {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimitWiring.class);

  static RateLimitWiring create(RateLimitConfig config, Database database, Clock clock) {
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
    AccountOverrides accountOverrides = new AccountOverrides(database);
    RateLimitApi api =
        new RateLimitApi(
            settings, config.enabled(), config.unlimitedAddresses(), accountOverrides, clock);
    if (!config.enabled()) {
      return new RateLimitWiring(Optional.empty(), api);
    }

    LOG.atInfo()
        .addKeyValue("window_s", config.window().toSeconds())
        .addKeyValue("anonymous", config.anonymous())
        .addKeyValue("authenticated", config.authenticated())
        .addKeyValue("overrides", overrides.size())
        .addKeyValue("unlimited_addresses", unlimited.size())
        .log("pull rate limits are on");
    return new RateLimitWiring(
        Optional.of(new RateLimiter(settings, accountOverrides, database, clock)), api);
  }
}
