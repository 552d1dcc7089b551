package dev.berth.webhooks;

import static dev.berth.webhooks.WebhookFixture.WAIT;
import static dev.berth.webhooks.WebhookFixture.push;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.auth.Accounts;
import dev.berth.auth.Principal;
import dev.berth.auth.RepositoryPermission;
import dev.berth.db.Dialect;
import dev.berth.oci.RepositoryName;
import dev.berth.testing.WebhookReceiver;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A webhook delivers on behalf of its creator: once the creator loses admin permission or is
 * disabled, deliveries are skipped and the webhook is disabled until another admin takes it over.
 */
class WebhookCreatorAccessTest {

  private static final String PASSWORD = "correct horse battery";
  private static final RepositoryName REPOSITORY = RepositoryName.parse("acme/orgpriv");

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void creatorRemovedFromTeam_deliverySkipped(Dialect dialect) throws Exception {
    try (WebhookFixture fixture = WebhookFixture.start(dialect, tempDir);
        WebhookReceiver receiver = WebhookReceiver.start(200)) {
      Accounts accounts = organizationWithTeamAdmin(fixture);
      Principal.User alice = new Principal.User("alice", false);
      Webhook webhook = createAsBobby(fixture, receiver);

      accounts.teams().removeTeamMember(alice, "acme", "readers", "bobby");
      fixture.commit(push("acme/orgpriv", "latest"));
      fixture.awaitJobsFinished();

      assertThat(receiver.received()).isEmpty();
      List<DeliveryAttempt> history = fixture.service().attempts(webhook.id(), 0, 10);
      assertThat(history).hasSize(1);
      assertThat(history.getFirst().outcome()).isEqualTo(DeliveryAttempt.Outcome.SKIPPED);
      assertThat(history.getFirst().error().orElseThrow())
          .contains("creator bobby no longer has admin on acme/orgpriv")
          .contains("an administrator of the repository must take the webhook over");
      assertThat(fixture.service().get(webhook.id()).enabled()).isFalse();

      Webhook takenOver = fixture.service().update(webhook.id(), enable(), "alice");
      assertThat(takenOver.createdBy()).isEqualTo("alice");
      fixture.commit(push("acme/orgpriv", "v2"));
      receiver.await(1, WAIT);
      fixture.awaitJobsFinished();
      assertThat(fixture.service().attempts(webhook.id(), 0, 10).getFirst().outcome())
          .isEqualTo(DeliveryAttempt.Outcome.DELIVERED);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void creatorDisabled_deliverySkipped(Dialect dialect) throws Exception {
    try (WebhookFixture fixture = WebhookFixture.start(dialect, tempDir);
        WebhookReceiver receiver = WebhookReceiver.start(200)) {
      Accounts accounts = organizationWithTeamAdmin(fixture);
      Webhook webhook = createAsBobby(fixture, receiver);

      accounts.accountService().setDisabled(new Principal.User("boss", true), "bobby", true);
      fixture.commit(push("acme/orgpriv", "latest"));
      fixture.awaitJobsFinished();

      assertThat(receiver.received()).isEmpty();
      DeliveryAttempt attempt = fixture.service().attempts(webhook.id(), 0, 10).getFirst();
      assertThat(attempt.outcome()).isEqualTo(DeliveryAttempt.Outcome.SKIPPED);
      assertThat(attempt.error().orElseThrow()).contains("creator bobby is disabled");
      assertThat(fixture.service().get(webhook.id()).enabled()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void creatorWithAccess_delivered(Dialect dialect) throws Exception {
    try (WebhookFixture fixture = WebhookFixture.start(dialect, tempDir);
        WebhookReceiver receiver = WebhookReceiver.start(200)) {
      organizationWithTeamAdmin(fixture);
      Webhook webhook = createAsBobby(fixture, receiver);

      fixture.commit(push("acme/orgpriv", "latest"));
      receiver.await(1, WAIT);
      fixture.awaitJobsFinished();

      assertThat(fixture.service().attempts(webhook.id(), 0, 10).getFirst().outcome())
          .isEqualTo(DeliveryAttempt.Outcome.DELIVERED);
      assertThat(fixture.service().get(webhook.id()).enabled()).isTrue();
    }
  }

  /**
   * Creates users alice, bobby and the administrator boss, organization acme owned by alice, and
   * team readers with bobby and admin on the private acme/orgpriv, then makes deliveries check
   * creators.
   */
  private static Accounts organizationWithTeamAdmin(WebhookFixture fixture) {
    Accounts accounts = new Accounts(fixture.database, Clock.systemUTC(), new SecureRandom());
    var service = accounts.accountService();
    Principal.Anonymous anonymous = new Principal.Anonymous();
    service.createUser(anonymous, "alice", "alice@example.com", PASSWORD);
    service.createUser(anonymous, "bobby", "bobby@example.com", PASSWORD);
    service.createUser(anonymous, "boss", "boss@example.com", PASSWORD);
    fixture
        .database
        .jdbi()
        .useHandle(h -> h.execute("UPDATE users SET is_admin = TRUE WHERE username = 'boss'"));
    Principal.User alice = new Principal.User("alice", false);
    service.createOrganization(alice, "acme");
    accounts.teams().createTeam(alice, "acme", "readers", "");
    accounts
        .teams()
        .setTeamPermission(alice, "acme", "readers", REPOSITORY, RepositoryPermission.ADMIN);
    accounts.teams().addTeamMember(alice, "acme", "readers", "bobby");
    fixture.insertRepository(REPOSITORY.value(), true, 1_770_000_000_000L);
    fixture.webhooks.checkCreatorsWith(
        accounts.authorizer(name -> Optional.of(true)), accounts.accountService());
    return accounts;
  }

  private static Webhook createAsBobby(WebhookFixture fixture, WebhookReceiver receiver)
      throws WebhookException {
    return fixture
        .service()
        .create(
            WebhookScope.repository(REPOSITORY),
            "bobby",
            new WebhookInput(
                Optional.of("bobby's hook"),
                Optional.of(receiver.url("/hook").toString()),
                Optional.empty(),
                Optional.of(List.of("push", "pull")),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()))
        .webhook();
  }

  private static WebhookInput enable() {
    return new WebhookInput(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(true));
  }
}
