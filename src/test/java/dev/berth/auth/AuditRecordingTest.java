package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.audit.AuditActions;
import dev.berth.audit.AuditEvent;
import dev.berth.audit.AuditFilter;
import dev.berth.audit.AuditOutcome;
import dev.berth.db.Dialect;
import dev.berth.oci.RepositoryName;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks that the auth services record their changes in the audit log, on SQLite and PostgreSQL,
 * and that no password or token secret reaches it.
 */
class AuditRecordingTest {

  private static final InetAddress CLIENT = AuthHarness.address("192.0.2.10");

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void accountChanges_areRecordedWithoutSecrets(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      Principal.User root = auth.administrator("boss");
      AccountService service = auth.accounts.accountService();
      service.createUser(root, "alice", "alice@example.com", "alice-first-password");
      service.setDisabled(root, "alice", true);
      service.setDisabled(root, "alice", false);
      service.resetPassword(root, "alice", "alice-reset-password");
      Principal.User alice = new Principal.User("alice", false);
      NewAccessToken token =
          auth.accounts
              .accessTokens()
              .createPersonalToken(alice, "ci", TokenScope.WRITE, Set.of(), Optional.empty());
      auth.accounts.accessTokens().revoke(alice, token.token().id());

      List<AuditEvent> events = all(auth);

      assertThat(events.stream().map(AuditEvent::action))
          .containsExactlyInAnyOrder(
              AuditActions.ACCESS_TOKEN_REVOKE,
              AuditActions.ACCESS_TOKEN_CREATE,
              AuditActions.USER_PASSWORD_RESET,
              AuditActions.USER_ENABLE,
              AuditActions.USER_DISABLE,
              AuditActions.USER_CREATE,
              AuditActions.USER_CREATE);
      AuditEvent reset = only(events, AuditActions.USER_PASSWORD_RESET);
      assertThat(reset.entry().actor().name()).isEqualTo("boss");
      assertThat(reset.entry().targetName()).isEqualTo("alice");
      assertThat(only(events, AuditActions.ACCESS_TOKEN_CREATE).entry().details())
          .containsEntry("name", "ci")
          .containsEntry("scope", "repo:write");
      assertThat(storedText(auth))
          .doesNotContain("alice-first-password", "alice-reset-password", AuthHarness.PASSWORD)
          .doesNotContain(token.secret());
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void organizationAndTeamChanges_areRecorded(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      Principal.User alice = auth.user("alice");
      auth.user("bobby");
      auth.accounts.accountService().createOrganization(alice, "acme");
      auth.accounts.accountService().setMember(alice, "acme", "bobby", OrganizationRole.MEMBER);
      TeamService teams = auth.accounts.teams();
      teams.createTeam(alice, "acme", "devs", "");
      teams.addTeamMember(alice, "acme", "devs", "bobby");
      teams.setTeamPermission(
          alice, "acme", "devs", RepositoryName.parse("acme/app"), RepositoryPermission.WRITE);
      teams.removeTeamPermission(alice, "acme", "devs", RepositoryName.parse("acme/app"));
      teams.removeTeamMember(alice, "acme", "devs", "bobby");
      teams.deleteTeam(alice, "acme", "devs");
      auth.accounts.accountService().removeMember(alice, "acme", "bobby");

      List<AuditEvent> events =
          auth.accounts
              .auditLog()
              .search(
                  new AuditFilter(
                      Optional.empty(),
                      Optional.empty(),
                      Optional.of("acme"),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty()),
                  0,
                  100)
              .events();

      assertThat(events.stream().map(AuditEvent::action))
          .containsExactlyInAnyOrder(
              AuditActions.ORGANIZATION_CREATE,
              AuditActions.ORGANIZATION_MEMBER_SET,
              AuditActions.TEAM_CREATE,
              AuditActions.TEAM_MEMBER_ADD,
              AuditActions.TEAM_PERMISSION_SET,
              AuditActions.TEAM_PERMISSION_REMOVE,
              AuditActions.TEAM_MEMBER_REMOVE,
              AuditActions.TEAM_DELETE,
              AuditActions.ORGANIZATION_MEMBER_REMOVE);
      AuditEvent permission = only(events, AuditActions.TEAM_PERMISSION_SET);
      assertThat(permission.entry().targetName()).isEqualTo("acme/devs");
      assertThat(permission.entry().details())
          .containsEntry("repository", "acme/app")
          .containsEntry("permission", "write");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void signIns_recordSuccessFailureAndSignOut(Dialect dialect) throws Exception {
    try (AuthHarness auth = AuthHarness.create(dialect, tempDir)) {
      Principal.User root = auth.administrator("boss");
      auth.user("alice");
      AccountAuthenticator authenticator = auth.accounts.authenticator();
      assertThatThrownBy(() -> authenticator.beginLogin("alice", "wrong password!", CLIENT))
          .isInstanceOf(AuthenticationException.class);
      assertThatThrownBy(() -> authenticator.authenticate("alice", "basic-wrong-pass", CLIENT))
          .isInstanceOf(AuthenticationException.class);
      authenticator.beginLogin("alice", AuthHarness.PASSWORD, CLIENT);
      SessionService sessions = auth.accounts.sessions(Duration.ofHours(1), Duration.ofHours(8));
      NewSession session = sessions.create(new Principal.User("alice", false));
      sessions.delete(session.id());
      for (int i = 0; i < 6; i++) {
        auth.clock.advance(Duration.ofMinutes(20));
        try {
          authenticator.beginLogin("alice", "still wrong " + i, CLIENT);
        } catch (AuthenticationException expected) {
          // Each failure counts towards the lock lifted below.
        }
      }
      auth.accounts.loginThrottle().unlock(root, "user:alice");

      List<AuditEvent> signIns =
          all(auth).stream().filter(e -> e.action().equals(AuditActions.SIGN_IN)).toList();
      List<AuditEvent> failures =
          signIns.stream().filter(e -> e.entry().outcome() == AuditOutcome.FAILURE).toList();

      assertThat(signIns).hasSize(9);
      assertThat(failures).hasSize(8);
      assertThat(failures.stream().map(e -> e.entry().details().get("reason")))
          .containsOnly("invalid_credentials");
      assertThat(failures.stream().map(e -> e.entry().details().get("method")))
          .containsOnly("password", "basic");
      assertThat(failures.stream().filter(e -> "basic".equals(e.entry().details().get("method"))))
          .hasSize(1);
      assertThat(all(auth).stream().map(AuditEvent::action))
          .contains(AuditActions.SIGN_OUT, AuditActions.LOGIN_LOCK_LIFT);
      assertThat(storedText(auth))
          .doesNotContain("wrong password!", "basic-wrong-pass", "still wrong");
    }
  }

  private static AuditEvent only(List<AuditEvent> events, String action) {
    return events.stream().filter(e -> e.action().equals(action)).findFirst().orElseThrow();
  }

  private static List<AuditEvent> all(AuthHarness auth) {
    return auth.accounts.auditLog().search(AuditFilter.ALL, 0, 100).events();
  }

  /** Returns every stored audit column as one text, to search for leaked secrets. */
  private static String storedText(AuthHarness auth) {
    List<String> rows =
        auth.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT actor || ' ' || client_address || ' ' || target_name || ' '"
                                + " || namespace || ' ' || details FROM audit_events")
                        .mapTo(String.class)
                        .list());
    return String.join("\n", rows);
  }
}
