package dev.berth.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.db.Dialect;
import dev.berth.hub.RepositoryRules;
import dev.berth.web.WebPagesHttpTest.WebClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pages stay small and whole with long content: a repository with 5,000 tags pages on the server,
 * and long descriptions, long unbroken words and Chinese text show without breaking the page.
 */
class LongListsHttpTest {

  private static final int TAG_COUNT = 5_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static WebServer server;
  private static WebClient admin;

  @BeforeAll
  static void start() throws Exception {
    server = WebServer.start(Dialect.SQLITE, false);
    admin = new WebClient(server.baseUri());
    String csrf = admin.csrfTokenOf(admin.get("/signin"));
    admin.post(
        "/signin", Map.of("_csrf", csrf, "username", "admin", "password", WebServer.ADMIN_PASSWORD));
    pushManyTags("admin/many", TAG_COUNT);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void tagsPage_5000Tags_pagedOnServer() throws Exception {
    HttpResponse<String> first = admin.get("/r/admin/many/tags");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("5,000 tags").contains("Page 1 of 200");
    assertThat(count(first.body(), "<tr>")).isEqualTo(RepositoryPages.TAGS_PER_PAGE + 1);
    assertThat(first.body().length()).isLessThan(100_000);
  }

  @Test
  void tagsPage_lastPageByName_listsLastNames() throws Exception {
    HttpResponse<String> last = admin.get("/r/admin/many/tags?ordering=name&page=200");

    assertThat(last.statusCode()).isEqualTo(200);
    // Names sort as text, so t999 comes last and t1000 early.
    assertThat(last.body()).contains("Page 200 of 200").contains(">t999<").doesNotContain(">t1000<");
    assertThat(last.body()).doesNotContain("rel=\"next\"");
  }

  @Test
  void tagsPage_pageBeyondEnd_linksToLastPage() throws Exception {
    HttpResponse<String> beyond = admin.get("/r/admin/many/tags?page=100000");

    assertThat(beyond.statusCode()).isEqualTo(200);
    assertThat(count(beyond.body(), "<tr>")).isZero();
    assertThat(beyond.body()).contains("There is no page 100,000. The list has 200 pages.");
    assertThat(beyond.body()).contains("<a href=\"/r/admin/many/tags?ordering=-last_updated&amp;page=200\">");
    assertThat(beyond.body()).contains("rel=\"prev\" href=\"/r/admin/many/tags?ordering=-last_updated&amp;page=200\"");
  }

  @Test
  void tagsPage_middlePage_linksFirstAndLast() throws Exception {
    String middle = admin.get("/r/admin/many/tags?page=5").body();
    String first = admin.get("/r/admin/many/tags").body();

    assertThat(middle).contains("href=\"/r/admin/many/tags?ordering=-last_updated&amp;page=1\">First<");
    assertThat(middle).contains("href=\"/r/admin/many/tags?ordering=-last_updated&amp;page=200\">Last<");
    assertThat(first).doesNotContain(">First<");
  }

  @Test
  void tagsPage_malformedPage_startsAtFirst() throws Exception {
    assertThat(admin.get("/r/admin/many/tags?page=-3").body()).contains("Page 1 of 200");
    assertThat(admin.get("/r/admin/many/tags?page=abc").body()).contains("Page 1 of 200");
  }

  @Test
  void repositoryPage_longAndChineseTexts_escapedAndShown() throws Exception {
    String description = "镜像".repeat(20) + "x".repeat(60);
    String longWord = "a".repeat(200);
    String csrf = admin.csrfTokenOf(admin.get("/new"));
    HttpResponse<String> created =
        admin.post(
            "/new",
            Map.of(
                "_csrf", csrf, "namespace", "admin", "name", "long-texts",
                "description", description, "visibility", "public"));
    assertThat(created.statusCode()).isEqualTo(303);
    csrf = admin.csrfTokenOf(admin.get("/r/admin/long-texts/settings"));
    admin.post(
        "/r/admin/long-texts/settings/descriptions",
        Map.of(
            "_csrf", csrf, "action", "save", "description", description,
            "overview",
            "## 使用说明\n\n" + longWord + "\n\n<b onclick=\"x()\">粗体</b>"
                + "\n\n![build](https://img.example/build.svg) ![old](http://img.example/old.png)"));

    String page = admin.get("/r/admin/long-texts").body();

    assertThat(page).contains(description).contains(longWord).contains("<h2>使用说明</h2>");
    assertThat(page).contains("<b>粗体</b>").doesNotContain("onclick");
    assertThat(page)
        .contains("<img referrerpolicy=\"no-referrer\" src=\"https://img.example/build.svg\"")
        .doesNotContain("http://img.example/old.png");
    assertThat(admin.get("/explore?q=%E9%95%9C%E5%83%8F").body()).contains("admin/long-texts");
  }

  @Test
  void explore_searchSortedByChoice() throws Exception {
    String csrf = admin.csrfTokenOf(admin.get("/new"));
    admin.post(
        "/new",
        Map.of("_csrf", csrf, "namespace", "admin", "name", "aaa-sorted", "visibility", "private"));

    String byName = admin.get("/explore?q=admin&ordering=name").body();
    // No repository was pulled, so the hub breaks the tie by name in the same, descending order.
    String byPulls = admin.get("/explore?q=admin&ordering=-pull_count").body();

    assertThat(byName.indexOf(">admin/aaa-sorted<")).isLessThan(byName.indexOf(">admin/many<"));
    assertThat(byPulls.indexOf(">admin/many<")).isLessThan(byPulls.indexOf(">admin/aaa-sorted<"));
    assertThat(byName).contains("<option value=\"name\" selected>");
  }

  @Test
  void createForm_chineseName_rejectedWithMessage() throws Exception {
    String csrf = admin.csrfTokenOf(admin.get("/new"));

    HttpResponse<String> response =
        admin.post(
            "/new",
            Map.of("_csrf", csrf, "namespace", "admin", "name", "镜像", "visibility", "private"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("This name is not accepted").contains("镜像");
  }

  @Test
  void tagPage_configNotJson_rendersLayers() throws Exception {
    String csrf = admin.csrfTokenOf(admin.get("/new"));
    admin.post(
        "/new",
        Map.of("_csrf", csrf, "namespace", "admin", "name", "bad-config", "visibility", "public"));
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String bearer = "Bearer " + registryToken(client, "admin/bad-config");
    byte[] config = "not json <script>".getBytes(StandardCharsets.UTF_8);
    byte[] layer = "layer bytes".getBytes(StandardCharsets.UTF_8);
    String layerDigest = uploadBlob(client, bearer, "admin/bad-config", layer);
    String layers =
        "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
            + layerDigest + "\",\"size\":" + layer.length + "}";
    putManifest(
        client, bearer, "admin/bad-config", "badcfg",
        manifest(config, uploadBlob(client, bearer, "admin/bad-config", config), layers));

    HttpResponse<String> page =
        WebClient.newClient()
            .send(
                HttpRequest.newBuilder(server.baseUri().resolve("/r/admin/bad-config/tags/badcfg"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.body()).contains("data-testid=\"config-invalid\"");
    assertThat(page.body()).contains("data-testid=\"layer-table\"");
    assertThat(page.body()).contains(layerDigest.substring(7, 19));
    assertThat(page.body()).doesNotContain("not json");
  }

  @Test
  void tagPages_chinese_translateHeadings() throws Exception {
    WebClient chinese = chineseAdmin();
    String csrf = chinese.csrfTokenOf(chinese.get("/new"));
    chinese.post(
        "/new",
        Map.of("_csrf", csrf, "namespace", "admin", "name", "zh-tags", "visibility", "public"));
    pushManyTags("admin/zh-tags", 1);

    String tags = chinese.get("/r/admin/zh-tags/tags").body();
    String tag = chinese.get("/r/admin/zh-tags/tags/t0").body();

    assertThat(tags).contains(">Tag 列表<").contains(">Tag 名称<").contains(">摘要（digest）<");
    assertThat(tags).doesNotContain(">Tags<").doesNotContain(">Tag<").doesNotContain(">Digest<");
    assertThat(tag).contains("Tag t0 的详情").contains("配置（config）");
    assertThat(tag).contains("清单（manifest）").contains("引用者（referrers）");
    assertThat(tag).doesNotContain(">Config<").doesNotContain(">Manifest<");
    assertThat(tag).doesNotContain(">Referrers<").doesNotContain(">Tag t0<");
  }

  @Test
  void settingsForm_chineseLimits_useFormWords() throws Exception {
    WebClient chinese = chineseAdmin();
    String csrf = chinese.csrfTokenOf(chinese.get("/new"));
    chinese.post(
        "/new",
        Map.of("_csrf", csrf, "namespace", "admin", "name", "long-limits", "visibility", "private"));
    csrf = chinese.csrfTokenOf(chinese.get("/r/admin/long-limits/settings"));

    HttpResponse<String> overview =
        chinese.post(
            "/r/admin/long-limits/settings/descriptions",
            Map.of(
                "_csrf", csrf, "action", "save", "description", "short",
                "overview", "x".repeat(RepositoryRules.MAX_FULL_DESCRIPTION + 1)));
    HttpResponse<String> description =
        chinese.post(
            "/r/admin/long-limits/settings/descriptions",
            Map.of("_csrf", csrf, "action", "save", "description", "镜".repeat(101), "overview", ""));
    HttpResponse<String> name =
        chinese.post(
            "/new",
            Map.of("_csrf", csrf, "namespace", "admin", "name", "Bad_Name", "visibility", "private"));

    assertThat(overview.statusCode()).isEqualTo(400);
    assertThat(overview.body()).contains("概览有 25,001 个字符").doesNotContain("full_description");
    assertThat(description.statusCode()).isEqualTo(400);
    assertThat(description.body()).contains("简短描述有 101 个字符").doesNotContain("field &#39;");
    assertThat(name.statusCode()).isEqualTo(400);
    assertThat(name.body()).contains("这个名称不被接受：Bad_Name。").doesNotContain("is invalid");
  }

  @Test
  void createForm_unknownVisibility_rejected() throws Exception {
    String csrf = admin.csrfTokenOf(admin.get("/new"));

    HttpResponse<String> response =
        admin.post(
            "/new",
            Map.of("_csrf", csrf, "namespace", "admin", "name", "odd-visibility", "visibility", "bogus"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("The visibility bogus is not valid.");
    assertThat(admin.get("/r/admin/odd-visibility").statusCode()).isEqualTo(404);
  }

  @Test
  void repositoryPage_upperCaseNamespace_notFound() throws Exception {
    HttpResponse<String> response = admin.get("/r/ADMIN/many");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("Page not found");
  }

  /** Returns a client signed in as the administrator that chose Chinese pages. */
  private static WebClient chineseAdmin() throws Exception {
    WebClient chinese = new WebClient(server.baseUri());
    chinese.get("/language?lang=zh-CN&next=%2F");
    String csrf = chinese.csrfTokenOf(chinese.get("/signin"));
    chinese.post(
        "/signin", Map.of("_csrf", csrf, "username", "admin", "password", WebServer.ADMIN_PASSWORD));
    return chinese;
  }

  /** Pushes one small image and points {@code count} tags {@code t0}… at it. */
  private static void pushManyTags(String repository, int count) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String bearer = "Bearer " + registryToken(client, repository);

    byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
        .getBytes(StandardCharsets.UTF_8);
    byte[] manifest = manifest(config, uploadBlob(client, bearer, repository, config), "");
    for (int i = 0; i < count; i++) {
      putManifest(client, bearer, repository, "t" + i, manifest);
    }
  }

  /** Uploads {@code bytes} as one blob and returns its digest. */
  private static String uploadBlob(HttpClient client, String bearer, String repository, byte[] bytes)
      throws Exception {
    String digest = sha256(bytes);
    HttpResponse<String> upload =
        client.send(
            request("/v2/" + repository + "/blobs/uploads/?digest=" + digest, bearer)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
    return digest;
  }

  /** Returns an OCI image manifest with {@code config} and the layers given as JSON descriptors. */
  private static byte[] manifest(byte[] config, String configDigest, String layers) {
    return ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
            + "\"digest\":\"" + configDigest + "\",\"size\":" + config.length + "},"
            + "\"layers\":[" + layers + "]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void putManifest(
      HttpClient client, String bearer, String repository, String tag, byte[] manifest)
      throws Exception {
    HttpResponse<String> put =
        client.send(
            request("/v2/" + repository + "/manifests/" + tag, bearer)
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as("tag %s: %s", tag, put.body()).isEqualTo(201);
  }

  private static String registryToken(HttpClient client, String repository) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString(("admin:" + WebServer.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        client.send(
            request(
                    "/token?service=berth-registry&scope=repository:" + repository + ":pull,push",
                    "Basic " + basic)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get("token").asText();
  }

  private static HttpRequest.Builder request(String path, String authorization) {
    return HttpRequest.newBuilder(URI.create(server.baseUri() + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", authorization);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static int count(String text, String part) {
    int found = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      found++;
    }
    return found;
  }
}
