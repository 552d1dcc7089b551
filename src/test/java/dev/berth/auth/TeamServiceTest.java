package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.db.Dialect;
import dev.berth.oci.RepositoryName;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs the team rules on SQLite and PostgreSQL alike. */
class TeamServiceTest {

  private static final RepositoryName APP = RepositoryName.parse("acme/app");

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void addTeamMember_outsider_joinsOrganizationAsMember(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      TeamService teams = auth.accounts.teams();
      Principal.User alice = auth.user("alice");
      Principal.User bob = auth.user("bob1");
      auth.accounts.accountService().createOrganization(alice, "acme");

      Team devs = teams.createTeam(alice, "acme", "devs", "developers");
      teams.addTeamMember(alice, "acme", "devs", "bob1");
      teams.addTeamMember(alice, "acme", "devs", "bob1");

      assertThat(devs).isEqualTo(new Team("acme", "devs", "developers"));
      assertThat(teams.teams(bob, "acme")).containsExactly(devs);
      assertThat(teams.teamMembers(bob, "acme", "devs")).containsExactly("bob1");
      assertThat(auth.accounts.accountService().memberships("bob1"))
          .containsExactly(new OrganizationMembership("acme", OrganizationRole.MEMBER));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void setTeamPermission_replacesAndRemoves(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      TeamService teams = auth.accounts.teams();
      Principal.User alice = auth.user("alice");
      auth.accounts.accountService().createOrganization(alice, "acme");
      teams.createTeam(alice, "acme", "devs", "");
      RepositoryName tools = RepositoryName.parse("acme/tools/build");

      teams.setTeamPermission(alice, "acme", "devs", APP, RepositoryPermission.READ);
      teams.setTeamPermission(alice, "acme", "devs", tools, RepositoryPermission.WRITE);
      teams.setTeamPermission(alice, "acme", "devs", APP, RepositoryPermission.ADMIN);

      assertThat(teams.teamPermissions(alice, "acme", "devs"))
          .containsExactly(
              new TeamPermission(APP, RepositoryPermission.ADMIN),
              new TeamPermission(tools, RepositoryPermission.WRITE));

      teams.removeTeamPermission(alice, "acme", "devs", APP);

      assertThat(teams.teamPermissions(alice, "acme", "devs"))
          .containsExactly(new TeamPermission(tools, RepositoryPermission.WRITE));
      assertThatThrownBy(() -> teams.removeTeamPermission(alice, "acme", "devs", APP))
          .hasMessage("team devs of organization acme has no permission on acme/app");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void setTeamPermission_otherNamespace_invalid(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      TeamService teams = auth.accounts.teams();
      Principal.User alice = auth.user("alice");
      auth.accounts.accountService().createOrganization(alice, "acme");
      teams.createTeam(alice, "acme", "devs", "");

      assertThatThrownBy(
              () ->
                  teams.setTeamPermission(
                      alice,
                      "acme",
                      "devs",
                      RepositoryName.parse("other/app"),
                      RepositoryPermission.READ))
          .isInstanceOfSatisfying(
              AccountException.class,
              e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.INVALID))
          .hasMessage(
              "repository other/app is outside organization acme; grant teams permissions only on"
                  + " acme/... repositories");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void deleteTeam_removesMembersAndPermissions(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      TeamService teams = auth.accounts.teams();
      Principal.User alice = auth.user("alice");
      auth.user("bob1");
      auth.accounts.accountService().createOrganization(alice, "acme");
      teams.createTeam(alice, "acme", "devs", "");
      teams.addTeamMember(alice, "acme", "devs", "bob1");
      teams.setTeamPermission(alice, "acme", "devs", APP, RepositoryPermission.WRITE);

      teams.deleteTeam(alice, "acme", "devs");
      teams.createTeam(alice, "acme", "devs", "again");

      assertThat(teams.teamMembers(alice, "acme", "devs")).isEmpty();
      assertThat(teams.teamPermissions(alice, "acme", "devs")).isEmpty();
      assertThat(auth.accounts.accountService().memberships("bob1")).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void teams_membersCannotManage(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      TeamService teams = auth.accounts.teams();
      Principal.User alice = auth.user("alice");
      Principal.User bob = auth.user("bob1");
      auth.accounts.accountService().createOrganization(alice, "acme");
      teams.createTeam(alice, "acme", "devs", "");
      teams.addTeamMember(alice, "acme", "devs", "bob1");

      assertThatThrownBy(() -> teams.createTeam(bob, "acme", "more", ""))
          .hasMessage("only owners of organization acme may do this");
      assertThatThrownBy(
              () -> teams.setTeamPermission(bob, "acme", "devs", APP, RepositoryPermission.ADMIN))
          .hasMessage("only owners of organization acme may do this");
      assertThatThrownBy(() -> teams.createTeam(alice, "acme", "devs", ""))
          .isInstanceOfSatisfying(
              AccountException.class,
              e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.CONFLICT))
          .hasMessage("organization acme already has a team named devs");
      assertThatThrownBy(() -> teams.teamMembers(alice, "acme", "nope"))
          .hasMessage("team nope not found in organization acme");
    }
  }
}
