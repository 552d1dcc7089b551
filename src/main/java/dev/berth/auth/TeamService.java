package dev.berth.auth;

import dev.berth.audit.AuditActions;
import dev.berth.audit.AuditEntry;
import dev.berth.audit.AuditLog;
import dev.berth.oci.RepositoryName;
import java.util.Locale;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An organization's teams, their members and their permissions on the organization's repositories.
 * Owners of the organization and administrators manage teams; members may list them. Adding a user
 * to a team makes them a member of the organization if they were not one. Thread-safe.
 */
public final class TeamService {

  static final int MAX_DESCRIPTION_LENGTH = 255;

  private static final Logger LOG = LoggerFactory.getLogger(TeamService.class);

  private final Jdbi jdbi;
  private final AccountStore store;
  private final ActorChecks actors;
  private final AuditLog audit;

  TeamService(Jdbi jdbi, AccountStore store, ActorChecks actors, AuditLog audit) {
    this.jdbi = jdbi;
    this.store = store;
    this.actors = actors;
    this.audit = audit;
  }

  /**
   * Creates a team in {@code organization}.
   *
   * @throws AccountException INVALID when the name or description breaks a rule, NOT_FOUND when the
   *     organization does not exist, FORBIDDEN when the acting user is neither an owner nor an
   *     administrator, CONFLICT when the organization has a team of that name
   */
  public Team createTeam(
      Principal.User actor, String organization, String name, String description) {
    NameRules.checkTeam(name);
    if (description.length() > MAX_DESCRIPTION_LENGTH) {
      throw AccountException.invalid(
          "team description is too long ("
              + description.length()
              + " characters); use at most "
              + MAX_DESCRIPTION_LENGTH);
    }
    Team team =
        jdbi.inTransaction(
            h -> {
              actors.requireOwner(h, actor, organization);
              if (!store.insertTeam(h, organization, name, description)) {
                throw AccountException.conflict(
                    "organization " + organization + " already has a team named " + name);
              }
              audit.record(h, teamEntry(AuditActions.TEAM_CREATE, actor, organization, name));
              return new Team(organization, name, description);
            });
    LOG.atInfo()
        .addKeyValue("organization", organization)
        .addKeyValue("team", name)
        .addKeyValue("user", actor.username())
        .log("team created");
    return team;
  }

  /**
   * Deletes a team with its memberships and permissions; its members stay in the organization.
   *
   * @throws AccountException NOT_FOUND when the organization or team does not exist, FORBIDDEN when
   *     the acting user is neither an owner nor an administrator
   */
  public void deleteTeam(Principal.User actor, String organization, String name) {
    jdbi.useTransaction(
        h -> {
          actors.requireOwner(h, actor, organization);
          if (!store.deleteTeam(h, organization, name)) {
            throw teamNotFound(organization, name);
          }
          audit.record(h, teamEntry(AuditActions.TEAM_DELETE, actor, organization, name));
        });
    LOG.atInfo()
        .addKeyValue("organization", organization)
        .addKeyValue("team", name)
        .addKeyValue("user", actor.username())
        .log("team deleted");
  }

  /**
   * Returns the teams of {@code organization}, ordered by name.
   *
   * @throws AccountException NOT_FOUND when the organization does not exist, FORBIDDEN when the
   *     acting user is neither a member nor an administrator
   */
  public List<Team> teams(Principal.User actor, String organization) {
    return jdbi.withHandle(
        h -> {
          actors.requireMember(h, actor, organization);
          return store.listTeams(h, organization);
        });
  }

  /**
   * Adds a user to a team, and to the organization as a member if they were not in it.
   *
   * @throws AccountException NOT_FOUND when the organization, team or user does not exist,
   *     FORBIDDEN when the acting user is neither an owner nor an administrator
   */
  public void addTeamMember(
      Principal.User actor, String organization, String team, String username) {
    jdbi.useTransaction(
        h -> {
          requireTeamForOwner(h, actor, organization, team);
          if (store.findUser(h, username).isEmpty()) {
            throw AccountException.notFound("user " + username + " not found");
          }
          store.lockOrganization(h, organization);
          if (store.memberRole(h, organization, username).isEmpty()) {
            store.upsertMember(h, organization, username, OrganizationRole.MEMBER);
          }
          store.insertTeamMember(h, organization, team, username);
          audit.record(
              h,
              teamEntry(AuditActions.TEAM_MEMBER_ADD, actor, organization, team)
                  .with("member", username));
        });
    LOG.atInfo()
        .addKeyValue("organization", organization)
        .addKeyValue("team", team)
        .addKeyValue("member", username)
        .addKeyValue("user", actor.username())
        .log("team member added");
  }

  /**
   * Removes a user from a team; they stay in the organization.
   *
   * @throws AccountException NOT_FOUND when the organization or team does not exist or the user is
   *     not in the team, FORBIDDEN when the acting user is neither an owner nor an administrator
   */
  public void removeTeamMember(
      Principal.User actor, String organization, String team, String username) {
    jdbi.useTransaction(
        h -> {
          requireTeamForOwner(h, actor, organization, team);
          if (!store.deleteTeamMember(h, organization, team, username)) {
            throw AccountException.notFound(
                "user "
                    + username
                    + " is not in team "
                    + team
                    + " of organization "
                    + organization);
          }
          audit.record(
              h,
              teamEntry(AuditActions.TEAM_MEMBER_REMOVE, actor, organization, team)
                  .with("member", username));
        });
    LOG.atInfo()
        .addKeyValue("organization", organization)
        .addKeyValue("team", team)
        .addKeyValue("member", username)
        .addKeyValue("user", actor.username())
        .log("team member removed");
  }

  /**
   * Returns the user names in a team, ordered.
   *
   * @throws AccountException NOT_FOUND when the organization or team does not exist, FORBIDDEN when
   *     the acting user is neither a member nor an administrator
   */
  public List<String> teamMembers(Principal.User actor, String organization, String team) {
    return jdbi.withHandle(
        h -> {
          actors.requireMember(h, actor, organization);
          requireTeam(h, organization, team);
          return store.listTeamMembers(h, organization, team);
        });
  }

  /**
   * Grants a team {@code permission} on a repository of the organization, replacing what it had
   * there. The repository need not exist yet; WRITE and ADMIN then let the team create it.
   *
   * @throws AccountException INVALID when the repository is outside the organization's namespace,
   *     NOT_FOUND when the organization or team does not exist, FORBIDDEN when the acting user is
   *     neither an owner nor an administrator
   */
  public void setTeamPermission(
      Principal.User actor,
      String organization,
      String team,
      RepositoryName repository,
      RepositoryPermission permission) {
    if (!NameRules.namespaceOf(repository).equals(organization)) {
      throw AccountException.invalid(
          "repository "
              + repository
              + " is outside organization "
              + organization
              + "; grant teams permissions only on "
              + organization
              + "/... repositories");
    }
    jdbi.useTransaction(
        h -> {
          requireTeamForOwner(h, actor, organization, team);
          store.upsertTeamPermission(h, organization, team, repository, permission);
          audit.record(
              h,
              teamEntry(AuditActions.TEAM_PERMISSION_SET, actor, organization, team)
                  .with("repository", repository.toString())
                  .with("permission", permission.name().toLowerCase(Locale.ROOT)));
        });
    LOG.atInfo()
        .addKeyValue("organization", organization)
        .addKeyValue("team", team)
        .addKeyValue("repo", repository)
        .addKeyValue("permission", permission)
        .addKeyValue("user", actor.username())
        .log("team permission set");
  }

  /**
   * Takes away a team's permission on a repository.
   *
   * @throws AccountException NOT_FOUND when the organization or team does not exist or the team has
   *     no permission there, FORBIDDEN when the acting user is neither an owner nor an
   *     administrator
   */
  public void removeTeamPermission(
      Principal.User actor, String organization, String team, RepositoryName repository) {
    jdbi.useTransaction(
        h -> {
          requireTeamForOwner(h, actor, organization, team);
          if (!store.deleteTeamPermission(h, organization, team, repository)) {
            throw AccountException.notFound(
                "team "
                    + team
                    + " of organization "
                    + organization
                    + " has no permission on "
                    + repository);
          }
          audit.record(
              h,
              teamEntry(AuditActions.TEAM_PERMISSION_REMOVE, actor, organization, team)
                  .with("repository", repository.toString()));
        });
    LOG.atInfo()
        .addKeyValue("organization", organization)
        .addKeyValue("team", team)
        .addKeyValue("repo", repository)
        .addKeyValue("user", actor.username())
        .log("team permission removed");
  }

  /**
   * Returns a team's permissions, ordered by repository.
   *
   * @throws AccountException NOT_FOUND when the organization or team does not exist, FORBIDDEN when
   *     the acting user is neither a member nor an administrator
   */
  public List<TeamPermission> teamPermissions(
      Principal.User actor, String organization, String team) {
    return jdbi.withHandle(
        h -> {
          actors.requireMember(h, actor, organization);
          requireTeam(h, organization, team);
          return store.listTeamPermissions(h, organization, team);
        });
  }

  private void requireTeamForOwner(
      Handle handle, Principal.User actor, String organization, String team) {
    actors.requireOwner(handle, actor, organization);
    requireTeam(handle, organization, team);
  }

  private void requireTeam(Handle handle, String organization, String team) {
    if (store.findTeam(handle, organization, team).isEmpty()) {
      throw teamNotFound(organization, team);
    }
  }

  private static AccountException teamNotFound(String organization, String team) {
    return AccountException.notFound("team " + team + " not found in organization " + organization);
  }

  private static AuditEntry teamEntry(
      String action, Principal.User actor, String organization, String team) {
    return AuditEntry.of(action, AuditActors.of(actor), "team", organization + "/" + team)
        .inNamespace(organization);
  }
}
