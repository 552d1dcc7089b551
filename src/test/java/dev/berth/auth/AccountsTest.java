package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.db.Dialect;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs the facade's bootstrap and housekeeping on SQLite and PostgreSQL alike. */
class AccountsTest {

  private static final InetAddress CLIENT = AuthHarness.address("192.0.2.10");

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void bootstrapAdmin_emptyDatabase_generatesPasswordOnce(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AdminBootstrap first = auth.accounts.bootstrapAdmin(Optional.empty());
      AdminBootstrap second = auth.accounts.bootstrapAdmin(Optional.empty());

      assertThat(first.created()).isTrue();
      String password = first.generatedPassword().orElseThrow();
      assertThat(password).matches("[0-9A-Za-z]{24}");
      assertThat(first.toString()).doesNotContain(password);
      assertThat(second).isEqualTo(new AdminBootstrap(false, Optional.empty()));
      UserAccount admin = auth.accounts.accountService().user("admin").orElseThrow();
      assertThat(admin.administrator()).isTrue();
      assertThat(admin.email()).isEqualTo("admin@localhost");
      assertThat(auth.accounts.authenticator().authenticate("admin", password, CLIENT))
          .isEqualTo(new Principal.User("admin", true));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void bootstrapAdmin_passwordFromEnvironment_used(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      assertThatThrownBy(() -> auth.accounts.bootstrapAdmin(Optional.of("short")))
          .isInstanceOfSatisfying(
              AccountException.class,
              e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.INVALID));

      AdminBootstrap result = auth.accounts.bootstrapAdmin(Optional.of("from-the-environment"));

      assertThat(result).isEqualTo(new AdminBootstrap(true, Optional.empty()));
      assertThat(
              auth.accounts.authenticator().authenticate("admin", "from-the-environment", CLIENT))
          .isEqualTo(new Principal.User("admin", true));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void bootstrapAdmin_usersExist_createsNothing(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      auth.user("alice");

      AdminBootstrap result = auth.accounts.bootstrapAdmin(Optional.empty());

      assertThat(result.created()).isFalse();
      assertThat(auth.accounts.accountService().user("admin")).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void removeExpired_deletesOldTicketsAndCounters(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      Principal.User alice = auth.user("alice");
      TotpEnrolment enrolment = auth.accounts.twoFactor().enrol(alice);
      auth.accounts.twoFactor().confirm(alice, TotpServiceTest.codeAt(enrolment, auth, 0), CLIENT);
      auth.accounts.authenticator().beginLogin("alice", AuthHarness.PASSWORD, CLIENT);
      auth.accounts.loginThrottle().recordFailure(List.of("user:nobody"));

      assertThat(auth.accounts.removeExpired()).isZero();
      auth.clock.advance(LoginThrottle.FORGET_AFTER.plusSeconds(1));

      assertThat(auth.accounts.removeExpired()).isEqualTo(2);
    }
  }
}
