package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.db.Dialect;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs the account rules on SQLite and PostgreSQL alike. */
class AccountServiceTest {

  private static final Principal ANONYMOUS = new Principal.Anonymous();
  private static final InetAddress CLIENT = AuthHarness.address("192.0.2.10");

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void createUser_storesLowerCasedEmail(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccountService service = auth.accounts.accountService();

      UserAccount created =
          service.createUser(ANONYMOUS, "alice", "Alice@Example.COM", "password1");

      assertThat(created.email()).isEqualTo("alice@example.com");
      assertThat(created.administrator()).isFalse();
      assertThat(created.disabled()).isFalse();
      assertThat(created.twoFactorEnabled()).isFalse();
      assertThat(created.createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
      assertThat(service.user("alice")).contains(created);
      assertThat(service.user("bob")).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void createUser_sameEmailOtherCase_conflict(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccountService service = auth.accounts.accountService();
      service.createUser(ANONYMOUS, "alice", "alice@example.com", "password1");

      assertThatThrownBy(
              () -> service.createUser(ANONYMOUS, "alice2", "ALICE@example.com", "password1"))
          .isInstanceOfSatisfying(
              AccountException.class,
              e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.CONFLICT))
          .hasMessage("e-mail address alice@example.com already belongs to another user");
      // The failed insert must not keep the name claimed.
      assertThatCode(() -> service.createUser(ANONYMOUS, "alice2", "a2@example.com", "password1"))
          .doesNotThrowAnyException();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void userAndOrganization_sameName_conflict(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccountService service = auth.accounts.accountService();
      Principal.User alice = auth.user("alice");
      service.createOrganization(alice, "acme");

      assertThatThrownBy(() -> service.createUser(ANONYMOUS, "acme", "a@example.com", "password1"))
          .isInstanceOfSatisfying(
              AccountException.class,
              e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.CONFLICT))
          .hasMessageContaining("'acme' is taken");
      assertThatThrownBy(() -> service.createOrganization(alice, "alice"))
          .isInstanceOfSatisfying(
              AccountException.class,
              e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.CONFLICT))
          .hasMessageContaining("'alice' is taken");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void createUser_administratorOnlyName_needsAdministrator(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccountService service = auth.accounts.accountService();
      Principal.User root = auth.administrator("boss");

      assertThatThrownBy(
              () -> service.createUser(ANONYMOUS, "library", "lib@example.com", "password1"))
          .isInstanceOf(AccountException.class)
          .hasMessage("user name 'library' is reserved for administrators; choose another");
      assertThat(service.createUser(root, "library", "lib@example.com", "password1").username())
          .isEqualTo("library");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void createUser_invalidInput_rejected(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccountService service = auth.accounts.accountService();

      assertThatThrownBy(() -> service.createUser(ANONYMOUS, "alice", "a@example.com", "short"))
          .hasMessage("password is too short (5 characters); use at least 8");
      assertThatThrownBy(() -> service.createUser(ANONYMOUS, "alice", "a@", "password1"))
          .hasMessageStartingWith("e-mail address 'a@' is invalid");
      assertThatThrownBy(() -> service.createUser(ANONYMOUS, "alice", "a b@x.org", "password1"))
          .hasMessageStartingWith("e-mail address 'a b@x.org' is invalid");
      assertThatThrownBy(() -> service.createUser(ANONYMOUS, "Al", "a@example.com", "password1"))
          .hasMessageStartingWith("user name 'Al' is invalid");
      assertThat(service.user("alice")).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void listUsers_pagesByName_administratorsOnly(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccountService service = auth.accounts.accountService();
      Principal.User root = auth.administrator("boss");
      Principal.User carol = auth.user("carol");
      auth.user("alice");
      auth.user("dave");

      List<UserAccount> first = service.listUsers(root, Optional.empty(), 2);
      List<UserAccount> rest = service.listUsers(root, Optional.of("boss"), 10);

      assertThat(first).extracting(UserAccount::username).containsExactly("alice", "boss");
      assertThat(rest).extracting(UserAccount::username).containsExactly("carol", "dave");
      assertThatThrownBy(() -> service.listUsers(carol, Optional.empty(), 10))
          .isInstanceOfSatisfying(
              AccountException.class,
              e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.FORBIDDEN));
      assertThatThrownBy(() -> service.listUsers(root, Optional.empty(), 0))
          .hasMessage("page size 0 is invalid; use 1 to 1000");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void setDisabled_lastAdministrator_conflict(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccountService service = auth.accounts.accountService();
      Principal.User root = auth.administrator("boss");

      assertThatThrownBy(() -> service.setDisabled(root, "boss", true))
          .isInstanceOfSatisfying(
              AccountException.class,
              e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.CONFLICT))
          .hasMessage(
              "cannot disable boss, the last enabled administrator; make another user an"
                  + " administrator first");
      assertThatThrownBy(() -> service.setAdministrator(root, "boss", false))
          .hasMessageStartingWith("cannot demote boss, the last enabled administrator");

      auth.user("alice");
      service.setAdministrator(root, "alice", true);
      service.setDisabled(root, "boss", true);

      assertThat(service.user("boss").orElseThrow().disabled()).isTrue();
      assertThat(service.user("alice").orElseThrow().administrator()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void setDisabled_disabledActor_forbidden(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccountService service = auth.accounts.accountService();
      Principal.User root = auth.administrator("boss");
      Principal.User other = auth.administrator("other");
      auth.user("alice");
      service.setDisabled(root, "other", true);

      // The principal claims an administrator, but the stored row is disabled.
      assertThatThrownBy(() -> service.setDisabled(other, "alice", true))
          .isInstanceOfSatisfying(
              AccountException.class,
              e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.FORBIDDEN))
          .hasMessage("account other is disabled");
      assertThatThrownBy(() -> service.setDisabled(root, "nobody", true))
          .isInstanceOfSatisfying(
              AccountException.class,
              e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.NOT_FOUND));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void passwords_resetAndChange_takeEffect(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccountService service = auth.accounts.accountService();
      Principal.User root = auth.administrator("boss");
      Principal.User alice = auth.user("alice");
      AccountAuthenticator authenticator = auth.accounts.authenticator();

      service.resetPassword(root, "alice", "reset-password");
      assertThat(authenticator.authenticate("alice", "reset-password", CLIENT)).isEqualTo(alice);

      assertThatThrownBy(
              () -> service.changePassword(alice, "wrong-password", "new-password", CLIENT))
          .isInstanceOfSatisfying(
              AuthenticationException.class,
              e ->
                  assertThat(e.reason())
                      .isEqualTo(AuthenticationException.Reason.INVALID_CREDENTIALS))
          .hasMessage("current password is incorrect");
      service.changePassword(alice, "reset-password", "new-password", CLIENT);

      assertThat(authenticator.authenticate("alice", "new-password", CLIENT)).isEqualTo(alice);
      assertThatThrownBy(() -> authenticator.authenticate("alice", "reset-password", CLIENT))
          .isInstanceOf(AuthenticationException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void createOrganization_creatorBecomesOwner(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccountService service = auth.accounts.accountService();
      Principal.User alice = auth.user("alice");

      Organization acme = service.createOrganization(alice, "acme");

      assertThat(acme.name()).isEqualTo("acme");
      assertThat(service.organization("acme")).contains(acme);
      assertThat(service.members(alice, "acme"))
          .containsExactly(new OrganizationMember("alice", OrganizationRole.OWNER));
      assertThat(service.memberships("alice"))
          .containsExactly(new OrganizationMembership("acme", OrganizationRole.OWNER));
      assertThatThrownBy(() -> service.createOrganization(alice, "library"))
          .hasMessage("organization name 'library' is reserved for administrators; choose another");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void members_onlyOwnersManage(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccountService service = auth.accounts.accountService();
      Principal.User alice = auth.user("alice");
      Principal.User bob = auth.user("bob1");
      auth.user("carol");
      Principal.User outsider = auth.user("dave");
      service.createOrganization(alice, "acme");
      service.setMember(alice, "acme", "bob1", OrganizationRole.MEMBER);

      assertThatThrownBy(() -> service.setMember(bob, "acme", "carol", OrganizationRole.MEMBER))
          .isInstanceOfSatisfying(
              AccountException.class,
              e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.FORBIDDEN))
          .hasMessage("only owners of organization acme may do this");
      assertThatThrownBy(() -> service.members(outsider, "acme"))
          .hasMessage("only members of organization acme may see this");
      assertThatThrownBy(() -> service.setMember(alice, "acme", "nobody", OrganizationRole.MEMBER))
          .hasMessage("user nobody not found");
      assertThatThrownBy(() -> service.setMember(alice, "nothere", "bob1", OrganizationRole.MEMBER))
          .isInstanceOfSatisfying(
              AccountException.class,
              e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.NOT_FOUND));
      assertThat(service.members(bob, "acme"))
          .containsExactly(
              new OrganizationMember("alice", OrganizationRole.OWNER),
              new OrganizationMember("bob1", OrganizationRole.MEMBER));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void removeMember_lastOwner_conflict(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccountService service = auth.accounts.accountService();
      Principal.User alice = auth.user("alice");
      Principal.User bob = auth.user("bob1");
      service.createOrganization(alice, "acme");

      assertThatThrownBy(() -> service.removeMember(alice, "acme", "alice"))
          .isInstanceOfSatisfying(
              AccountException.class,
              e -> assertThat(e.kind()).isEqualTo(AccountException.Kind.CONFLICT))
          .hasMessage(
              "cannot remove alice as the last owner of organization acme; make another member an"
                  + " owner first");
      assertThatThrownBy(() -> service.setMember(alice, "acme", "alice", OrganizationRole.MEMBER))
          .hasMessageStartingWith("cannot remove alice as the last owner");

      service.setMember(alice, "acme", "bob1", OrganizationRole.OWNER);
      service.setMember(bob, "acme", "alice", OrganizationRole.MEMBER);
      service.removeMember(alice, "acme", "alice");

      assertThat(service.members(bob, "acme"))
          .containsExactly(new OrganizationMember("bob1", OrganizationRole.OWNER));
      assertThatThrownBy(() -> service.removeMember(bob, "acme", "alice"))
          .hasMessage("user alice is not a member of organization acme");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void removeMember_dropsTeamMemberships(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      AccountService service = auth.accounts.accountService();
      TeamService teams = auth.accounts.teams();
      Principal.User alice = auth.user("alice");
      Principal.User bob = auth.user("bob1");
      service.createOrganization(alice, "acme");
      teams.createTeam(alice, "acme", "devs", "developers");
      teams.addTeamMember(alice, "acme", "devs", "bob1");

      service.removeMember(bob, "acme", "bob1");

      assertThat(teams.teamMembers(alice, "acme", "devs")).isEmpty();
      assertThat(service.memberships("bob1")).isEmpty();
    }
  }
}
