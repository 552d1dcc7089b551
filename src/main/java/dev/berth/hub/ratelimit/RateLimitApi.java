package dev.berth.hub.ratelimit;

import dev.berth.auth.api.json.JsonTimes;
import dev.berth.auth.Principal;
import dev.berth.auth.api.Access;
import dev.berth.auth.api.ApiCall;
import dev.berth.auth.api.ApiException;
import dev.berth.auth.api.ApiModule;
import dev.berth.auth.api.ApiResponse;
import dev.berth.auth.api.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /api/v2/admin/rate-limits}: administrators read the pull rate limits and set or delete
 * the limit of single accounts without a restart. An override set here takes precedence over
 * {@code rate_limits.overrides} in the configuration.
 */
public final class RateLimitApi implements ApiModule {

  private static final String PATH = "/api/v2/admin/rate-limits";

  private final RateLimitSettings settings;
  private final boolean enabled;
  private final List<String> unlimitedAddresses;
  private final AccountOverrides overrides;
  private final Clock clock;

  /**
   * Serves the limits of {@code settings} and the overrides in {@code overrides}.
   *
   * @param enabled whether the limits are on, which the API reports
   * @param unlimitedAddresses the configured addresses and CIDR ranges without a limit
   */
  public RateLimitApi(
      RateLimitSettings settings,
      boolean enabled,
      List<String> unlimitedAddresses,
      AccountOverrides overrides,
      Clock clock) {
    this.settings = settings;
    this.enabled = enabled;
    this.unlimitedAddresses = List.copyOf(unlimitedAddresses);
    this.overrides = overrides;
    this.clock = clock;
  }

  @Override
  public void register(Router router) {
    router.add("GET", PATH, Access.READ, this::show);
    router.add("PUT", PATH + "/overrides/{account}", Access.MANAGE, this::put);
    router.add("DELETE", PATH + "/overrides/{account}", Access.MANAGE, this::delete);
  }

  private ApiResponse show(ApiCall call) throws ApiException {
    requireAdministrator(call, "read the pull rate limits");
    overrides.refresh();
    Map<String, RateLimitJson.AccountLimit> byAccount = new TreeMap<>();
    settings
        .overrides()
        .forEach(
            (account, quota) ->
                byAccount.put(account, json(account, quota, "config", null, null)));
    for (AccountOverride override : overrides.list()) {
      byAccount.put(
          override.account(),
          json(
              override.account(),
              override.quota(),
              "api",
              override.updatedBy(),
              JsonTimes.format(override.updatedAt())));
    }
    return ApiResponse.ok(
        new RateLimitJson.Limits(
            enabled,
            settings.window().toSeconds(),
            pulls(settings.anonymous()),
            pulls(settings.authenticated()),
            unlimitedAddresses,
            new ArrayList<>(byAccount.values())));
  }

  private ApiResponse put(ApiCall call) throws ApiException {
    Principal.User administrator = requireAdministrator(call, "set pull rate limits");
    String account = existingAccount(call);
    RateLimitJson.OverrideRequest body = call.body(RateLimitJson.OverrideRequest.class);
    Quota quota = quotaOf(body);

    AccountOverride override =
        new AccountOverride(account, quota, administrator.username(), clock.instant());
    overrides.put(override);
    return ApiResponse.ok(
        json(account, quota, "api", override.updatedBy(), JsonTimes.format(override.updatedAt())));
  }

  private ApiResponse delete(ApiCall call) throws ApiException {
    requireAdministrator(call, "delete pull rate limits");
    String account = Router.decode(call.path("account"));
    if (!overrides.delete(account)) {
      throw ApiException.notFound(
          "account "
              + account
              + " has no pull limit set through the API; list them with GET "
              + PATH);
    }
    return ApiResponse.noContent();
  }

  private static Principal.User requireAdministrator(ApiCall call, String action)
      throws ApiException {
    Principal.User user = call.user();
    if (!user.administrator()) {
      throw ApiException.denied("only administrators may " + action);
    }
    return user;
  }

  /** Returns the path's account after checking that a user or organization of that name exists. */
  private static String existingAccount(ApiCall call) throws ApiException {
    String account = Router.decode(call.path("account"));
    boolean exists =
        call.accountService().user(account).isPresent()
            || call.accountService().organization(account).isPresent();
    if (!exists) {
      throw ApiException.notFound(
          "no user or organization named "
              + account
              + "; a pull limit needs the name of an existing account");
    }
    return account;
  }

  private static Quota quotaOf(RateLimitJson.OverrideRequest body) throws ApiException {
    boolean unlimited = Boolean.TRUE.equals(body.unlimited());
    Long pulls = body.pullLimit();
    if (unlimited == (pulls != null)) {
      throw ApiException.invalid(
          "send either \"pull_limit\" (pulls per window, 0 or more) or \"unlimited\": true,"
              + " not both and not neither");
    }
    if (unlimited) {
      return Quota.unlimited();
    }
    if (pulls < 0) {
      throw ApiException.invalid(
          "pull_limit " + pulls + " is negative; use 0 to reject every pull, or a positive number");
    }
    return Quota.of(pulls);
  }

  /** Returns the pulls of a configured limit, which the configuration allows only as a number. */
  private static long pulls(Quota quota) {
    return switch (quota) {
      case Quota.Limited limited -> limited.pulls();
      case Quota.Unlimited unlimited ->
          throw new IllegalStateException("the anonymous and authenticated limits are numbers");
    };
  }

  private static RateLimitJson.AccountLimit json(
      String account,
      Quota quota,
      String source,
      @org.jspecify.annotations.Nullable String updatedBy,
      @org.jspecify.annotations.Nullable String updatedAt) {
    Long pulls = quota instanceof Quota.Limited limited ? limited.pulls() : null;
    return new RateLimitJson.AccountLimit(
        account, pulls, quota instanceof Quota.Unlimited, source, updatedBy, updatedAt);
  }
}
