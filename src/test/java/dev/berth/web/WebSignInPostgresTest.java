package dev.berth.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Dialect;
import dev.berth.web.WebPagesHttpTest.WebClient;
import dev.berth.testing.TotpCodes;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  void signInCode_wrongCodes_explainedThenThrottled() throws Exception {
    try (WebServer twoFactorServer = WebServer.start(Dialect.SQLITE, false)) {
      WebClient setup = new WebClient(twoFactorServer.baseUri());
      String csrf = setup.csrfTokenOf(setup.get("/signin"));
      setup.post(
          "/signin", Map.of("_csrf", csrf, "username", "admin", "password", WebServer.ADMIN_PASSWORD));
      csrf = setup.csrfTokenOf(setup.get("/settings/security"));
      HttpResponse<String> setupPage =
          setup.post("/settings/two-factor/setup", Map.of("_csrf", csrf));
      String secret = find(setupPage.body(), "data-testid=\"totp-secret\">([^<]+)<");
      String uri = find(setupPage.body(), "name=\"uri\" value=\"([^\"]+)\"").replace("&amp;", "&");
      HttpResponse<String> confirmed =
          setup.post(
              "/settings/two-factor/confirm",
              Map.of(
                  "_csrf", csrf, "secret", secret, "uri", uri,
                  "code", TotpCodes.at(secret, Instant.now())));
      assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);

      WebClient browser = new WebClient(twoFactorServer.baseUri());
      csrf = browser.csrfTokenOf(browser.get("/signin"));
      HttpResponse<String> codePage =
          browser.post(
              "/signin",
              Map.of("_csrf", csrf, "username", "admin", "password", WebServer.ADMIN_PASSWORD));
      String ticket = find(codePage.body(), "name=\"ticket\" value=\"([^\"]+)\"");
      Map<String, String> wrongCode =
          Map.of("_csrf", csrf, "ticket", ticket, "code", "wrong-code");

      // The throttle lets four failures of an account pass and locks it at the fifth.
      for (int attempt = 1; attempt <= 4; attempt++) {
        HttpResponse<String> rejected = browser.post("/signin/code", wrongCode);
        assertThat(rejected.statusCode()).as("attempt %d", attempt).isEqualTo(401);
        assertThat(rejected.body()).contains("The code is not valid.");
        assertThat(rejected.body()).doesNotContain("username or password");
      }
      HttpResponse<String> locked = browser.post("/signin/code", wrongCode);

      assertThat(locked.statusCode()).isEqualTo(429);
      assertThat(locked.body()).contains("Too many failed attempts.");
    }
  }

  private static String find(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    assertThat(matcher.find()).as("text matches %s", regex).isTrue();
    return matcher.group(1);
  }

  @Test
  void tokenCreate_redirects_showsSecretOnce() throws Exception {
    WebClient browser = signedInAdmin();
    String csrf = browser.csrfTokenOf(browser.get("/settings/tokens"));

    HttpResponse<String> created =
        browser.post(
            "/settings/tokens",
            Map.of("_csrf", csrf, "name", "shown-once", "scope", "repo:read", "expiry_days", "30"));
    String location = created.headers().firstValue("Location").orElseThrow();
    HttpResponse<String> first = browser.get(location);
    HttpResponse<String> reload = browser.get(location);
    HttpResponse<String> otherUser = new WebClient(server.baseUri()).get(location);

    assertThat(created.statusCode()).isEqualTo(303);
    assertThat(location).startsWith("/settings/tokens/created?id=");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("data-testid=\"token-secret\"");
    assertThat(reload.statusCode()).isEqualTo(303);
    assertThat(reload.headers().firstValue("Location")).contains("/settings/tokens");
    assertThat(otherUser.statusCode()).isEqualTo(303);
    assertThat(count(browser.get("/settings/tokens").body(), ">shown-once<")).isEqualTo(1);
  }

  private static int count(String text, String part) {
    int found = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      found++;
    }
    return found;
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

    assertThat(created.statusCode()).isEqualTo(303);
    HttpResponse<String> shown =
        browser.get(created.headers().firstValue("Location").orElseThrow());
    assertThat(shown.body())
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
