package dev.berth.hub.api;

import static dev.berth.hub.api.HubBerth.body;
import static dev.berth.hub.api.HubBerth.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.db.Dialect;
import dev.berth.hub.api.HubBerth.As;
import dev.berth.hub.api.HubBerth.Pushed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pushes and deletes through a whole Berth, then reads them back from the audit log and the
 * storage report: the server wires the audit listener and the two admin routes.
 */
class AuditedPushTest {

  private static final String EVENTS = "/api/v2/admin/audit-events";

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = "SQLITE")
  void pushAndDelete_recordedAndCounted(Dialect dialect) throws Exception {
    try (HubBerth berth = HubBerth.start(dialect, tempDir, true)) {
      As admin = berth.loginAdmin();
      As alice = berth.createUser(admin, "alice");
      As aliceBasic = As.basic("alice", HubBerth.PASSWORD);
      String token =
          expect(
                  berth.post(
                      "/api/v2/access-tokens",
                      alice,
                      body("token_label", "ci", "scopes", List.of("repo:admin"))),
                  201)
              .json()
              .path("token")
              .asText();
      As aliceToken = As.basic("alice", token);

      Pushed app = berth.pushImage("alice/app", "v1", "linux", "amd64", null, aliceBasic);
      Pushed web = berth.pushImage("alice/web", "v1", "linux", "amd64", null, aliceToken);
      byte[] shared = "a layer both repositories link".getBytes(StandardCharsets.UTF_8);
      berth.pushBlob("alice/app", shared, aliceBasic);
      berth.pushBlob("alice/web", shared, aliceBasic);
      expect(berth.delete("/api/v2/namespaces/alice/repositories/web", alice), 204);

      JsonNode pushes =
          expect(berth.get(EVENTS + "?action=manifest.push&namespace=alice", admin), 200).json();
      JsonNode deletes = expect(berth.get(EVENTS + "?namespace=alice", admin), 200).json();
      JsonNode storage = expect(berth.get("/api/v2/admin/storage", admin), 200).json();

      assertThat(pushes.path("count").asInt()).isEqualTo(2);
      JsonNode byToken = pushes.path("results").path(0);
      assertThat(byToken.path("target").asText()).isEqualTo("alice/web@" + web.digest());
      assertThat(byToken.path("actor_kind").asText()).isEqualTo("token");
      assertThat(byToken.path("details").path("access_token_id").asText()).isNotEmpty();
      JsonNode byPassword = pushes.path("results").path(1);
      assertThat(byPassword.path("target").asText()).isEqualTo("alice/app@" + app.digest());
      assertThat(byPassword.path("actor").asText()).isEqualTo("alice");
      assertThat(byPassword.path("actor_kind").asText()).isEqualTo("user");
      assertThat(byPassword.path("client_address").asText()).isEqualTo("127.0.0.1");
      assertThat(byPassword.path("details").path("tag").asText()).isEqualTo("v1");
      assertThat(deletes.toString())
          .contains("\"action\":\"repository.delete\"")
          .contains("\"action\":\"manifest.delete\"")
          .doesNotContain(token);
      JsonNode row = storage.path("namespaces").path(0);
      assertThat(row.path("namespace").asText()).isEqualTo("alice");
      assertThat(row.path("repositories").asLong()).as("web was deleted").isEqualTo(1);
      assertThat(row.path("bytes").asLong()).isEqualTo(app.fullSize() + shared.length);
      assertThat(storage.path("total_bytes").asLong()).isEqualTo(app.fullSize() + shared.length);
    }
  }
}
