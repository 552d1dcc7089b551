package dev.berth.auth.api;

import static dev.berth.auth.api.ApiBerth.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.auth.api.ApiBerth.As;
import dev.berth.auth.api.ApiBerth.Login;
import dev.berth.auth.api.ApiBerth.Reply;
import dev.berth.db.Dialect;
import dev.berth.server.config.WebhookConfig;
import dev.berth.testing.WebhookReceiver;
import dev.berth.testing.WebhookReceiver.Received;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code /api/v2/webhooks} over HTTP on a real Berth with 127.0.0.1 allow-listed: each endpoint,
 * its errors and permissions, test deliveries with their history, and a push through the registry
 * reaching a receiver. It sits beside {@link ApiBerth} to share that harness.
 */
class WebhookApiTest {

  private static final String WEBHOOKS = "/api/v2/webhooks";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path tempDir;

  private static ApiBerth start(Dialect dialect, Path tempDir) throws Exception {
    return ApiBerth.startWith(
        dialect, tempDir, config -> config.withWebhooks(new WebhookConfig(List.of("127.0.0.1"))));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void repositoryWebhook_createListGetUpdateDelete(Dialect dialect) throws Exception {
    try (ApiBerth berth = start(dialect, tempDir);
        WebhookReceiver receiver = WebhookReceiver.start(200)) {
      berth.createUser(berth.loginAdmin(), "alice");
      Login alice = berth.login("alice", ApiBerth.PASSWORD);

      Reply created =
          berth.post(
              WEBHOOKS,
              alice.as(),
              body(
                  "name", "ci",
                  "url", receiver.url("/hook").toString(),
                  "repository", "alice/app"));
      String id = created.json().path("id").asText();
      Reply list = berth.get(WEBHOOKS + "?repository=alice/app", alice.as());
      Reply other = berth.get(WEBHOOKS + "?repository=alice/other", alice.as());
      Reply one = berth.get(WEBHOOKS + "/" + id, alice.as());
      Reply changed =
          berth.patch(
              WEBHOOKS + "/" + id,
              alice.as(),
              body(
                  "name",
                  "scanner",
                  "format",
                  "cloudevents",
                  "events",
                  List.of("push", "vulnerabilities_found"),
                  "enabled",
                  false));
      Reply deleted = berth.delete(WEBHOOKS + "/" + id, alice.as());
      Reply gone = berth.get(WEBHOOKS + "/" + id, alice.as());

      assertThat(created.status()).as("%s", created).isEqualTo(201);
      assertThat(created.header("Location")).hasValue(WEBHOOKS + "/" + id);
      JsonNode webhook = created.json();
      assertThat(webhook.path("name").asText()).isEqualTo("ci");
      assertThat(webhook.path("repository").asText()).isEqualTo("alice/app");
      assertThat(webhook.path("namespace").isNull()).isTrue();
      assertThat(webhook.path("format").asText()).isEqualTo("dockerhub");
      assertThat(webhook.path("events").toString()).isEqualTo("[\"push\"]");
      assertThat(webhook.path("enabled").asBoolean()).isTrue();
      assertThat(webhook.path("created_by").asText()).isEqualTo("alice");
      assertThat(webhook.path("secret").asText()).startsWith("whsec_").hasSize(49);
      assertThat(list.json().path("count").asInt()).isEqualTo(1);
      assertThat(list.json().path("results").path(0).path("id").asText()).isEqualTo(id);
      assertThat(list.json().path("results").path(0).path("secret").isNull())
          .as("the secret is shown only once")
          .isTrue();
      assertThat(other.json().path("count").asInt()).isZero();
      assertThat(one.status()).isEqualTo(200);
      assertThat(one.json().path("secret").isNull()).isTrue();
      assertThat(changed.status()).as("%s", changed).isEqualTo(200);
      assertThat(changed.json().path("name").asText()).isEqualTo("scanner");
      assertThat(changed.json().path("format").asText()).isEqualTo("cloudevents");
      assertThat(changed.json().path("events").toString())
          .isEqualTo("[\"push\",\"vulnerabilities_found\"]");
      assertThat(changed.json().path("min_severity").asText()).isEqualTo("high");
      assertThat(changed.json().path("enabled").asBoolean()).isFalse();
      assertThat(changed.json().path("url").asText()).isEqualTo(receiver.url("/hook").toString());
      assertThat(deleted.status()).isEqualTo(204);
      assertThat(gone.status()).isEqualTo(404);
      assertThat(gone.errorMessage()).isEqualTo("webhook " + id + " not found");
    }
  }

  @Test
  void list_linksKeepFilterAndOrdering() throws Exception {
    try (ApiBerth berth = start(Dialect.SQLITE, tempDir);
        WebhookReceiver receiver = WebhookReceiver.start(200)) {
      berth.createUser(berth.loginAdmin(), "alice");
      Login alice = berth.login("alice", ApiBerth.PASSWORD);
      String id = null;
      for (String name : List.of("c", "a", "b")) {
        Reply created =
            berth.post(
                WEBHOOKS,
                alice.as(),
                body(
                    "name", name,
                    "url", receiver.url("/" + name).toString(),
                    "repository", "alice/app"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        id = created.json().path("id").asText();
      }

      Reply first =
          berth.get(WEBHOOKS + "?repository=alice/app&page_size=2&ordering=-name", alice.as());
      String next = first.json().path("next").asText();
      URI nextUri = URI.create(next);
      Reply second = berth.get(nextUri.getRawPath() + "?" + nextUri.getRawQuery(), alice.as());
      String previous = second.json().path("previous").asText();
      Reply bogus = berth.get(WEBHOOKS + "?repository=alice/app&ordering=bogus", alice.as());
      Reply bogusDeliveries =
          berth.get(WEBHOOKS + "/" + id + "/deliveries?ordering=bogus", alice.as());
      Reply oldestFirst =
          berth.get(WEBHOOKS + "/" + id + "/deliveries?ordering=attempted_at", alice.as());

      assertThat(first.status()).as("%s", first).isEqualTo(200);
      assertThat(first.json().path("results").path(0).path("name").asText()).isEqualTo("c");
      assertThat(first.json().path("results").path(1).path("name").asText()).isEqualTo("b");
      assertThat(next).contains("repository=alice%2Fapp").contains("ordering=-name");
      assertThat(second.status()).as("%s", second).isEqualTo(200);
      assertThat(second.json().path("results").path(0).path("name").asText()).isEqualTo("a");
      assertThat(previous).contains("page=1").contains("repository=alice%2Fapp");
      assertThat(bogus.status()).isEqualTo(400);
      assertThat(bogus.errorMessage())
          .contains("ordering=bogus")
          .contains("created_at, -created_at, name, -name");
      assertThat(bogusDeliveries.status()).isEqualTo(400);
      assertThat(bogusDeliveries.errorMessage()).contains("-attempted_at");
      assertThat(oldestFirst.status()).as("%s", oldestFirst).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void namespaceWebhook_userOrgOwnerAndAdministrator(Dialect dialect) throws Exception {
    try (ApiBerth berth = start(dialect, tempDir);
        WebhookReceiver receiver = WebhookReceiver.start(200)) {
      Login admin = berth.loginAdmin();
      berth.createUser(admin, "alice");
      berth.createUser(admin, "robert");
      Login alice = berth.login("alice", ApiBerth.PASSWORD);
      Login robert = berth.login("robert", ApiBerth.PASSWORD);
      assertThat(berth.post("/api/v2/orgs", alice.as(), body("orgname", "acme")).status())
          .isEqualTo(201);
      assertThat(
              berth
                  .post("/api/v2/orgs/acme/members", alice.as(), body("member", "robert"))
                  .status())
          .isEqualTo(201);
      Map<String, Object> hook =
          body("name", "all", "url", receiver.url("/ns").toString(), "namespace", "acme");

      Reply byOwner = berth.post(WEBHOOKS, alice.as(), hook);
      Reply ownNamespace =
          berth.post(
              WEBHOOKS,
              robert.as(),
              body(
                  "name",
                  "mine",
                  "url",
                  receiver.url("/robert").toString(),
                  "namespace",
                  "robert"));
      Reply byMember = berth.post(WEBHOOKS, robert.as(), hook);
      Reply listByMember = berth.get(WEBHOOKS + "?namespace=acme", robert.as());
      Reply getByMember =
          berth.get(WEBHOOKS + "/" + byOwner.json().path("id").asText(), robert.as());
      Reply listByAdmin = berth.get(WEBHOOKS + "?namespace=acme", admin.as());
      Reply missingByAdmin = berth.get(WEBHOOKS + "?namespace=ghost", admin.as());
      Reply missingByUser = berth.get(WEBHOOKS + "?namespace=ghost", alice.as());

      assertThat(byOwner.status()).as("%s", byOwner).isEqualTo(201);
      assertThat(byOwner.json().path("namespace").asText()).isEqualTo("acme");
      assertThat(byOwner.json().path("repository").isNull()).isTrue();
      assertThat(ownNamespace.status()).as("%s", ownNamespace).isEqualTo(201);
      assertThat(byMember.status()).isEqualTo(403);
      assertThat(byMember.errorCode()).isEqualTo("DENIED");
      assertThat(byMember.errorMessage())
          .isEqualTo(
              "managing webhooks of namespace acme needs its user or an owner of its organization");
      assertThat(listByMember.status()).isEqualTo(403);
      assertThat(getByMember.status()).as("another's webhook looks missing").isEqualTo(404);
      assertThat(listByAdmin.json().path("count").asInt()).isEqualTo(1);
      assertThat(missingByAdmin.status()).isEqualTo(404);
      assertThat(missingByAdmin.errorMessage())
          .isEqualTo("namespace ghost not found; create the user or organization first");
      assertThat(missingByUser.status()).isEqualTo(403);
    }
  }

  @Test
  void invalidValues_400NamingFieldAndFix() throws Exception {
    try (ApiBerth berth = start(Dialect.SQLITE, tempDir)) {
      berth.createUser(berth.loginAdmin(), "alice");
      Login alice = berth.login("alice", ApiBerth.PASSWORD);
      String url = "http://127.0.0.1:9/hook";
      Map<String, String> cases =
          Map.ofEntries(
              Map.entry(
                  "{\"url\":\"" + url + "\",\"repository\":\"alice/app\"}",
                  "field 'name' is missing from the request body"),
              Map.entry(
                  "{\"name\":\"x\",\"repository\":\"alice/app\"}",
                  "field 'url' is missing from the request body"),
              Map.entry(
                  "{\"name\":\"x\",\"url\":\"" + url + "\"}",
                  "give exactly one field of 'repository' (such as acme/app) or 'namespace'"
                      + " (such as acme)"),
              Map.entry(
                  "{\"name\":\"x\",\"url\":\""
                      + url
                      + "\",\"repository\":\"alice/app\","
                      + "\"namespace\":\"alice\"}",
                  "give exactly one field of 'repository'"),
              Map.entry(
                  "{\"name\":\"x\",\"url\":\"" + url + "\",\"repository\":\"Alice/App\"}",
                  "field repository name 'Alice/App' is invalid"),
              Map.entry(
                  "{\"name\":\"x\",\"url\":\"" + url + "\",\"namespace\":\"alice/app\"}",
                  "field 'namespace' is 'alice/app'; a namespace has no '/', such as acme"),
              Map.entry(
                  "{\"name\":\"x\",\"url\":\""
                      + url
                      + "\",\"repository\":\"alice/app\","
                      + "\"format\":\"xml\"}",
                  "field 'format' is 'xml'; use one of dockerhub, cloudevents, slack"),
              Map.entry(
                  "{\"name\":\"x\",\"url\":\""
                      + url
                      + "\",\"repository\":\"alice/app\","
                      + "\"events\":[\"push\",\"build\"]}",
                  "field 'events' contains unknown event type 'build'; use push, pull, delete,"
                      + " quota_warning, scan_completed, scan_failed, vulnerabilities_found"),
              Map.entry(
                  "{\"name\":\"x\",\"url\":\""
                      + url
                      + "\",\"repository\":\"alice/app\","
                      + "\"events\":[]}",
                  "field 'events' is empty; list at least one of push"),
              Map.entry(
                  "{\"name\":\"x\",\"url\":\""
                      + url
                      + "\",\"repository\":\"alice/app\","
                      + "\"min_severity\":\"high\"}",
                  "field 'min_severity' applies only to the vulnerabilities_found event"),
              Map.entry(
                  "{\"name\":\"x\",\"url\":\""
                      + url
                      + "\",\"repository\":\"alice/app\","
                      + "\"events\":[\"vulnerabilities_found\"],\"min_severity\":\"severe\"}",
                  "field 'min_severity' is 'severe'; use low, medium, high or critical"),
              Map.entry(
                  "{\"name\":\"x\",\"url\":\""
                      + url
                      + "\",\"repository\":\"alice/app\","
                      + "\"secret\":\"short\"}",
                  "field 'secret' must have 16 to 256 characters, not 5"),
              Map.entry(
                  "{\"name\":\"\",\"url\":\"" + url + "\",\"repository\":\"alice/app\"}",
                  "field 'name' must have 1 to 100 characters, not 0"),
              Map.entry(
                  "{\"name\":\"x\",\"url\":\"ftp://127.0.0.1/x\",\"repository\":\"alice/app\"}",
                  "field 'url' must use http or https, not 'ftp'"),
              Map.entry(
                  "{\"name\":\"x\",\"url\":\"http://u:secret-pw@127.0.0.1/x\","
                      + "\"repository\":\"alice/app\"}",
                  "field 'url' contains a user name or password before the host 127.0.0.1"),
              Map.entry(
                  "{\"name\":\"x\",\"url\":\"http://127.0.0.2/x\",\"repository\":\"alice/app\"}",
                  "webhook host 127.0.0.2 resolves to 127.0.0.2, which is a loopback address;"
                      + " webhooks may only reach public addresses unless an administrator adds"
                      + " the host to webhooks.allowed_hosts"),
              Map.entry(
                  "{\"name\":\"x\",\"url\":\"http://169.254.169.254/latest\","
                      + "\"repository\":\"alice/app\"}",
                  "which is a link-local address, where cloud metadata services live"),
              Map.entry(
                  "{\"name\":\"x\",\"url\":\"http://10.0.0.1/x\",\"repository\":\"alice/app\"}",
                  "resolves to 10.0.0.1, which is a private address"),
              Map.entry(
                  "{\"name\":\"x\",\"url\":\""
                      + url
                      + "\",\"repository\":\"alice/app\","
                      + "\"colour\":\"red\"}",
                  "unknown field 'colour' in the request body"));

      for (Map.Entry<String, String> entry : cases.entrySet()) {
        Reply reply = berth.post(WEBHOOKS, alice.as(), entry.getKey());

        assertThat(reply.status()).as("%s -> %s", entry.getKey(), reply).isEqualTo(400);
        assertThat(reply.errorCode()).as(entry.getKey()).isEqualTo("INVALID_REQUEST");
        assertThat(reply.errorMessage()).as(entry.getKey()).contains(entry.getValue());
        assertThat(reply.http().body()).as("the password stays out").doesNotContain("secret-pw");
      }
      Reply bigPage = berth.get(WEBHOOKS + "?repository=alice/app&page_size=101", alice.as());
      Reply noScope = berth.get(WEBHOOKS, alice.as());
      assertThat(bigPage.status()).isEqualTo(400);
      assertThat(bigPage.errorMessage()).contains("page_size=101 is out of range");
      assertThat(noScope.status()).isEqualTo(400);
      assertThat(noScope.errorMessage())
          .isEqualTo(
              "give exactly one query parameter of 'repository' (such as acme/app) or"
                  + " 'namespace' (such as acme)");
    }
  }

  @Test
  void permissions_deniedToOthersTokensAndAnonymous() throws Exception {
    try (ApiBerth berth = start(Dialect.SQLITE, tempDir);
        WebhookReceiver receiver = WebhookReceiver.start(200)) {
      Login admin = berth.loginAdmin();
      berth.createUser(admin, "alice");
      berth.createUser(admin, "robert");
      Login alice = berth.login("alice", ApiBerth.PASSWORD);
      Login robert = berth.login("robert", ApiBerth.PASSWORD);
      String readToken = berth.createToken(alice, "repo:read");
      String adminToken = berth.createToken(alice, "repo:admin");
      String limitedToken = berth.createToken(alice, "repo:admin", "alice/app");
      Map<String, Object> repoHook =
          body("name", "ci", "url", receiver.url("/r").toString(), "repository", "alice/app");
      Map<String, Object> namespaceHook =
          body("name", "ns", "url", receiver.url("/n").toString(), "namespace", "alice");
      String id = berth.post(WEBHOOKS, alice.as(), repoHook).json().path("id").asText();

      Reply otherUser = berth.post(WEBHOOKS, robert.as(), repoHook);
      Reply otherGet = berth.get(WEBHOOKS + "/" + id, robert.as());
      Reply otherDelete = berth.delete(WEBHOOKS + "/" + id, robert.as());
      Reply otherTest = berth.post(WEBHOOKS + "/" + id + "/test", robert.as(), "{}");
      Reply withRead = berth.post(WEBHOOKS, As.bearer(readToken), repoHook);
      Reply withAdmin = berth.post(WEBHOOKS, As.bearer(adminToken), namespaceHook);
      Reply limitedRepo = berth.post(WEBHOOKS, As.bearer(limitedToken), repoHook);
      Reply limitedNamespace = berth.post(WEBHOOKS, As.bearer(limitedToken), namespaceHook);
      Reply anonymous = berth.get(WEBHOOKS + "?repository=alice/app", As.anonymous());
      Reply forged = berth.post(WEBHOOKS, alice.cookieOnly(), repoHook);
      Reply adminGet = berth.get(WEBHOOKS + "/" + id, admin.as());

      assertThat(otherUser.status()).isEqualTo(403);
      assertThat(otherUser.errorMessage())
          .isEqualTo(
              "managing webhooks of repository alice/app needs admin permission on it; ask an"
                  + " owner of namespace alice");
      assertThat(otherGet.status()).isEqualTo(404);
      assertThat(otherDelete.status()).isEqualTo(404);
      assertThat(otherTest.status()).isEqualTo(404);
      assertThat(withRead.status()).as("a repo:read token cannot administer").isEqualTo(403);
      assertThat(withAdmin.status()).as("%s", withAdmin).isEqualTo(201);
      assertThat(limitedRepo.status()).as("%s", limitedRepo).isEqualTo(201);
      assertThat(limitedNamespace.status()).isEqualTo(403);
      assertThat(limitedNamespace.errorCode()).isEqualTo("INSUFFICIENT_SCOPE");
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(forged.status()).isEqualTo(403);
      assertThat(forged.errorCode()).isEqualTo("CSRF_TOKEN_INVALID");
      assertThat(adminGet.status()).isEqualTo(200);
      assertThat(receiver.received()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void testDelivery_signedAndRecordedInHistory(Dialect dialect) throws Exception {
    try (ApiBerth berth = start(dialect, tempDir);
        WebhookReceiver good = WebhookReceiver.start(204);
        WebhookReceiver bad = WebhookReceiver.start(500)) {
      berth.createUser(berth.loginAdmin(), "alice");
      Login alice = berth.login("alice", ApiBerth.PASSWORD);
      String secret = "shared-secret-0123456789";
      String goodId =
          berth
              .post(
                  WEBHOOKS,
                  alice.as(),
                  body(
                      "name", "good",
                      "url", good.url("/ok").toString(),
                      "namespace", "alice",
                      "format", "slack",
                      "secret", secret))
              .json()
              .path("id")
              .asText();
      String badId =
          berth
              .post(
                  WEBHOOKS,
                  alice.as(),
                  body("name", "bad", "url", bad.url("/fail").toString(), "namespace", "alice"))
              .json()
              .path("id")
              .asText();

      Reply delivered = berth.post(WEBHOOKS + "/" + goodId + "/test", alice.as(), "{}");
      Reply failed = berth.post(WEBHOOKS + "/" + badId + "/test", alice.as(), "{}");
      Reply history = berth.get(WEBHOOKS + "/" + goodId + "/deliveries", alice.as());
      Reply badHistory = berth.get(WEBHOOKS + "/" + badId + "/deliveries", alice.as());
      Received ping = good.await(1, WAIT).getFirst();

      assertThat(delivered.status()).as("%s", delivered).isEqualTo(200);
      assertThat(delivered.json().path("outcome").asText()).isEqualTo("delivered");
      assertThat(delivered.json().path("status_code").asInt()).isEqualTo(204);
      assertThat(delivered.json().path("event_type").asText()).isEqualTo("ping");
      assertThat(delivered.json().path("attempt").asInt()).isEqualTo(1);
      assertThat(delivered.json().path("error").isNull()).isTrue();
      assertThat(ping.header("X-Berth-Event")).isEqualTo("ping");
      assertThat(ping.header("X-Berth-Event-Id"))
          .isEqualTo(delivered.json().path("event_id").asText());
      assertThat(verify(secret, ping)).isTrue();
      assertThat(new String(ping.body(), StandardCharsets.UTF_8))
          .startsWith("{\"text\":\"Test delivery of Berth webhook \\\"good\\\" for <");
      assertThat(failed.status()).isEqualTo(200);
      assertThat(failed.json().path("outcome").asText()).isEqualTo("failed");
      assertThat(failed.json().path("status_code").asInt()).isEqualTo(500);
      assertThat(failed.json().path("error").asText()).isEqualTo("receiver answered HTTP 500");
      assertThat(history.json().path("count").asInt()).isEqualTo(1);
      JsonNode attempt = history.json().path("results").path(0);
      assertThat(attempt.path("delivery_id").asText())
          .isEqualTo(delivered.json().path("delivery_id").asText());
      assertThat(attempt.path("duration_ms").isIntegralNumber()).isTrue();
      assertThat(attempt.path("attempted_at").asText()).endsWith("Z");
      assertThat(badHistory.json().path("results").path(0).path("outcome").asText())
          .isEqualTo("failed");
    }
  }

  @Test
  void manifestPush_deliveredToSubscribedWebhook() throws Exception {
    try (ApiBerth berth = start(Dialect.SQLITE, tempDir);
        WebhookReceiver receiver = WebhookReceiver.start(200)) {
      berth.createUser(berth.loginAdmin(), "alice");
      Login alice = berth.login("alice", ApiBerth.PASSWORD);
      Reply created =
          berth.post(
              WEBHOOKS,
              alice.as(),
              body("name", "ci", "url", receiver.url("/push").toString(), "namespace", "alice"));
      String secret = created.json().path("secret").asText();
      String basic =
          Base64.getEncoder()
              .encodeToString(("alice:" + ApiBerth.PASSWORD).getBytes(StandardCharsets.UTF_8));
      String empty = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
      String manifest =
          "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
              + "\"artifactType\":\"application/vnd.berth.test\",\"config\":{\"mediaType\":"
              + "\"application/vnd.oci.empty.v1+json\",\"digest\":\""
              + empty
              + "\",\"size\":2},"
              + "\"layers\":[{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
              + empty
              + "\",\"size\":2}]}";

      Reply pushed =
          berth.send(
              "PUT",
              "/v2/alice/app/manifests/v1",
              manifest,
              new As(
                  List.of(
                      "Authorization",
                      "Basic " + basic,
                      "Content-Type",
                      "application/vnd.oci.image.manifest.v1+json")));
      Received delivery = receiver.await(1, WAIT).getFirst();
      JsonNode payload = ApiBerth.JSON.readTree(delivery.body());

      assertThat(pushed.status()).as("%s", pushed).isEqualTo(201);
      assertThat(delivery.header("X-Berth-Event")).isEqualTo("push");
      assertThat(verify(secret, delivery)).isTrue();
      assertThat(payload.path("push_data").path("tag").asText()).isEqualTo("v1");
      assertThat(payload.path("push_data").path("pusher").asText()).isEqualTo("alice");
      assertThat(payload.path("push_data").path("digest").asText())
          .isEqualTo(pushed.header("Docker-Content-Digest").orElseThrow());
      assertThat(payload.path("repository").path("repo_name").asText()).isEqualTo("alice/app");
      assertThat(payload.path("repository").path("repo_url").asText())
          .isEqualTo(berth.baseUrl() + "/r/alice/app");
      assertThat(payload.path("repository").path("is_private").asBoolean()).isTrue();
      assertThat(receiver.received()).hasSize(1);
    }
  }

  /** Verifies the signature with the steps the README gives receivers. */
  private static boolean verify(String secret, Received delivery) throws Exception {
    String[] parts = delivery.header("X-Berth-Signature").split(",");
    String timestamp = parts[0].substring("t=".length());
    String signature = parts[1].substring("v1=".length());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
    return MessageDigest.isEqual(mac.doFinal(delivery.body()), HexFormat.of().parseHex(signature));
  }
}
