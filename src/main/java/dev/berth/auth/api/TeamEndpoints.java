package dev.berth.auth.api;

import dev.berth.auth.AccountService;
import dev.berth.auth.Accounts;
import dev.berth.auth.Principal;
import dev.berth.auth.RepositoryPermission;
import dev.berth.auth.Team;
import dev.berth.auth.TeamPermission;
import dev.berth.auth.TeamService;
import dev.berth.auth.api.json.OrganizationBodies.CreateGroupRequest;
import dev.berth.auth.api.json.OrganizationBodies.GroupJson;
import dev.berth.auth.api.json.OrganizationBodies.GroupMemberJson;
import dev.berth.auth.api.json.OrganizationBodies.GroupMemberRequest;
import dev.berth.auth.api.json.OrganizationBodies.GroupRepositoryJson;
import dev.berth.auth.api.json.OrganizationBodies.PermissionRequest;
import dev.berth.oci.OciFormatException;
import dev.berth.oci.RepositoryName;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/v2/orgs/{org}/groups/...}: an organization's teams ("groups" in Docker Hub's API),
 * their members and their permissions on the organization's repositories. Members read them; owners
 * and administrators change them. A repository in a path is named inside the organization, so
 * {@code .../repositories/tools/builder} is {@code ORG/tools/builder}.
 */
final class TeamEndpoints {

  private static final String GROUP = "/api/v2/orgs/{org}/groups/{team}";

  private final AccountService accounts;
  private final TeamService teams;

  TeamEndpoints(Accounts accounts) {
    this.accounts = accounts.accountService();
    this.teams = accounts.teams();
  }

  void register(Router router) {
    router.add("GET", "/api/v2/orgs/{org}/groups", Access.READ, this::list);
    router.add("POST", "/api/v2/orgs/{org}/groups", Access.MANAGE, this::create);
    router.add("GET", GROUP, Access.READ, this::get);
    router.add("DELETE", GROUP, Access.MANAGE, this::delete);
    router.add("GET", GROUP + "/members", Access.READ, this::members);
    router.add("POST", GROUP + "/members", Access.MANAGE, this::addMember);
    router.add("DELETE", GROUP + "/members/{user}", Access.MANAGE, this::removeMember);
    router.add("GET", GROUP + "/repositories", Access.READ, this::permissions);
    router.add("GET", GROUP + "/repositories/{repo+}", Access.READ, this::permission);
    router.add("PUT", GROUP + "/repositories/{repo+}", Access.MANAGE, this::grant);
    router.add("DELETE", GROUP + "/repositories/{repo+}", Access.MANAGE, this::revoke);
  }

  private ApiResponse list(ApiCall call) throws ApiException {
    Principal.User actor = call.user();
    String org = call.path("org");
    List<GroupJson> views = new ArrayList<>();
    for (Team team : teams.teams(actor, org)) {
      views.add(view(team, teams.teamMembers(actor, org, team.name()).size()));
    }
    return ApiResponse.ok(call.page(views, view -> view));
  }

  private ApiResponse create(ApiCall call) throws ApiException {
    Principal.User actor = call.user();
    String org = call.path("org");
    OrganizationEndpoints.requireOwner(accounts, actor, org);
    CreateGroupRequest body = call.body(CreateGroupRequest.class);
    String name = ApiCall.required(body.name(), "name");
    String description = body.description() == null ? "" : body.description();
    Team created = teams.createTeam(actor, org, name, description);
    return ApiResponse.created("/api/v2/orgs/" + org + "/groups/" + name, view(created, 0));
  }

  private ApiResponse get(ApiCall call) throws ApiException {
    Principal.User actor = call.user();
    String org = call.path("org");
    String name = call.path("team");
    int memberCount = teams.teamMembers(actor, org, name).size();
    Team team =
        teams.teams(actor, org).stream()
            .filter(candidate -> candidate.name().equals(name))
            .findFirst()
            .orElseThrow(
                () -> ApiException.notFound("team " + name + " not found in organization " + org));
    return ApiResponse.ok(view(team, memberCount));
  }

  private ApiResponse delete(ApiCall call) throws ApiException {
    teams.deleteTeam(call.user(), call.path("org"), call.path("team"));
    return ApiResponse.noContent();
  }

  private ApiResponse members(ApiCall call) throws ApiException {
    List<String> members = teams.teamMembers(call.user(), call.path("org"), call.path("team"));
    return ApiResponse.ok(call.page(members, TeamEndpoints::member));
  }

  private ApiResponse addMember(ApiCall call) throws ApiException {
    Principal.User actor = call.user();
    String org = call.path("org");
    String team = call.path("team");
    OrganizationEndpoints.requireOwner(accounts, actor, org);
    String username = ApiCall.required(call.body(GroupMemberRequest.class).member(), "member");
    if (teams.teamMembers(actor, org, team).contains(username)) {
      throw new ApiException(
          ApiErrorCode.CONFLICT,
          "user " + username + " is already in team " + team + " of organization " + org);
    }
    teams.addTeamMember(actor, org, team, username);
    return ApiResponse.created(
        "/api/v2/orgs/" + org + "/groups/" + team + "/members/" + username, member(username));
  }

  private ApiResponse removeMember(ApiCall call) throws ApiException {
    teams.removeTeamMember(call.user(), call.path("org"), call.path("team"), call.userName("user"));
    return ApiResponse.noContent();
  }

  private ApiResponse permissions(ApiCall call) throws ApiException {
    String org = call.path("org");
    List<TeamPermission> permissions = teams.teamPermissions(call.user(), org, call.path("team"));
    return ApiResponse.ok(call.page(permissions, permission -> view(org, permission)));
  }

  private ApiResponse permission(ApiCall call) throws ApiException {
    String org = call.path("org");
    String team = call.path("team");
    RepositoryName repository = repository(org, call.path("repo"));
    TeamPermission permission =
        teams.teamPermissions(call.user(), org, team).stream()
            .filter(candidate -> candidate.repository().equals(repository))
            .findFirst()
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "team "
                            + team
                            + " of organization "
                            + org
                            + " has no permission on "
                            + repository));
    return ApiResponse.ok(view(org, permission));
  }

  private ApiResponse grant(ApiCall call) throws ApiException {
    Principal.User actor = call.user();
    String org = call.path("org");
    String team = call.path("team");
    RepositoryName repository = repository(org, call.path("repo"));
    OrganizationEndpoints.requireOwner(accounts, actor, org);
    String value = ApiCall.required(call.body(PermissionRequest.class).permission(), "permission");
    RepositoryPermission permission = RepositoryPermission.parse(value);
    teams.setTeamPermission(actor, org, team, repository, permission);
    return ApiResponse.ok(view(org, new TeamPermission(repository, permission)));
  }

  private ApiResponse revoke(ApiCall call) throws ApiException {
    String org = call.path("org");
    RepositoryName repository = repository(org, call.path("repo"));
    teams.removeTeamPermission(call.user(), org, call.path("team"), repository);
    return ApiResponse.noContent();
  }

  private static RepositoryName repository(String org, String name) throws ApiException {
    try {
      return RepositoryName.parse(org + "/" + name);
    } catch (OciFormatException e) {
      throw ApiException.invalid(
          "repository path '"
              + name
              + "' is invalid: "
              + e.getMessage()
              + "; name the repository inside the organization, such as tools/builder");
    }
  }

  private static GroupJson view(Team team, int memberCount) {
    return new GroupJson(team.name(), team.description(), memberCount);
  }

  private static GroupMemberJson member(String username) {
    return new GroupMemberJson(username, "User");
  }

  private static GroupRepositoryJson view(String org, TeamPermission permission) {
    String full = permission.repository().value();
    return new GroupRepositoryJson(
        org, full.substring(org.length() + 1), permission.permission().wireName());
  }
}
