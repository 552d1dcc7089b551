package dev.berth.auth.api;

import static dev.berth.auth.api.ApiBerth.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.auth.api.ApiBerth.As;
import dev.berth.auth.api.ApiBerth.Login;
import dev.berth.auth.api.ApiBerth.Reply;
import dev.berth.db.Dialect;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code GET /api/v2/admin/audit-events} and {@code GET /api/v2/admin/storage}. */
class AuditApiTest {

  private static final String EVENTS = "/api/v2/admin/audit-events";
  private static final String STORAGE = "/api/v2/admin/storage";

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void auditEvents_filtersAndPages(Dialect dialect) throws Exception {
    try (ApiBerth berth = ApiBerth.start(dialect, tempDir)) {
      Login admin = berth.loginAdmin();
      berth.createUser(admin, "alice");
      Reply wrong =
          berth.post(
              "/api/v2/auth/login",
              As.anonymous(),
              body("username", "alice", "password", "not-the-password"));
      assertThat(wrong.status()).isEqualTo(401);
      berth.login("alice", ApiBerth.PASSWORD);

      Reply created = berth.get(EVENTS + "?action=user.create&target=alice", admin.as());
      Reply failed = berth.get(EVENTS + "?actor=alice&action=auth.sign_in", admin.as());
      Reply firstPage = berth.get(EVENTS + "?action=auth.sign_in&page_size=1", admin.as());
      Reply future = berth.get(EVENTS + "?since=2999-01-01T00:00:00Z", admin.as());

      assertThat(created.status()).as("%s", created).isEqualTo(200);
      assertThat(created.json().path("count").asInt()).isEqualTo(1);
      JsonNode event = created.json().path("results").path(0);
      assertThat(event.path("actor").asText()).isEqualTo("admin");
      assertThat(event.path("actor_kind").asText()).isEqualTo("user");
      assertThat(event.path("client_address").asText()).isEqualTo("127.0.0.1");
      assertThat(event.path("target_kind").asText()).isEqualTo("user");
      assertThat(event.path("namespace").asText()).isEqualTo("alice");
      assertThat(event.path("outcome").asText()).isEqualTo("success");
      assertThat(event.toString()).doesNotContain(ApiBerth.PASSWORD);
      assertThat(failed.json().path("count").asInt()).isEqualTo(2);
      assertThat(failed.json().path("results").path(0).path("outcome").asText())
          .as("newest first: the successful sign-in came last")
          .isEqualTo("success");
      assertThat(failed.json().path("results").path(1).path("outcome").asText())
          .isEqualTo("failure");
      assertThat(failed.toString()).doesNotContain("not-the-password");
      assertThat(firstPage.json().path("results").size()).isEqualTo(1);
      assertThat(firstPage.json().path("next").asText())
          .contains("page=2")
          .contains("action=auth.sign_in")
          .contains("page_size=1");
      assertThat(future.json().path("count").asInt()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void storage_sumsPerNamespaceForAdministrators(Dialect dialect) throws Exception {
    try (ApiBerth berth = ApiBerth.start(dialect, tempDir)) {
      Login admin = berth.loginAdmin();
      Reply repository =
          berth.post(
              "/api/v2/namespaces/admin/repositories",
              admin.as(),
              body("name", "app", "is_private", true));
      assertThat(repository.status()).as("%s", repository).isEqualTo(201);

      Reply storage = berth.get(STORAGE, admin.as());
      Reply recorded = berth.get(EVENTS + "?namespace=admin&action=repository.create", admin.as());

      assertThat(storage.status()).as("%s", storage).isEqualTo(200);
      assertThat(storage.json().path("total_bytes").asLong()).isZero();
      JsonNode row = storage.json().path("namespaces").path(0);
      assertThat(row.path("namespace").asText()).isEqualTo("admin");
      assertThat(row.path("repositories").asLong()).isEqualTo(1);
      assertThat(row.path("bytes").asLong()).isZero();
      assertThat(recorded.json().path("results").path(0).path("target").asText())
          .isEqualTo("admin/app");
    }
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = "SQLITE")
  void auditEvents_badFiltersAndOutsiders_rejected(Dialect dialect) throws Exception {
    try (ApiBerth berth = ApiBerth.start(dialect, tempDir)) {
      Login admin = berth.loginAdmin();
      berth.createUser(admin, "bobby");
      Login bobby = berth.login("bobby", ApiBerth.PASSWORD);
      String adminToken = berth.createToken(admin, "repo:admin");

      Reply action = berth.get(EVENTS + "?action=bogus", admin.as());
      Reply since = berth.get(EVENTS + "?since=yesterday", admin.as());
      Reply range =
          berth.get(
              EVENTS + "?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z", admin.as());
      Reply pageSize = berth.get(EVENTS + "?page_size=101", admin.as());

      assertThat(action.status()).isEqualTo(400);
      assertThat(action.errorMessage()).contains("action=bogus").contains("auth.sign_in");
      assertThat(since.status()).isEqualTo(400);
      assertThat(since.errorMessage()).contains("since=yesterday").contains("RFC 3339");
      assertThat(range.status()).isEqualTo(400);
      assertThat(range.errorMessage()).contains("is not before until");
      assertThat(pageSize.status()).isEqualTo(400);
      for (String path : new String[] {EVENTS, STORAGE}) {
        assertThat(berth.get(path, bobby.as()).status()).as("non-admin " + path).isEqualTo(403);
        assertThat(berth.get(path, As.anonymous()).status()).as("anonymous " + path).isEqualTo(401);
        assertThat(berth.get(path, As.bearer(adminToken)).status())
            .as("access token " + path)
            .isEqualTo(403);
      }
    }
  }
}
