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
 * Sign-in, tokens and sign-out through the forms on a Berth whose metadata is in PostgreSQL, the
 * way a browser without JavaScript would send them.
 */
class WebSignInPostgresTest {

  private static WebServer server;

  @BeforeAll
  static void start() throws Exception {
    server = WebServer.start(Dialect.POSTGRESQL, false);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void signIn_rightPassword_setsSessionCookie() throws Exception {
    WebClient browser = new WebClient(server.baseUri());
    String token = browser.csrfTokenOf(browser.get("/signin?next=%2Fsettings%2Ftokens"));

    HttpResponse<String> response =
        browser.post(
            "/signin",
            Map.of(
                "_csrf", token, "username", "admin", "password", WebServer.ADMIN_PASSWORD,
                "next", "/settings/tokens"));

    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(response.headers().firstValue("Location")).contains("/settings/tokens");
    assertThat(response.headers().allValues("Set-Cookie"))
        .anySatisfy(
            cookie ->
                assertThat(cookie)
                    .startsWith("berth_session=")
                    .contains("HttpOnly")
                    .contains("SameSite=Lax")
                    .doesNotContain("Secure"));
    assertThat(browser.get("/settings/tokens").body()).contains("data-testid=\"nav-user\">admin<");
  }

  @Test
  void signIn_wrongPassword_showsErrorWithoutSession() throws Exception {
    WebClient browser = new WebClient(server.baseUri());
    String token = browser.csrfTokenOf(browser.get("/signin"));

    HttpResponse<String> response =
        browser.post(
            "/signin", Map.of("_csrf", token, "username", "admin", "password", "wrong-password"));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("The username or password is incorrect.");
    assertThat(response.headers().allValues("Set-Cookie"))
        .noneMatch(cookie -> cookie.startsWith("berth_session="));
  }

  @Test
  void tokenName_withMarkup_escaped() throws Exception {
    WebClient browser = signedInAdmin();
    String token = browser.csrfTokenOf(browser.get("/settings/tokens"));

    HttpResponse<String> created =
        browser.post(
            "/settings/tokens",
            Map.of(
                "_csrf", token, "name", "<script>alert(1)</script> 中文",
                "scope", "repo:read", "expiry_days", "30"));

    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(created.body())
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; 中文")
        .doesNotContain("<script>alert(1)");
    assertThat(browser.get("/settings/tokens").body())
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; 中文");
  }

  @Test
  void tokenForm_unknownExpiry_rejected() throws Exception {
    WebClient browser = signedInAdmin();
    String token = browser.csrfTokenOf(browser.get("/settings/tokens"));

    HttpResponse<String> response =
        browser.post(
            "/settings/tokens",
            Map.of("_csrf", token, "name", "ci", "scope", "repo:read", "expiry_days", "7"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Choose an access level and an expiry from the lists.");
  }

  @Test
  void signOut_endsSession() throws Exception {
    WebClient browser = signedInAdmin();
    String token = browser.csrfTokenOf(browser.get("/"));

    HttpResponse<String> response = browser.post("/signout", Map.of("_csrf", token));

    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(browser.get("/settings/tokens").statusCode()).isEqualTo(303);
  }

  private static WebClient signedInAdmin() throws Exception {
    WebClient browser = new WebClient(server.baseUri());
    String token = browser.csrfTokenOf(browser.get("/signin"));
    HttpResponse<String> response =
        browser.post(
            "/signin",
            Map.of("_csrf", token, "username", "admin", "password", WebServer.ADMIN_PASSWORD));
    assertThat(response.statusCode()).isEqualTo(303);
    return browser;
  }
}
