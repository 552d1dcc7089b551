package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.db.Dialect;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs the login throttle on SQLite and PostgreSQL alike. */
class LoginThrottleTest {

  private static final String KEY = "user:alice";

  @TempDir Path tempDir;

  @Test
  void lockDuration_doublesUpToFifteenMinutes() {
    assertThat(LoginThrottle.lockDuration(5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(LoginThrottle.lockDuration(6)).isEqualTo(Duration.ofSeconds(2));
    assertThat(LoginThrottle.lockDuration(7)).isEqualTo(Duration.ofSeconds(4));
    assertThat(LoginThrottle.lockDuration(14)).isEqualTo(Duration.ofSeconds(512));
    assertThat(LoginThrottle.lockDuration(15)).isEqualTo(Duration.ofMinutes(15));
    assertThat(LoginThrottle.lockDuration(1_000)).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void addressKey_ipv6_countsPerSlash64() {
    assertThat(LoginThrottle.addressKey(AuthHarness.address("192.0.2.7")))
        .isEqualTo("address:192.0.2.7");
    assertThat(LoginThrottle.addressKey(AuthHarness.address("2001:db8:1:2:aaaa::1")))
        .isEqualTo("address:2001:db8:1:2:0:0:0:0/64");
    assertThat(LoginThrottle.addressKey(AuthHarness.address("2001:db8:1:2:bbbb::9")))
        .isEqualTo(LoginThrottle.addressKey(AuthHarness.address("2001:db8:1:2:aaaa::1")));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void recordFailure_fifthFailure_locksOneSecond(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      LoginThrottle throttle = auth.accounts.loginThrottle();

      for (int i = 0; i < 4; i++) {
        throttle.recordFailure(List.of(KEY));
      }
      assertThat(throttle.lockedFor(List.of(KEY))).isEmpty();

      throttle.recordFailure(List.of(KEY));
      assertThat(throttle.lockedFor(List.of(KEY, "address:192.0.2.7")))
          .contains(Duration.ofSeconds(1));

      auth.clock.advance(Duration.ofMillis(400));
      assertThat(throttle.lockedFor(List.of(KEY))).contains(Duration.ofMillis(600));

      auth.clock.advance(Duration.ofMillis(600));
      assertThat(throttle.lockedFor(List.of(KEY))).isEmpty();

      throttle.recordFailure(List.of(KEY));
      assertThat(throttle.lockedFor(List.of(KEY))).contains(Duration.ofSeconds(2));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void reset_forgetsFailures(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      LoginThrottle throttle = auth.accounts.loginThrottle();
      for (int i = 0; i < 5; i++) {
        throttle.recordFailure(List.of(KEY));
      }

      throttle.reset(KEY);
      throttle.reset("user:nobody");

      assertThat(throttle.lockedFor(List.of(KEY))).isEmpty();
      throttle.recordFailure(List.of(KEY));
      assertThat(throttle.lockedFor(List.of(KEY))).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void recordFailure_afterQuietDay_countsFromOne(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      LoginThrottle throttle = auth.accounts.loginThrottle();
      for (int i = 0; i < 4; i++) {
        throttle.recordFailure(List.of(KEY));
      }

      auth.clock.advance(LoginThrottle.FORGET_AFTER.plusSeconds(1));
      throttle.recordFailure(List.of(KEY));

      assertThat(throttle.lockedFor(List.of(KEY))).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void recordFailure_concurrent_countsEveryFailure(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      LoginThrottle throttle = auth.accounts.loginThrottle();
      Principal.User root = auth.administrator("boss");
      int threads = 4;
      int failuresEach = 5;

      try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          done.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < failuresEach; i++) {
                      throttle.recordFailure(List.of(KEY));
                    }
                  }));
        }
        for (Future<?> future : done) {
          future.get();
        }
      }

      assertThat(throttle.activeLocks(root))
          .singleElement()
          .satisfies(lock -> assertThat(lock.failures()).isEqualTo(threads * failuresEach));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void activeLocks_administratorListsAndUnlocks(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      LoginThrottle throttle = auth.accounts.loginThrottle();
      Principal.User root = auth.administrator("boss");
      Principal.User alice = auth.user("alice");
      for (int i = 0; i < 6; i++) {
        throttle.recordFailure(List.of(KEY));
      }
      int addressFailures = LoginThrottle.ADDRESS_FREE_FAILURES + 1;
      for (int i = 0; i < addressFailures; i++) {
        throttle.recordFailure(List.of("address:192.0.2.7"));
      }
      throttle.recordFailure(List.of("user:carol"));

      List<LoginLock> locks = throttle.activeLocks(root);

      // One failure past the free ones locks for 2 s, for accounts and addresses alike.
      Instant lockedUntil = auth.clock.instant().plusSeconds(2);
      assertThat(locks)
          .containsExactlyInAnyOrder(
              new LoginLock(KEY, 6, lockedUntil),
              new LoginLock("address:192.0.2.7", addressFailures, lockedUntil));
      assertThatThrownBy(() -> throttle.activeLocks(alice))
          .isInstanceOfSatisfying(
              AccountException.class,
              e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.FORBIDDEN));
      assertThatThrownBy(() -> throttle.unlock(alice, KEY)).isInstanceOf(AccountException.class);

      assertThat(throttle.unlock(root, KEY)).isTrue();
      assertThat(throttle.unlock(root, KEY)).isFalse();
      assertThat(throttle.activeLocks(root))
          .extracting(LoginLock::key)
          .containsExactly("address:192.0.2.7");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void removeIdle_keepsLockedAndRecent(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      LoginThrottle throttle = auth.accounts.loginThrottle();
      throttle.recordFailure(List.of("user:old1"));
      auth.clock.advance(LoginThrottle.FORGET_AFTER.plusMinutes(1));
      throttle.recordFailure(List.of("user:new1"));

      int removed = throttle.removeIdle();

      assertThat(removed).isEqualTo(1);
      assertThat(throttle.removeIdle()).isZero();
    }
  }
}
