package dev.berth.auth;

import dev.berth.audit.AuditActions;
import dev.berth.audit.AuditEntry;
import dev.berth.audit.AuditLog;
import dev.berth.auth.AccountStore.NamespaceKind;
import dev.berth.auth.AccountStore.UserRow;
import dev.berth.oci.RepositoryName;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users and organizations: creating them, the administrator's controls over users, passwords, and
 * organization membership. Teams are in {@link TeamService}.
 *
 * <p>A user and an organization never share a name, because both are namespaces. Users are never
 * deleted, only disabled, so a name is never reused for someone else. Methods that change something
 * take the acting user and check, against the current rows, that they may do it. Thread-safe.
 */
public final class AccountService {

  /** NIST SP 800-63B's minimum length for passwords a user chooses. */
  static final int MIN_PASSWORD_LENGTH = 8;

  /** Long passphrases are welcome; the bound only keeps one login from hashing megabytes. */
  static final int MAX_PASSWORD_LENGTH = 256;

  static final int MAX_EMAIL_LENGTH = 320;

  /** Maximum number of users one {@link #listUsers} call returns. */
  static final int MAX_PAGE_SIZE = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);

  private final Jdbi jdbi;
  private final AccountStore store;
  private final ActorChecks actors;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final Clock clock;
  private final AuditLog audit;

  AccountService(
      Jdbi jdbi,
      AccountStore store,
      ActorChecks actors,
      PasswordHasher hasher,
      LoginThrottle throttle,
      Clock clock,
      AuditLog audit) {
    this.jdbi = jdbi;
    this.audit = audit;
    this.store = store;
    this.actors = actors;
    this.hasher = hasher;
    this.throttle = throttle;
    this.clock = clock;
  }

  // Users.

  /**
   * Creates a user. Whether {@code actor} may create accounts at all (open sign-up or
   * administrators only) is the caller's decision; this method only lets administrators use the
   * names reserved for them, such as {@code library}.
   *
   * @param actor the requester: anonymous for a sign-up, or the administrator creating the account
   * @throws AccountException INVALID when the name, e-mail address or password breaks a rule,
   *     CONFLICT when the name or the e-mail address is taken
   */
  public UserAccount createUser(Principal actor, String username, String email, String password) {
    boolean byAdministrator = isActiveAdministrator(actor);
    NameRules.checkNamespace(NameRules.Kind.USER, username, byAdministrator);
    String normalizedEmail = normalizeEmail(email);
    checkPassword(password);
    String hash = hasher.hash(password);
    long now = clock.millis();
    UserAccount account =
        jdbi.inTransaction(
            h -> {
              if (!byAdministrator && store.namespaceHasRepositories(h, username)) {
                throw AccountException.conflict(
                    "namespace '"
                        + username
                        + "' already holds repositories; choose another user name");
              }
              UserAccount created = insertUser(h, username, normalizedEmail, hash, false, now);
              audit.record(
                  h,
                  userEntry(AuditActions.USER_CREATE, actor, username)
                      .with("sign_up", String.valueOf(!byAdministrator)));
              return created;
            });
    LOG.atInfo().addKeyValue("user", username).addKeyValue("by", actor.name()).log("user created");
    return account;
  }

  /** Inserts a user row and claims its namespace, in the caller's transaction. */
  UserAccount insertUser(
      Handle handle,
      String username,
      String email,
      String passwordHash,
      boolean administrator,
      long now) {
    if (!store.insertNamespace(handle, username, NamespaceKind.USER, now)) {
      throw AccountException.conflict(
          "user name '" + username + "' is taken by a user or organization; choose another");
    }
    if (!store.insertUser(handle, username, email, passwordHash, administrator, now)) {
      throw AccountException.conflict(
          "e-mail address " + email + " already belongs to another user");
    }
    return store.findUser(handle, username).orElseThrow().toAccount();
  }

  /** Returns the user named {@code username}, if there is one. */
  public Optional<UserAccount> user(String username) {
    return jdbi.withHandle(h -> store.findUser(h, username)).map(UserRow::toAccount);
  }

  /**
   * Returns up to {@code limit} users whose names sort after {@code after}, ordered by name.
   *
   * @throws AccountException FORBIDDEN when {@code actor} is not an active administrator, INVALID
   *     when {@code limit} is outside 1 to {@value #MAX_PAGE_SIZE}
   */
  public List<UserAccount> listUsers(Principal.User actor, Optional<String> after, int limit) {
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw AccountException.invalid(
          "page size " + limit + " is invalid; use 1 to " + MAX_PAGE_SIZE);
    }
    return jdbi.withHandle(
        h -> {
          actors.requireAdministrator(h, actor);
          return store.listUsers(h, after, limit).stream().map(UserRow::toAccount).toList();
        });
  }

  /**
   * Disables or enables a user. A disabled user cannot log in, their tokens stop working and their
   * web sessions end; their repositories stay.
   *
   * @throws AccountException FORBIDDEN when {@code actor} is not an active administrator, NOT_FOUND
   *     when the user does not exist, CONFLICT when this would disable the last enabled
   *     administrator
   */
  public void setDisabled(Principal.User actor, String username, boolean disabled) {
    jdbi.useTransaction(
        h -> {
          actors.requireAdministrator(h, actor);
          applyDisabled(h, actor, requireUser(h, username), disabled);
        });
    LOG.atInfo()
        .addKeyValue("user", username)
        .addKeyValue("administrator", actor.username())
        .log(disabled ? "user disabled" : "user enabled");
  }

  /**
   * Makes a user an administrator of this Berth or takes the role away.
   *
   * @throws AccountException FORBIDDEN when {@code actor} is not an active administrator, NOT_FOUND
   *     when the user does not exist, CONFLICT when this would demote the last enabled
   *     administrator
   */
  public void setAdministrator(Principal.User actor, String username, boolean administrator) {
    jdbi.useTransaction(
        h -> {
          actors.requireAdministrator(h, actor);
          applyAdministrator(h, actor, requireUser(h, username), administrator);
        });
    LOG.atInfo()
        .addKeyValue("user", username)
        .addKeyValue("administrator", actor.username())
        .log(administrator ? "administrator role granted" : "administrator role removed");
  }

  /**
   * Applies {@code changes} to a user in one transaction and returns the user as they are then.
   * Users may change their own e-mail address; another user's address, the disabled flag and the
   * administrator role need an active administrator. Disabling a user ends their web sessions.
   *
   * @throws AccountException INVALID when the e-mail address is malformed, FORBIDDEN when {@code
   *     actor} may not make a change, NOT_FOUND when the user does not exist, CONFLICT when the
   *     e-mail address belongs to another user or the change would disable or demote the last
   *     enabled administrator
   */
  public UserAccount updateUser(Principal.User actor, String username, UserChanges changes) {
    Optional<String> email = changes.email().map(AccountService::normalizeEmail);
    UserAccount updated =
        jdbi.inTransaction(
            h -> {
              UserRow actorRow = actors.requireActive(h, actor);
              boolean self = actorRow.username().equals(username);
              boolean needsAdministrator =
                  changes.disabled().isPresent()
                      || changes.administrator().isPresent()
                      || (email.isPresent() && !self);
              if (needsAdministrator && !actorRow.administrator()) {
                throw AccountException.forbidden(
                    "only administrators may change another user's e-mail address, disable a"
                        + " user or change the administrator role");
              }
              UserRow user = requireUser(h, username);
              if (email.isPresent() && !email.get().equals(user.email())) {
                if (store.emailTaken(h, email.get(), username)) {
                  throw AccountException.conflict(
                      "e-mail address " + email.get() + " already belongs to another user");
                }
                store.setEmail(h, username, email.get());
              }
              if (changes.disabled().isPresent()) {
                applyDisabled(h, actor, user, changes.disabled().get());
              }
              if (changes.administrator().isPresent()) {
                UserRow current = requireUser(h, username);
                applyAdministrator(h, actor, current, changes.administrator().get());
              }
              return requireUser(h, username).toAccount();
            });
    LOG.atInfo()
        .addKeyValue("user", username)
        .addKeyValue("by", actor.username())
        .addKeyValue("email_changed", email.isPresent())
        .addKeyValue("disabled", changes.disabled().map(String::valueOf).orElse("unchanged"))
        .addKeyValue(
            "administrator", changes.administrator().map(String::valueOf).orElse("unchanged"))
        .log("user updated");
    return updated;
  }

  /**
   * Returns one page of users ordered by name, with the total count, for administrators.
   *
   * @param offset how many users to skip, from 0
   * @param limit how many users to return, 1 to {@value #MAX_PAGE_SIZE}
   * @throws AccountException FORBIDDEN when {@code actor} is not an active administrator, INVALID
   *     when {@code offset} is negative or {@code limit} is out of range
   */
  public UserListing listUsers(Principal.User actor, long offset, int limit) {
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw AccountException.invalid(
          "page size " + limit + " is invalid; use 1 to " + MAX_PAGE_SIZE);
    }
    if (offset < 0) {
      throw AccountException.invalid("offset " + offset + " is invalid; use 0 or more");
    }
    return jdbi.withHandle(
        h -> {
          actors.requireAdministrator(h, actor);
          long total = store.countUsers(h);
          List<UserAccount> users =
              store.listUsers(h, offset, limit).stream().map(UserRow::toAccount).toList();
          return new UserListing(total, users);
        });
  }

  /**
   * Sets a new password for a user who forgot theirs, and ends their web sessions.
   *
   * @throws AccountException FORBIDDEN when {@code actor} is not an active administrator, NOT_FOUND
   *     when the user does not exist, INVALID when the password breaks a rule
   */
  public void resetPassword(Principal.User actor, String username, String newPassword) {
    checkPassword(newPassword);
    String hash = hasher.hash(newPassword);
    jdbi.useTransaction(
        h -> {
          actors.requireAdministrator(h, actor);
          requireUser(h, username);
          store.setPasswordHash(h, username, hash);
          store.deleteSessions(h, username);
          audit.record(h, userEntry(AuditActions.USER_PASSWORD_RESET, actor, username));
        });
    LOG.atInfo()
        .addKeyValue("user", username)
        .addKeyValue("administrator", actor.username())
        .log("password reset by administrator");
  }

  /**
   * Changes the acting user's password after checking the current one, and ends their web sessions.
   * A wrong current password counts as a failed login.
   *
   * @throws AuthenticationException INVALID_CREDENTIALS when {@code currentPassword} is wrong,
   *     THROTTLED after too many failures
   * @throws AccountException INVALID when the new password breaks a rule, FORBIDDEN when the user
   *     is disabled or gone
   */
  public void changePassword(
      Principal.User actor, String currentPassword, String newPassword, InetAddress client)
      throws AuthenticationException {
    checkPassword(newPassword);
    List<String> keys =
        List.of(LoginThrottle.userKey(actor.username()), LoginThrottle.addressKey(client));
    Optional<Duration> wait = throttle.lockedFor(keys);
    if (wait.isPresent()) {
      throw LoginMessages.throttled(wait.get());
    }
    UserRow user = jdbi.withHandle(h -> actors.requireActive(h, actor));
    if (!hasher.verify(currentPassword, user.passwordHash())) {
      throttle.recordFailure(keys);
      throw new AuthenticationException(
          AuthenticationException.Reason.INVALID_CREDENTIALS, "current password is incorrect");
    }
    String hash = hasher.hash(newPassword);
    jdbi.useTransaction(
        h -> {
          store.setPasswordHash(h, user.username(), hash);
          store.deleteSessions(h, user.username());
          audit.record(h, userEntry(AuditActions.USER_PASSWORD_CHANGE, actor, user.username()));
        });
    throttle.reset(LoginThrottle.userKey(user.username()));
    LOG.atInfo().addKeyValue("user", user.username()).log("password changed");
  }

  // Organizations.

  /**
   * Creates an organization with the acting user as its first owner.
   *
   * @throws AccountException INVALID when the name breaks a rule, CONFLICT when a user or
   *     organization has it, FORBIDDEN when the acting user is disabled or gone
   */
  public Organization createOrganization(Principal.User actor, String name) {
    long now = clock.millis();
    Organization organization =
        jdbi.inTransaction(
            h -> {
              UserRow creator = actors.requireActive(h, actor);
              NameRules.checkNamespace(NameRules.Kind.ORGANIZATION, name, creator.administrator());
              if (!creator.administrator() && store.namespaceHasRepositories(h, name)) {
                throw AccountException.conflict(
                    "namespace '"
                        + name
                        + "' already holds repositories pushed by an administrator; ask an"
                        + " administrator to create the organization");
              }
              if (!store.insertNamespace(h, name, NamespaceKind.ORGANIZATION, now)) {
                throw AccountException.conflict(
                    "organization name '"
                        + name
                        + "' is taken by a user or organization; choose another");
              }
              store.insertOrganization(h, name, now);
              store.upsertMember(h, name, creator.username(), OrganizationRole.OWNER);
              audit.record(
                  h,
                  AuditEntry.of(
                          AuditActions.ORGANIZATION_CREATE,
                          AuditActors.of(actor),
                          "organization",
                          name)
                      .inNamespace(name));
              return store.findOrganization(h, name).orElseThrow();
            });
    LOG.atInfo()
        .addKeyValue("organization", name)
        .addKeyValue("user", actor.username())
        .log("organization created");
    return organization;
  }

  /** Returns the organization named {@code name}, if there is one. */
  public Optional<Organization> organization(String name) {
    return jdbi.withHandle(h -> store.findOrganization(h, name));
  }

  /**
   * Returns the members of {@code organization} with their roles, ordered by name.
   *
   * @throws AccountException NOT_FOUND when the organization does not exist, FORBIDDEN when the
   *     acting user is neither a member nor an administrator
   */
  public List<OrganizationMember> members(Principal.User actor, String organization) {
    return jdbi.withHandle(
        h -> {
          actors.requireMember(h, actor, organization);
          return store.listMembers(h, organization);
        });
  }

  /** Returns the organizations {@code username} belongs to, with their role in each. */
  public List<OrganizationMembership> memberships(String username) {
    return jdbi.withHandle(h -> store.listMemberships(h, username));
  }

  /**
   * Returns the repositories that teams of {@code username} hold a permission on, each with the
   * highest such permission, so a list of repositories can be filtered in one query.
   */
  public java.util.Map<RepositoryName, RepositoryPermission> teamGrants(String username) {
    return jdbi.withHandle(h -> store.teamGrantsOf(h, username));
  }

  /**
   * Adds a user to an organization with {@code role}, or changes the role of a member.
   *
   * @throws AccountException NOT_FOUND when the organization or the user does not exist, FORBIDDEN
   *     when the acting user is neither an owner nor an administrator, CONFLICT when this would
   *     demote the organization's last owner
   */
  public void setMember(
      Principal.User actor, String organization, String username, OrganizationRole role) {
    jdbi.useTransaction(
        h -> {
          actors.requireOwner(h, actor, organization);
          store.lockOrganization(h, organization);
          requireUser(h, username);
          Optional<OrganizationRole> current = store.memberRole(h, organization, username);
          if (role == OrganizationRole.MEMBER
              && current.equals(Optional.of(OrganizationRole.OWNER))) {
            requireAnotherOwner(h, organization, username);
          }
          store.upsertMember(h, organization, username, role);
          audit.record(
              h,
              memberEntry(AuditActions.ORGANIZATION_MEMBER_SET, actor, organization, username)
                  .with("role", role.name().toLowerCase(Locale.ROOT)));
        });
    LOG.atInfo()
        .addKeyValue("organization", organization)
        .addKeyValue("member", username)
        .addKeyValue("role", role)
        .addKeyValue("user", actor.username())
        .log("organization member set");
  }

  /**
   * Removes a member from an organization and from all its teams. Owners and administrators may
   * remove anyone; a member may remove themselves.
   *
   * @throws AccountException NOT_FOUND when the organization does not exist or the user is not a
   *     member, FORBIDDEN when the acting user may not remove them, CONFLICT when they are the last
   *     owner
   */
  public void removeMember(Principal.User actor, String organization, String username) {
    jdbi.useTransaction(
        h -> {
          if (actor.username().equals(username)) {
            actors.requireMember(h, actor, organization);
          } else {
            actors.requireOwner(h, actor, organization);
          }
          store.lockOrganization(h, organization);
          Optional<OrganizationRole> current = store.memberRole(h, organization, username);
          if (current.isEmpty()) {
            throw AccountException.notFound(
                "user " + username + " is not a member of organization " + organization);
          }
          if (current.get() == OrganizationRole.OWNER) {
            requireAnotherOwner(h, organization, username);
          }
          store.deleteMember(h, organization, username);
          audit.record(
              h,
              memberEntry(AuditActions.ORGANIZATION_MEMBER_REMOVE, actor, organization, username));
        });
    LOG.atInfo()
        .addKeyValue("organization", organization)
        .addKeyValue("member", username)
        .addKeyValue("user", actor.username())
        .log("organization member removed");
  }

  // Rules.

  /**
   * Checks a new password's length, counted in Unicode code points.
   *
   * @throws AccountException INVALID when it is too short or too long; the message never contains
   *     the password
   */
  static void checkPassword(String password) {
    int length = password.codePointCount(0, password.length());
    if (length < MIN_PASSWORD_LENGTH) {
      throw AccountException.invalid(
          "password is too short (" + length + " characters); use at least " + MIN_PASSWORD_LENGTH);
    }
    if (length > MAX_PASSWORD_LENGTH) {
      throw AccountException.invalid(
          "password is too long (" + length + " characters); use at most " + MAX_PASSWORD_LENGTH);
    }
  }

  /**
   * Returns {@code email} lower-cased, so one address cannot register twice in different cases.
   *
   * @throws AccountException INVALID when it is not of the form {@code local@domain}
   */
  static String normalizeEmail(String email) {
    int at = email.indexOf('@');
    boolean wellFormed =
        email.length() <= MAX_EMAIL_LENGTH
            && at > 0
            && at == email.lastIndexOf('@')
            && at < email.length() - 1
            && email
                .codePoints()
                .noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
    if (!wellFormed) {
      throw AccountException.invalid(
          "e-mail address '"
              + email
              + "' is invalid; use the form name@example.com, at most "
              + MAX_EMAIL_LENGTH
              + " characters");
    }
    return email.toLowerCase(Locale.ROOT);
  }

  private boolean isActiveAdministrator(Principal actor) {
    if (!(actor instanceof Principal.User user)) {
      return false;
    }
    return jdbi.withHandle(h -> store.findUser(h, user.username()))
        .filter(row -> row.administrator() && !row.disabled())
        .isPresent();
  }

  private UserRow requireUser(Handle handle, String username) {
    return store
        .findUser(handle, username)
        .orElseThrow(() -> AccountException.notFound("user " + username + " not found"));
  }

  private void applyDisabled(
      Handle handle, Principal.User actor, UserRow user, boolean disabled) {
    if (disabled && user.administrator() && !user.disabled()) {
      requireAnotherAdministrator(handle, user.username(), "disable");
    }
    store.setDisabled(handle, user.username(), disabled);
    if (disabled) {
      store.deleteSessions(handle, user.username());
    }
    if (disabled != user.disabled()) {
      String action = disabled ? AuditActions.USER_DISABLE : AuditActions.USER_ENABLE;
      audit.record(handle, userEntry(action, actor, user.username()));
    }
  }

  private void applyAdministrator(
      Handle handle, Principal.User actor, UserRow user, boolean administrator) {
    if (!administrator && user.administrator() && !user.disabled()) {
      requireAnotherAdministrator(handle, user.username(), "demote");
    }
    store.setAdministrator(handle, user.username(), administrator);
    if (administrator != user.administrator()) {
      audit.record(
          handle,
          userEntry(AuditActions.USER_ADMINISTRATOR, actor, user.username())
              .with("administrator", String.valueOf(administrator)));
    }
  }

  private static AuditEntry userEntry(String action, Principal actor, String username) {
    return AuditEntry.of(action, AuditActors.of(actor), "user", username).inNamespace(username);
  }

  private static AuditEntry memberEntry(
      String action, Principal actor, String organization, String username) {
    return AuditEntry.of(action, AuditActors.of(actor), "organization", organization)
        .inNamespace(organization)
        .with("member", username);
  }

  private void requireAnotherAdministrator(Handle handle, String username, String verb) {
    List<String> others =
        store.lockEnabledAdministrators(handle).stream()
            .filter(name -> !name.equals(username))
            .toList();
    if (others.isEmpty()) {
      throw AccountException.conflict(
          "cannot "
              + verb
              + " "
              + username
              + ", the last enabled administrator; make another user an administrator first");
    }
  }

  private void requireAnotherOwner(Handle handle, String organization, String username) {
    if (store.countOwners(handle, organization) <= 1) {
      throw AccountException.conflict(
          "cannot remove "
              + username
              + " as the last owner of organization "
              + organization
              + "; make another member an owner first");
    }
  }
}
