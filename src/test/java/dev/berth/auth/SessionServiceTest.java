package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.db.Dialect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs session creation, expiry and ending on SQLite and PostgreSQL with a clock the test moves.
 */
class SessionServiceTest {

  private static final Duration IDLE = Duration.ofMinutes(30);
  private static final Duration LIFETIME = Duration.ofHours(8);

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void create_storesOnlyHash_andAuthenticates(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      Principal.User alice = auth.user("alice");
      SessionService sessions = auth.accounts.sessions(IDLE, LIFETIME);

      NewSession created = sessions.create(alice);

      assertThat(Base64.getUrlDecoder().decode(created.id())).hasSize(32);
      assertThat(Base64.getUrlDecoder().decode(created.session().csrfToken())).hasSize(32);
      String stored =
          auth.jdbi()
              .withHandle(
                  h -> h.createQuery("SELECT id_hash FROM sessions").mapTo(String.class).one());
      assertThat(stored).isEqualTo(Secrets.sha256Hex(created.id())).doesNotContain(created.id());
      Optional<Session> found = sessions.authenticate(created.id());
      assertThat(found).isPresent();
      assertThat(found.get().user()).isEqualTo(alice);
      assertThat(found.get().csrfTokenMatches(created.session().csrfToken())).isTrue();
      assertThat(found.get().csrfTokenMatches("x" + created.session().csrfToken())).isFalse();
      assertThat(created.toString()).doesNotContain(created.id(), created.session().csrfToken());
      assertThat(sessions.authenticate("unknown")).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void authenticate_idleTooLong_expiresAndDeletes(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      SessionService sessions = auth.accounts.sessions(IDLE, LIFETIME);
      NewSession created = sessions.create(auth.user("alice"));

      auth.clock.advance(IDLE.minusSeconds(1));
      assertThat(sessions.authenticate(created.id()))
          .as("used just before the idle end")
          .isPresent();
      auth.clock.advance(IDLE.minusSeconds(1));
      assertThat(sessions.authenticate(created.id()))
          .as("idle end moved by the last use")
          .isPresent();
      auth.clock.advance(IDLE);

      assertThat(sessions.authenticate(created.id())).isEmpty();
      long rows =
          auth.jdbi()
              .withHandle(
                  h -> h.createQuery("SELECT COUNT(*) FROM sessions").mapTo(Long.class).one());
      assertThat(rows).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void authenticate_pastLifetime_expiresDespiteUse(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      SessionService sessions = auth.accounts.sessions(IDLE, LIFETIME);
      NewSession created = sessions.create(auth.user("alice"));

      Duration step = IDLE.dividedBy(2);
      for (Duration elapsed = Duration.ZERO;
          elapsed.plus(step).compareTo(LIFETIME) < 0;
          elapsed = elapsed.plus(step)) {
        auth.clock.advance(step);
        assertThat(sessions.authenticate(created.id()))
            .as("after %s", elapsed.plus(step))
            .isPresent();
      }
      auth.clock.advance(step);

      assertThat(sessions.authenticate(created.id())).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void authenticate_reportsEarlierEnd(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      SessionService sessions = auth.accounts.sessions(IDLE, Duration.ofMinutes(40));
      NewSession created = sessions.create(auth.user("alice"));
      assertThat(created.session().expiresAt()).isEqualTo(auth.clock.instant().plus(IDLE));

      auth.clock.advance(Duration.ofMinutes(20));
      Session later = sessions.authenticate(created.id()).orElseThrow();

      assertThat(later.expiresAt())
          .isEqualTo(created.session().createdAt().plus(Duration.ofMinutes(40)));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void disableUser_endsSessions(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      Principal.User boss = auth.administrator("boss");
      SessionService sessions = auth.accounts.sessions(IDLE, LIFETIME);
      NewSession created = sessions.create(auth.user("alice"));

      auth.accounts.accountService().setDisabled(boss, "alice", true);

      assertThat(sessions.authenticate(created.id())).isEmpty();
      assertThatThrownBy(() -> sessions.create(new Principal.User("alice", false)))
          .isInstanceOf(AccountException.class)
          .hasMessageContaining("disabled");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void delete_and_removeExpired(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      SessionService sessions = auth.accounts.sessions(IDLE, LIFETIME);
      Principal.User alice = auth.user("alice");
      NewSession first = sessions.create(alice);
      NewSession second = sessions.create(alice);

      assertThat(sessions.delete(first.id())).isTrue();
      assertThat(sessions.delete(first.id())).isFalse();
      assertThat(sessions.authenticate(first.id())).isEmpty();
      assertThat(sessions.authenticate(second.id())).isPresent();

      auth.clock.advance(IDLE);
      assertThat(auth.accounts.removeExpired()).isEqualTo(1);
      assertThat(sessions.authenticate(second.id())).isEmpty();
    }
  }
}
