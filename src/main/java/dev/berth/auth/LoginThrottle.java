package dev.berth.auth;

import dev.berth.audit.AuditActions;
import dev.berth.audit.AuditEntry;
import dev.berth.audit.AuditLog;
import dev.berth.auth.LoginFailureStore.FailureRow;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down password and second-factor guessing, per account ({@code user:NAME}) and per client
 * address ({@code address:IP}).
 *
 * <p>Consecutive failures of a key below {@value #FREE_FAILURES} cost nothing. Failure number
 * {@value #FREE_FAILURES} and each one after it lock the key for twice as long as the one before: 1 s, 2 s, 4 s and so on, at most
 * {@link #MAX_LOCK}. A success resets the account key but never the address key, so an attacker
 * cannot clear their address by logging in to their own account. A key whose last failure is older
 * than {@link #FORGET_AFTER} starts counting again from zero. Address keys follow the same
 * curve, but only from failure {@value #ADDRESS_FREE_FAILURES}, and are forgotten after {@link
 * #ADDRESS_FORGET_AFTER}. IPv6 clients are counted per /64
 * network, the block one host usually controls.
 *
 * <p>Anyone can lock an account by guessing wrong on purpose, for {@link #MAX_LOCK} at most each
 * time; access tokens are not throttled, so automation keeps working while an account is locked.
 * Thread-safe; concurrent failures are all counted, on SQLite and PostgreSQL alike.
 */
public final class LoginThrottle {

  /** Consecutive failures a key may have before the first lock. */
  static final int FREE_FAILURES = 5;

  static final Duration FIRST_LOCK = Duration.ofSeconds(1);
  static final Duration MAX_LOCK = Duration.ofMinutes(15);
  static final Duration FORGET_AFTER = Duration.ofHours(24);

  /**
   * Address keys get more free failures and are forgotten sooner, because one address may be a
   * whole NAT or CI network, and a success never clears it.
   */
  static final int ADDRESS_FREE_FAILURES = 20;

  static final Duration ADDRESS_FORGET_AFTER = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);

  private final Jdbi jdbi;
  private final LoginFailureStore store;
  private final ActorChecks actors;
  private final Clock clock;
  private final AuditLog audit;

  LoginThrottle(
      Jdbi jdbi, LoginFailureStore store, ActorChecks actors, Clock clock, AuditLog audit) {
    this.audit = audit;
    this.jdbi = jdbi;
    this.store = store;
    this.actors = actors;
    this.clock = clock;
  }

  /** Returns the throttle key of an account. */
  static String userKey(String username) {
    return "user:" + username;
  }

  /** Returns the throttle key of a client: its IPv4 address, or the /64 network of an IPv6 one. */
  static String addressKey(InetAddress client) {
    if (client instanceof Inet6Address) {
      byte[] network = Arrays.copyOf(client.getAddress(), 16);
      Arrays.fill(network, 8, 16, (byte) 0);
      try {
        return "address:" + InetAddress.getByAddress(network).getHostAddress() + "/64";
      } catch (UnknownHostException e) {
        throw new IllegalStateException("16 bytes are always a valid IPv6 address", e);
      }
    }
    return "address:" + client.getHostAddress();
  }

  /**
   * Returns how long the longest lock among {@code keys} still lasts, or empty when none is locked.
   */
  Optional<Duration> lockedFor(List<String> keys) {
    long now = clock.millis();
    List<FailureRow> locked = jdbi.withHandle(h -> store.findLocked(h, keys, now));
    return locked.stream().mapToLong(FailureRow::lockedUntil).max().stream()
        .mapToObj(until -> Duration.ofMillis(until - now))
        .findFirst();
  }

  /** Counts one failure against each of {@code keys}, locking those past the free failures. */
  void recordFailure(List<String> keys) {
    long now = clock.millis();
    for (String key : keys) {
      FailureRow updated =
          jdbi.inTransaction(
              h -> {
                FailureRow row = store.lockOrCreate(h, key, now);
                FailureRow next = next(row, now);
                store.update(h, next);
                return next;
              });
      if (updated.lockedUntil() > now) {
        LOG.atWarn()
            .addKeyValue("throttle_key", key)
            .addKeyValue("failures", updated.failures())
            .addKeyValue("lock_ms", updated.lockedUntil() - now)
            .log("login locked after repeated failures");
      }
    }
  }

  /** Forgets the failures of {@code key}, as after a successful login. */
  void reset(String key) {
    // Most logins have no failures to forget, so look before taking SQLite's write lock.
    if (jdbi.withHandle(h -> store.find(h, key)).isPresent()) {
      jdbi.useTransaction(h -> store.delete(h, key));
    }
  }

  /** Returns the row that follows {@code row} after one more failure at {@code now}. */
  static FailureRow next(FailureRow row, long now) {
    boolean address = row.key().startsWith("address:");
    Duration forgetAfter = address ? ADDRESS_FORGET_AFTER : FORGET_AFTER;
    int free = address ? ADDRESS_FREE_FAILURES : FREE_FAILURES;
    boolean forgotten = now - row.lastFailureAt() > forgetAfter.toMillis();
    int failures = forgotten ? 1 : row.failures() + 1;
    long lockedUntil = 0;
    if (failures >= free) {
      lockedUntil = now + lockDuration(failures - free + FREE_FAILURES).toMillis();
    }
    return new FailureRow(row.key(), failures, now, Math.max(lockedUntil, row.lockedUntil()));
  }

  /** Returns the lock that the {@code failures}-th consecutive failure earns. */
  static Duration lockDuration(int failures) {
    int doublings = Math.min(failures - FREE_FAILURES, 30);
    Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
    return lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock;
  }

  /**
   * Returns the keys that are locked now, the longest lock first.
   *
   * @throws AccountException FORBIDDEN when {@code actor} is not an active administrator
   */
  public List<LoginLock> activeLocks(Principal.User actor) {
    long now = clock.millis();
    return jdbi.withHandle(
        h -> {
          actors.requireAdministrator(h, actor);
          return store.listLocked(h, now).stream()
              .map(
                  row ->
                      new LoginLock(
                          row.key(), row.failures(), Instant.ofEpochMilli(row.lockedUntil())))
              .toList();
        });
  }

  /**
   * Removes the lock and the failure count of {@code key}, such as {@code user:alice}.
   *
   * @return whether the key had failures to forget
   * @throws AccountException FORBIDDEN when {@code actor} is not an active administrator
   */
  public boolean unlock(Principal.User actor, String key) {
    boolean removed =
        jdbi.inTransaction(
            h -> {
              actors.requireAdministrator(h, actor);
              boolean deleted = store.delete(h, key);
              if (deleted) {
                String namespace = key.startsWith("user:") ? key.substring(5) : "";
                audit.record(
                    h,
                    AuditEntry.of(
                            AuditActions.LOGIN_LOCK_LIFT, AuditActors.of(actor), "login_lock", key)
                        .inNamespace(namespace));
              }
              return deleted;
            });
    if (removed) {
      LOG.atInfo()
          .addKeyValue("throttle_key", key)
          .addKeyValue("user", actor.username())
          .log("login unlocked by administrator");
    }
    return removed;
  }

  /**
   * Deletes the counters of keys that are unlocked and failed last over a day ago; returns how
   * many.
   */
  int removeIdle() {
    long now = clock.millis();
    return jdbi.inTransaction(h -> store.deleteIdle(h, now - FORGET_AFTER.toMillis(), now));
  }
}
