package dev.berth.web;

import dev.berth.auth.AccountException;
import dev.berth.auth.AccountService;
import dev.berth.auth.OrganizationMember;
import dev.berth.auth.OrganizationRole;
import dev.berth.auth.RepositoryPermission;
import dev.berth.auth.TeamService;
import dev.berth.oci.RepositoryName;
import java.util.List;

/**
 * Organizations: the user's organizations and creating one; an organization's members with their
 * roles and its teams; and a team's members and repository permissions. Owners and administrators
 * change them; members only read.
 */
final class OrganizationPages {

  /** A change to an organization or team, which may break an account rule. */
  @FunctionalInterface
  private interface Change {
    void run();
  }

  private final WebContext context;

  OrganizationPages(WebContext context) {
    this.context = context;
  }

  void register(Routes routes) {
    routes.get("/orgs", Routes.Audience.SIGNED_IN, r -> list(r, 200, "", ""));
    routes.post("/orgs", Routes.Audience.SIGNED_IN, this::create);
    String org = "/orgs/{org}";
    routes.get(org, Routes.Audience.SIGNED_IN, r -> organization(r, 200, ""));
    routes.post(org + "/members", Routes.Audience.SIGNED_IN, this::setMember);
    routes.post(org + "/members/{user}/remove", Routes.Audience.SIGNED_IN, this::removeMember);
    routes.post(org + "/teams", Routes.Audience.SIGNED_IN, this::createTeam);
    String team = org + "/teams/{team}";
    routes.get(team, Routes.Audience.SIGNED_IN, r -> team(r, 200, ""));
    routes.post(team + "/members", Routes.Audience.SIGNED_IN, this::addTeamMember);
    routes.post(team + "/members/{user}/remove", Routes.Audience.SIGNED_IN, this::removeTeamMember);
    routes.post(team + "/permissions", Routes.Audience.SIGNED_IN, this::setPermission);
    routes.post(team + "/permissions/remove", Routes.Audience.SIGNED_IN, this::removePermission);
    routes.post(team + "/delete", Routes.Audience.SIGNED_IN, this::deleteTeam);
  }

  private AccountService accounts() {
    return context.accounts().accountService();
  }

  private TeamService teams() {
    return context.accounts().teams();
  }

  private WebResponse list(WebRequest request, int status, String name, String error) {
    return request.page(
        status, "organizations",
        "memberships", accounts().memberships(request.user().username()),
        "name", name, "error", error);
  }

  private WebResponse create(WebRequest request) {
    String name = request.field("name");
    try {
      accounts().createOrganization(request.user(), name);
    } catch (AccountException e) {
      if (e.kind() == AccountException.Kind.FORBIDDEN) {
        throw e;
      }
      return list(request, 400, name, request.messages().get("admin.error", e.getMessage()));
    }
    return WebResponse.redirect("/orgs/" + name);
  }

  private WebResponse organization(WebRequest request, int status, String error) {
    String org = request.pathParameter("org");
    List<OrganizationMember> members = accounts().members(request.user(), org);
    boolean canManage = canManage(request, members);
    return request.page(
        status, "organization",
        "org", org, "members", members, "teams", teams().teams(request.user(), org),
        "canManage", canManage, "error", error);
  }

  private WebResponse team(WebRequest request, int status, String error) {
    String org = request.pathParameter("org");
    String team = request.pathParameter("team");
    List<OrganizationMember> members = accounts().members(request.user(), org);
    return request.page(
        status, "team",
        "org", org, "team", team,
        "members", teams().teamMembers(request.user(), org, team),
        "permissions", teams().teamPermissions(request.user(), org, team),
        "canManage", canManage(request, members), "error", error);
  }

  private static boolean canManage(WebRequest request, List<OrganizationMember> members) {
    String username = request.user().username();
    return request.user().administrator()
        || members.stream()
            .anyMatch(m -> m.username().equals(username) && m.role() == OrganizationRole.OWNER);
  }

  private WebResponse setMember(WebRequest request) {
    String org = request.pathParameter("org");
    return change(request, false, "/orgs/" + org, () ->
        accounts().setMember(
            request.user(), org, request.field("username"),
            OrganizationRole.parse(request.field("role"))));
  }

  private WebResponse removeMember(WebRequest request) {
    String org = request.pathParameter("org");
    return change(request, false, "/orgs/" + org, () ->
        accounts().removeMember(request.user(), org, request.pathParameter("user")));
  }

  private WebResponse createTeam(WebRequest request) {
    String org = request.pathParameter("org");
    return change(request, false, "/orgs/" + org + "/teams/" + request.field("name"), () ->
        teams().createTeam(request.user(), org, request.field("name"), request.field("description")));
  }

  private WebResponse addTeamMember(WebRequest request) {
    return change(request, true, teamPath(request), () ->
        teams().addTeamMember(
            request.user(), request.pathParameter("org"), request.pathParameter("team"),
            request.field("username")));
  }

  private WebResponse removeTeamMember(WebRequest request) {
    return change(request, true, teamPath(request), () ->
        teams().removeTeamMember(
            request.user(), request.pathParameter("org"), request.pathParameter("team"),
            request.pathParameter("user")));
  }

  private WebResponse setPermission(WebRequest request) {
    return change(request, true, teamPath(request), () ->
        teams().setTeamPermission(
            request.user(), request.pathParameter("org"), request.pathParameter("team"),
            repository(request), RepositoryPermission.parse(request.field("permission"))));
  }

  private WebResponse removePermission(WebRequest request) {
    return change(request, true, teamPath(request), () ->
        teams().removeTeamPermission(
            request.user(), request.pathParameter("org"), request.pathParameter("team"),
            repository(request)));
  }

  private WebResponse deleteTeam(WebRequest request) {
    String org = request.pathParameter("org");
    return change(request, true, "/orgs/" + org, () ->
        teams().deleteTeam(request.user(), org, request.pathParameter("team")));
  }

  /** Returns the repository a permission form names, in the organization's namespace. */
  private static RepositoryName repository(WebRequest request) {
    String name = request.field("repository");
    String org = request.pathParameter("org");
    String full = name.startsWith(org + "/") ? name : org + "/" + name;
    try {
      return RepositoryName.parse(full);
    } catch (IllegalArgumentException e) {
      throw new AccountException(AccountException.Kind.INVALID, e.getMessage());
    }
  }

  private static String teamPath(WebRequest request) {
    return "/orgs/" + request.pathParameter("org") + "/teams/" + request.pathParameter("team");
  }

  /**
   * Runs a change and sends the user on to {@code next}. A broken rule shows the page the form
   * came from (the team page or the organization page) with the reason. A missing permission
   * becomes the 403 page.
   */
  private WebResponse change(WebRequest request, boolean fromTeamPage, String next, Change change) {
    try {
      change.run();
    } catch (AccountException e) {
      if (e.kind() == AccountException.Kind.FORBIDDEN) {
        throw e;
      }
      String text = request.messages().get("admin.error", e.getMessage());
      return fromTeamPage ? team(request, 400, text) : organization(request, 400, text);
    }
    return WebResponse.redirect(next);
  }
}
