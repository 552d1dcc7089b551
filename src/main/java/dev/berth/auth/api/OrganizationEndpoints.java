package dev.berth.auth.api;

import dev.berth.auth.AccountService;
import dev.berth.auth.Accounts;
import dev.berth.auth.Organization;
import dev.berth.auth.OrganizationMember;
import dev.berth.auth.OrganizationMembership;
import dev.berth.auth.OrganizationRole;
import dev.berth.auth.Principal;
import dev.berth.auth.Team;
import dev.berth.auth.TeamService;
import dev.berth.auth.api.json.OrganizationBodies.AddMemberRequest;
import dev.berth.auth.api.json.OrganizationBodies.CreateOrganizationRequest;
import dev.berth.auth.api.json.OrganizationBodies.MemberJson;
import dev.berth.auth.api.json.OrganizationBodies.OrganizationJson;
import dev.berth.auth.api.json.OrganizationBodies.RoleRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v2/orgs/...}: organizations and their members. Any user may create an organization
 * and becomes its first owner; members may read it; only owners (and administrators) change its
 * members.
 */
final class OrganizationEndpoints {

  private final AccountService service;
  private final TeamService teams;

  OrganizationEndpoints(Accounts accounts) {
    this.service = accounts.accountService();
    this.teams = accounts.teams();
  }

  void register(Router router) {
    router.add("POST", "/api/v2/orgs", Access.MANAGE, this::create);
    router.add("GET", "/api/v2/orgs", Access.READ, this::list);
    router.add("GET", "/api/v2/orgs/{org}", Access.READ, this::get);
    router.add("GET", "/api/v2/orgs/{org}/members", Access.READ, this::members);
    router.add("POST", "/api/v2/orgs/{org}/members", Access.MANAGE, this::addMember);
    router.add("GET", "/api/v2/orgs/{org}/members/{user}", Access.READ, this::member);
    router.add("PUT", "/api/v2/orgs/{org}/members/{user}", Access.MANAGE, this::setRole);
    router.add("DELETE", "/api/v2/orgs/{org}/members/{user}", Access.MANAGE, this::removeMember);
  }

  private ApiResponse create(ApiCall call) throws ApiException {
    Principal.User actor = call.user();
    String name = ApiCall.required(call.body(CreateOrganizationRequest.class).orgname(), "orgname");
    Organization created = service.createOrganization(actor, name);
    return ApiResponse.created(
        "/api/v2/orgs/" + name, view(created, Optional.of(OrganizationRole.OWNER)));
  }

  private ApiResponse list(ApiCall call) throws ApiException {
    List<OrganizationMembership> memberships = service.memberships(call.user().username());
    List<OrganizationJson> views = new ArrayList<>();
    for (OrganizationMembership membership : memberships) {
      service
          .organization(membership.organization())
          .ifPresent(org -> views.add(view(org, Optional.of(membership.role()))));
    }
    return ApiResponse.ok(call.page(views, view -> view));
  }

  private ApiResponse get(ApiCall call) throws ApiException {
    Principal.User actor = call.user();
    String name = call.path("org");
    List<OrganizationMember> members = service.members(actor, name);
    Organization org =
        service
            .organization(name)
            .orElseThrow(() -> ApiException.notFound("organization " + name + " not found"));
    return ApiResponse.ok(view(org, roleOf(members, actor.username())));
  }

  private ApiResponse members(ApiCall call) throws ApiException {
    Principal.User actor = call.user();
    String org = call.path("org");
    List<OrganizationMember> members = service.members(actor, org);
    Map<String, List<String>> groups = groupsByMember(actor, org);
    return ApiResponse.ok(call.page(members, member -> view(member, groups)));
  }

  private ApiResponse member(ApiCall call) throws ApiException {
    Principal.User actor = call.user();
    String org = call.path("org");
    String username = call.userName("user");
    OrganizationMember member = findMember(service.members(actor, org), org, username);
    return ApiResponse.ok(view(member, groupsByMember(actor, org)));
  }

  private ApiResponse addMember(ApiCall call) throws ApiException {
    Principal.User actor = call.user();
    String org = call.path("org");
    List<OrganizationMember> members = requireOwner(service, actor, org);
    AddMemberRequest body = call.body(AddMemberRequest.class);
    String username = ApiCall.required(body.member(), "member");
    OrganizationRole role =
        OrganizationRole.parse(
            body.role() == null ? OrganizationRole.MEMBER.wireName() : body.role());
    if (roleOf(members, username).isPresent()) {
      throw new ApiException(
          ApiErrorCode.CONFLICT,
          "user "
              + username
              + " is already a member of organization "
              + org
              + "; change the role with PUT /api/v2/orgs/"
              + org
              + "/members/"
              + username);
    }
    service.setMember(actor, org, username, role);
    OrganizationMember added = findMember(service.members(actor, org), org, username);
    return ApiResponse.created(
        "/api/v2/orgs/" + org + "/members/" + username, view(added, groupsByMember(actor, org)));
  }

  private ApiResponse setRole(ApiCall call) throws ApiException {
    Principal.User actor = call.user();
    String org = call.path("org");
    String username = call.userName("user");
    requireOwner(service, actor, org);
    String role = ApiCall.required(call.body(RoleRequest.class).role(), "role");
    service.setMember(actor, org, username, OrganizationRole.parse(role));
    OrganizationMember updated = findMember(service.members(actor, org), org, username);
    return ApiResponse.ok(view(updated, groupsByMember(actor, org)));
  }

  private ApiResponse removeMember(ApiCall call) throws ApiException {
    service.removeMember(call.user(), call.path("org"), call.userName("user"));
    return ApiResponse.noContent();
  }

  /**
   * Returns the members of {@code org} when {@code actor} owns it or is an administrator, so an
   * endpoint can return 403 before it reads the request body.
   *
   * @throws ApiException DENIED for members who are not owners
   */
  static List<OrganizationMember> requireOwner(
      AccountService service, Principal.User actor, String org) throws ApiException {
    List<OrganizationMember> members = service.members(actor, org);
    boolean owner = roleOf(members, actor.username()).equals(Optional.of(OrganizationRole.OWNER));
    if (!owner && !actor.administrator()) {
      throw ApiException.denied("only owners of organization " + org + " may do this");
    }
    return members;
  }

  private static Optional<OrganizationRole> roleOf(List<OrganizationMember> members, String user) {
    return members.stream()
        .filter(member -> member.username().equals(user))
        .map(OrganizationMember::role)
        .findFirst();
  }

  private static OrganizationMember findMember(
      List<OrganizationMember> members, String org, String username) throws ApiException {
    return members.stream()
        .filter(member -> member.username().equals(username))
        .findFirst()
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "user " + username + " is not a member of organization " + org));
  }

  private Map<String, List<String>> groupsByMember(Principal.User actor, String org) {
    Map<String, List<String>> groups = new HashMap<>();
    for (Team team : teams.teams(actor, org)) {
      for (String username : teams.teamMembers(actor, org, team.name())) {
        groups.computeIfAbsent(username, key -> new ArrayList<>()).add(team.name());
      }
    }
    return groups;
  }

  private static OrganizationJson view(Organization org, Optional<OrganizationRole> role) {
    return new OrganizationJson(
        org.name(),
        "Organization",
        Views.time(org.createdAt()),
        role.map(OrganizationRole::wireName).orElse(null));
  }

  private static MemberJson view(OrganizationMember member, Map<String, List<String>> groups) {
    return new MemberJson(
        member.username(),
        "User",
        member.role().wireName(),
        List.copyOf(groups.getOrDefault(member.username(), List.of())));
  }
}
