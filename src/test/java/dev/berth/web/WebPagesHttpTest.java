package dev.berth.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Dialect;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web handler over real HTTP on a Berth with SQLite: which paths it declines, the security
 * headers, CSRF checks, language choice, static files and error pages.
 */
class WebPagesHttpTest {

  private static WebServer server;

  @BeforeAll
  static void start() throws Exception {
    server = WebServer.start(Dialect.SQLITE, false);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void registryAndApiPaths_declined() throws Exception {
    HttpClient client = WebClient.newClient();
    HttpResponse<String> registry = client.send(get("/v2/"), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> api =
        client.send(get("/api/v2/auth/me"), HttpResponse.BodyHandlers.ofString());

    assertThat(registry.statusCode()).isEqualTo(401);
    assertThat(registry.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(api.body()).doesNotContain("<html");
  }

  @Test
  void page_sendsSecurityHeaders() throws Exception {
    HttpResponse<String> response = WebClient.newClient().send(get("/signin"), ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Security-Policy"))
        .contains(WebHandler.CONTENT_SECURITY_POLICY);
    assertThat(WebHandler.CONTENT_SECURITY_POLICY)
        .doesNotContain("unsafe-inline")
        .contains("script-src 'self'")
        .contains("img-src 'self' data: https:;");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
    assertThat(response.body()).doesNotContain("<script>").doesNotContain(" style=");
  }

  @Test
  void formCookie_httpOnlyAndStrict() throws Exception {
    HttpResponse<String> response = WebClient.newClient().send(get("/signin"), ofString());

    assertThat(response.headers().allValues("Set-Cookie"))
        .anySatisfy(
            cookie ->
                assertThat(cookie)
                    .startsWith("berth_csrf=")
                    .contains("HttpOnly")
                    .contains("SameSite=Strict"));
  }

  @Test
  void post_withoutCsrfToken_rejected() throws Exception {
    WebClient browser = new WebClient(server.baseUri());
    browser.get("/signin");

    HttpResponse<String> response =
        browser.post("/signin", Map.of("username", "admin", "password", WebServer.ADMIN_PASSWORD));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("The form expired or came from another site.");
  }

  @Test
  void post_withAnotherBrowsersToken_rejected() throws Exception {
    WebClient attacker = new WebClient(server.baseUri());
    String attackerToken = attacker.csrfTokenOf(attacker.get("/signin"));
    WebClient victim = new WebClient(server.baseUri());
    victim.get("/signin");

    HttpResponse<String> response =
        victim.post(
            "/signin",
            Map.of("_csrf", attackerToken, "username", "admin", "password", WebServer.ADMIN_PASSWORD));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().allValues("Set-Cookie"))
        .noneMatch(cookie -> cookie.startsWith("berth_session="));
  }

  @Test
  void acceptLanguage_chinese_rendersChinese() throws Exception {
    HttpRequest request = get("/signin", "Accept-Language", "zh-CN,zh;q=0.9");
    HttpResponse<String> response = WebClient.newClient().send(request, ofString());

    assertThat(response.body()).contains("<html lang=\"zh-CN\">").contains("<title>登录 · Berth</title>");
  }

  @Test
  void languageCookie_winsOverAcceptLanguage() throws Exception {
    HttpRequest request =
        get("/signin", "Accept-Language", "zh-CN", "Cookie", "berth_lang=en");
    HttpResponse<String> response = WebClient.newClient().send(request, ofString());

    assertThat(response.body()).contains("<html lang=\"en\">");
  }

  @Test
  void languageSwitch_setsCookieAndReturns() throws Exception {
    HttpResponse<String> response =
        WebClient.newClient().send(get("/language?lang=zh-CN&next=%2Fsignin"), ofString());

    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(response.headers().firstValue("Location")).contains("/signin");
    assertThat(response.headers().firstValue("Set-Cookie"))
        .hasValueSatisfying(cookie -> assertThat(cookie).startsWith("berth_lang=zh-CN;"));
  }

  @Test
  void languageSwitch_foreignNext_staysOnSite() throws Exception {
    HttpResponse<String> response =
        WebClient.newClient()
            .send(get("/language?lang=en&next=%2F%2Fevil.example%2F"), ofString());

    assertThat(response.headers().firstValue("Location")).contains("/");
  }

  @Test
  void unknownPage_404WithRequestId() throws Exception {
    HttpResponse<String> response = WebClient.newClient().send(get("/no/such/page"), ofString());

    assertThat(response.statusCode()).isEqualTo(404);
    String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(response.body()).contains("Page not found").contains(requestId);
  }

  @Test
  void settings_signedOut_redirectsToSignIn() throws Exception {
    HttpResponse<String> response =
        WebClient.newClient().send(get("/settings/tokens"), ofString());

    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(response.headers().firstValue("Location")).contains("/signin?next=%2Fsettings%2Ftokens");
  }

  @Test
  void signup_offByDefault_403() throws Exception {
    HttpResponse<String> response = WebClient.newClient().send(get("/signup"), ofString());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("Sign-up is turned off on this server.");
    assertThat(response.body()).doesNotContain("href=\"/signup\"");
  }

  @Test
  void staticFile_versioned_cachedForAYear() throws Exception {
    String page = WebClient.newClient().send(get("/signin"), ofString()).body();
    Matcher css = Pattern.compile("href=\"(/static/berth\\.css\\?v=[0-9a-f]+)\"").matcher(page);
    assertThat(css.find()).isTrue();

    HttpResponse<String> response = WebClient.newClient().send(get(css.group(1)), ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
    assertThat(response.headers().firstValue("Cache-Control"))
        .contains("public, max-age=31536000, immutable");
  }

  @Test
  void staticFile_matchingEtag_304() throws Exception {
    HttpResponse<String> first =
        WebClient.newClient().send(get("/static/berth.js"), ofString());
    String etag = first.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> second =
        WebClient.newClient()
            .send(get("/static/berth.js", "If-None-Match", etag), ofString());

    assertThat(first.headers().firstValue("Cache-Control")).contains("public, max-age=0, must-revalidate");
    assertThat(second.statusCode()).isEqualTo(304);
    assertThat(second.body()).isEmpty();
  }

  @Test
  void staticFile_unknown_404() throws Exception {
    HttpResponse<String> response =
        WebClient.newClient().send(get("/static/../berth.db"), ofString());

    assertThat(response.statusCode()).isIn(400, 404);
  }

  /** Returns a GET request for {@code path} with {@code headers} as alternating names and values. */
  private static HttpRequest get(String path, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder.build();
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }

  /** An HTTP client with its own cookie jar, like one browser, that does not follow redirects. */
  static final class WebClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final URI base;
    private final HttpClient client;

    WebClient(URI base) {
      this.base = base;
      this.client =
          HttpClient.newBuilder()
              .cookieHandler(new CookieManager())
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
    }

    static HttpClient newClient() {
      return HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
      return client.send(
          HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Map<String, String> fields)
        throws IOException, InterruptedException {
      String body =
          new LinkedHashMap<>(fields)
              .entrySet().stream()
                  .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                  .collect(Collectors.joining("&"));
      return client.send(
          HttpRequest.newBuilder(base.resolve(path))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    /** Returns the CSRF token of the first form on a page. */
    String csrfTokenOf(HttpResponse<String> page) {
      Matcher matcher = CSRF.matcher(page.body());
      assertThat(matcher.find()).as("page has a form with a CSRF token").isTrue();
      return matcher.group(1);
    }

    private static String encode(String value) {
      return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
  }
}
