package dev.berth.hub.ratelimit;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The SQL of the {@code pull_limit_overrides} table. */
final class OverrideStore {

  private final Jdbi jdbi;

  OverrideStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Returns every override, ordered by account name. */
  List<AccountOverride> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT account, pull_limit, updated_by, updated_at FROM pull_limit_overrides"
                        + " ORDER BY account")
                .map(
                    (rs, ctx) -> {
                      long pulls = rs.getLong("pull_limit");
                      Quota quota = rs.wasNull() ? Quota.unlimited() : Quota.of(pulls);
                      return new AccountOverride(
                          rs.getString("account"),
                          quota,
                          rs.getString("updated_by"),
                          Instant.ofEpochMilli(rs.getLong("updated_at")));
                    })
                .list());
  }

  /** Inserts or replaces the override of {@code override.account()}. */
  void put(AccountOverride override) {
    Long pulls =
        override.quota() instanceof Quota.Limited limited ? limited.pulls() : null;
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO pull_limit_overrides (account, pull_limit, updated_by, updated_at)"
                        + " VALUES (:account, :pulls, :by, :at)"
                        + " ON CONFLICT (account) DO UPDATE SET pull_limit = excluded.pull_limit,"
                        + " updated_by = excluded.updated_by, updated_at = excluded.updated_at")
                .bind("account", override.account())
                .bindByType("pulls", pulls, Long.class)
                .bind("by", override.updatedBy())
                .bind("at", override.updatedAt().toEpochMilli())
                .execute());
  }

  /** Deletes the override of {@code account} and returns whether there was one. */
  boolean delete(String account) {
    return jdbi.withHandle(
            h ->
                h.createUpdate("DELETE FROM pull_limit_overrides WHERE account = :account")
                    .bind("account", account)
                    .execute())
        > 0;
  }
}
