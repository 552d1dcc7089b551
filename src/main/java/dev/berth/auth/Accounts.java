package dev.berth.auth;

import dev.berth.db.Database;
import dev.berth.oci.RepositoryName;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * The auth room, wired: accounts, teams, access tokens and login throttling, all over one database.
 * Build one per process in the composition root. Thread-safe.
 */
public final class Accounts {

  private final Jdbi jdbi;
  private final AccountStore accountStore;
  private final AccountService accountService;
  private final TeamService teamService;
  private final AccessTokenService accessTokens;
  private final TotpService twoFactor;
  private final AccountAuthenticator authenticator;
  private final LoginThrottle loginThrottle;

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
    this.accountStore = new AccountStore(database.dialect());
    PasswordHasher hasher = new PasswordHasher(hashParameters, random);
    ActorChecks actors = new ActorChecks(accountStore);
    this.loginThrottle =
        new LoginThrottle(jdbi, new LoginFailureStore(database.dialect()), actors, clock);
    this.accountService =
        new AccountService(jdbi, accountStore, actors, hasher, loginThrottle, clock);
    this.teamService = new TeamService(jdbi, accountStore, actors);
    this.accessTokens =
        new AccessTokenService(jdbi, new AccessTokenStore(), accountStore, actors, clock, random);
    TwoFactorStore twoFactorStore = new TwoFactorStore(database.dialect());
    this.twoFactor =
        new TotpService(jdbi, accountStore, twoFactorStore, actors, loginThrottle, clock, random);
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
            random);
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
   * Returns the authorizer for repositories.
   *
   * @param repositoryIsPrivate returns whether an existing repository is private, or empty when it
   *     does not exist; the registry room provides it
   */
  public Authorizer authorizer(Function<RepositoryName, Optional<Boolean>> repositoryIsPrivate) {
    return new RepositoryAuthorizer(jdbi, accountStore, accessTokens, repositoryIsPrivate);
  }
}
