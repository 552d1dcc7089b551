package dev.berth.auth;

import dev.berth.audit.AuditActions;
import dev.berth.audit.AuditActor;
import dev.berth.audit.AuditEntry;
import dev.berth.audit.AuditLog;
import dev.berth.auth.AccountStore.UserRow;
import dev.berth.auth.TwoFactorStore.TicketRow;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks credentials: a user name with a password or an access token (Basic auth, as {@code docker
 * login} sends them), and the two-step interactive login for users with a second factor.
 *
 * <p>User names are matched case-insensitively, as Docker Hub does. An unknown user and a wrong
 * password get the same message and take the same time, and both count against the name and the
 * client address in {@link LoginThrottle}. A disabled account is reported only after its password
 * was right, so guessing reveals nothing about it.
 *
 * <p>An access token must come with the name of its owner: the user for a personal token, the
 * organization for an organization token (as Docker Hub expects for its organization tokens).
 * Tokens are not throttled: they carry 256 random bits, and throttling them would let a
 * misconfigured client lock out its whole network. Thread-safe.
 */
public final class AccountAuthenticator implements Authenticator {

  /** How long a user has to enter their second factor after the password. */
  static final Duration TICKET_LIFETIME = Duration.ofMinutes(5);

  /** Wrong codes one ticket tolerates before it is deleted and the password is due again. */
  static final int MAX_TICKET_FAILURES = 5;

  private static final int TICKET_CHARACTERS = 43;
  private static final Pattern PLAUSIBLE_NAME =
      Pattern.compile("[a-z0-9]{" + NameRules.MIN_LENGTH + "," + NameRules.MAX_LENGTH + "}");
  private static final Logger LOG = LoggerFactory.getLogger(AccountAuthenticator.class);

  private final Jdbi jdbi;
  private final AccountStore accounts;
  private final TwoFactorStore twoFactorStore;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final AccessTokenService tokens;
  private final TotpService totp;
  private final Clock clock;
  private final SecureRandom random;
  private final AuditLog audit;

  AccountAuthenticator(
      Jdbi jdbi,
      AccountStore accounts,
      TwoFactorStore twoFactorStore,
      PasswordHasher hasher,
      LoginThrottle throttle,
      AccessTokenService tokens,
      TotpService totp,
      Clock clock,
      SecureRandom random,
      AuditLog audit) {
    this.jdbi = jdbi;
    this.audit = audit;
    this.accounts = accounts;
    this.twoFactorStore = twoFactorStore;
    this.hasher = hasher;
    this.throttle = throttle;
    this.tokens = tokens;
    this.totp = totp;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Returns the principal for a user name and a password or access token.
   *
   * <p>A password works only for users without two-factor authentication; the others must use an
   * access token, as with Docker Hub.
   *
   * @throws AuthenticationException with reason INVALID_CREDENTIALS for an unknown user or a wrong
   *     password, and for a token that is unknown, revoked, expired or sent with another owner's
   *     name. DISABLED for a disabled account with the right password, and for a token of a
   *     disabled user. THROTTLED after too many failed passwords for the name or the address.
   *     SECOND_FACTOR_REQUIRED for the right password of a user with two-factor authentication.
   */
  @Override
  public Principal authenticate(String username, String secret, InetAddress client)
      throws AuthenticationException {
    String name = username.toLowerCase(Locale.ROOT);
    if (AccessTokenService.looksLikeToken(secret)) {
      Principal.Token token = tokens.authenticate(secret, client);
      if (!token.owner().equals(name)) {
        LOG.atInfo()
            .addKeyValue("token_id", token.tokenId())
            .addKeyValue("user", LoggedNames.of(name))
            .log("access token sent with another owner's name");
        throw new AuthenticationException(
            AuthenticationException.Reason.INVALID_CREDENTIALS,
            "access token does not belong to "
                + name
                + "; log in with the name of the token's owner (the organization for an"
                + " organization token)");
      }
      return token;
    }

    try {
      UserRow user = checkPassword(name, secret, client);
      if (user.totpEnabled()) {
        throw new AuthenticationException(
            AuthenticationException.Reason.SECOND_FACTOR_REQUIRED,
            "two-factor authentication is enabled for "
                + user.username()
                + "; create a personal access token and use it as the password");
      }
      return new Principal.User(user.username(), user.administrator());
    } catch (AuthenticationException e) {
      // Successful Basic logins are not recorded: clients send them on every registry request.
      recordSignIn(name, "basic", Optional.of(e));
      throw e;
    }
  }

  /**
   * Checks a password as the first step of an interactive login (web UI or API). Users without a
   * second factor are logged in at once; the others get a ticket for {@link #completeLogin}. Access
   * tokens are not accepted here.
   *
   * @throws AuthenticationException INVALID_CREDENTIALS, DISABLED or THROTTLED as for {@link
   *     #authenticate}
   */
  public LoginResult beginLogin(String username, String password, InetAddress client)
      throws AuthenticationException {
    String name = username.toLowerCase(Locale.ROOT);
    UserRow user;
    try {
      user = checkPassword(name, password, client);
    } catch (AuthenticationException e) {
      recordSignIn(name, "password", Optional.of(e));
      throw e;
    }
    if (!user.totpEnabled()) {
      recordSignIn(user.username(), "password", Optional.empty());
      return new LoginResult.Complete(new Principal.User(user.username(), user.administrator()));
    }
    String ticket = Secrets.random(random, Secrets.BASE62, TICKET_CHARACTERS);
    long now = clock.millis();
    long expiresAt = now + TICKET_LIFETIME.toMillis();
    jdbi.useTransaction(
        h ->
            twoFactorStore.insertTicket(
                h, Secrets.sha256Hex(ticket), user.username(), now, expiresAt));
    return new LoginResult.SecondFactorRequired(
        user.username(), ticket, Instant.ofEpochMilli(expiresAt));
  }

  /**
   * Completes an interactive login with the ticket from {@link #beginLogin} and a TOTP or recovery
   * code. The ticket is used up on success, and after {@value #MAX_TICKET_FAILURES} wrong codes.
   *
   * @throws AuthenticationException INVALID_CREDENTIALS when the ticket is unknown, used or
   *     expired, or the code is wrong or already used; DISABLED when the account was disabled
   *     meanwhile; THROTTLED after too many failures
   */
  public Principal.User completeLogin(String ticket, String code, InetAddress client)
      throws AuthenticationException {
    // Read before the check, which may delete the ticket.
    String ticketUser =
        jdbi.withHandle(h -> twoFactorStore.findTicket(h, Secrets.sha256Hex(ticket)))
            .map(TicketRow::username)
            .orElse("");
    try {
      Principal.User user = checkSecondFactor(ticket, code, client);
      recordSignIn(user.username(), "two_factor", Optional.empty());
      return user;
    } catch (AuthenticationException e) {
      recordSignIn(ticketUser, "two_factor", Optional.of(e));
      throw e;
    }
  }

  private Principal.User checkSecondFactor(String ticket, String code, InetAddress client)
      throws AuthenticationException {
    String ticketHash = Secrets.sha256Hex(ticket);
    String addressKey = LoginThrottle.addressKey(client);
    long now = clock.millis();
    Optional<TicketRow> found =
        jdbi.withHandle(h -> twoFactorStore.findTicket(h, ticketHash))
            .filter(row -> row.expiresAt() > now);
    if (found.isEmpty()) {
      throttle.recordFailure(List.of(addressKey));
      throw new AuthenticationException(
          AuthenticationException.Reason.INVALID_CREDENTIALS,
          "login ticket is invalid or expired; log in with your password again");
    }
    String username = found.get().username();
    List<String> keys = List.of(LoginThrottle.userKey(username), addressKey);
    Optional<Duration> wait = throttle.lockedFor(keys);
    if (wait.isPresent()) {
      throw LoginMessages.throttled(wait.get());
    }

    SecondStep outcome =
        jdbi.inTransaction(
            h -> {
              Optional<TicketRow> row = twoFactorStore.lockTicket(h, ticketHash);
              if (row.isEmpty() || row.get().expiresAt() <= now) {
                return new SecondStep(Outcome.TICKET_GONE, Optional.empty());
              }
              Optional<UserRow> user = accounts.findUser(h, username);
              if (user.isEmpty()) {
                return new SecondStep(Outcome.TICKET_GONE, Optional.empty());
              }
              if (user.get().disabled()) {
                twoFactorStore.deleteTicket(h, ticketHash);
                return new SecondStep(Outcome.DISABLED, user);
              }
              if (totp.consume(h, user.get(), code)) {
                twoFactorStore.deleteTicket(h, ticketHash);
                return new SecondStep(Outcome.ACCEPTED, user);
              }
              int failures = row.get().failedAttempts() + 1;
              if (failures >= MAX_TICKET_FAILURES) {
                twoFactorStore.deleteTicket(h, ticketHash);
              } else {
                twoFactorStore.setTicketFailures(h, ticketHash, failures);
              }
              return new SecondStep(Outcome.WRONG_CODE, user);
            });

    return switch (outcome.outcome()) {
      case ACCEPTED -> {
        throttle.reset(LoginThrottle.userKey(username));
        UserRow user = outcome.user().orElseThrow();
        yield new Principal.User(user.username(), user.administrator());
      }
      case DISABLED -> throw LoginMessages.disabled(username);
      case TICKET_GONE ->
          throw new AuthenticationException(
              AuthenticationException.Reason.INVALID_CREDENTIALS,
              "login ticket is invalid or expired; log in with your password again");
      case WRONG_CODE -> {
        throttle.recordFailure(keys);
        // Report the lock this failure started, so the client hears to wait, not to retry.
        Optional<Duration> lock = throttle.lockedFor(keys);
        if (lock.isPresent()) {
          throw LoginMessages.throttled(lock.get());
        }
        throw new AuthenticationException(
            AuthenticationException.Reason.INVALID_CREDENTIALS,
            "two-factor code is invalid or was already used");
      }
    };
  }

  /** Records a sign-in attempt; {@code failure} is empty when it succeeded. */
  private void recordSignIn(
      String username, String method, Optional<AuthenticationException> failure) {
    AuditActor actor =
        username.isEmpty() ? AuditActor.anonymous() : AuditActor.user(LoggedNames.of(username));
    AuditEntry entry =
        AuditEntry.of(AuditActions.SIGN_IN, actor, "user", actor.name())
            .inNamespace(actor.name())
            .with("method", method);
    if (failure.isPresent()) {
      entry =
          entry.failed().with("reason", failure.get().reason().name().toLowerCase(Locale.ROOT));
    }
    audit.record(entry);
  }

  private enum Outcome {
    ACCEPTED,
    WRONG_CODE,
    DISABLED,
    TICKET_GONE
  }

  private record SecondStep(Outcome outcome, Optional<UserRow> user) {}

  /**
   * Returns the row of {@code username} when {@code password} is right and the account is enabled,
   * upgrading the stored hash when it was made with older parameters.
   */
  private UserRow checkPassword(String username, String password, InetAddress client)
      throws AuthenticationException {
    // Names that cannot exist get no throttle row of their own, so junk names cannot fill the
    // table; the address still counts the failure.
    boolean plausible = PLAUSIBLE_NAME.matcher(username).matches();
    String addressKey = LoginThrottle.addressKey(client);
    List<String> keys =
        plausible ? List.of(LoginThrottle.userKey(username), addressKey) : List.of(addressKey);
    Optional<Duration> wait = throttle.lockedFor(keys);
    if (wait.isPresent()) {
      throw LoginMessages.throttled(wait.get());
    }

    Optional<UserRow> user =
        plausible ? jdbi.withHandle(h -> accounts.findUser(h, username)) : Optional.empty();
    boolean matches =
        user.isPresent()
            ? hasher.verify(password, user.get().passwordHash())
            : hasher.verifyDummy(password);
    if (!matches) {
      throttle.recordFailure(keys);
      throw LoginMessages.invalidPassword();
    }

    UserRow row = user.get();
    throttle.reset(LoginThrottle.userKey(username));
    if (row.disabled()) {
      throw LoginMessages.disabled(username);
    }
    if (hasher.needsRehash(row.passwordHash())) {
      String upgraded = hasher.hash(password);
      // Conditional, so a password changed meanwhile is not overwritten with the old one.
      jdbi.useTransaction(
          h -> accounts.replacePasswordHash(h, username, row.passwordHash(), upgraded));
      LOG.atInfo().addKeyValue("user", username).log("password hash upgraded");
    }
    return row;
  }
}
