package dev.berth.auth;

import dev.berth.audit.AuditActions;
import dev.berth.audit.AuditActor;
import dev.berth.audit.AuditEntry;
import dev.berth.audit.AuditLog;
import dev.berth.auth.AccountStore.UserRow;
import dev.berth.oci.RepositoryName;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, lists, revokes and checks access tokens: personal tokens owned by a user and
 * organization tokens owned by an organization.
 *
 * <p>A secret is a prefix ({@value #PERSONAL_PREFIX} or {@value #ORGANIZATION_PREFIX}, so secret
 * scanners can recognise leaked tokens) followed by {@value #SECRET_CHARACTERS} random letters and
 * digits (about 256 bits). Only its SHA-256 is stored. Personal tokens are managed by their owner
 * alone; organization tokens by the organization's owners and administrators. Administrators may
 * also revoke any token. Thread-safe.
 *
 * <p>A token limits its owner's access in one of two ways. Either it has one scope for every
 * repository, optionally limited to a repository list; or it has per-repository scopes, a map of
 * repository name to scope. With per-repository scopes the token may use only the repositories in
 * the map, each up to its own scope, and may pull other repositories only where they are public.
 * Its top-level scope must then equal the highest scope in the map, because API checks read only
 * the top-level scope. A token cannot have both a repository list and per-repository scopes.
 */
public final class AccessTokenService {

  static final String PERSONAL_PREFIX = "bth_pat_";
  static final String ORGANIZATION_PREFIX = "bth_oat_";

  /** 43 characters of base 62 carry 256 bits: 43 × log2(62) ≈ 256.03. */
  static final int SECRET_CHARACTERS = 43;

  static final int MAX_NAME_LENGTH = 100;

  /** Repositories one token may be limited to. */
  static final int MAX_REPOSITORIES = 100;

  /** Uses closer together than this update the last-use time only once. */
  static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(AccessTokenService.class);

  private final Jdbi jdbi;
  private final AccessTokenStore store;
  private final AccountStore accounts;
  private final ActorChecks actors;
  private final Clock clock;
  private final SecureRandom random;
  private final AuditLog audit;

  AccessTokenService(
      Jdbi jdbi,
      AccessTokenStore store,
      AccountStore accounts,
      ActorChecks actors,
      Clock clock,
      SecureRandom random,
      AuditLog audit) {
    this.jdbi = jdbi;
    this.audit = audit;
    this.store = store;
    this.accounts = accounts;
    this.actors = actors;
    this.clock = clock;
    this.random = random;
  }

  /** Returns whether {@code secret} has the form of an access token rather than a password. */
  public static boolean looksLikeToken(String secret) {
    return secret.startsWith(PERSONAL_PREFIX) || secret.startsWith(ORGANIZATION_PREFIX);
  }

  /**
   * Creates a token owned by the acting user. It never allows more than the user may do, however
   * wide its scope.
   *
   * @param name a label of 1 to {@value #MAX_NAME_LENGTH} characters, such as "ci on laptop"
   * @param repositories the repositories to limit the token to; empty for no limit
   * @param expiresAt when the token stops working; empty for never
   * @throws AccountException INVALID when the name, repository list or expiry breaks a rule,
   *     FORBIDDEN when the user is disabled or gone
   */
  public NewAccessToken createPersonalToken(
      Principal.User actor,
      String name,
      TokenScope scope,
      Set<RepositoryName> repositories,
      Optional<Instant> expiresAt) {
    return createPersonalToken(actor, name, scope, repositories, Map.of(), expiresAt);
  }

  /**
   * Creates a token owned by the acting user, as {@link #createPersonalToken(Principal.User,
   * String, TokenScope, Set, Optional)} does, with optional per-repository scopes.
   *
   * @param repositories the repositories to limit the token to; empty for no limit
   * @param repositoryScopes the only repositories the token may use beyond public pulls, each with
   *     its scope; empty for none. When given, {@code repositories} must be empty and {@code scope}
   *     must equal the highest of these scopes.
   * @throws AccountException INVALID when the name, repositories, repository scopes or expiry break
   *     a rule, FORBIDDEN when the user is disabled or gone
   */
  public NewAccessToken createPersonalToken(
      Principal.User actor,
      String name,
      TokenScope scope,
      Set<RepositoryName> repositories,
      Map<RepositoryName, TokenScope> repositoryScopes,
      Optional<Instant> expiresAt) {
    return jdbi.inTransaction(
        h -> {
          UserRow user = actors.requireActive(h, actor);
          return create(
              h,
              Principal.OwnerKind.USER,
              user.username(),
              user,
              name,
              scope,
              repositories,
              repositoryScopes,
              expiresAt);
        });
  }

  /**
   * Creates a token owned by {@code organization}. Within its scope it acts as an owner of the
   * organization's namespace; elsewhere it may only pull public repositories.
   *
   * @param repositories the repositories to limit the token to, all in the organization's
   *     namespace; empty for no limit
   * @throws AccountException INVALID when the name, repository list or expiry breaks a rule,
   *     NOT_FOUND when the organization does not exist, FORBIDDEN when the acting user is not one
   *     of its owners or an administrator
   */
  public NewAccessToken createOrganizationToken(
      Principal.User actor,
      String organization,
      String name,
      TokenScope scope,
      Set<RepositoryName> repositories,
      Optional<Instant> expiresAt) {
    return createOrganizationToken(
        actor, organization, name, scope, repositories, Map.of(), expiresAt);
  }

  /**
   * Creates a token owned by {@code organization}, as {@link
   * #createOrganizationToken(Principal.User, String, String, TokenScope, Set, Optional)} does, with
   * optional per-repository scopes.
   *
   * @param repositories the repositories to limit the token to, all in the organization's
   *     namespace; empty for no limit
   * @param repositoryScopes the only repositories the token may use beyond public pulls, all in the
   *     organization's namespace, each with its scope; empty for none. When given, {@code
   *     repositories} must be empty and {@code scope} must equal the highest of these scopes.
   * @throws AccountException INVALID when the name, repositories, repository scopes or expiry break
   *     a rule, NOT_FOUND when the organization does not exist, FORBIDDEN when the acting user is
   *     not one of its owners or an administrator
   */
  public NewAccessToken createOrganizationToken(
      Principal.User actor,
      String organization,
      String name,
      TokenScope scope,
      Set<RepositoryName> repositories,
      Map<RepositoryName, TokenScope> repositoryScopes,
      Optional<Instant> expiresAt) {
    List<RepositoryName> named =
        Stream.concat(repositories.stream(), repositoryScopes.keySet().stream()).toList();
    for (RepositoryName repository : named) {
      if (!NameRules.namespaceOf(repository).equals(organization)) {
        throw AccountException.invalid(
            "repository "
                + repository
                + " is outside organization "
                + organization
                + "; an organization token may be limited only to the organization's repositories");
      }
    }
    return jdbi.inTransaction(
        h -> {
          UserRow user = actors.requireOwner(h, actor, organization);
          return create(
              h,
              Principal.OwnerKind.ORGANIZATION,
              organization,
              user,
              name,
              scope,
              repositories,
              repositoryScopes,
              expiresAt);
        });
  }

  private NewAccessToken create(
      Handle handle,
      Principal.OwnerKind kind,
      String owner,
      UserRow creator,
      String name,
      TokenScope scope,
      Set<RepositoryName> repositories,
      Map<RepositoryName, TokenScope> repositoryScopes,
      Optional<Instant> expiresAt) {
    Instant now = clock.instant();
    checkName(name);
    checkRepositoryScopes(scope, repositories, repositoryScopes);
    if (repositories.size() > MAX_REPOSITORIES) {
      throw AccountException.invalid(
          "a token may be limited to at most "
              + MAX_REPOSITORIES
              + " repositories, not "
              + repositories.size());
    }
    if (expiresAt.isPresent() && !expiresAt.get().isAfter(now)) {
      throw AccountException.invalid(
          "token expiry " + expiresAt.get() + " is not in the future; choose a later time");
    }

    byte[] idBytes = new byte[16];
    random.nextBytes(idBytes);
    String id = HexFormat.of().formatHex(idBytes);
    String prefix = kind == Principal.OwnerKind.USER ? PERSONAL_PREFIX : ORGANIZATION_PREFIX;
    String secret = prefix + Secrets.random(random, Secrets.BASE62, SECRET_CHARACTERS);
    AccessToken token =
        new AccessToken(
            id,
            kind,
            owner,
            name,
            scope,
            repositories,
            repositoryScopes,
            creator.username(),
            now.truncatedTo(ChronoUnit.MILLIS),
            expiresAt,
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    store.insert(handle, token, Secrets.sha256Hex(secret));
    audit.record(
        handle,
        tokenEntry(AuditActions.ACCESS_TOKEN_CREATE, AuditActor.user(creator.username()), token)
            .with("scope", scope.toString()));
    LOG.atInfo()
        .addKeyValue("token_id", id)
        .addKeyValue("owner", owner)
        .addKeyValue("scope", scope)
        .addKeyValue("user", creator.username())
        .log("access token created");
    return new NewAccessToken(token, secret);
  }

  /**
   * Returns the acting user's personal tokens, newest first, revoked and expired ones included.
   *
   * @throws AccountException FORBIDDEN when the user is disabled or gone
   */
  public List<AccessToken> personalTokens(Principal.User actor) {
    return jdbi.withHandle(
        h -> {
          UserRow user = actors.requireActive(h, actor);
          return store.listByOwner(h, Principal.OwnerKind.USER, user.username());
        });
  }

  /**
   * Returns the tokens of {@code organization}, newest first, revoked and expired ones included.
   *
   * @throws AccountException NOT_FOUND when the organization does not exist, FORBIDDEN when the
   *     acting user is not one of its owners or an administrator
   */
  public List<AccessToken> organizationTokens(Principal.User actor, String organization) {
    return jdbi.withHandle(
        h -> {
          actors.requireOwner(h, actor, organization);
          return store.listByOwner(h, Principal.OwnerKind.ORGANIZATION, organization);
        });
  }

  /**
   * Revokes a token at once. Revoking a revoked token changes nothing.
   *
   * @throws AccountException NOT_FOUND when there is no such token or the acting user may not
   *     manage it (the two look alike, so ids of others' tokens cannot be probed)
   */
  public void revoke(Principal.User actor, String tokenId) {
    jdbi.useTransaction(
        h -> {
          UserRow user = actors.requireActive(h, actor);
          AccessToken token =
              store
                  .findById(h, tokenId)
                  .filter(candidate -> mayManage(h, user, candidate))
                  .orElseThrow(
                      () -> AccountException.notFound("access token " + tokenId + " not found"));
          store.revoke(h, token.id(), clock.millis());
          audit.record(
              h, tokenEntry(AuditActions.ACCESS_TOKEN_REVOKE, AuditActors.of(actor), token));
        });
    LOG.atInfo()
        .addKeyValue("token_id", tokenId)
        .addKeyValue("user", actor.username())
        .log("access token revoked");
  }

  private static AuditEntry tokenEntry(String action, AuditActor actor, AccessToken token) {
    return AuditEntry.of(action, actor, "access_token", token.id())
        .inNamespace(token.owner())
        .with("name", token.name())
        .with("owner", token.owner());
  }

  private boolean mayManage(Handle handle, UserRow user, AccessToken token) {
    if (user.administrator()) {
      return true;
    }
    return switch (token.ownerKind()) {
      case USER -> token.owner().equals(user.username());
      case ORGANIZATION ->
          accounts
              .memberRole(handle, token.owner(), user.username())
              .filter(role -> role == OrganizationRole.OWNER)
              .isPresent();
    };
  }

  /**
   * Returns the principal of the token whose secret is {@code secret} and records the use.
   *
   * @param client the caller's address, shown to the owner as the last use
   * @throws AuthenticationException INVALID_CREDENTIALS when no active token has this secret
   *     (unknown, revoked or expired); DISABLED when its owning user is disabled
   */
  public Principal.Token authenticate(String secret, InetAddress client)
      throws AuthenticationException {
    String hash = Secrets.sha256Hex(secret);
    Optional<AccessToken> found = jdbi.withHandle(h -> store.findBySecretHash(h, hash));
    if (found.isEmpty()) {
      throw invalidToken();
    }
    AccessToken token = found.get();
    Instant now = clock.instant();
    if (!token.isActive(now)) {
      throw invalidToken();
    }
    Principal.Token principal =
        jdbi.withHandle(h -> principal(h, token))
            .orElseThrow(
                () ->
                    token.ownerKind() == Principal.OwnerKind.USER
                        ? LoginMessages.disabled(token.owner())
                        : invalidToken());

    boolean recent =
        token.lastUsedAt().filter(last -> last.plus(LAST_USE_RESOLUTION).isAfter(now)).isPresent();
    if (!recent) {
      long notAfter = now.minus(LAST_USE_RESOLUTION).toEpochMilli();
      jdbi.useTransaction(
          h ->
              store.recordUse(
                  h, token.id(), now.toEpochMilli(), client.getHostAddress(), notAfter));
    }
    return principal;
  }

  /**
   * Returns the principal of token {@code tokenId} as it is now: empty when the token is revoked,
   * expired or gone, or when its owner is disabled or gone. The authorizer calls this so a
   * revocation takes effect for principals built earlier.
   */
  Optional<Principal.Token> currentPrincipal(Handle handle, String tokenId) {
    Instant now = clock.instant();
    return store
        .findById(handle, tokenId)
        .filter(token -> token.isActive(now))
        .flatMap(token -> principal(handle, token));
  }

  /** Returns the principal of an active token, or empty when its owner is disabled or gone. */
  private Optional<Principal.Token> principal(Handle handle, AccessToken token) {
    boolean ownerIsAdministrator = false;
    if (token.ownerKind() == Principal.OwnerKind.USER) {
      Optional<UserRow> owner = accounts.findUser(handle, token.owner());
      if (owner.isEmpty() || owner.get().disabled()) {
        return Optional.empty();
      }
      ownerIsAdministrator = owner.get().administrator();
    } else if (accounts.findOrganization(handle, token.owner()).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Principal.Token(
            token.id(),
            token.owner(),
            token.ownerKind(),
            token.scope(),
            token.repositories(),
            token.repositoryScopes(),
            ownerIsAdministrator));
  }

  private static void checkName(String name) {
    if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw AccountException.invalid(
          "token name must be 1 to " + MAX_NAME_LENGTH + " characters and not blank");
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      throw AccountException.invalid("token name contains control characters; use printable text");
    }
  }

  /** Checks the rules of per-repository scopes; no scopes at all pass. */
  private static void checkRepositoryScopes(
      TokenScope scope,
      Set<RepositoryName> repositories,
      Map<RepositoryName, TokenScope> repositoryScopes) {
    if (repositoryScopes.isEmpty()) {
      return;
    }
    if (!repositories.isEmpty()) {
      throw AccountException.invalid(
          "a token takes a repository list or per-repository scopes, not both;"
              + " give each repository its scope in the repository scopes and leave the list empty");
    }
    if (repositoryScopes.size() > MAX_REPOSITORIES) {
      throw AccountException.invalid(
          "a token may have scopes for at most "
              + MAX_REPOSITORIES
              + " repositories, not "
              + repositoryScopes.size());
    }
    for (Map.Entry<RepositoryName, TokenScope> entry : repositoryScopes.entrySet()) {
      if (entry.getValue() == TokenScope.PUBLIC_READ) {
        throw AccountException.invalid(
            "repository scope "
                + TokenScope.PUBLIC_READ
                + " for "
                + entry.getKey()
                + " grants nothing beyond public pulls;"
                + " use repo:read, repo:write or repo:admin, or leave the repository out");
      }
    }
    TokenScope highest = Collections.max(repositoryScopes.values());
    if (scope != highest) {
      throw AccountException.invalid(
          "token scope "
              + scope
              + " must equal the highest repository scope, "
              + highest
              + "; set the token scope to "
              + highest);
    }
  }

  private static AuthenticationException invalidToken() {
    return new AuthenticationException(
        AuthenticationException.Reason.INVALID_CREDENTIALS,
        "access token is invalid, expired or revoked");
  }
}
