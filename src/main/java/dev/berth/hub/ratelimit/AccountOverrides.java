package dev.berth.hub.ratelimit;

import dev.berth.db.Database;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The per-account pull limits administrators set through the API, read from the database and
 * cached in memory for the pull path. A change made on this node applies at once. A change made
 * on another node applies here at the next {@link #refresh()}, which the limiter runs every
 * flush interval. Thread-safe.
 */
public final class AccountOverrides {

  private final OverrideStore store;
  private volatile Map<String, AccountOverride> cached = Map.of();

  /** Reads the overrides stored in {@code database}. */
  public AccountOverrides(Database database) {
    this.store = new OverrideStore(database.jdbi());
    refresh();
  }

  /** Returns the override of {@code account}, when an administrator set one. */
  Optional<Quota> quotaOf(String account) {
    return Optional.ofNullable(cached.get(account)).map(AccountOverride::quota);
  }

  /** Returns every override, ordered by account name. */
  List<AccountOverride> list() {
    return List.copyOf(cached.values());
  }

  /** Stores {@code override}, replacing the account's previous one. */
  void put(AccountOverride override) {
    store.put(override);
    refresh();
  }

  /** Deletes the override of {@code account} and returns whether there was one. */
  boolean delete(String account) {
    boolean deleted = store.delete(account);
    refresh();
    return deleted;
  }

  /** Reads the overrides again, to pick up changes other nodes made. */
  void refresh() {
    cached =
        store.list().stream()
            .collect(
                Collectors.toMap(
                    AccountOverride::account,
                    Function.identity(),
                    (first, second) -> first,
                    java.util.TreeMap::new));
  }
}
