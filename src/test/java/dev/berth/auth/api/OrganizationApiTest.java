package dev.berth.auth.api;

import static dev.berth.auth.api.ApiBerth.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.auth.api.ApiBerth.Login;
import dev.berth.auth.api.ApiBerth.Reply;
import dev.berth.db.Dialect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Organizations, members, teams ("groups"), team members and team repository permissions, and who
 * may change them: owners and administrators, never plain members or outsiders.
 */
class OrganizationApiTest {

  @TempDir Path tempDir;

  /** Alice owns acme; bobby is a plain member; carol is an outsider. */
  private record Cast(ApiBerth berth, Login admin, Login alice, Login bobby, Login carol) {}

  private static Cast cast(ApiBerth berth) {
    Login admin = berth.loginAdmin();
    for (String name : List.of("alice", "bobby", "carol")) {
      berth.createUser(admin, name);
    }
    Login alice = berth.login("alice", ApiBerth.PASSWORD);
    Reply org = berth.post("/api/v2/orgs", alice.as(), body("orgname", "acme"));
    assertThat(org.status()).as("%s", org).isEqualTo(201);
    Reply member = berth.post("/api/v2/orgs/acme/members", alice.as(), body("member", "bobby"));
    assertThat(member.status()).as("%s", member).isEqualTo(201);
    return new Cast(
        berth,
        admin,
        alice,
        berth.login("bobby", ApiBerth.PASSWORD),
        berth.login("carol", ApiBerth.PASSWORD));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void organization_createReadList(Dialect dialect) throws Exception {
    try (ApiBerth berth = ApiBerth.start(dialect, tempDir)) {
      Cast c = cast(berth);

      Reply get = berth.get("/api/v2/orgs/acme", c.bobby().as());
      Reply list = berth.get("/api/v2/orgs", c.alice().as());
      Reply outsider = berth.get("/api/v2/orgs/acme", c.carol().as());
      Reply missing = berth.get("/api/v2/orgs/nothere", c.alice().as());
      Reply taken = berth.post("/api/v2/orgs", c.carol().as(), body("orgname", "alice"));
      Reply invalid = berth.post("/api/v2/orgs", c.carol().as(), body("orgname", "No"));
      Reply byAdmin = berth.get("/api/v2/orgs/acme", c.admin().as());

      assertThat(get.status()).as("%s", get).isEqualTo(200);
      assertThat(get.json().path("orgname").asText()).isEqualTo("acme");
      assertThat(get.json().path("type").asText()).isEqualTo("Organization");
      assertThat(get.json().path("role").asText()).isEqualTo("member");
      assertThat(list.json().path("count").asInt()).isEqualTo(1);
      assertThat(list.json().path("results").path(0).path("orgname").asText()).isEqualTo("acme");
      assertThat(list.json().path("results").path(0).path("role").asText()).isEqualTo("owner");
      assertThat(outsider.status()).isEqualTo(403);
      assertThat(outsider.errorMessage())
          .isEqualTo("only members of organization acme may see this");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(taken.status()).isEqualTo(409);
      assertThat(invalid.status()).isEqualTo(400);
      assertThat(byAdmin.status()).isEqualTo(200);
      assertThat(byAdmin.json().path("role").isNull()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void members_ownerManages(Dialect dialect) throws Exception {
    try (ApiBerth berth = ApiBerth.start(dialect, tempDir)) {
      Cast c = cast(berth);
      String members = "/api/v2/orgs/acme/members";

      Reply list = berth.get(members, c.bobby().as());
      Reply duplicate = berth.post(members, c.alice().as(), body("member", "bobby"));
      Reply unknownUser = berth.post(members, c.alice().as(), body("member", "nobody"));
      Reply badRole = berth.post(members, c.alice().as(), body("member", "carol", "role", "boss"));
      Reply promote = berth.put(members + "/bobby", c.alice().as(), body("role", "owner"));
      Reply one = berth.get(members + "/bobby", c.carol().as());
      Reply demoteAlice = berth.put(members + "/alice", c.bobby().as(), body("role", "member"));
      Reply removeAlice = berth.delete(members + "/alice", c.bobby().as());
      Reply removeLast = berth.delete(members + "/bobby", c.bobby().as());
      Reply notMember = berth.delete(members + "/carol", c.bobby().as());

      assertThat(list.status()).as("%s", list).isEqualTo(200);
      assertThat(list.json().path("count").asInt()).isEqualTo(2);
      JsonNode first = list.json().path("results").path(0);
      assertThat(first.path("username").asText()).isEqualTo("alice");
      assertThat(first.path("role").asText()).isEqualTo("owner");
      assertThat(first.path("type").asText()).isEqualTo("User");
      assertThat(duplicate.status()).isEqualTo(409);
      assertThat(duplicate.errorMessage())
          .contains("already a member", "PUT /api/v2/orgs/acme/members/bobby");
      assertThat(unknownUser.status()).isEqualTo(404);
      assertThat(badRole.status()).isEqualTo(400);
      assertThat(badRole.errorMessage())
          .isEqualTo("organization role 'boss' is invalid; use owner or member");
      assertThat(promote.status()).as("%s", promote).isEqualTo(200);
      assertThat(promote.json().path("role").asText()).isEqualTo("owner");
      assertThat(one.status()).as("outsiders may not read members").isEqualTo(403);
      assertThat(demoteAlice.status())
          .as("a new owner manages too: %s", demoteAlice)
          .isEqualTo(200);
      assertThat(removeAlice.status()).as("%s", removeAlice).isEqualTo(204);
      assertThat(removeLast.status()).isEqualTo(409);
      assertThat(removeLast.errorMessage()).contains("last owner");
      assertThat(notMember.status()).isEqualTo(404);
    }
  }

  @Test
  void plainMember_cannotManageOrganization() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Cast c = cast(berth);
      berth.post("/api/v2/orgs/acme/groups", c.alice().as(), body("name", "devs"));
      String group = "/api/v2/orgs/acme/groups/devs";

      List<Reply> attempts =
          List.of(
              berth.post("/api/v2/orgs/acme/members", c.bobby().as(), body("member", "carol")),
              berth.put("/api/v2/orgs/acme/members/bobby", c.bobby().as(), body("role", "owner")),
              berth.delete("/api/v2/orgs/acme/members/alice", c.bobby().as()),
              berth.post("/api/v2/orgs/acme/groups", c.bobby().as(), body("name", "mine")),
              berth.delete(group, c.bobby().as()),
              berth.post(group + "/members", c.bobby().as(), body("member", "bobby")),
              berth.put(group + "/repositories/app", c.bobby().as(), body("permission", "admin")),
              berth.delete(group + "/repositories/app", c.bobby().as()),
              berth.post(
                  "/api/v2/orgs/acme/access-tokens",
                  c.bobby().as(),
                  body("token_label", "ci", "scopes", List.of("repo:write"))));

      for (Reply attempt : attempts) {
        assertThat(attempt.status()).as("%s", attempt).isEqualTo(403);
        assertThat(attempt.errorMessage())
            .isEqualTo("only owners of organization acme may do this");
      }
      Reply leave = berth.delete("/api/v2/orgs/acme/members/bobby", c.bobby().as());
      assertThat(leave.status()).as("members may leave: %s", leave).isEqualTo(204);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void groups_membersAndRepositoryPermissions(Dialect dialect) throws Exception {
    try (ApiBerth berth = ApiBerth.start(dialect, tempDir)) {
      Cast c = cast(berth);
      String groups = "/api/v2/orgs/acme/groups";
      String devs = groups + "/devs";

      Reply create =
          berth.post(groups, c.alice().as(), body("name", "devs", "description", "Developers"));
      Reply duplicate = berth.post(groups, c.alice().as(), body("name", "devs"));
      Reply addBobby = berth.post(devs + "/members", c.alice().as(), body("member", "bobby"));
      Reply addBobbyAgain = berth.post(devs + "/members", c.alice().as(), body("member", "bobby"));
      Reply addCarol = berth.post(devs + "/members", c.alice().as(), body("member", "carol"));
      Reply grantApp =
          berth.put(devs + "/repositories/app", c.alice().as(), body("permission", "write"));
      Reply grantNested =
          berth.put(
              devs + "/repositories/tools/builder", c.alice().as(), body("permission", "read"));
      Reply regrant =
          berth.put(devs + "/repositories/app", c.alice().as(), body("permission", "admin"));
      Reply badPermission =
          berth.put(devs + "/repositories/app", c.alice().as(), body("permission", "owner"));
      Reply badRepository =
          berth.put(devs + "/repositories/Bad..Name", c.alice().as(), body("permission", "read"));

      assertThat(create.status()).as("%s", create).isEqualTo(201);
      assertThat(create.header("Location")).contains(devs);
      assertThat(create.json().path("description").asText()).isEqualTo("Developers");
      assertThat(duplicate.status()).isEqualTo(409);
      assertThat(addBobby.status()).as("%s", addBobby).isEqualTo(201);
      assertThat(addBobbyAgain.status()).isEqualTo(409);
      assertThat(addCarol.status()).as("adding an outsider makes them a member").isEqualTo(201);
      assertThat(grantApp.status()).as("%s", grantApp).isEqualTo(200);
      assertThat(grantApp.json().path("namespace").asText()).isEqualTo("acme");
      assertThat(grantApp.json().path("name").asText()).isEqualTo("app");
      assertThat(grantApp.json().path("permission").asText()).isEqualTo("write");
      assertThat(grantNested.json().path("name").asText()).isEqualTo("tools/builder");
      assertThat(regrant.json().path("permission").asText()).isEqualTo("admin");
      assertThat(badPermission.status()).isEqualTo(400);
      assertThat(badPermission.errorMessage())
          .isEqualTo("repository permission 'owner' is invalid; use read, write or admin");
      assertThat(badRepository.status()).isEqualTo(400);
      assertThat(badRepository.errorMessage()).contains("Bad..Name");

      // Members of the organization read teams; carol became one through the team.
      Reply list = berth.get(groups, c.carol().as());
      Reply one = berth.get(devs, c.bobby().as());
      Reply teamMembers = berth.get(devs + "/members", c.bobby().as());
      Reply permissions = berth.get(devs + "/repositories", c.bobby().as());
      Reply permission = berth.get(devs + "/repositories/tools/builder", c.bobby().as());
      Reply orgMembers = berth.get("/api/v2/orgs/acme/members/bobby", c.alice().as());

      assertThat(list.status()).as("%s", list).isEqualTo(200);
      assertThat(list.json().path("results").path(0).path("name").asText()).isEqualTo("devs");
      assertThat(list.json().path("results").path(0).path("member_count").asInt()).isEqualTo(2);
      assertThat(one.json().path("member_count").asInt()).isEqualTo(2);
      assertThat(usernames(teamMembers.json())).containsExactly("bobby", "carol");
      assertThat(permissions.json().path("count").asInt()).isEqualTo(2);
      assertThat(permission.json().path("permission").asText()).isEqualTo("read");
      assertThat(orgMembers.json().path("groups").path(0).asText()).isEqualTo("devs");

      // Removal.
      Reply revoke = berth.delete(devs + "/repositories/app", c.alice().as());
      Reply revokeAgain = berth.delete(devs + "/repositories/app", c.alice().as());
      Reply removeCarol = berth.delete(devs + "/members/carol", c.alice().as());
      Reply removeCarolAgain = berth.delete(devs + "/members/carol", c.alice().as());
      Reply deleteTeam = berth.delete(devs, c.alice().as());
      Reply gone = berth.get(devs, c.alice().as());

      assertThat(revoke.status()).isEqualTo(204);
      assertThat(revokeAgain.status()).isEqualTo(404);
      assertThat(removeCarol.status()).isEqualTo(204);
      assertThat(removeCarolAgain.status()).isEqualTo(404);
      assertThat(deleteTeam.status()).isEqualTo(204);
      assertThat(gone.status()).isEqualTo(404);
      assertThat(gone.errorMessage()).isEqualTo("team devs not found in organization acme");
    }
  }

  @Test
  void administrator_managesAnyOrganization() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Cast c = cast(berth);

      Reply group =
          berth.post("/api/v2/orgs/acme/groups", c.admin().as(), body("name", "operations"));
      Reply member =
          berth.post(
              "/api/v2/orgs/acme/members",
              c.admin().as(),
              body("member", "carol", "role", "owner"));

      assertThat(group.status()).as("%s", group).isEqualTo(201);
      assertThat(member.status()).as("%s", member).isEqualTo(201);
      assertThat(member.json().path("role").asText()).isEqualTo("owner");
    }
  }

  private static List<String> usernames(JsonNode page) {
    List<String> names = new ArrayList<>();
    page.path("results").forEach(user -> names.add(user.path("username").asText()));
    return names;
  }
}
