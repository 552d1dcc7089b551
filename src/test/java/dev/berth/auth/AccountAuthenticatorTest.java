package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.db.Dialect;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs password, token and two-step logins on SQLite and PostgreSQL alike. */
class AccountAuthenticatorTest {

  private static final InetAddress CLIENT = AuthHarness.address("192.0.2.10");
  private static final InetAddress OTHER_CLIENT = AuthHarness.address("192.0.2.99");
  private static final String PASSWORD = AuthHarness.PASSWORD;

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void authenticate_password_userPrincipal(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      auth.user("alice");
      auth.administrator("boss");
      AccountAuthenticator authenticator = auth.accounts.authenticator();

      assertThat(authenticator.authenticate("alice", PASSWORD, CLIENT))
          .isEqualTo(new Principal.User("alice", false));
      assertThat(authenticator.authenticate("ALICE", PASSWORD, CLIENT))
          .isEqualTo(new Principal.User("alice", false));
      assertThat(authenticator.authenticate("boss", PASSWORD, CLIENT))
          .isEqualTo(new Principal.User("boss", true));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void authenticate_unknownUserOrWrongPassword_sameRejection(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      auth.user("alice");
      auth.accounts.accountService().createOrganization(new Principal.User("alice", false), "acme");
      AccountAuthenticator authenticator = auth.accounts.authenticator();

      for (String[] credentials :
          new String[][] {
            {"alice", "wrong password"}, {"nobody", PASSWORD}, {"acme", PASSWORD}, {"x", PASSWORD}
          }) {
        assertThatThrownBy(() -> authenticator.authenticate(credentials[0], credentials[1], CLIENT))
            .as("user %s", credentials[0])
            .isInstanceOfSatisfying(
                AuthenticationException.class,
                e ->
                    assertThat(e.reason())
                        .isEqualTo(AuthenticationException.Reason.INVALID_CREDENTIALS))
            .hasMessage("invalid username or password");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void authenticate_disabledUser_disabledOnlyWithRightPassword(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      Principal.User root = auth.administrator("boss");
      auth.user("alice");
      auth.accounts.accountService().setDisabled(root, "alice", true);
      AccountAuthenticator authenticator = auth.accounts.authenticator();

      assertThatThrownBy(() -> authenticator.authenticate("alice", "wrong password", CLIENT))
          .isInstanceOfSatisfying(
              AuthenticationException.class,
              e ->
                  assertThat(e.reason())
                      .isEqualTo(AuthenticationException.Reason.INVALID_CREDENTIALS));
      assertThatThrownBy(() -> authenticator.authenticate("alice", PASSWORD, CLIENT))
          .isInstanceOfSatisfying(
              AuthenticationException.class,
              e -> assertThat(e.reason()).isEqualTo(AuthenticationException.Reason.DISABLED))
          .hasMessage("account alice is disabled; ask an administrator to enable it");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void authenticate_fiveFailures_throttlesAccountEverywhere(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      auth.user("alice");
      AccountAuthenticator authenticator = auth.accounts.authenticator();
      for (int i = 0; i < 5; i++) {
        assertThatThrownBy(() -> authenticator.authenticate("alice", "guess", CLIENT))
            .isInstanceOf(AuthenticationException.class);
      }

      // The right password from another address is rejected too while the account is locked.
      assertThatThrownBy(() -> authenticator.authenticate("alice", PASSWORD, OTHER_CLIENT))
          .isInstanceOfSatisfying(
              AuthenticationException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(AuthenticationException.Reason.THROTTLED);
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
              })
          .hasMessage("too many failed login attempts; try again in 1 second");

      auth.clock.advance(Duration.ofSeconds(1));
      assertThat(authenticator.authenticate("alice", PASSWORD, OTHER_CLIENT))
          .isEqualTo(new Principal.User("alice", false));
      // Success reset the account, but the first address stays counted.
      assertThatThrownBy(() -> authenticator.authenticate("alice", "guess", CLIENT))
          .isInstanceOfSatisfying(
              AuthenticationException.class,
              e ->
                  assertThat(e.reason())
                      .isEqualTo(AuthenticationException.Reason.INVALID_CREDENTIALS));
      // Six failures came from the first address; it locks once it reaches its own limit.
      for (int i = 6; i < LoginThrottle.ADDRESS_FREE_FAILURES; i++) {
        String name = "nobody" + i;
        assertThatThrownBy(() -> authenticator.authenticate(name, "guess", CLIENT))
            .isInstanceOf(AuthenticationException.class);
      }
      assertThatThrownBy(() -> authenticator.authenticate("alice", PASSWORD, CLIENT))
          .isInstanceOfSatisfying(
              AuthenticationException.class,
              e -> assertThat(e.reason()).isEqualTo(AuthenticationException.Reason.THROTTLED));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void authenticate_unknownNames_lockTheirAddress(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      auth.user("alice");
      AccountAuthenticator authenticator = auth.accounts.authenticator();
      for (int i = 0; i < LoginThrottle.ADDRESS_FREE_FAILURES; i++) {
        String name = "nobody" + i;
        assertThatThrownBy(() -> authenticator.authenticate(name, "guess", CLIENT))
            .isInstanceOf(AuthenticationException.class);
      }

      assertThatThrownBy(() -> authenticator.authenticate("alice", PASSWORD, CLIENT))
          .isInstanceOfSatisfying(
              AuthenticationException.class,
              e -> assertThat(e.reason()).isEqualTo(AuthenticationException.Reason.THROTTLED));
      assertThat(authenticator.authenticate("alice", PASSWORD, OTHER_CLIENT))
          .isEqualTo(new Principal.User("alice", false));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void authenticate_twoFactorUserPassword_needsToken(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      Principal.User alice = auth.user("alice");
      enableTwoFactor(auth, alice);
      AccountAuthenticator authenticator = auth.accounts.authenticator();

      assertThatThrownBy(() -> authenticator.authenticate("alice", "wrong password", CLIENT))
          .isInstanceOfSatisfying(
              AuthenticationException.class,
              e ->
                  assertThat(e.reason())
                      .isEqualTo(AuthenticationException.Reason.INVALID_CREDENTIALS));
      assertThatThrownBy(() -> authenticator.authenticate("alice", PASSWORD, CLIENT))
          .isInstanceOfSatisfying(
              AuthenticationException.class,
              e ->
                  assertThat(e.reason())
                      .isEqualTo(AuthenticationException.Reason.SECOND_FACTOR_REQUIRED))
          .hasMessage(
              "two-factor authentication is enabled for alice; create a personal access token"
                  + " and use it as the password");

      NewAccessToken token =
          auth.accounts
              .accessTokens()
              .createPersonalToken(alice, "cli", TokenScope.WRITE, Set.of(), Optional.empty());
      assertThat(authenticator.authenticate("alice", token.secret(), CLIENT))
          .isInstanceOf(Principal.Token.class);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void authenticate_token_usernameMustBeOwner(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      Principal.User alice = auth.user("alice");
      auth.user("carol");
      auth.accounts.accountService().createOrganization(alice, "acme");
      AccessTokenService tokens = auth.accounts.accessTokens();
      String personal =
          tokens
              .createPersonalToken(alice, "cli", TokenScope.READ, Set.of(), Optional.empty())
              .secret();
      String organization =
          tokens
              .createOrganizationToken(
                  alice, "acme", "ci", TokenScope.READ, Set.of(), Optional.empty())
              .secret();
      AccountAuthenticator authenticator = auth.accounts.authenticator();

      assertThat(authenticator.authenticate("Alice", personal, CLIENT))
          .isInstanceOfSatisfying(
              Principal.Token.class, token -> assertThat(token.owner()).isEqualTo("alice"));
      assertThat(authenticator.authenticate("acme", organization, CLIENT))
          .isInstanceOfSatisfying(
              Principal.Token.class,
              token -> assertThat(token.ownerKind()).isEqualTo(Principal.OwnerKind.ORGANIZATION));
      for (String[] credentials :
          new String[][] {{"carol", personal}, {"alice", organization}, {"carol", organization}}) {
        assertThatThrownBy(() -> authenticator.authenticate(credentials[0], credentials[1], CLIENT))
            .as("user %s", credentials[0])
            .isInstanceOfSatisfying(
                AuthenticationException.class,
                e ->
                    assertThat(e.reason())
                        .isEqualTo(AuthenticationException.Reason.INVALID_CREDENTIALS))
            .hasMessageStartingWith("access token does not belong to " + credentials[0]);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void authenticate_oldHashParameters_upgradesHash(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      auth.user("alice");
      Accounts stronger =
          new Accounts(
              auth.database, auth.clock, auth.random, new PasswordHasher.Parameters(128, 1, 1));

      stronger.authenticator().authenticate("alice", PASSWORD, CLIENT);

      String hash =
          auth.jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT password_hash FROM users WHERE username = 'alice'")
                          .mapTo(String.class)
                          .one());
      assertThat(hash).startsWith("$argon2id$v=19$m=128,t=1,p=1$");
      assertThat(stronger.authenticator().authenticate("alice", PASSWORD, CLIENT))
          .isEqualTo(new Principal.User("alice", false));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void beginLogin_withoutSecondFactor_complete(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      auth.user("alice");

      LoginResult result = auth.accounts.authenticator().beginLogin("alice", PASSWORD, CLIENT);

      assertThat(result).isEqualTo(new LoginResult.Complete(new Principal.User("alice", false)));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void completeLogin_ticketAndCode_userOnce(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      Principal.User alice = auth.user("alice");
      TotpEnrolment enrolment = enableTwoFactor(auth, alice);
      AccountAuthenticator authenticator = auth.accounts.authenticator();

      LoginResult result = authenticator.beginLogin("alice", PASSWORD, CLIENT);

      assertThat(result)
          .isInstanceOfSatisfying(
              LoginResult.SecondFactorRequired.class,
              required -> {
                assertThat(required.username()).isEqualTo("alice");
                assertThat(required.ticket()).matches("[0-9A-Za-z]{43}");
                assertThat(required.expiresAt())
                    .isEqualTo(auth.clock.instant().plus(AccountAuthenticator.TICKET_LIFETIME));
                assertThat(required.toString()).doesNotContain(required.ticket());
              });
      String ticket = ((LoginResult.SecondFactorRequired) result).ticket();
      String code = TotpServiceTest.codeAt(enrolment, auth, 1);

      assertThat(authenticator.completeLogin(ticket, code, CLIENT)).isEqualTo(alice);
      assertThatThrownBy(() -> authenticator.completeLogin(ticket, code, CLIENT))
          .isInstanceOfSatisfying(
              AuthenticationException.class,
              e ->
                  assertThat(e.reason())
                      .isEqualTo(AuthenticationException.Reason.INVALID_CREDENTIALS))
          .hasMessage("login ticket is invalid or expired; log in with your password again");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void completeLogin_recoveryCode_accepted(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      Principal.User alice = auth.user("alice");
      TotpEnrolment enrolment = auth.accounts.twoFactor().enrol(alice);
      List<String> codes =
          auth.accounts
              .twoFactor()
              .confirm(alice, TotpServiceTest.codeAt(enrolment, auth, 0), CLIENT);
      AccountAuthenticator authenticator = auth.accounts.authenticator();

      String ticket = ticket(authenticator.beginLogin("alice", PASSWORD, CLIENT));

      assertThat(authenticator.completeLogin(ticket, codes.get(5), CLIENT)).isEqualTo(alice);
      String again = ticket(authenticator.beginLogin("alice", PASSWORD, CLIENT));
      assertThatThrownBy(() -> authenticator.completeLogin(again, codes.get(5), CLIENT))
          .hasMessage("two-factor code is invalid or was already used");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void completeLogin_expiredOrWornOutTicket_rejected(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      Principal.User alice = auth.user("alice");
      TotpEnrolment enrolment = enableTwoFactor(auth, alice);
      AccountAuthenticator authenticator = auth.accounts.authenticator();
      String expiring = ticket(authenticator.beginLogin("alice", PASSWORD, CLIENT));
      auth.clock.advance(AccountAuthenticator.TICKET_LIFETIME);

      assertThatThrownBy(
              () ->
                  authenticator.completeLogin(
                      expiring, TotpServiceTest.codeAt(enrolment, auth, 0), CLIENT))
          .hasMessage("login ticket is invalid or expired; log in with your password again");

      // A new address per attempt and a reset account key keep the throttle out of the way, so
      // only the ticket's own limit applies.
      String ticket = ticket(authenticator.beginLogin("alice", PASSWORD, CLIENT));
      String wrong = TotpServiceTest.wrongCode(enrolment, auth);
      for (int i = 0; i < AccountAuthenticator.MAX_TICKET_FAILURES; i++) {
        InetAddress client = AuthHarness.address("198.51.100." + (i + 1));
        auth.accounts.loginThrottle().reset(LoginThrottle.userKey("alice"));
        assertThatThrownBy(() -> authenticator.completeLogin(ticket, wrong, client))
            .hasMessage("two-factor code is invalid or was already used");
      }
      auth.accounts.loginThrottle().reset(LoginThrottle.userKey("alice"));
      assertThatThrownBy(
              () ->
                  authenticator.completeLogin(
                      ticket, TotpServiceTest.codeAt(enrolment, auth, 1), OTHER_CLIENT))
          .hasMessage("login ticket is invalid or expired; log in with your password again");
    }
  }

  private static TotpEnrolment enableTwoFactor(AuthHarness auth, Principal.User user)
      throws AuthenticationException {
    TotpEnrolment enrolment = auth.accounts.twoFactor().enrol(user);
    auth.accounts.twoFactor().confirm(user, TotpServiceTest.codeAt(enrolment, auth, 0), CLIENT);
    return enrolment;
  }

  private static String ticket(LoginResult result) {
    assertThat(result).isInstanceOf(LoginResult.SecondFactorRequired.class);
    return ((LoginResult.SecondFactorRequired) result).ticket();
  }
}
