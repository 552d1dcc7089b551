package dev.berth.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Dialect;
import dev.berth.web.WebPagesHttpTest.WebClient;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit log and storage pages on PostgreSQL: filters, paging links, the empty state,
 * escaping of filter values, and that other users cannot open them.
 */
class AuditPagesHttpTest {

  private static final String PASSWORD = "first-password-1";

  private static WebServer server;
  private static WebClient admin;

  @BeforeAll
  static void start() throws Exception {
    server = WebServer.start(Dialect.POSTGRESQL, false);
    admin = signIn("admin", WebServer.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void auditPage_listsAndFiltersEvents() throws Exception {
    createUser("audit1");

    String all = admin.get("/admin/audit").body();
    String created = admin.get("/admin/audit?action=user.create&actor=admin").body();

    assertThat(all).contains("data-testid=\"audit-table\"").contains("<code>auth.sign_in</code>");
    assertThat(created)
        .contains("audit1")
        .contains("<code>user.create</code>")
        .doesNotContain("<code>auth.sign_in</code>");
    assertThat(created).contains("<option value=\"user.create\" selected");
    assertThat(created).doesNotContain(PASSWORD);
  }

  @Test
  void auditPage_noMatch_showsEmptyState() throws Exception {
    HttpResponse<String> response = admin.get("/admin/audit?actor=nobody1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("data-testid=\"no-events\"");
  }

  @Test
  void auditPage_filterValues_areEscaped() throws Exception {
    String hostile = "<script>alert(1)</script>";
    String body =
        admin.get("/admin/audit?namespace=" + URLEncoder.encode(hostile, StandardCharsets.UTF_8))
            .body();

    assertThat(body).doesNotContain(hostile).contains("value=\"&lt;script");
  }

  @Test
  void auditPage_timeRange_parsedOrRejected() throws Exception {
    HttpResponse<String> range =
        admin.get("/admin/audit?since=2000-01-01T00:00&until=2999-01-01T00:00");
    HttpResponse<String> junk = admin.get("/admin/audit?since=yesterday");

    assertThat(range.statusCode()).isEqualTo(200);
    assertThat(range.body()).contains("data-testid=\"audit-table\"");
    assertThat(junk.statusCode()).isEqualTo(400);
    assertThat(junk.body()).contains("since=yesterday").contains("RFC 3339");
  }

  @Test
  void auditPage_pagingLinks_keepFilters() throws Exception {
    for (int i = 0; i < 51; i++) {
      server.update(
          "INSERT INTO audit_events (id, occurred_at, actor, actor_kind, client_address, action,"
              + " target_kind, target_name, namespace, outcome, details) VALUES (?, ?, 'bulk1',"
              + " 'user', '', 'team.create', 'team', ?, 'acme', 'success', '{}')",
          "bulk-" + i, 1_000L + i, "acme/team" + i);
    }

    String body = admin.get("/admin/audit?actor=bulk1").body();

    assertThat(body).contains("/admin/audit?actor=bulk1&amp;page=2");
  }

  @Test
  void storagePage_listsNamespaces() throws Exception {
    String csrf = admin.csrfTokenOf(admin.get("/new"));
    admin.post(
        "/new",
        Map.of("_csrf", csrf, "namespace", "admin", "name", "stored", "visibility", "private"));

    HttpResponse<String> response = admin.get("/admin/storage");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("data-testid=\"storage-table\"").contains(">admin<");
    assertThat(response.body()).contains("data-testid=\"storage-total\"");
    assertThat(admin.get("/admin/users").body()).contains("href=\"/admin/audit\"");
  }

  @Test
  void auditAndStoragePages_nonAdministrator_403() throws Exception {
    createUser("outsider1");
    WebClient outsider = signIn("outsider1", PASSWORD);

    assertThat(outsider.get("/admin/audit").statusCode()).isEqualTo(403);
    assertThat(outsider.get("/admin/storage").statusCode()).isEqualTo(403);
  }

  private static void createUser(String name) throws Exception {
    String csrf = admin.csrfTokenOf(admin.get("/admin/users"));
    HttpResponse<String> response =
        admin.post(
            "/admin/users",
            Map.of(
                "_csrf", csrf, "username", name, "email", name + "@example.com",
                "password", PASSWORD));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
  }

  private static WebClient signIn(String username, String password) throws Exception {
    WebClient browser = new WebClient(server.baseUri());
    String csrf = browser.csrfTokenOf(browser.get("/signin"));
    HttpResponse<String> response =
        browser.post("/signin", Map.of("_csrf", csrf, "username", username, "password", password));
    assertThat(response.statusCode()).as("sign-in of %s: %s", username, response.body())
        .isEqualTo(303);
    return browser;
  }
}
