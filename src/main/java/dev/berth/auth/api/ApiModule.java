package dev.berth.auth.api;

/**
 * A group of API routes from another room, such as the hub's repositories or webhooks, served by
 * {@link AccountsApi} with the same callers, access rules, CSRF check and error bodies.
 */
@FunctionalInterface
public interface ApiModule {

  /** Adds this module's routes; each must also be described in {@code openapi/berth-api.yaml}. */
  void register(Router router);
}
