package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.auth.OrganizationMember;
import dev.berth.auth.OrganizationRole;
import dev.berth.auth.Principal;
import dev.berth.db.Dialect;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OrgCommandTest {

  private static final String PASSWORD = "correct horse battery";

  @TempDir Path tempDir;

  private CommandHarness harness;

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  /** Returns a harness whose database has the users alice, bobby and carol. */
  private CommandHarness harnessWithUsers(Dialect dialect) throws Exception {
    harness = CommandHarness.create(dialect, tempDir);
    for (String name : List.of("alice", "bobby", "carol")) {
      CommandHarness.Result result =
          harness
              .stdin(PASSWORD)
              .run("user", "create", name, "--email", name + "@example.com", "--password-stdin");
      assertThat(result.exitCode()).as(result.describe()).isZero();
    }
    return harness;
  }

  private List<OrganizationMember> members(String organization) {
    return harness
        .accounts()
        .accountService()
        .members(new Principal.User("admin", true), organization);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void create_ownerIsOnlyMember(Dialect dialect) throws Exception {
    CommandHarness cli = harnessWithUsers(dialect);

    CommandHarness.Result result = cli.run("org", "create", "acme", "--owner", "alice");

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.out()).isEqualTo("created organization acme with owner alice\n");
    assertThat(members("acme"))
        .containsExactly(new OrganizationMember("alice", OrganizationRole.OWNER));
  }

  @Test
  void create_ownerIsActingAdministrator_staysOwner() throws Exception {
    CommandHarness cli = harnessWithUsers(Dialect.SQLITE);

    CommandHarness.Result result = cli.run("org", "create", "acme", "--owner", "admin");

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(members("acme"))
        .containsExactly(new OrganizationMember("admin", OrganizationRole.OWNER));
  }

  @Test
  void create_nameReservedForAdministrators_isAllowed() throws Exception {
    CommandHarness cli = harnessWithUsers(Dialect.SQLITE);

    CommandHarness.Result result = cli.run("org", "create", "library", "--owner", "alice");

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(members("library"))
        .containsExactly(new OrganizationMember("alice", OrganizationRole.OWNER));
  }

  @Test
  void create_rejections_nameValueAndFix() throws Exception {
    CommandHarness cli = harnessWithUsers(Dialect.SQLITE);
    cli.run("user", "disable", "carol");

    CommandHarness.Result unknownOwner = cli.run("org", "create", "acme", "--owner", "nobody");
    CommandHarness.Result disabledOwner = cli.run("org", "create", "acme", "--owner", "carol");
    CommandHarness.Result takenByUser = cli.run("org", "create", "bobby", "--owner", "alice");
    CommandHarness.Result reserved = cli.run("org", "create", "token", "--owner", "alice");

    assertThat(unknownOwner.exitCode()).isEqualTo(1);
    assertThat(unknownOwner.err())
        .isEqualTo(
            "berth org create: user nobody not found; berth user list shows the existing"
                + " users\n");
    assertThat(disabledOwner.err())
        .isEqualTo(
            "berth org create: user carol is disabled; enable them first with berth user"
                + " enable carol\n");
    assertThat(takenByUser.err())
        .isEqualTo(
            "berth org create: organization name 'bobby' is taken by a user or organization;"
                + " choose another\n");
    assertThat(reserved.err())
        .isEqualTo("berth org create: organization name 'token' is reserved; choose another\n");
    assertThat(cli.accounts().accountService().organization("acme")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void addMember_newThenPromotedThenSame_printsEachChange(Dialect dialect) throws Exception {
    CommandHarness cli = harnessWithUsers(dialect);
    cli.run("org", "create", "acme", "--owner", "alice");

    CommandHarness.Result added = cli.run("org", "add-member", "acme", "bobby");
    CommandHarness.Result promoted =
        cli.run("org", "add-member", "acme", "bobby", "--role", "owner");
    CommandHarness.Result unchanged =
        cli.run("org", "add-member", "acme", "bobby", "--role", "owner");

    assertThat(added.out()).isEqualTo("added bobby to organization acme as member\n");
    assertThat(promoted.out())
        .isEqualTo("changed the role of bobby in organization acme from member to owner\n");
    assertThat(unchanged.out())
        .isEqualTo("bobby already has the role owner in organization acme\n");
    assertThat(members("acme"))
        .containsExactly(
            new OrganizationMember("alice", OrganizationRole.OWNER),
            new OrganizationMember("bobby", OrganizationRole.OWNER));
  }

  @Test
  void addMember_rejections_nameValueAndFix() throws Exception {
    CommandHarness cli = harnessWithUsers(Dialect.SQLITE);
    cli.run("org", "create", "acme", "--owner", "alice");

    CommandHarness.Result badRole = cli.run("org", "add-member", "acme", "bobby", "--role", "boss");
    CommandHarness.Result unknownOrganization = cli.run("org", "add-member", "nowhere", "bobby");
    CommandHarness.Result unknownUser = cli.run("org", "add-member", "acme", "nobody");

    assertThat(badRole.exitCode()).isEqualTo(1);
    assertThat(badRole.err())
        .isEqualTo(
            "berth org add-member: organization role 'boss' is invalid; use owner or member\n");
    assertThat(unknownOrganization.err())
        .isEqualTo("berth org add-member: organization nowhere not found\n");
    assertThat(unknownUser.err()).isEqualTo("berth org add-member: user nobody not found\n");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void removeMember_lastOwnerKeptOthersRemoved(Dialect dialect) throws Exception {
    CommandHarness cli = harnessWithUsers(dialect);
    cli.run("org", "create", "acme", "--owner", "alice");
    cli.run("org", "add-member", "acme", "bobby");

    CommandHarness.Result lastOwner = cli.run("org", "remove-member", "acme", "alice");
    CommandHarness.Result member = cli.run("org", "remove-member", "acme", "bobby");
    CommandHarness.Result notMember = cli.run("org", "remove-member", "acme", "carol");

    assertThat(lastOwner.exitCode()).isEqualTo(1);
    assertThat(lastOwner.err())
        .isEqualTo(
            "berth org remove-member: cannot remove alice as the last owner of organization"
                + " acme; make another member an owner first\n");
    assertThat(member.exitCode()).as(member.describe()).isZero();
    assertThat(member.out()).isEqualTo("removed bobby from organization acme\n");
    assertThat(notMember.err())
        .isEqualTo("berth org remove-member: user carol is not a member of organization acme\n");
    assertThat(members("acme"))
        .containsExactly(new OrganizationMember("alice", OrganizationRole.OWNER));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void list_printsOrganizationsWithOwnersAndMembers(Dialect dialect) throws Exception {
    CommandHarness cli = harnessWithUsers(dialect);
    cli.run("org", "create", "zeta", "--owner", "carol");
    cli.run("org", "create", "acme", "--owner", "alice");
    cli.run("org", "add-member", "acme", "bobby");
    cli.run("org", "add-member", "acme", "carol");

    CommandHarness.Result result = cli.run("org", "list");

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.out().lines().toList())
        .containsExactly(
            "ORGANIZATION  OWNERS  MEMBERS",
            "acme          alice   bobby,carol",
            "zeta          carol   -");
  }

  @Test
  void list_noOrganizations_printsHeaderOnly() throws Exception {
    CommandHarness cli = harnessWithUsers(Dialect.SQLITE);

    CommandHarness.Result result = cli.run("org", "list");

    assertThat(result.out()).isEqualTo("ORGANIZATION  OWNERS  MEMBERS\n");
  }
}
