package dev.berth.webhooks;

import static dev.berth.webhooks.WebhookFixture.WAIT;
import static dev.berth.webhooks.WebhookFixture.push;
import static dev.berth.webhooks.WebhookFixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.db.Dialect;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.RegistryEvent;
import dev.berth.testing.WebhookReceiver;
import dev.berth.testing.WebhookReceiver.Received;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Deliveries from the outbox to a real receiver on loopback: signatures, retries, formats, pulls,
 * rollbacks and the SSRF check at delivery time, on SQLite and PostgreSQL.
 */
class WebhookDeliveryTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void push_deliveredOnceWithValidSignature(Dialect dialect) throws Exception {
    try (WebhookFixture fixture = WebhookFixture.start(dialect, tempDir);
        WebhookReceiver receiver = WebhookReceiver.start(200)) {
      fixture.insertRepository("acme/app", false, 1_770_000_000_000L);
      WebhookService.Created created =
          fixture.create(
              WebhookScope.repository(RepositoryName.parse("acme/app")),
              receiver.url("/hook?team=ops").toString(),
              PayloadFormat.DOCKERHUB,
              List.of("push"));

      fixture.commit(push("acme/app", "latest"));
      Received delivery = receiver.await(1, WAIT).getFirst();
      fixture.awaitJobsFinished();

      assertThat(delivery.path()).isEqualTo("/hook?team=ops");
      assertThat(delivery.header("Content-Type")).isEqualTo("application/json");
      assertThat(delivery.header("X-Berth-Event")).isEqualTo("push");
      assertThat(UUID.fromString(delivery.header("X-Berth-Event-Id"))).isNotNull();
      assertThat(delivery.header("X-Berth-Attempt")).isEqualTo("1");
      assertThat(SignatureCheck.verify(created.secret(), delivery)).isTrue();
      assertThat(SignatureCheck.verify("another secret of enough length", delivery)).isFalse();

      JsonNode body = JSON.readTree(delivery.body());
      assertThat(body.path("push_data").path("tag").asText()).isEqualTo("latest");
      assertThat(body.path("push_data").path("pusher").asText()).isEqualTo("alice");
      assertThat(body.path("push_data").path("pushed_at").asLong()).isEqualTo(1_780_000_000L);
      assertThat(body.path("repository").path("repo_name").asText()).isEqualTo("acme/app");
      assertThat(body.path("repository").path("namespace").asText()).isEqualTo("acme");
      assertThat(body.path("repository").path("name").asText()).isEqualTo("app");
      assertThat(body.path("repository").path("is_private").asBoolean(true)).isFalse();
      assertThat(body.path("repository").path("date_created").asLong()).isEqualTo(1_770_000_000L);
      assertThat(body.path("repository").path("repo_url").asText())
          .isEqualTo("https://registry.example/r/acme/app");

      List<DeliveryAttempt> history = fixture.service().attempts(created.webhook().id(), 0, 10);
      assertThat(history).hasSize(1);
      assertThat(history.getFirst().outcome()).isEqualTo(DeliveryAttempt.Outcome.DELIVERED);
      assertThat(history.getFirst().statusCode()).contains(200);
      assertThat(history.getFirst().attempt()).isEqualTo(1);
      assertThat(history.getFirst().eventId()).isEqualTo(delivery.header("X-Berth-Event-Id"));
      assertThat(receiver.received()).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void receiverFailingTwice_getsThirdAttempt(Dialect dialect) throws Exception {
    try (WebhookFixture fixture = WebhookFixture.start(dialect, tempDir);
        WebhookReceiver receiver = WebhookReceiver.start(500, 503, 200)) {
      WebhookService.Created created =
          fixture.create(
              WebhookScope.namespace("acme"),
              receiver.url("/hook").toString(),
              PayloadFormat.CLOUDEVENTS,
              List.of("push"));

      // Retries go on for an hour after the event, so the event happens now.
      fixture.commit(pushNow("acme/app", "v1"));
      List<Received> attempts = receiver.await(3, WAIT);
      fixture.awaitJobsFinished();

      assertThat(attempts)
          .extracting(r -> r.header("X-Berth-Attempt"))
          .containsExactly("1", "2", "3");
      assertThat(attempts)
          .extracting(r -> r.header("X-Berth-Event-Id"))
          .containsOnly(attempts.getFirst().header("X-Berth-Event-Id"));
      assertThat(attempts)
          .extracting(r -> r.header("X-Berth-Delivery"))
          .containsOnly(attempts.getFirst().header("X-Berth-Delivery"));
      assertThat(attempts).extracting(Received::status).containsExactly(500, 503, 200);
      assertThat(attempts)
          .allSatisfy(r -> assertThat(SignatureCheck.verify(created.secret(), r)).isTrue());
      assertThat(attempts)
          .extracting(r -> utf8(r.body()))
          .containsOnly(utf8(attempts.getFirst().body()));

      List<DeliveryAttempt> history = fixture.service().attempts(created.webhook().id(), 0, 10);
      assertThat(history).extracting(DeliveryAttempt::attempt).containsExactly(3, 2, 1);
      assertThat(history)
          .extracting(DeliveryAttempt::outcome)
          .containsExactly(
              DeliveryAttempt.Outcome.DELIVERED,
              DeliveryAttempt.Outcome.FAILED,
              DeliveryAttempt.Outcome.FAILED);
      assertThat(history).extracting(a -> a.statusCode().orElse(0)).containsExactly(200, 503, 500);
      assertThat(history.get(2).error()).hasValue("receiver answered HTTP 500");
      assertThat(fixture.webhooks.jobs().state(history.getFirst().deliveryId())).hasValue("done");
      assertThat(receiver.received()).hasSize(3);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void rolledBackPush_enqueuesNothing(Dialect dialect) throws Exception {
    try (WebhookFixture fixture = WebhookFixture.start(dialect, tempDir);
        WebhookReceiver receiver = WebhookReceiver.start(200)) {
      fixture.create(
          WebhookScope.namespace("acme"),
          receiver.url("/hook").toString(),
          PayloadFormat.SLACK,
          List.of("push"));

      try {
        fixture
            .database
            .jdbi()
            .useTransaction(
                h -> {
                  fixture.webhooks.listener().changed(h, push("acme/app", "rolled-back"));
                  throw new IllegalStateException("the push failed after the listener ran");
                });
      } catch (IllegalStateException expected) {
        // The registry rolls the push back the same way.
      }
      long afterRollback = fixture.jobCount();
      fixture.commit(push("acme/app", "committed"));
      Received delivery = receiver.await(1, WAIT).getFirst();
      fixture.awaitJobsFinished();

      assertThat(afterRollback).isZero();
      assertThat(fixture.jobCount()).isEqualTo(1);
      assertThat(utf8(delivery.body())).contains("committed").doesNotContain("rolled-back");
      assertThat(receiver.received()).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void formats_cloudEventsAndSlack(Dialect dialect) throws Exception {
    try (WebhookFixture fixture = WebhookFixture.start(dialect, tempDir);
        WebhookReceiver cloudEvents = WebhookReceiver.start(200);
        WebhookReceiver slack = WebhookReceiver.start(200)) {
      fixture.create(
          WebhookScope.namespace("acme"),
          cloudEvents.url("/ce").toString(),
          PayloadFormat.CLOUDEVENTS,
          List.of("push", "delete"));
      fixture.create(
          WebhookScope.repository(RepositoryName.parse("acme/app")),
          slack.url("/slack").toString(),
          PayloadFormat.SLACK,
          List.of("delete"));

      fixture.commit(
          new RegistryEvent.TagDeleted(
              RepositoryName.parse("acme/app"),
              Tag.parse("old"),
              push("acme/app", "old").digest(),
              Optional.of("bob"),
              1_780_000_000_500L));
      Received event = cloudEvents.await(1, WAIT).getFirst();
      Received message = slack.await(1, WAIT).getFirst();

      JsonNode ce = JSON.readTree(event.body());
      assertThat(event.header("Content-Type")).isEqualTo("application/cloudevents+json");
      assertThat(ce.path("specversion").asText()).isEqualTo("1.0");
      assertThat(ce.path("id").asText()).isEqualTo(event.header("X-Berth-Event-Id"));
      assertThat(ce.path("source").asText())
          .isEqualTo("https://registry.example/r/acme/app");
      assertThat(ce.path("type").asText()).isEqualTo("dev.berth.repository.delete");
      assertThat(ce.path("time").asText()).isEqualTo("2026-05-28T20:26:40.500Z");
      assertThat(ce.path("datacontenttype").asText()).isEqualTo("application/json");
      assertThat(ce.path("subject").asText()).isEqualTo("acme/app:old");
      assertThat(ce.path("data").path("actor").asText()).isEqualTo("bob");
      assertThat(ce.path("data").path("tag").asText()).isEqualTo("old");

      JsonNode text = JSON.readTree(message.body());
      assertThat(text.path("text").asText())
          .isEqualTo(
              "bob deleted tag `old` (`sha256:abababababab`) in"
                  + " <https://registry.example/r/acme/app|acme/app>");
      assertThat(message.header("X-Berth-Event-Id")).isEqualTo(event.header("X-Berth-Event-Id"));
      assertThat(message.header("X-Berth-Delivery")).isNotEqualTo(event.header("X-Berth-Delivery"));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void pull_deliveredOnlyWhenSubscribed(Dialect dialect) throws Exception {
    try (WebhookFixture fixture = WebhookFixture.start(dialect, tempDir);
        WebhookReceiver receiver = WebhookReceiver.start(200)) {
      fixture.create(
          WebhookScope.namespace("acme"),
          receiver.url("/push-only").toString(),
          PayloadFormat.DOCKERHUB,
          List.of("push"));
      RegistryEvent.ManifestPulled pull =
          new RegistryEvent.ManifestPulled(
              RepositoryName.parse("acme/app"),
              push("acme/app", "x").digest(),
              "application/vnd.oci.image.manifest.v1+json",
              Optional.of(Tag.parse("latest")),
              Optional.empty(),
              1_780_000_000_000L);

      fixture.webhooks.listener().pulled(pull);
      long jobsWithoutPullWebhook = fixture.jobCount();
      fixture.create(
          WebhookScope.repository(RepositoryName.parse("acme/app")),
          receiver.url("/pulls").toString(),
          PayloadFormat.DOCKERHUB,
          List.of("pull"));
      fixture.webhooks.listener().pulled(pull);
      Received delivery = receiver.await(1, WAIT).getFirst();
      fixture.awaitJobsFinished();

      assertThat(jobsWithoutPullWebhook).isZero();
      assertThat(delivery.path()).isEqualTo("/pulls");
      assertThat(delivery.header("X-Berth-Event")).isEqualTo("pull");
      assertThat(JSON.readTree(delivery.body()).path("push_data").path("pusher").asText())
          .isEmpty();
      assertThat(receiver.received()).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void hostRebindingToLoopback_blockedAtDelivery(Dialect dialect) throws Exception {
    try (WebhookFixture fixture = WebhookFixture.start(dialect, tempDir);
        WebhookReceiver receiver = WebhookReceiver.start(200)) {
      // A public address at creation; nothing connects to it, since the name changes first.
      fixture.dns.put("hooks.example.net", List.of(InetAddress.getByName("93.184.215.14")));
      WebhookService.Created created =
          fixture.create(
              WebhookScope.namespace("acme"),
              "http://hooks.example.net:" + receiver.port() + "/hook",
              PayloadFormat.DOCKERHUB,
              List.of("push"));
      fixture.dns.put("hooks.example.net", List.of(InetAddress.getByName("127.0.0.1")));

      fixture.commit(push("acme/app", "latest"));
      DeliveryAttempt first = awaitAttempt(fixture, created.webhook().id());

      assertThat(first.outcome()).isEqualTo(DeliveryAttempt.Outcome.FAILED);
      assertThat(first.statusCode()).isEmpty();
      assertThat(first.error().orElseThrow())
          .contains("hooks.example.net resolves to 127.0.0.1, which is a loopback address");
      assertThat(receiver.received()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void failingReceiver_givenUpAfterWindow(Dialect dialect) throws Exception {
    Webhooks.RetrySettings shortWindow =
        new Webhooks.RetrySettings(
            Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(300));
    try (WebhookFixture fixture = WebhookFixture.start(dialect, tempDir, shortWindow);
        WebhookReceiver receiver = WebhookReceiver.start(500)) {
      fixture.create(
          WebhookScope.namespace("acme"),
          receiver.url("/hook").toString(),
          PayloadFormat.DOCKERHUB,
          List.of("push"));
      fixture.commit(pushNow("acme/app", "latest"));

      fixture.awaitJobsFinished();
      String state =
          fixture
              .database
              .jdbi()
              .withHandle(h -> h.createQuery("SELECT state FROM jobs").mapTo(String.class).one());

      assertThat(state).isEqualTo("failed");
      assertThat(receiver.received())
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.status()).isEqualTo(500));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void disabledWebhook_getsNoDelivery(Dialect dialect) throws Exception {
    try (WebhookFixture fixture = WebhookFixture.start(dialect, tempDir);
        WebhookReceiver disabled = WebhookReceiver.start(200);
        WebhookReceiver enabled = WebhookReceiver.start(200)) {
      WebhookService.Created off =
          fixture.create(
              WebhookScope.namespace("acme"),
              disabled.url("/off").toString(),
              PayloadFormat.DOCKERHUB,
              List.of("push"));
      fixture
          .service()
          .update(
              off.webhook().id(),
              new WebhookInput(
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.of(false)),
              "alice");
      fixture.create(
          WebhookScope.namespace("acme"),
          enabled.url("/on").toString(),
          PayloadFormat.DOCKERHUB,
          List.of("push"));

      fixture.commit(push("acme/app", "latest"));
      enabled.await(1, WAIT);
      fixture.awaitJobsFinished();

      assertThat(fixture.jobCount()).isEqualTo(1);
      assertThat(disabled.received()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void redirect_notFollowed(Dialect dialect) throws Exception {
    try (WebhookFixture fixture = WebhookFixture.start(dialect, tempDir);
        WebhookReceiver receiver = WebhookReceiver.start(302)) {
      WebhookService.Created created =
          fixture.create(
              WebhookScope.namespace("acme"),
              receiver.url("/moved").toString(),
              PayloadFormat.DOCKERHUB,
              List.of("push"));

      DeliveryAttempt attempt = fixture.service().test(created.webhook().id(), "alice");

      assertThat(attempt.outcome()).isEqualTo(DeliveryAttempt.Outcome.FAILED);
      assertThat(attempt.statusCode()).contains(302);
      assertThat(attempt.error())
          .hasValue("receiver answered HTTP 302; redirects are not followed, use the final URL");
      assertThat(receiver.received()).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void silentReceiver_timesOut(Dialect dialect) throws Exception {
    try (WebhookFixture fixture = WebhookFixture.start(dialect, tempDir);
        ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
      WebhookService.Created created =
          fixture.create(
              WebhookScope.namespace("acme"),
              "http://127.0.0.1:" + silent.getLocalPort() + "/slow",
              PayloadFormat.DOCKERHUB,
              List.of("push"));

      // The connection is accepted by the kernel's backlog, and nothing ever responds.
      DeliveryAttempt attempt = fixture.service().test(created.webhook().id(), "alice");

      assertThat(attempt.outcome()).isEqualTo(DeliveryAttempt.Outcome.FAILED);
      assertThat(attempt.statusCode()).isEmpty();
      assertThat(attempt.error())
          .hasValue("no complete response within " + WebhookFixture.READ_TIMEOUT);
    }
  }

  private static RegistryEvent.ManifestPushed pushNow(String repository, String tag) {
    RegistryEvent.ManifestPushed template = push(repository, tag);
    return new RegistryEvent.ManifestPushed(
        template.repository(),
        template.digest(),
        template.mediaType(),
        template.size(),
        template.tag(),
        template.actor(),
        System.currentTimeMillis());
  }

  private static DeliveryAttempt awaitAttempt(WebhookFixture fixture, String webhookId)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<DeliveryAttempt> attempts = fixture.service().attempts(webhookId, 0, 10);
      if (!attempts.isEmpty()) {
        return attempts.getLast();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no delivery attempt within " + WAIT);
      }
      Thread.sleep(20);
    }
  }
}
