package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.db.Dialect;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Checks TOTP against RFC 6238 and runs enrolment and codes on SQLite and PostgreSQL alike. */
class TotpServiceTest {

  /** The SHA-1 key of RFC 6238 Appendix B: the ASCII digits 1234567890 twice. */
  private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  private static final InetAddress CLIENT = AuthHarness.address("192.0.2.10");

  @TempDir Path tempDir;

  /** RFC 6238 Appendix B, SHA-1 rows: time in seconds and the 8-digit TOTP. */
  @ParameterizedTest
  @CsvSource({
    "59, 94287082",
    "1111111109, 07081804",
    "1111111111, 14050471",
    "1234567890, 89005924",
    "2000000000, 69279037",
    "20000000000, 65353130"
  })
  void code_rfc6238Vectors_match(long seconds, String expected) {
    long step = seconds / 30;

    assertThat(TotpService.code(RFC_KEY, step, 8)).isEqualTo(expected);
    assertThat(TotpService.code(RFC_KEY, step, 6)).isEqualTo(expected.substring(2));
  }

  @Test
  void matchingStep_windowAndLastStep() {
    long now = 1_111_111_111_000L;
    long current = now / 30_000;
    String previous = TotpService.code(RFC_KEY, current - 1, 6);
    String next = TotpService.code(RFC_KEY, current + 1, 6);
    String tooLate = TotpService.code(RFC_KEY, current + 2, 6);

    assertThat(TotpService.matchingStep(RFC_KEY, previous, now, Optional.empty()))
        .isEqualTo(OptionalLong.of(current - 1));
    assertThat(TotpService.matchingStep(RFC_KEY, next, now, Optional.empty()))
        .isEqualTo(OptionalLong.of(current + 1));
    assertThat(TotpService.matchingStep(RFC_KEY, tooLate, now, Optional.empty())).isEmpty();
    assertThat(TotpService.matchingStep(RFC_KEY, previous, now, Optional.of(current - 1)))
        .isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void enrol_uriNamesIssuerAndUser(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      Principal.User alice = auth.user("alice");

      TotpEnrolment enrolment = auth.accounts.twoFactor().enrol(alice);

      assertThat(enrolment.secret()).matches("[A-Z2-7]{32}");
      assertThat(Base32.decode(enrolment.secret())).hasSize(20);
      assertThat(enrolment.uri())
          .isEqualTo("otpauth://totp/Berth:alice?secret=" + enrolment.secret() + "&issuer=Berth");
      assertThat(enrolment.toString()).doesNotContain(enrolment.secret());
      assertThat(auth.accounts.accountService().user("alice").orElseThrow().twoFactorEnabled())
          .isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void confirm_validCode_enablesAndReturnsRecoveryCodes(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      TotpService totp = auth.accounts.twoFactor();
      Principal.User alice = auth.user("alice");
      TotpEnrolment enrolment = totp.enrol(alice);

      assertThatThrownBy(() -> totp.confirm(alice, wrongCode(enrolment, auth), CLIENT))
          .isInstanceOfSatisfying(
              AuthenticationException.class,
              e ->
                  assertThat(e.reason())
                      .isEqualTo(AuthenticationException.Reason.INVALID_CREDENTIALS))
          .hasMessage("two-factor code is invalid or was already used");
      List<String> codes = totp.confirm(alice, codeAt(enrolment, auth, 0), CLIENT);

      assertThat(codes).hasSize(10).doesNotHaveDuplicates();
      assertThat(codes)
          .allSatisfy(code -> assertThat(code).matches("[a-z2-7]{4}(-[a-z2-7]{4}){3}"));
      assertThat(auth.accounts.accountService().user("alice").orElseThrow().twoFactorEnabled())
          .isTrue();
      assertThat(totp.remainingRecoveryCodes(alice)).isEqualTo(10);
      assertThatThrownBy(() -> totp.enrol(alice))
          .isInstanceOfSatisfying(
              AccountException.class,
              e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.CONFLICT));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void verify_codeReplayedInWindow_rejected(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      TotpService totp = auth.accounts.twoFactor();
      Principal.User alice = auth.user("alice");
      TotpEnrolment enrolment = totp.enrol(alice);
      totp.confirm(alice, codeAt(enrolment, auth, 0), CLIENT);

      // The code confirmed at this step must not work again, nor the one before it.
      assertThatThrownBy(() -> totp.verify("alice", codeAt(enrolment, auth, 0), CLIENT))
          .isInstanceOf(AuthenticationException.class);
      assertThatThrownBy(() -> totp.verify("alice", codeAt(enrolment, auth, -1), CLIENT))
          .isInstanceOf(AuthenticationException.class);

      String next = codeAt(enrolment, auth, 1);
      assertThatCode(() -> totp.verify("alice", next, CLIENT)).doesNotThrowAnyException();
      auth.clock.advance(TotpService.STEP);
      assertThatThrownBy(() -> totp.verify("alice", next, CLIENT))
          .isInstanceOf(AuthenticationException.class);

      auth.clock.advance(TotpService.STEP);
      String spaced = new StringBuilder(codeAt(enrolment, auth, 0)).insert(3, ' ').toString();
      assertThatCode(() -> totp.verify("alice", spaced, CLIENT)).doesNotThrowAnyException();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void verify_recoveryCode_singleUse(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      TotpService totp = auth.accounts.twoFactor();
      Principal.User alice = auth.user("alice");
      TotpEnrolment enrolment = totp.enrol(alice);
      List<String> codes = totp.confirm(alice, codeAt(enrolment, auth, 0), CLIENT);

      totp.verify("alice", codes.get(3).toUpperCase(Locale.ROOT), CLIENT);

      assertThatThrownBy(() -> totp.verify("alice", codes.get(3), CLIENT))
          .isInstanceOf(AuthenticationException.class);
      assertThat(totp.remainingRecoveryCodes(alice)).isEqualTo(9);
      assertThatThrownBy(() -> totp.verify("alice", "aaaa-bbbb-cccc-dddd", CLIENT))
          .isInstanceOf(AuthenticationException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void verify_repeatedFailures_throttled(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      TotpService totp = auth.accounts.twoFactor();
      Principal.User alice = auth.user("alice");
      TotpEnrolment enrolment = totp.enrol(alice);
      totp.confirm(alice, codeAt(enrolment, auth, 0), CLIENT);
      String wrong = wrongCode(enrolment, auth);

      for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
        assertThatThrownBy(() -> totp.verify("alice", wrong, CLIENT))
            .isInstanceOf(AuthenticationException.class);
      }

      assertThatThrownBy(() -> totp.verify("alice", codeAt(enrolment, auth, 1), CLIENT))
          .isInstanceOfSatisfying(
              AuthenticationException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(AuthenticationException.Reason.THROTTLED);
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
              });
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void disable_withCode_removesSecretAndCodes(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      TotpService totp = auth.accounts.twoFactor();
      Principal.User alice = auth.user("alice");
      TotpEnrolment enrolment = totp.enrol(alice);
      List<String> codes = totp.confirm(alice, codeAt(enrolment, auth, 0), CLIENT);

      assertThatThrownBy(() -> totp.disable(alice, wrongCode(enrolment, auth), CLIENT))
          .isInstanceOf(AuthenticationException.class);
      totp.disable(alice, codes.getFirst(), CLIENT);

      assertThat(auth.accounts.accountService().user("alice").orElseThrow().twoFactorEnabled())
          .isFalse();
      assertThat(totp.remainingRecoveryCodes(alice)).isZero();
      String secret =
          auth.jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT totp_secret FROM users WHERE username = 'alice'")
                          .mapTo(String.class)
                          .one());
      assertThat(secret).isNull();
      assertThatThrownBy(() -> totp.disable(alice, codes.get(1), CLIENT))
          .isInstanceOfSatisfying(
              AccountException.class,
              e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.CONFLICT));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void reset_byAdministrator_turnsTwoFactorOff(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      TotpService totp = auth.accounts.twoFactor();
      Principal.User root = auth.administrator("boss");
      Principal.User alice = auth.user("alice");
      TotpEnrolment enrolment = totp.enrol(alice);
      totp.confirm(alice, codeAt(enrolment, auth, 0), CLIENT);

      assertThatThrownBy(() -> totp.reset(alice, "alice"))
          .isInstanceOfSatisfying(
              AccountException.class,
              e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.FORBIDDEN));
      totp.reset(root, "alice");

      assertThat(auth.accounts.accountService().user("alice").orElseThrow().twoFactorEnabled())
          .isFalse();
      assertThatCode(() -> totp.enrol(alice)).doesNotThrowAnyException();
    }
  }

  /** Returns a 6-digit code that no step in the window around the clock accepts. */
  static String wrongCode(TotpEnrolment enrolment, AuthHarness auth) {
    List<String> valid =
        List.of(
            codeAt(enrolment, auth, -1), codeAt(enrolment, auth, 0), codeAt(enrolment, auth, 1));
    for (int candidate = 0; ; candidate++) {
      String code = String.format("%06d", candidate);
      if (!valid.contains(code)) {
        return code;
      }
    }
  }

  /** Returns the code of {@code enrolment} for the step {@code offset} steps from the clock's. */
  static String codeAt(TotpEnrolment enrolment, AuthHarness auth, int offset) {
    Instant now = auth.clock.instant();
    long step = Math.floorDiv(now.toEpochMilli(), TotpService.STEP.toMillis()) + offset;
    return TotpService.code(Base32.decode(enrolment.secret()), step, TotpService.DIGITS);
  }
}
