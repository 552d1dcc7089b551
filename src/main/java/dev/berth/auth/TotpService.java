package dev.berth.auth;

import dev.berth.audit.AuditActions;
import dev.berth.audit.AuditEntry;
import dev.berth.audit.AuditLog;
import dev.berth.auth.AccountStore.UserRow;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.util.encoders.Base32;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two-factor authentication with TOTP authenticator apps (RFC 6238: HMAC-SHA1, 30-second steps, 6
 * digits) and single-use recovery codes.
 *
 * <p>Enrolment takes two calls: {@link #enrol} stores a new secret and returns it for the app;
 * {@link #confirm} checks a first code from the app, turns two-factor authentication on and returns
 * ten recovery codes. A code is accepted for the current step and one step either side, but never
 * for a step at or before the last one accepted, so an observed code cannot be replayed. Every
 * wrong code counts as a failed login for the account and the client address in {@link
 * LoginThrottle}.
 *
 * <p>TOTP secrets are stored in plain text in {@code users.totp_secret}, because checking a code
 * needs the key itself. TODO: encrypt them with a key from configuration; until then, a copy of the
 * database yields every user's second factor. Thread-safe.
 */
public final class TotpService {

  static final int DIGITS = 6;
  static final Duration STEP = Duration.ofSeconds(30);

  /** Steps accepted either side of the current one, for clock drift and typing time. */
  static final int WINDOW = 1;

  static final int RECOVERY_CODE_COUNT = 10;
  static final String ISSUER = "Berth";

  /** 160 bits, the key length RFC 4226 recommends for HMAC-SHA1. */
  private static final int SECRET_BYTES = 20;

  /** Recovery codes are 16 characters from this alphabet (80 bits), shown in groups of four. */
  private static final String RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

  private static final int RECOVERY_CODE_LENGTH = 16;

  private static final Pattern TOTP_CODE = Pattern.compile("[0-9]{" + DIGITS + "}");
  private static final Pattern RECOVERY_CODE =
      Pattern.compile("[a-z2-7]{" + RECOVERY_CODE_LENGTH + "}");
  private static final Logger LOG = LoggerFactory.getLogger(TotpService.class);

  private final Jdbi jdbi;
  private final AccountStore accounts;
  private final TwoFactorStore store;
  private final ActorChecks actors;
  private final LoginThrottle throttle;
  private final Clock clock;
  private final SecureRandom random;
  private final AuditLog audit;

  TotpService(
      Jdbi jdbi,
      AccountStore accounts,
      TwoFactorStore store,
      ActorChecks actors,
      LoginThrottle throttle,
      Clock clock,
      SecureRandom random,
      AuditLog audit) {
    this.jdbi = jdbi;
    this.audit = audit;
    this.accounts = accounts;
    this.store = store;
    this.actors = actors;
    this.throttle = throttle;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Creates a new TOTP secret for the acting user and returns it for their authenticator app.
   * Two-factor authentication stays off until {@link #confirm} accepts a code; enrolling again
   * before that replaces the secret.
   *
   * @throws AccountException CONFLICT when two-factor authentication is already on, FORBIDDEN when
   *     the user is disabled or gone
   */
  public TotpEnrolment enrol(Principal.User actor) {
    byte[] key = new byte[SECRET_BYTES];
    random.nextBytes(key);
    String secret = Base32.toBase32String(key);
    jdbi.useTransaction(
        h -> {
          UserRow user = actors.requireActive(h, actor);
          if (user.totpEnabled()) {
            throw AccountException.conflict(
                "two-factor authentication is already enabled for "
                    + user.username()
                    + "; disable it before enrolling a new authenticator");
          }
          store.setPendingSecret(h, user.username(), secret);
        });
    String uri =
        "otpauth://totp/"
            + ISSUER
            + ":"
            + actor.username()
            + "?secret="
            + secret
            + "&issuer="
            + ISSUER;
    return new TotpEnrolment(secret, uri);
  }

  /**
   * Checks a code from the authenticator enrolled by {@link #enrol}, turns two-factor
   * authentication on and returns {@value #RECOVERY_CODE_COUNT} new recovery codes. The codes are
   * stored only as hashes, so this is the one time they can be shown.
   *
   * @throws AuthenticationException INVALID_CREDENTIALS when the code is wrong, THROTTLED after too
   *     many failures
   * @throws AccountException CONFLICT when nothing is enrolled or two-factor authentication is
   *     already on, FORBIDDEN when the user is disabled or gone
   */
  public List<String> confirm(Principal.User actor, String code, InetAddress client)
      throws AuthenticationException {
    List<String> keys = throttleKeys(actor.username(), client);
    requireNotThrottled(keys);
    List<String> codes = newRecoveryCodes();
    long now = clock.millis();
    boolean accepted =
        jdbi.inTransaction(
            h -> {
              UserRow user = actors.requireActive(h, actor);
              if (user.totpEnabled() || user.totpSecret().isEmpty()) {
                throw AccountException.conflict(
                    "no authenticator is waiting for confirmation for "
                        + user.username()
                        + "; enrol one first");
              }
              OptionalLong step =
                  matchingStep(decodeSecret(user.totpSecret().get()), code, now, Optional.empty());
              if (step.isEmpty()) {
                return false;
              }
              store.enable(h, user.username(), step.getAsLong());
              store.replaceRecoveryCodes(
                  h, user.username(), codes.stream().map(TotpService::recoveryHash).toList());
              audit.record(
                  h, twoFactorEntry(AuditActions.TWO_FACTOR_ENABLE, actor, actor.username()));
              return true;
            });
    if (!accepted) {
      throttle.recordFailure(keys);
      throw invalidCode();
    }
    throttle.reset(LoginThrottle.userKey(actor.username()));
    LOG.atInfo().addKeyValue("user", actor.username()).log("two-factor authentication enabled");
    return codes;
  }

  /**
   * Checks a second factor of {@code username}: a TOTP code, or a recovery code, which is used up.
   *
   * @throws AuthenticationException INVALID_CREDENTIALS when the code is wrong or already used, or
   *     when two-factor authentication is off or the user is disabled or unknown; THROTTLED after
   *     too many failures
   */
  public void verify(String username, String code, InetAddress client)
      throws AuthenticationException {
    List<String> keys = throttleKeys(username, client);
    requireNotThrottled(keys);
    boolean accepted =
        jdbi.inTransaction(
            h ->
                accounts
                    .findUser(h, username)
                    .filter(user -> !user.disabled())
                    .map(user -> consume(h, user, code))
                    .orElse(false));
    if (!accepted) {
      throttle.recordFailure(keys);
      throw invalidCode();
    }
    throttle.reset(LoginThrottle.userKey(username));
  }

  /**
   * Turns two-factor authentication off for the acting user after checking one of their codes (a
   * TOTP or recovery code), and deletes the secret and the recovery codes.
   *
   * @throws AuthenticationException INVALID_CREDENTIALS when the code is wrong, THROTTLED after too
   *     many failures
   * @throws AccountException CONFLICT when two-factor authentication is off, FORBIDDEN when the
   *     user is disabled or gone
   */
  public void disable(Principal.User actor, String code, InetAddress client)
      throws AuthenticationException {
    List<String> keys = throttleKeys(actor.username(), client);
    requireNotThrottled(keys);
    boolean accepted =
        jdbi.inTransaction(
            h -> {
              UserRow user = actors.requireActive(h, actor);
              if (!user.totpEnabled()) {
                throw AccountException.conflict(
                    "two-factor authentication is not enabled for " + user.username());
              }
              if (!consume(h, user, code)) {
                return false;
              }
              store.disable(h, user.username());
              audit.record(
                  h, twoFactorEntry(AuditActions.TWO_FACTOR_DISABLE, actor, actor.username()));
              return true;
            });
    if (!accepted) {
      throttle.recordFailure(keys);
      throw invalidCode();
    }
    throttle.reset(LoginThrottle.userKey(actor.username()));
    LOG.atInfo().addKeyValue("user", actor.username()).log("two-factor authentication disabled");
  }

  /**
   * Turns two-factor authentication off for a user who lost both their authenticator and their
   * recovery codes.
   *
   * @throws AccountException FORBIDDEN when {@code administrator} is not an active administrator,
   *     NOT_FOUND when the user does not exist
   */
  public void reset(Principal.User administrator, String username) {
    jdbi.useTransaction(
        h -> {
          actors.requireAdministrator(h, administrator);
          if (accounts.findUser(h, username).isEmpty()) {
            throw AccountException.notFound("user " + username + " not found");
          }
          store.disable(h, username);
          audit.record(
              h,
              twoFactorEntry(AuditActions.TWO_FACTOR_DISABLE, administrator, username)
                  .with("reset_by_administrator", "true"));
        });
    LOG.atInfo()
        .addKeyValue("user", username)
        .addKeyValue("administrator", administrator.username())
        .log("two-factor authentication reset by administrator");
  }

  /**
   * Returns how many unused recovery codes the acting user has left.
   *
   * @throws AccountException FORBIDDEN when the user is disabled or gone
   */
  public int remainingRecoveryCodes(Principal.User actor) {
    return jdbi.withHandle(
        h -> {
          UserRow user = actors.requireActive(h, actor);
          return store.countUnusedRecoveryCodes(h, user.username());
        });
  }

  /**
   * Accepts {@code code} for {@code user} and records its use, in the caller's transaction: a TOTP
   * code advances the user's last accepted step, a recovery code is marked used. Returns false when
   * two-factor authentication is off or the code is wrong, replayed or used.
   */
  boolean consume(Handle handle, UserRow user, String code) {
    if (!user.totpEnabled() || user.totpSecret().isEmpty()) {
      return false;
    }
    String normalized = code.replace(" ", "").replace("-", "").toLowerCase(Locale.ROOT);
    if (TOTP_CODE.matcher(normalized).matches()) {
      long now = clock.millis();
      OptionalLong step =
          matchingStep(decodeSecret(user.totpSecret().get()), normalized, now, user.totpLastStep());
      return step.isPresent() && store.advanceStep(handle, user.username(), step.getAsLong());
    }
    if (RECOVERY_CODE.matcher(normalized).matches()) {
      boolean used =
          store.useRecoveryCode(handle, user.username(), recoveryHash(normalized), clock.millis());
      if (used) {
        LOG.atInfo().addKeyValue("user", user.username()).log("recovery code used");
      }
      return used;
    }
    return false;
  }

  /**
   * Returns the step within {@link #WINDOW} of {@code nowMillis} whose code is {@code code} and
   * which comes after {@code lastStep}. Every candidate step is computed and compared in constant
   * time, so timing does not tell which step matched.
   */
  static OptionalLong matchingStep(
      byte[] key, String code, long nowMillis, Optional<Long> lastStep) {
    long current = Math.floorDiv(nowMillis, STEP.toMillis());
    byte[] codeBytes = code.getBytes(StandardCharsets.US_ASCII);
    OptionalLong match = OptionalLong.empty();
    for (long step = current - WINDOW; step <= current + WINDOW; step++) {
      byte[] expected = code(key, step, DIGITS).getBytes(StandardCharsets.US_ASCII);
      boolean equal = MessageDigest.isEqual(expected, codeBytes);
      boolean fresh = lastStep.isEmpty() || step > lastStep.get();
      if (equal && fresh && match.isEmpty()) {
        match = OptionalLong.of(step);
      }
    }
    return match;
  }

  /** Returns the HOTP value (RFC 4226) of {@code key} at counter {@code step}, zero-padded. */
  static String code(byte[] key, long step, int digits) {
    byte[] hash;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java runtime provides HmacSHA1", e);
    }
    // Dynamic truncation: the low nibble of the last byte picks 4 bytes; the top bit is dropped.
    int offset = hash[hash.length - 1] & 0x0f;
    int binary =
        ((hash[offset] & 0x7f) << 24)
            | ((hash[offset + 1] & 0xff) << 16)
            | ((hash[offset + 2] & 0xff) << 8)
            | (hash[offset + 3] & 0xff);
    int modulus = 1;
    for (int i = 0; i < digits; i++) {
      modulus *= 10;
    }
    String value = Integer.toString(binary % modulus);
    return "0".repeat(digits - value.length()) + value;
  }

  private List<String> newRecoveryCodes() {
    List<String> codes = new ArrayList<>(RECOVERY_CODE_COUNT);
    for (int i = 0; i < RECOVERY_CODE_COUNT; i++) {
      String raw = Secrets.random(random, RECOVERY_ALPHABET, RECOVERY_CODE_LENGTH);
      codes.add(
          raw.substring(0, 4)
              + "-"
              + raw.substring(4, 8)
              + "-"
              + raw.substring(8, 12)
              + "-"
              + raw.substring(12));
    }
    return codes;
  }

  private static String recoveryHash(String code) {
    return Secrets.sha256Hex(code.replace("-", "").toLowerCase(Locale.ROOT));
  }

  private static byte[] decodeSecret(String secret) {
    return Base32.decode(secret);
  }

  private static List<String> throttleKeys(String username, InetAddress client) {
    return List.of(LoginThrottle.userKey(username), LoginThrottle.addressKey(client));
  }

  private void requireNotThrottled(List<String> keys) throws AuthenticationException {
    Optional<Duration> wait = throttle.lockedFor(keys);
    if (wait.isPresent()) {
      throw LoginMessages.throttled(wait.get());
    }
  }

  private static AuthenticationException invalidCode() {
    return new AuthenticationException(
        AuthenticationException.Reason.INVALID_CREDENTIALS,
        "two-factor code is invalid or was already used");
  }

  private static AuditEntry twoFactorEntry(String action, Principal.User actor, String username) {
    return AuditEntry.of(action, AuditActors.of(actor), "user", username).inNamespace(username);
  }
}
