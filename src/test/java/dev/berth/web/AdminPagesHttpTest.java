package dev.berth.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Dialect;
import dev.berth.web.WebPagesHttpTest.WebClient;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The administration pages on PostgreSQL: creating, disabling and enabling users, resetting a
 * forgotten password and lifting a login lock, and that other users cannot open them.
 */
class AdminPagesHttpTest {

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
  void createUser_thenSignsIn() throws Exception {
    createUser("carol1");

    assertThat(admin.get("/admin/users").body()).contains("carol1@example.com");
    assertThat(signIn("carol1", PASSWORD).get("/").body()).contains(">carol1<");
  }

  @Test
  void adminPages_nonAdministrator_403() throws Exception {
    createUser("dave1");
    WebClient dave = signIn("dave1", PASSWORD);

    assertThat(dave.get("/admin/users").statusCode()).isEqualTo(403);
    String csrf = dave.csrfTokenOf(dave.get("/"));
    HttpResponse<String> post =
        dave.post("/admin/users/admin/disabled", Map.of("_csrf", csrf, "disabled", "true"));
    assertThat(post.statusCode()).isEqualTo(403);
  }

  @Test
  void disableUser_endsSessionAndSignIn() throws Exception {
    createUser("erin1");
    WebClient erin = signIn("erin1", PASSWORD);

    HttpResponse<String> disabled = adminPost("/admin/users/erin1/disabled", "disabled", "true");

    assertThat(disabled.headers().firstValue("Location")).contains("/admin/users?notice=user-disabled");
    assertThat(erin.get("/settings/tokens").statusCode()).isEqualTo(303);
    WebClient again = new WebClient(server.baseUri());
    String csrf = again.csrfTokenOf(again.get("/signin"));
    HttpResponse<String> refused =
        again.post("/signin", Map.of("_csrf", csrf, "username", "erin1", "password", PASSWORD));
    assertThat(refused.body()).contains("This account is disabled.");

    adminPost("/admin/users/erin1/disabled", "disabled", "false");
    assertThat(signIn("erin1", PASSWORD).get("/").body()).contains(">erin1<");
  }

  @Test
  void disableLastAdministrator_rejectedWithReason() throws Exception {
    HttpResponse<String> response = adminPost("/admin/users/admin/disabled", "disabled", "true");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("The change was not made:");
  }

  @Test
  void resetPassword_newPasswordWorks() throws Exception {
    createUser("fred1");

    adminPost("/admin/users/fred1/password", "password", "second-password-2");

    assertThat(signIn("fred1", "second-password-2").get("/").body()).contains(">fred1<");
  }

  @Test
  void loginLock_listedThenUnlocked() throws Exception {
    createUser("gina1");
    WebClient attacker = new WebClient(server.baseUri());
    String csrf = attacker.csrfTokenOf(attacker.get("/signin"));
    for (int i = 0; i < 5; i++) {
      attacker.post("/signin", Map.of("_csrf", csrf, "username", "gina1", "password", "wrong-" + i));
    }
    // The fifth failure locks the account for one second; stretch that lock so it is still on
    // when the page is read, however slow the machine.
    long inAnHour = System.currentTimeMillis() + 3_600_000L;
    assertThat(
            server.update(
                "UPDATE login_failures SET locked_until = ? WHERE throttle_key = ?",
                inAnHour, "user:gina1"))
        .isEqualTo(1);
    assertThat(admin.get("/admin/users").body()).contains("user:gina1");

    HttpResponse<String> unlocked = adminPost("/admin/locks/unlock", "key", "user:gina1");

    assertThat(unlocked.headers().firstValue("Location")).contains("/admin/users?notice=unlocked");
    assertThat(admin.get("/admin/users").body()).doesNotContain("user:gina1");
  }

  @Test
  void deleteRepository_needsExactName() throws Exception {
    String csrf = admin.csrfTokenOf(admin.get("/new"));
    admin.post(
        "/new",
        Map.of("_csrf", csrf, "namespace", "admin", "name", "doomed", "visibility", "private"));
    csrf = admin.csrfTokenOf(admin.get("/r/admin/doomed/settings"));

    HttpResponse<String> wrong =
        admin.post("/r/admin/doomed/settings/delete", Map.of("_csrf", csrf, "confirm_name", "doomed"));
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("The name you typed is not admin/doomed.");
    assertThat(admin.get("/r/admin/doomed").statusCode()).isEqualTo(200);

    HttpResponse<String> right =
        admin.post(
            "/r/admin/doomed/settings/delete", Map.of("_csrf", csrf, "confirm_name", "admin/doomed"));
    assertThat(right.statusCode()).isEqualTo(303);
    assertThat(right.headers().firstValue("Location")).contains("/?notice=deleted");
    assertThat(admin.get("/r/admin/doomed").statusCode()).isEqualTo(404);
  }

  @Test
  void repositorySettings_otherUsersPrivateRepository_404() throws Exception {
    String csrf = admin.csrfTokenOf(admin.get("/new"));
    admin.post(
        "/new",
        Map.of("_csrf", csrf, "namespace", "admin", "name", "secret-app", "visibility", "private"));
    createUser("hank1");
    WebClient hank = signIn("hank1", PASSWORD);

    assertThat(hank.get("/r/admin/secret-app").statusCode()).isEqualTo(404);
    assertThat(hank.get("/r/admin/secret-app/settings").statusCode()).isEqualTo(404);
    assertThat(hank.get("/r/admin/secret-app/webhooks").statusCode()).isEqualTo(404);
    assertThat(new WebClient(server.baseUri()).get("/r/admin/secret-app").statusCode())
        .isEqualTo(404);
  }

  private static void createUser(String name) throws Exception {
    String csrf = admin.csrfTokenOf(admin.get("/admin/users"));
    HttpResponse<String> response =
        admin.post(
            "/admin/users",
            Map.of("_csrf", csrf, "username", name, "email", name + "@example.com", "password", PASSWORD));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
  }

  private static HttpResponse<String> adminPost(String path, String field, String value)
      throws Exception {
    String csrf = admin.csrfTokenOf(admin.get("/admin/users"));
    return admin.post(path, Map.of("_csrf", csrf, field, value));
  }

  private static WebClient signIn(String username, String password) throws Exception {
    WebClient browser = new WebClient(server.baseUri());
    String csrf = browser.csrfTokenOf(browser.get("/signin"));
    HttpResponse<String> response =
        browser.post("/signin", Map.of("_csrf", csrf, "username", username, "password", password));
    assertThat(response.statusCode()).as("sign-in of %s: %s", username, response.body()).isEqualTo(303);
    return browser;
  }
}
