package dev.berth.auth;

import dev.berth.db.Dialect;
import dev.berth.oci.RepositoryName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The SQL of users, namespaces, organizations and teams. Every method runs on a handle the caller
 * owns, so services compose several calls into one transaction.
 */
final class AccountStore {

  /** A user row, with the secrets that only this room reads. */
  record UserRow(
      String username,
      String email,
      String passwordHash,
      boolean administrator,
      boolean disabled,
      Optional<String> totpSecret,
      boolean totpEnabled,
      Optional<Long> totpLastStep,
      long createdAt) {

    UserAccount toAccount() {
      return new UserAccount(
          username, email, administrator, disabled, totpEnabled, Instant.ofEpochMilli(createdAt));
    }
  }

  /** The kind of owner stored in a namespace row. */
  enum NamespaceKind {
    USER("user"),
    ORGANIZATION("organization");

    private final String stored;

    NamespaceKind(String stored) {
      this.stored = stored;
    }
  }

  private static final String USER_COLUMNS =
      "username, email, password_hash, is_admin, disabled, totp_secret, totp_enabled,"
          + " totp_last_step, created_at";

  private final String forUpdate;

  AccountStore(Dialect dialect) {
    // SQLite serialises writers with BEGIN IMMEDIATE and has no row locks.
    this.forUpdate = dialect == Dialect.POSTGRESQL ? " FOR UPDATE" : "";
  }

  // Namespaces.

  /** Claims {@code name}; returns false when a user or organization already has it. */
  boolean insertNamespace(Handle handle, String name, NamespaceKind kind, long now) {
    return handle
            .createUpdate(
                "INSERT INTO namespaces (name, kind, created_at) VALUES (:name, :kind, :now)"
                    + " ON CONFLICT (name) DO NOTHING")
            .bind("name", name)
            .bind("kind", kind.stored)
            .bind("now", now)
            .execute()
        == 1;
  }

  // Users.

  /** Inserts a user; returns false when another user has {@code email}. */
  boolean insertUser(
      Handle handle,
      String username,
      String email,
      String passwordHash,
      boolean administrator,
      long now) {
    return handle
            .createUpdate(
                "INSERT INTO users (username, email, password_hash, is_admin, created_at)"
                    + " VALUES (:username, :email, :hash, :admin, :now) ON CONFLICT DO NOTHING")
            .bind("username", username)
            .bind("email", email)
            .bind("hash", passwordHash)
            .bind("admin", administrator)
            .bind("now", now)
            .execute()
        == 1;
  }

  /**
   * Returns whether repositories exist under {@code namespace}. This reads the registry's table,
   * because only an administrator may claim a namespace that already holds content: otherwise
   * the first user to create that organization would own repositories pushed before.
   */
  boolean namespaceHasRepositories(Handle handle, String namespace) {
    return handle
        .createQuery(
            "SELECT 1 FROM repositories WHERE name = :namespace OR name LIKE :prefix LIMIT 1")
        .bind("namespace", namespace)
        .bind("prefix", namespace + "/%")
        .mapTo(Integer.class)
        .findOne()
        .isPresent();
  }

  Optional<UserRow> findUser(Handle handle, String username) {
    return handle
        .createQuery("SELECT " + USER_COLUMNS + " FROM users WHERE username = :username")
        .bind("username", username)
        .map((rs, ctx) -> user(rs))
        .findOne();
  }

  boolean anyUserExists(Handle handle) {
    return handle
        .createQuery("SELECT 1 FROM users LIMIT 1")
        .mapTo(Integer.class)
        .findOne()
        .isPresent();
  }

  /** Returns up to {@code limit} users after {@code after}, ordered by name. */
  List<UserRow> listUsers(Handle handle, Optional<String> after, int limit) {
    return handle
        .createQuery(
            "SELECT "
                + USER_COLUMNS
                + " FROM users WHERE username > :after ORDER BY username LIMIT :limit")
        .bind("after", after.orElse(""))
        .bind("limit", limit)
        .map((rs, ctx) -> user(rs))
        .list();
  }

  /** Returns up to {@code limit} users after skipping {@code offset}, ordered by name. */
  List<UserRow> listUsers(Handle handle, long offset, int limit) {
    return handle
        .createQuery(
            "SELECT " + USER_COLUMNS + " FROM users ORDER BY username LIMIT :limit OFFSET :offset")
        .bind("limit", limit)
        .bind("offset", offset)
        .map((rs, ctx) -> user(rs))
        .list();
  }

  long countUsers(Handle handle) {
    return handle.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one();
  }

  /** Returns whether a user other than {@code username} has {@code email}. */
  boolean emailTaken(Handle handle, String email, String username) {
    return handle
        .createQuery("SELECT 1 FROM users WHERE email = :email AND username <> :username")
        .bind("email", email)
        .bind("username", username)
        .mapTo(Integer.class)
        .findOne()
        .isPresent();
  }

  /**
   * Sets a user's e-mail address. The unique index on {@code email} rejects an address that a
   * concurrent transaction gave another user after {@link #emailTaken} looked.
   */
  void setEmail(Handle handle, String username, String email) {
    handle
        .createUpdate("UPDATE users SET email = :email WHERE username = :username")
        .bind("email", email)
        .bind("username", username)
        .execute();
  }

  /** Returns the enabled administrators, locking their rows on PostgreSQL. */
  List<String> lockEnabledAdministrators(Handle handle) {
    return handle
        .createQuery(
            "SELECT username FROM users WHERE is_admin = TRUE AND disabled = FALSE"
                + " ORDER BY username"
                + forUpdate)
        .mapTo(String.class)
        .list();
  }

  void setPasswordHash(Handle handle, String username, String passwordHash) {
    handle
        .createUpdate("UPDATE users SET password_hash = :hash WHERE username = :username")
        .bind("hash", passwordHash)
        .bind("username", username)
        .execute();
  }

  /** Replaces the password hash only while it is still {@code expected}. */
  void replacePasswordHash(Handle handle, String username, String expected, String replacement) {
    handle
        .createUpdate(
            "UPDATE users SET password_hash = :replacement"
                + " WHERE username = :username AND password_hash = :expected")
        .bind("replacement", replacement)
        .bind("username", username)
        .bind("expected", expected)
        .execute();
  }

  void setDisabled(Handle handle, String username, boolean disabled) {
    handle
        .createUpdate("UPDATE users SET disabled = :disabled WHERE username = :username")
        .bind("disabled", disabled)
        .bind("username", username)
        .execute();
  }

  void setAdministrator(Handle handle, String username, boolean administrator) {
    handle
        .createUpdate("UPDATE users SET is_admin = :admin WHERE username = :username")
        .bind("admin", administrator)
        .bind("username", username)
        .execute();
  }

  /** Ends every web session of {@code username}, as after a password change. */
  void deleteSessions(Handle handle, String username) {
    handle
        .createUpdate("DELETE FROM sessions WHERE username = :username")
        .bind("username", username)
        .execute();
  }

  // Organizations and members.

  void insertOrganization(Handle handle, String name, long now) {
    handle
        .createUpdate("INSERT INTO organizations (name, created_at) VALUES (:name, :now)")
        .bind("name", name)
        .bind("now", now)
        .execute();
  }

  Optional<Organization> findOrganization(Handle handle, String name) {
    return handle
        .createQuery("SELECT name, created_at FROM organizations WHERE name = :name")
        .bind("name", name)
        .map(
            (rs, ctx) ->
                new Organization(
                    rs.getString("name"), Instant.ofEpochMilli(rs.getLong("created_at"))))
        .findOne();
  }

  /**
   * Returns whether organization {@code name} exists and on PostgreSQL locks its row, so changes to
   * its members run one at a time and the last owner cannot be removed by two at once.
   */
  boolean lockOrganization(Handle handle, String name) {
    return handle
        .createQuery("SELECT name FROM organizations WHERE name = :name" + forUpdate)
        .bind("name", name)
        .mapTo(String.class)
        .findOne()
        .isPresent();
  }

  Optional<OrganizationRole> memberRole(Handle handle, String organization, String username) {
    return handle
        .createQuery(
            "SELECT role FROM organization_members"
                + " WHERE organization = :organization AND username = :username")
        .bind("organization", organization)
        .bind("username", username)
        .mapTo(String.class)
        .findOne()
        .map(OrganizationRole::parse);
  }

  /** Adds {@code username} to the organization or changes their role. */
  void upsertMember(Handle handle, String organization, String username, OrganizationRole role) {
    handle
        .createUpdate(
            "INSERT INTO organization_members (organization, username, role)"
                + " VALUES (:organization, :username, :role)"
                + " ON CONFLICT (organization, username) DO UPDATE SET role = excluded.role")
        .bind("organization", organization)
        .bind("username", username)
        .bind("role", role.wireName())
        .execute();
  }

  /** Removes a member and their team memberships in that organization; false when not a member. */
  boolean deleteMember(Handle handle, String organization, String username) {
    handle
        .createUpdate(
            "DELETE FROM team_members WHERE organization = :organization AND username = :username")
        .bind("organization", organization)
        .bind("username", username)
        .execute();
    return handle
            .createUpdate(
                "DELETE FROM organization_members"
                    + " WHERE organization = :organization AND username = :username")
            .bind("organization", organization)
            .bind("username", username)
            .execute()
        == 1;
  }

  int countOwners(Handle handle, String organization) {
    return handle
        .createQuery(
            "SELECT COUNT(*) FROM organization_members"
                + " WHERE organization = :organization AND role = 'owner'")
        .bind("organization", organization)
        .mapTo(Integer.class)
        .one();
  }

  List<OrganizationMember> listMembers(Handle handle, String organization) {
    return handle
        .createQuery(
            "SELECT username, role FROM organization_members"
                + " WHERE organization = :organization ORDER BY username")
        .bind("organization", organization)
        .map(
            (rs, ctx) ->
                new OrganizationMember(
                    rs.getString("username"), OrganizationRole.parse(rs.getString("role"))))
        .list();
  }

  List<OrganizationMembership> listMemberships(Handle handle, String username) {
    return handle
        .createQuery(
            "SELECT organization, role FROM organization_members"
                + " WHERE username = :username ORDER BY organization")
        .bind("username", username)
        .map(
            (rs, ctx) ->
                new OrganizationMembership(
                    rs.getString("organization"), OrganizationRole.parse(rs.getString("role"))))
        .list();
  }

  // Teams.

  /** Inserts a team; returns false when the organization already has a team of that name. */
  boolean insertTeam(Handle handle, String organization, String name, String description) {
    return handle
            .createUpdate(
                "INSERT INTO teams (organization, name, description)"
                    + " VALUES (:organization, :name, :description)"
                    + " ON CONFLICT (organization, name) DO NOTHING")
            .bind("organization", organization)
            .bind("name", name)
            .bind("description", description)
            .execute()
        == 1;
  }

  /**
   * Deletes a team; its members and permissions go with it through ON DELETE CASCADE, which SQLite
   * applies because {@link dev.berth.db.Database} turns its foreign keys on. Returns false when
   * there was no such team.
   */
  boolean deleteTeam(Handle handle, String organization, String name) {
    return handle
            .createUpdate("DELETE FROM teams WHERE organization = :organization AND name = :name")
            .bind("organization", organization)
            .bind("name", name)
            .execute()
        == 1;
  }

  Optional<Team> findTeam(Handle handle, String organization, String name) {
    return handle
        .createQuery(
            "SELECT organization, name, description FROM teams"
                + " WHERE organization = :organization AND name = :name")
        .bind("organization", organization)
        .bind("name", name)
        .map((rs, ctx) -> team(rs))
        .findOne();
  }

  List<Team> listTeams(Handle handle, String organization) {
    return handle
        .createQuery(
            "SELECT organization, name, description FROM teams"
                + " WHERE organization = :organization ORDER BY name")
        .bind("organization", organization)
        .map((rs, ctx) -> team(rs))
        .list();
  }

  /** Adds a user to a team; returns false when they were already in it. */
  boolean insertTeamMember(Handle handle, String organization, String team, String username) {
    return handle
            .createUpdate(
                "INSERT INTO team_members (organization, team, username)"
                    + " VALUES (:organization, :team, :username)"
                    + " ON CONFLICT (organization, team, username) DO NOTHING")
            .bind("organization", organization)
            .bind("team", team)
            .bind("username", username)
            .execute()
        == 1;
  }

  boolean deleteTeamMember(Handle handle, String organization, String team, String username) {
    return handle
            .createUpdate(
                "DELETE FROM team_members WHERE organization = :organization AND team = :team AND"
                    + " username = :username")
            .bind("organization", organization)
            .bind("team", team)
            .bind("username", username)
            .execute()
        == 1;
  }

  List<String> listTeamMembers(Handle handle, String organization, String team) {
    return handle
        .createQuery(
            "SELECT username FROM team_members"
                + " WHERE organization = :organization AND team = :team ORDER BY username")
        .bind("organization", organization)
        .bind("team", team)
        .mapTo(String.class)
        .list();
  }

  /** Grants a team a permission on a repository, replacing the one it had there. */
  void upsertTeamPermission(
      Handle handle,
      String organization,
      String team,
      RepositoryName repository,
      RepositoryPermission permission) {
    handle
        .createUpdate(
            "INSERT INTO team_permissions (organization, team, repository, permission)"
                + " VALUES (:organization, :team, :repository, :permission)"
                + " ON CONFLICT (organization, team, repository)"
                + " DO UPDATE SET permission = excluded.permission")
        .bind("organization", organization)
        .bind("team", team)
        .bind("repository", repository.value())
        .bind("permission", permission.wireName())
        .execute();
  }

  boolean deleteTeamPermission(
      Handle handle, String organization, String team, RepositoryName repository) {
    return handle
            .createUpdate(
                "DELETE FROM team_permissions WHERE organization = :organization"
                    + " AND team = :team AND repository = :repository")
            .bind("organization", organization)
            .bind("team", team)
            .bind("repository", repository.value())
            .execute()
        == 1;
  }

  List<TeamPermission> listTeamPermissions(Handle handle, String organization, String team) {
    return handle
        .createQuery(
            "SELECT repository, permission FROM team_permissions"
                + " WHERE organization = :organization AND team = :team ORDER BY repository")
        .bind("organization", organization)
        .bind("team", team)
        .map(
            (rs, ctx) ->
                new TeamPermission(
                    RepositoryName.parse(rs.getString("repository")),
                    RepositoryPermission.parse(rs.getString("permission"))))
        .list();
  }

  /**
   * Returns the permissions that {@code username}'s teams in {@code organization} hold on a
   * repository.
   */
  List<RepositoryPermission> teamPermissionsOf(
      Handle handle, String organization, String username, RepositoryName repository) {
    return handle
        .createQuery(
            "SELECT tp.permission FROM team_members tm JOIN team_permissions tp"
                + " ON tp.organization = tm.organization AND tp.team = tm.team"
                + " WHERE tm.organization = :organization AND tm.username = :username"
                + " AND tp.repository = :repository")
        .bind("organization", organization)
        .bind("username", username)
        .bind("repository", repository.value())
        .mapTo(String.class)
        .map(RepositoryPermission::parse)
        .list();
  }

  /** Returns every repository a team of {@code username} has a permission on, with the highest. */
  java.util.Map<RepositoryName, RepositoryPermission> teamGrantsOf(Handle handle, String username) {
    java.util.Map<RepositoryName, RepositoryPermission> grants = new java.util.HashMap<>();
    handle
        .createQuery(
            "SELECT tp.repository, tp.permission FROM team_members tm JOIN team_permissions tp"
                + " ON tp.organization = tm.organization AND tp.team = tm.team"
                + " WHERE tm.username = :username")
        .bind("username", username)
        .map(
            (rs, ctx) ->
                java.util.Map.entry(
                    RepositoryName.parse(rs.getString("repository")),
                    RepositoryPermission.parse(rs.getString("permission"))))
        .forEach(entry -> grants.merge(entry.getKey(), entry.getValue(), (a, b) -> a.compareTo(b) >= 0 ? a : b));
    return grants;
  }

  private static UserRow user(ResultSet rs) throws SQLException {
    long lastStep = rs.getLong("totp_last_step");
    Optional<Long> totpLastStep = rs.wasNull() ? Optional.empty() : Optional.of(lastStep);
    return new UserRow(
        rs.getString("username"),
        rs.getString("email"),
        rs.getString("password_hash"),
        rs.getBoolean("is_admin"),
        rs.getBoolean("disabled"),
        Optional.ofNullable(rs.getString("totp_secret")),
        rs.getBoolean("totp_enabled"),
        totpLastStep,
        rs.getLong("created_at"));
  }

  private static Team team(ResultSet rs) throws SQLException {
    return new Team(
        rs.getString("organization"), rs.getString("name"), rs.getString("description"));
  }
}
