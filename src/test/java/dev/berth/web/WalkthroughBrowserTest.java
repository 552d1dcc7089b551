package dev.berth.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Dialect;
import dev.berth.testing.Processes;
import dev.berth.testing.TestImages;
import dev.berth.testing.TotpCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Walks through Berth in a real browser as a new user would. The user signs up, turns on
 * two-factor authentication, signs out and in again with a code, creates a private repository and
 * an access token, and pushes an image with skopeo using that token. They then read the tags and a
 * tag's layers, write the overview, read the pages in Chinese, make the repository public and find
 * it signed out. Screenshots of each page in both languages go to {@code target/screenshots}.
 */
class WalkthroughBrowserTest {

  private static final String USER = "alice2026";
  private static final String PASSWORD = "correct horse battery staple";

  private static WebServer server;
  private static Browser browser;

  @TempDir static Path work;

  @BeforeAll
  static void start() throws Exception {
    server = WebServer.start(Dialect.SQLITE, true);
    browser = Browser.open(server.baseUri(), "en-US,en");
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void newUser_walkthrough_worksInBothLanguages() {
    // A signed-out visitor sees the landing page in the browser's language.
    browser.open("/");
    assertThat(browser.lang()).isEqualTo("en");
    assertThat(browser.text("h1")).isEqualTo("Your own registry for container images");
    shootInBothLanguages("home-signed-out");

    // Sign up; the new account is signed in at once.
    browser.open("/signup");
    shootInBothLanguages("signup");
    browser.type("username", USER);
    browser.type("email", USER + "@example.com");
    browser.type("password", PASSWORD);
    browser.type("password_confirm", PASSWORD);
    browser.submit("form[action='/signup'] button[type=submit]");
    assertThat(browser.path()).isEqualTo("/");
    assertThat(browser.text("[data-testid=nav-user]")).isEqualTo(USER);
    assertThat(browser.text(".alert.success")).isEqualTo("Your account is ready.");
    assertThat(browser.text(".empty-state h2")).isEqualTo("No repositories yet");
    assertThat(browser.text(".empty-state")).contains("docker push " + server.registryHost() + "/" + USER + "/");
    shootInBothLanguages("home");

    // Turn on two-factor authentication with the key the setup page shows.
    browser.open("/settings/security");
    assertThat(browser.text("[data-testid=twofactor-status]")).isEqualTo("Off");
    shootInBothLanguages("security");
    browser.submit("form[action='/settings/two-factor/setup'] button");
    assertThat(browser.find("svg.qr").isDisplayed()).isTrue();
    String secret = browser.text("[data-testid=totp-secret]");
    browser.screenshot("two-factor-setup");
    browser.type("confirm-code", TotpCodes.at(secret, Instant.now()));
    browser.submit("form[action='/settings/two-factor/confirm'] button");
    List<WebElement> codes =
        browser.driver().findElements(By.cssSelector("[data-testid=recovery-codes] code"));
    assertThat(codes).hasSize(10);
    browser.screenshot("recovery-codes");
    browser.open("/settings/security");
    assertThat(browser.text("[data-testid=twofactor-status]")).isEqualTo("On");

    // Sign out, then sign in with the password and a code from the authenticator.
    browser.submit("form[action='/signout'] button");
    assertThat(browser.driver().findElements(By.cssSelector("[data-testid=nav-user]"))).isEmpty();
    browser.open("/signin");
    shootInBothLanguages("signin");
    browser.type("username", USER);
    browser.type("password", PASSWORD);
    browser.submit("form[action='/signin'] button");
    assertThat(browser.path()).isEqualTo("/signin");
    assertThat(browser.find("#code").isDisplayed()).isTrue();
    browser.screenshot("signin-code");
    // The setup consumed the current step's code; the next step is within the accepted window.
    browser.type("code", TotpCodes.next(secret, Instant.now()));
    browser.submit("form[action='/signin/code'] button");
    assertThat(browser.path()).isEqualTo("/");
    assertThat(browser.text("[data-testid=nav-user]")).isEqualTo(USER);

    // Create a private repository; the name is checked while typing.
    browser.open("/new");
    shootInBothLanguages("repository-new");
    browser.type("name", "Bad Name");
    assertThat(browser.text("#name-status"))
        .startsWith("This name is not valid.");
    browser.type("name", "hello");
    assertThat(browser.text("#name-status")).isEqualTo("This name is valid.");
    browser.type("description", "第一个镜像, a first image");
    assertThat(browser.find("input[name=visibility][value=private]").isSelected()).isTrue();
    browser.submit("form[action='/new'] button[type=submit]");
    assertThat(browser.path()).isEqualTo("/r/" + USER + "/hello");
    assertThat(browser.text("[data-testid=visibility]")).isEqualTo("Private");
    assertThat(browser.text("[data-testid=description]")).isEqualTo("第一个镜像, a first image");
    assertThat(browser.text("[data-testid=push-commands]"))
        .contains("docker push " + server.registryHost() + "/" + USER + "/hello:TAG");
    shootInBothLanguages("repository-empty");

    // Create an access token; its secret and docker login line are shown once.
    browser.open("/settings/tokens");
    assertThat(browser.text(".empty-state")).isEqualTo("You have no access tokens yet.");
    browser.type("token-name", "skopeo push");
    browser.submit("form[action='/settings/tokens'] button");
    String token = browser.text("[data-testid=token-secret]");
    assertThat(token).startsWith("bth_pat_");
    assertThat(browser.text("[data-testid=login-command]"))
        .isEqualTo(
            "echo " + token + " | docker login -u " + USER + " --password-stdin "
                + server.registryHost());
    browser.screenshot("token-created");
    browser.submit("a.button[href='/settings/tokens']");
    assertThat(browser.text("[data-testid=token-table] tbody")).contains("skopeo push", "Never used");

    // Push a two-platform image with skopeo using the token; the token list shows its last use.
    pushWithToken(token, "--all", TestImages.multiarch().ociReference(), USER + "/hello:1.0");
    browser.open("/settings/tokens");
    assertThat(browser.text("[data-testid=token-table] tbody"))
        .contains("skopeo push")
        .doesNotContain("Never used");
    shootInBothLanguages("tokens");
    browser.open("/settings/password");
    shootInBothLanguages("password");

    // The tag appears with its platforms and who pushed it.
    browser.open("/r/" + USER + "/hello/tags");
    String tagTable = browser.text("[data-testid=tag-table] tbody");
    assertThat(tagTable).contains("1.0", "linux/amd64", "linux/arm64", "by " + USER);
    shootInBothLanguages("repository-tags");

    // A tag's page shows each platform's layers with their commands, config and manifest.
    browser.submit("[data-testid=tag-table] a[href$='/tags/1.0']");
    assertThat(browser.text("[data-testid=platform-picker]")).contains("linux/amd64", "linux/arm64");
    assertThat(browser.text("[data-testid=layer-table] tbody"))
        .contains("berth interop test image: busybox-static");
    assertThat(browser.find("[data-testid=no-referrers]").isDisplayed()).isTrue();
    browser.submit("[data-testid=platform-picker] a:nth-child(2)");
    browser.find("details.json-block summary").click();
    assertThat(browser.text("[data-testid=config-json]")).contains("\"architecture\" : \"arm64\"");
    shootInBothLanguages("tag");

    // An artifact whose subject is an image shows up as a referrer, grouped by its type.
    pushWithToken(token, TestImages.busybox().ociReference(), USER + "/hello:busybox");
    pushWithToken(token, TestImages.artifact().ociReference(), USER + "/hello:note");
    browser.open("/r/" + USER + "/hello/tags/busybox");
    assertThat(browser.text("h4")).isEqualTo(TestImages.ARTIFACT_TYPE);
    assertThat(browser.text("[data-testid=referrers]")).contains(TestImages.artifact().digest());
    browser.screenshot("tag-referrers");

    // Write the overview with a preview; the page drops script and javascript: links.
    browser.open("/r/" + USER + "/hello/settings");
    browser.type(
        "overview",
        "# Hello image\n\nRun it with `docker run`.\n\n| os | arch |\n|---|---|\n| linux | amd64 |\n\n"
            + "<script>document.title='owned'</script>\n\n[click](javascript:alert(1))"
            + " <img src=x onerror=alert(1)>");
    browser.submit("button[value=preview]");
    assertThat(browser.text("[data-testid=preview] h1")).isEqualTo("Hello image");
    assertThat(browser.find("#overview").getAttribute("value")).startsWith("# Hello image");
    browser.screenshot("repository-settings");
    browser.submit("button[value=save]");
    assertThat(browser.path()).isEqualTo("/r/" + USER + "/hello");
    assertThat(browser.text("[data-testid=overview] h1")).isEqualTo("Hello image");
    assertThat(browser.driver().findElements(By.cssSelector("[data-testid=overview] table"))).hasSize(1);
    assertThat(browser.driver().findElements(By.cssSelector("[data-testid=overview] script"))).isEmpty();
    assertThat(browser.driver().findElements(By.cssSelector("[data-testid=overview] [onerror]"))).isEmpty();
    assertThat(browser.driver().findElements(By.cssSelector("[data-testid=overview] a[href^=javascript]"))).isEmpty();
    assertThat(browser.title()).isEqualTo(USER + "/hello · Berth");
    assertThat(browser.text("[data-testid=pull-command]"))
        .isEqualTo("docker pull " + server.registryHost() + "/" + USER + "/hello");
    shootInBothLanguages("repository");

    // Switch to Chinese with the link in the header: the same page, translated and remembered.
    browser.submit("a.language-switch");
    assertThat(browser.lang()).isEqualTo("zh-CN");
    assertThat(browser.path()).isEqualTo("/r/" + USER + "/hello");
    assertThat(browser.text("[data-testid=visibility]")).isEqualTo("私有");
    assertThat(browser.text(".tabs")).contains("概览", "设置");
    assertThat(browser.text("[data-testid=overview] h1")).isEqualTo("Hello image");

    // Make the repository public, confirming the change.
    browser.open("/r/" + USER + "/hello/settings");
    browser.find("input[name=confirm]").click();
    browser.find("[data-testid=visibility-submit]").click();
    browser.driver().switchTo().alert().accept();
    new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(30))
        .until(d -> browser.text(".alert.success").equals("仓库现在是公开的。"));
    assertThat(browser.text("[data-testid=visibility]")).isEqualTo("公开");

    browser.open("/settings/tokens");
    assertThat(browser.title()).isEqualTo("访问令牌 · Berth");
    assertThat(browser.text("[data-testid=token-table] thead")).contains("最近使用");
    browser.type("token-name", "中文描述的令牌");
    browser.submit("form[action='/settings/tokens'] button");
    assertThat(browser.text("h1")).isEqualTo("你的新访问令牌");
    browser.screenshot("token-created");

    // Signed out, the public repository is found by a search and opens.
    browser.open("/");
    browser.submit("form[action='/signout'] button");
    browser.open("/explore?q=hello");
    assertThat(browser.text("[data-testid=repository-list]")).contains(USER + "/hello", "第一个镜像");
    shootInBothLanguages("explore");
    browser.submit("a.repo-name");
    assertThat(browser.text("[data-testid=repository-name]")).startsWith(USER + "/hello");
    assertThat(browser.driver().findElements(By.cssSelector(".tabs a[href$=settings]"))).isEmpty();
    browser.open("/explore");
    shootInBothLanguages("explore-all");
    browser.open("/language?lang=zh-CN&next=%2F");

    // Error pages carry the request id, in the chosen language.
    browser.open("/no-such-page");
    assertThat(browser.text("h1")).isEqualTo("页面不存在");
    assertThat(browser.text("[data-testid=request-id]")).matches("[0-9a-f]{16}");
    shootInBothLanguages("not-found");

    // On a 375-pixel phone the pages fit the width without sideways scrolling.
    browser.resize(Browser.PHONE);
    for (String path :
        List.of("/", "/explore", "/r/" + USER + "/hello", "/r/" + USER + "/hello/tags",
            "/signin", "/signin/forgot")) {
      browser.open(path);
      assertThat(elementsBeyondRightEdge()).as("elements of %s wider than the phone", path).isEmpty();
      assertThat(scrollsSideways()).as("page %s scrolls sideways", path).isFalse();
    }
    browser.open("/r/" + USER + "/hello");
    shootInBothLanguages("repository-phone");
    browser.resize(Browser.DESKTOP);
  }

  /** Saves a screenshot of the current page in English and in Chinese, ending in English. */
  private static void shootInBothLanguages(String name) {
    String path = browser.driver().getCurrentUrl();
    String relative = path.substring(server.baseUri().toString().length());
    for (String language : List.of("zh-CN", "en")) {
      browser.open("/language?lang=" + language + "&next=" + java.net.URLEncoder.encode(relative, java.nio.charset.StandardCharsets.UTF_8));
      assertThat(browser.lang()).isEqualTo(language);
      browser.screenshot(name);
    }
  }

  private static boolean scrollsSideways() {
    Object result =
        browser.driver()
            .executeScript(
                "return document.documentElement.scrollWidth"
                    + " > document.documentElement.clientWidth;");
    return Boolean.TRUE.equals(result);
  }

  /** Returns the tag and class of each element that reaches past the window's right edge. */
  private static List<?> elementsBeyondRightEdge() {
    Object result =
        browser.driver()
            .executeScript(
                """
                const width = document.documentElement.clientWidth;
                return [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > width + 1
                        && !e.closest('.table-wrap'))
                    .map(e => e.tagName.toLowerCase() + '.' + e.className);
                """);
    return (List<?>) result;
  }

  /**
   * Copies to Berth with skopeo, logged in with {@code token}. The arguments are skopeo's copy
   * options and source, then the destination repository and tag, such as {@code alice/app:1.0}.
   */
  private static void pushWithToken(String token, String... optionsSourceAndDestination) {
    Path authFile = work.resolve("auth.json");
    try {
      Files.writeString(authFile, "{\"auths\":{}}");
      Files.createDirectories(work.resolve("tmp"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("failed to prepare skopeo's files in " + work, e);
    }
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "skopeo", "--insecure-policy", "copy", "--dest-tls-verify=false",
                "--dest-creds", USER + ":" + token));
    int last = optionsSourceAndDestination.length - 1;
    command.addAll(List.of(optionsSourceAndDestination).subList(0, last));
    command.add("docker://" + server.registryHost() + "/" + optionsSourceAndDestination[last]);
    Processes.run(
        Duration.ofMinutes(5),
        Map.of("REGISTRY_AUTH_FILE", authFile.toString(), "TMPDIR", work.resolve("tmp").toString()),
        command);
  }
}
