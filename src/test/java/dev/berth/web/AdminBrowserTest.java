package dev.berth.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Dialect;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * An administrator in a real browser: creates a user, an organization with a member and a team
 * with a repository permission, and sees the pages in both languages and in the dark theme.
 */
class AdminBrowserTest {

  private static WebServer server;
  private static Browser browser;
  private static com.sun.net.httpserver.HttpServer receiver;
  private static final java.util.List<String> SIGNATURES =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  @BeforeAll
  static void start() throws Exception {
    // A webhook receiver on loopback, which the configuration allows as a webhook host.
    receiver =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          SIGNATURES.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Berth-Signature")));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    server =
        WebServer.start(
            Dialect.SQLITE,
            false,
            config ->
                config.withWebhooks(
                    new dev.berth.server.config.WebhookConfig(List.of("127.0.0.1"))));
    browser = Browser.open(server.baseUri(), "zh-CN,zh");
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  void administrator_managesUsersAndOrganizations() {
    // The browser asks for Chinese, so the first page is Chinese without any choice made.
    browser.open("/signin");
    assertThat(browser.lang()).isEqualTo("zh-CN");
    assertThat(browser.text("h1")).isEqualTo("登录");

    // The keyboard reaches the skip link first, and the focused control shows an outline.
    browser.open("/explore");
    new org.openqa.selenium.interactions.Actions(browser.driver())
        .sendKeys(org.openqa.selenium.Keys.TAB)
        .perform();
    org.openqa.selenium.WebElement focused = browser.driver().switchTo().activeElement();
    assertThat(focused.getAttribute("class")).isEqualTo("skip-link");
    assertThat(focused.getCssValue("outline-style")).isEqualTo("solid");
    browser.open("/signin");
    browser.type("username", "admin");
    browser.type("password", WebServer.ADMIN_PASSWORD);
    browser.submit("form[action='/signin'] button");
    browser.open("/language?lang=en&next=%2F");

    // Create a user on the administration page.
    browser.open("/admin/users");
    browser.type("new-username", "bob2026");
    browser.type("new-email", "bob2026@example.com");
    browser.type("new-password", "bobs-password-1");
    browser.submit("form[action='/admin/users'] button[type=submit]");
    assertThat(browser.text(".alert.success")).isEqualTo("The user is created.");
    assertThat(browser.text("[data-testid=user-table] tbody")).contains("bob2026", "admin");
    shootInBothLanguages("admin-users");

    // Create an organization, add the user, and give a team write access to one repository.
    browser.open("/orgs");
    browser.type("org-name", "acme2026");
    browser.submit("form[action='/orgs'] button");
    assertThat(browser.text("[data-testid=organization-name]")).isEqualTo("acme2026");
    browser.type("member-name", "bob2026");
    browser.submit("form[action='/orgs/acme2026/members'] button");
    assertThat(browser.text("[data-testid=member-table] tbody")).contains("bob2026", "Member");
    browser.type("team-name", "builders");
    browser.type("team-description", "构建团队 builds the images");
    browser.submit("form[action='/orgs/acme2026/teams'] button");
    assertThat(browser.text("[data-testid=team-name]")).isEqualTo("builders");
    browser.type("team-member", "bob2026");
    browser.submit("form[action='/orgs/acme2026/teams/builders/members'] button");
    browser.type("permission-repository", "app");
    browser.find("#permission-level option[value=write]").click();
    browser.submit("form[action='/orgs/acme2026/teams/builders/permissions'] button");
    assertThat(browser.text("[data-testid=permission-table] tbody"))
        .contains("acme2026/app", "Write: pull and push");
    assertThat(browser.text("[data-testid=team-members]")).contains("bob2026");
    shootInBothLanguages("team");

    // A malformed repository name is refused with the reason, on the same page.
    browser.type("permission-repository", "Not Valid");
    browser.submit("form[action='/orgs/acme2026/teams/builders/permissions'] button");
    assertThat(browser.text(".alert.error")).startsWith("The change was not made:");

    browser.open("/orgs/acme2026");
    assertThat(browser.text("[data-testid=team-list]")).contains("builders", "构建团队");
    shootInBothLanguages("organization");

    // The organization's owner may create repositories in it.
    browser.open("/new");
    assertThat(
            browser.driver().findElements(By.cssSelector("#namespace option")).stream()
                .map(option -> option.getAttribute("value"))
                .toList())
        .containsExactly("admin", "acme2026");
    browser.find("#namespace option[value=acme2026]").click();
    browser.type("name", "app");
    browser.submit("form[action='/new'] button[type=submit]");
    assertThat(browser.path()).isEqualTo("/r/acme2026/app");

    // Its settings list the team's permission, and a star is one click.
    browser.open("/r/acme2026/app/settings");
    assertThat(browser.text("[data-testid=team-access]")).isEqualTo("builders · Write: pull and push");
    browser.open("/r/acme2026/app");
    browser.submit("[data-testid=star-button]");
    assertThat(browser.text("[data-testid=star-button]")).isEqualTo("★ Starred");
    assertThat(browser.text(".facts")).contains("Stars\n1");

    // Add a webhook, send a test and see the delivery; the receiver got a signed request.
    browser.open("/r/acme2026/app/webhooks");
    browser.type("webhook-name", "ci");
    browser.type("webhook-url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    browser.submit("form[action='/r/acme2026/app/webhooks'] button[type=submit]");
    assertThat(browser.text("[data-testid=webhook-secret]")).isNotBlank();
    assertThat(browser.text("[data-testid=webhook-list]")).contains("ci", "dockerhub", "push");
    browser.submit("[data-testid=webhook-test]");
    assertThat(browser.text("[data-testid=delivery-table] tbody")).contains("Delivered", "204");
    assertThat(SIGNATURES).hasSize(1);
    assertThat(SIGNATURES.get(0)).isNotEqualTo("null");
    shootInBothLanguages("webhook-deliveries");

    // The same pages follow the system's dark theme.
    browser.driver()
        .executeCdpCommand(
            "Emulation.setEmulatedMedia",
            Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    browser.open("/orgs/acme2026/teams/builders");
    Object background =
        browser.driver()
            .executeScript("return getComputedStyle(document.body).backgroundColor;");
    assertThat(background).isEqualTo("rgb(15, 20, 28)");
    browser.screenshot("team-dark");
    browser.open("/admin/users");
    browser.screenshot("admin-users-dark");
  }

  private static void shootInBothLanguages(String name) {
    String relative = browser.driver().getCurrentUrl().substring(server.baseUri().toString().length());
    for (String language : List.of("zh-CN", "en")) {
      browser.open(
          "/language?lang=" + language + "&next="
              + java.net.URLEncoder.encode(relative, java.nio.charset.StandardCharsets.UTF_8));
      browser.screenshot(name);
    }
  }
}
