package dev.berth.auth;

import dev.berth.audit.AuditLog;
import dev.berth.db.Database;
import dev.berth.db.ReadCache;
import dev.berth.oci.RepositoryName;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auth room, wired: accounts, teams, access tokens, two-factor authentication, login
 * throttling, the {@link Authenticator} and the {@link Authorizer}, all over one database. Build
 * one per process in the composition root. Thread-safe.
 */
public final class Accounts {

  /** The user {@link #bootstrapAdmin} creates. */
  public static final String BOOTSTRAP_ADMIN = "admin";

  static final String BOOTSTRAP_ADMIN_EMAIL = "admin@localhost";

  /** 24 characters of base 62 carry about 143 bits. */
  private static final int GENERATED_PASSWORD_CHARACTERS = 24;

  private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);

  private final Jdbi jdbi;
  private final AccountStore accountStore;
  private final TwoFactorStore twoFactorStore;
  private final SessionStore sessionStore = new SessionStore();
  private final ActorChecks actors;
  private final PasswordHasher hasher;
  private final ReadCache<RegistryTokens.TokenSubject, Principal> principals;
  private final dev.berth.db.WriteEpoch writes;

  /** How long a change on another node may take to reach cached reads here. */
  private static final java.time.Duration CACHE_TTL = java.time.Duration.ofSeconds(2);
  private final Clock clock;
  private final SecureRandom random;
  private final AccountService accountService;
  private final TeamService teamService;
  private final AccessTokenService accessTokens;
  private final TotpService twoFactor;
  private final LoginThrottle loginThrottle;
  private final AccountAuthenticator authenticator;
  private final AuditLog audit;

  /**
   * Wires the auth room. Computes one Argon2id hash, for timing-safe checks of unknown users.
   *
   * @param random the source of every salt, secret, token, ticket and recovery code
   */
  public Accounts(Database database, Clock clock, SecureRandom random) {
    this(database, clock, random, PasswordHasher.Parameters.DEFAULT);
  }

  /** Wires the auth room with other Argon2id costs, so tests can hash quickly. */
  Accounts(
      Database database,
      Clock clock,
      SecureRandom random,
      PasswordHasher.Parameters hashParameters) {
    this.jdbi = database.jdbi();
    this.clock = clock;
    this.random = random;
    // Every registry request resolves its token's subject; see ReadCache for why it is cached.
    this.principals = new ReadCache<>(database.writes(), CACHE_TTL, 10_000);
    this.writes = database.writes();
    AuditLog audit = new AuditLog(jdbi, clock);
    this.audit = audit;
    this.accountStore = new AccountStore(database.dialect());
    this.hasher = new PasswordHasher(hashParameters, random);
    ActorChecks actors = new ActorChecks(accountStore);
    this.actors = actors;
    this.twoFactorStore = new TwoFactorStore(database.dialect());
    this.loginThrottle =
        new LoginThrottle(
            jdbi, new LoginFailureStore(database.dialect()), actors, clock, audit);
    this.accountService =
        new AccountService(jdbi, accountStore, actors, hasher, loginThrottle, clock, audit);
    this.teamService = new TeamService(jdbi, accountStore, actors, audit);
    this.accessTokens =
        new AccessTokenService(
            jdbi, new AccessTokenStore(), accountStore, actors, clock, random, audit);
    this.twoFactor =
        new TotpService(
            jdbi, accountStore, twoFactorStore, actors, loginThrottle, clock, random, audit);
    this.authenticator =
        new AccountAuthenticator(
            jdbi,
            accountStore,
            twoFactorStore,
            hasher,
            loginThrottle,
            accessTokens,
            twoFactor,
            clock,
            random,
            audit);
  }

  /** Returns the audit log that this room's services record to. */
  public AuditLog auditLog() {
    return audit;
  }

  /** Returns users, organizations and their members. */
  public AccountService accountService() {
    return accountService;
  }

  /** Returns organizations' teams and their repository permissions. */
  public TeamService teams() {
    return teamService;
  }

  /** Returns personal and organization access tokens. */
  public AccessTokenService accessTokens() {
    return accessTokens;
  }

  /** Returns TOTP enrolment, second-factor checks and recovery codes. */
  public TotpService twoFactor() {
    return twoFactor;
  }

  /** Returns the failed-login locks, for administrators to list and lift. */
  public LoginThrottle loginThrottle() {
    return loginThrottle;
  }

  /** Returns the checker for passwords and access tokens, and the two-step interactive login. */
  public AccountAuthenticator authenticator() {
    return authenticator;
  }

  /**
   * Returns a session service whose sessions end after {@code idleTimeout} without use, or
   * {@code lifetime} after login, whichever comes first. Build one per process.
   *
   * @throws IllegalArgumentException when either duration is not positive
   */
  public SessionService sessions(Duration idleTimeout, Duration lifetime) {
    return new SessionService(
        jdbi, sessionStore, actors, clock, random, idleTimeout, lifetime, audit);
  }

  /**
   * Returns the authorizer for repositories.
   *
   * @param repositoryIsPrivate returns whether an existing repository is private, or empty when it
   *     does not exist; the registry room provides it
   */
  public Authorizer authorizer(Function<RepositoryName, Optional<Boolean>> repositoryIsPrivate) {
    return new RepositoryAuthorizer(
        jdbi,
        accountStore,
        accessTokens,
        repositoryIsPrivate,
        new ReadCache<>(writes, CACHE_TTL, 10_000));
  }

  /**
   * Returns the resolver that turns a token's subject back into the current principal: the user
   * while enabled, or the access token while active and its owner enabled.
   */
  public PrincipalResolver principalResolver() {
    return new PrincipalResolver() {
      @Override
      public Optional<Principal> resolve(RegistryTokens.TokenSubject subject) {
        return principals.get(subject, this::resolveNow);
      }

      private Optional<Principal> resolveNow(RegistryTokens.TokenSubject subject) {
        if (subject.anonymous()) {
          return Optional.of(new Principal.Anonymous());
        }
        if (subject.accessTokenId().isPresent()) {
          String tokenId = subject.accessTokenId().get();
          return jdbi.withHandle(h -> accessTokens.currentPrincipal(h, tokenId)).map(t -> t);
        }
        if (subject.credentialStamp().isPresent()
            && !subject.credentialStamp().equals(credentialStamp(subject.name()))) {
          return Optional.empty();
        }
        return accountService
            .user(subject.name())
            .filter(user -> !user.disabled())
            .map(user -> new Principal.User(user.username(), user.administrator()));
      }

      @Override
      public Optional<String> credentialStamp(String username) {
        return jdbi.withHandle(h -> accountStore.findUser(h, username)).map(Accounts::stampOf);
      }
    };
  }

  /**
   * Returns a short digest of the password hash and the two-factor state: it changes when the
   * password is changed or reset and when two-factor authentication is turned on or off.
   */
  private static String stampOf(AccountStore.UserRow row) {
    String material =
        row.passwordHash() + "|" + row.totpEnabled() + "|" + row.totpSecret().orElse("");
    return Secrets.sha256Hex(material).substring(0, 32);
  }

  /**
   * Creates the administrator {@value #BOOTSTRAP_ADMIN} (e-mail {@value #BOOTSTRAP_ADMIN_EMAIL})
   * when no user exists yet, so a new installation can be logged in to. With several nodes starting
   * at once, exactly one creates it.
   *
   * @param passwordFromEnvironment the password to give the administrator; when empty, a random one
   *     of {@value #GENERATED_PASSWORD_CHARACTERS} letters and digits is generated and returned
   * @throws AccountException INVALID when the given password is shorter than {@value
   *     AccountService#MIN_PASSWORD_LENGTH} or longer than {@value
   *     AccountService#MAX_PASSWORD_LENGTH} characters
   */
  public AdminBootstrap bootstrapAdmin(Optional<String> passwordFromEnvironment) {
    if (jdbi.withHandle(accountStore::anyUserExists)) {
      return new AdminBootstrap(false, Optional.empty());
    }
    passwordFromEnvironment.ifPresent(AccountService::checkPassword);
    Optional<String> generated =
        passwordFromEnvironment.isPresent()
            ? Optional.empty()
            : Optional.of(Secrets.random(random, Secrets.BASE62, GENERATED_PASSWORD_CHARACTERS));
    String hash = hasher.hash(passwordFromEnvironment.or(() -> generated).orElseThrow());
    long now = clock.millis();

    boolean created =
        jdbi.inTransaction(
            h -> {
              // Another node may have created the first user since the check above. Claiming
              // the namespace waits for such a node's transaction, then fails if it committed.
              if (accountStore.anyUserExists(h)
                  || !accountStore.insertNamespace(
                      h, BOOTSTRAP_ADMIN, AccountStore.NamespaceKind.USER, now)) {
                return false;
              }
              accountStore.insertUser(h, BOOTSTRAP_ADMIN, BOOTSTRAP_ADMIN_EMAIL, hash, true, now);
              return true;
            });
    if (!created) {
      return new AdminBootstrap(false, Optional.empty());
    }
    LOG.atInfo()
        .addKeyValue("user", BOOTSTRAP_ADMIN)
        .addKeyValue("password_source", generated.isPresent() ? "generated" : "environment")
        .log("administrator created");
    return new AdminBootstrap(true, generated);
  }

  /**
   * Deletes expired second-factor tickets, expired sessions and login-failure counters that no
   * longer matter; returns how many rows went. Run it now and then, such as hourly.
   */
  public int removeExpired() {
    long now = clock.millis();
    int tickets = jdbi.inTransaction(h -> twoFactorStore.deleteExpiredTickets(h, now));
    int sessions = jdbi.inTransaction(h -> sessionStore.deleteExpired(h, now));
    return tickets + sessions + loginThrottle.removeIdle();
  }
}
