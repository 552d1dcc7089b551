package dev.berth.hub.api;

import static dev.berth.hub.api.HubBerth.body;
import static dev.berth.hub.api.HubBerth.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.db.Dialect;
import dev.berth.hub.api.HubBerth.As;
import dev.berth.hub.api.HubBerth.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code /v1/search} in the shape Docker and Podman decode, and the hub API's search: ranking,
 * visibility by credentials (Basic, registry bearer, session), limits, and JSON on every error.
 */
class SearchApiTest {

  /** What podman 4.3.1 sends, logged from a real {@code podman search}. */
  private static final String PODMAN_USER_AGENT = "containers/5.23.1 (github.com/containers/image)";

  /** The shape of a Docker Engine's User-Agent on registry requests. */
  private static final String DOCKER_USER_AGENT =
      "docker/27.5.1 go/go1.22.11 git-commit/4c9b3b0 kernel/6.1.0 os/linux arch/amd64"
          + " UpstreamClient(Docker-Client/27.5.1 \\(linux\\))";

  @TempDir Path tempDir;

  private static void seed(HubBerth berth, As alice) {
    String repositories = "/api/v2/namespaces/alice/repositories";
    expect(
        berth.post(
            repositories,
            alice,
            body("name", "cache", "description", "A Redis cache", "is_private", false)),
        201);
    expect(berth.post(repositories, alice, body("name", "myredis", "is_private", false)), 201);
    expect(berth.post(repositories, alice, body("name", "redis-tools", "is_private", false)), 201);
    expect(
        berth.post(
            repositories,
            alice,
            body("name", "redis", "description", "The server", "is_private", false)),
        201);
    expect(berth.post(repositories, alice, body("name", "secret-redis")), 201);
    expect(berth.post(repositories, alice, body("name", "unrelated", "is_private", false)), 201);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void v1Search_ranksAndShowsOnlyVisible(Dialect dialect) throws Exception {
    try (HubBerth berth = HubBerth.start(dialect, tempDir, true)) {
      As admin = berth.loginAdmin();
      As alice = berth.createUser(admin, "alice");
      berth.createUser(admin, "bobby");
      seed(berth, alice);

      Reply anonymous = expect(berth.get("/v1/search?q=Redis", As.anonymous()), 200);
      assertThat(anonymous.header("Content-Type")).contains("application/json");
      JsonNode body = anonymous.json();
      assertThat(body.get("query").asText()).isEqualTo("Redis");
      assertThat(body.get("num_results").asLong()).isEqualTo(4);
      assertThat(body.get("num_pages").asLong()).isEqualTo(1);
      assertThat(body.get("page").asInt()).isEqualTo(1);
      assertThat(body.get("page_size").asInt()).isEqualTo(25);
      assertThat(names(body, "name"))
          .as("exact name, then prefix, then other name matches, then descriptions")
          .containsExactly("alice/redis", "alice/redis-tools", "alice/myredis", "alice/cache");
      JsonNode first = body.at("/results/0");
      assertThat(first.get("description").asText()).isEqualTo("The server");
      assertThat(first.get("star_count").asLong()).isZero();
      assertThat(first.get("is_official").asBoolean()).isFalse();
      assertThat(first.get("is_automated").asBoolean()).isFalse();
      assertThat(first.get("is_trusted").asBoolean()).isFalse();

      JsonNode signedIn =
          expect(berth.get("/v1/search?q=redis", As.basic("alice", HubBerth.PASSWORD)), 200).json();
      assertThat(names(signedIn, "name")).contains("alice/secret-redis").hasSize(5);
      JsonNode outsider =
          expect(berth.get("/v1/search?q=redis", As.basic("bobby", HubBerth.PASSWORD)), 200).json();
      assertThat(names(outsider, "name")).doesNotContain("alice/secret-redis");

      String token = registryToken(berth, "alice", "alice/redis");
      JsonNode bearer = expect(berth.get("/v1/search?q=redis", As.bearer(token)), 200).json();
      assertThat(names(bearer, "name")).contains("alice/secret-redis");

      Reply created =
          berth.post(
              "/api/v2/access-tokens",
              alice,
              body("token_label", "search", "scopes", List.of("repo:read")));
      String accessToken = expect(created, 201).json().get("token").asText();
      JsonNode byAccessToken =
          expect(berth.get("/v1/search?q=redis", As.bearer(accessToken)), 200).json();
      assertThat(names(byAccessToken, "name")).contains("alice/secret-redis");
      assertThat(berth.get("/v1/search?q=redis", As.bearer("bth_pat_unknown")).status())
          .isEqualTo(401);

      JsonNode paged =
          expect(berth.get("/v1/search?q=redis&n=3&page=2", As.anonymous()), 200).json();
      assertThat(paged.get("num_pages").asLong()).isEqualTo(2);
      assertThat(paged.get("page").asInt()).isEqualTo(2);
      assertThat(names(paged, "name")).containsExactly("alice/cache");

      JsonNode starred = starAndSearch(berth, alice);
      assertThat(names(starred, "repo_name")).containsExactly("alice/myredis");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void v1Search_errorsAreJson(Dialect dialect) throws Exception {
    try (HubBerth berth = HubBerth.start(dialect, tempDir, true)) {
      As admin = berth.loginAdmin();
      berth.createUser(admin, "alice");

      assertError(
          berth.get("/v1/search?q=x&n=0", As.anonymous()),
          400,
          "query parameter n=0 is invalid; use a whole number 1 to 100");
      assertError(
          berth.get("/v1/search?q=x&n=101", As.anonymous()),
          400,
          "query parameter n=101 is invalid; use a whole number 1 to 100");
      assertError(
          berth.get("/v1/search?q=x&page=zero", As.anonymous()),
          400,
          "query parameter page=zero is invalid; use a whole number 1 or more");
      assertError(
          berth.get("/v1/search?q=" + "a".repeat(256), As.anonymous()),
          400,
          "search term has 256 characters; use at most 255");
      Reply wrongPassword = berth.get("/v1/search?q=x", As.basic("alice", "wrong password"));
      assertThat(wrongPassword.status()).isEqualTo(401);
      assertThat(wrongPassword.header("Content-Type")).contains("application/json");
      assertThat(wrongPassword.errorCode()).isEqualTo("UNAUTHORIZED");
      assertThat(berth.get("/v1/search?q=x", As.bearer("not.a.token")).errorCode())
          .isEqualTo("UNAUTHORIZED");
      Reply post = berth.post("/v1/search", As.anonymous(), "{}");
      assertThat(post.status()).isEqualTo(405);
      assertThat(post.header("Allow")).contains("GET, HEAD");
      assertThat(post.errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
      assertError(
          berth.get("/v1/repositories/x/images", As.anonymous()),
          404,
          "no endpoint at /v1/repositories/x/images; Berth serves /v1/search and /v1/_ping of"
              + " the v1 API");
      Reply ping = expect(berth.get("/v1/_ping", As.anonymous()), 200);
      assertThat(ping.header("X-Docker-Registry-Standalone")).contains("true");
      assertThat(ping.json().get("standalone").asBoolean()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void v1Search_anonymousPodman_getsJson401(Dialect dialect) throws Exception {
    try (HubBerth berth = HubBerth.start(dialect, tempDir, true)) {
      As admin = berth.loginAdmin();
      As alice = berth.createUser(admin, "alice");
      seed(berth, alice);

      Reply anonymousPodman = berth.get("/v1/search?q=redis&n=25", withUserAgent(As.anonymous()));
      assertError(anonymousPodman, 401, SearchCallers.CONTAINERS_IMAGE_MESSAGE);
      assertThat(anonymousPodman.errorCode()).isEqualTo("UNAUTHORIZED");
      assertThat(anonymousPodman.header("WWW-Authenticate")).contains("Basic realm=\"berth\"");

      // Credentials are not what containers/image sends here, but a script with its User-Agent may.
      JsonNode signedInPodman =
          expect(
                  berth.get(
                      "/v1/search?q=redis",
                      withUserAgent(As.basic("alice", HubBerth.PASSWORD))),
                  200)
              .json();
      assertThat(names(signedInPodman, "name")).contains("alice/secret-redis");
      JsonNode anonymousDocker =
          expect(
                  berth.get(
                      "/v1/search?q=redis",
                      new As(List.of("User-Agent", DOCKER_USER_AGENT))),
                  200)
              .json();
      assertThat(names(anonymousDocker, "name"))
          .containsExactly("alice/redis", "alice/redis-tools", "alice/myredis", "alice/cache");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void v1Search_podmanWithoutAuthentication_getsResults(Dialect dialect) throws Exception {
    try (HubBerth berth = HubBerth.start(dialect, tempDir, false)) {
      JsonNode body =
          expect(berth.get("/v1/search?q=redis", withUserAgent(As.anonymous())), 200).json();
      assertThat(body.get("num_results").asLong()).isZero();
    }
  }

  /** Returns {@code as} with the User-Agent that podman 4.3.1 (containers/image 5.23.1) sends. */
  private static As withUserAgent(As as) {
    List<String> headers = new ArrayList<>(as.headers());
    headers.add("User-Agent");
    headers.add(PODMAN_USER_AGENT);
    return new As(headers);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void apiSearch_hasHubFieldsAndFollowsSession(Dialect dialect) throws Exception {
    try (HubBerth berth = HubBerth.start(dialect, tempDir, true)) {
      As admin = berth.loginAdmin();
      As alice = berth.createUser(admin, "alice");
      seed(berth, alice);

      JsonNode anonymous =
          expect(
                  berth.get("/api/v2/search/repositories?query=redis&page_size=2", As.anonymous()),
                  200)
              .json();
      assertThat(anonymous.get("count").asLong()).isEqualTo(4);
      assertThat(names(anonymous, "repo_name")).containsExactly("alice/redis", "alice/redis-tools");
      assertThat(anonymous.get("next").asText())
          .isEqualTo(
              berth.baseUrl() + "/api/v2/search/repositories?page=2&page_size=2&query=redis");
      JsonNode first = anonymous.at("/results/0");
      assertThat(first.get("short_description").asText()).isEqualTo("The server");
      assertThat(first.get("repo_owner").asText()).isEqualTo("alice");
      assertThat(first.get("is_private").asBoolean()).isFalse();
      assertThat(first.has("pull_count")).isTrue();

      JsonNode own =
          expect(berth.get("/api/v2/search/repositories?query=secret", alice), 200).json();
      assertThat(names(own, "repo_name")).containsExactly("alice/secret-redis");
      JsonNode byName =
          expect(
                  berth.get(
                      "/api/v2/search/repositories?query=redis&ordering=-name", As.anonymous()),
                  200)
              .json();
      assertThat(names(byName, "repo_name"))
          .containsExactly("alice/redis-tools", "alice/redis", "alice/myredis", "alice/cache");
      assertThat(
              berth
                  .get("/api/v2/search/repositories?query=redis&ordering=best", As.anonymous())
                  .status())
          .isEqualTo(400);
      JsonNode wildcard =
          expect(berth.get("/api/v2/search/repositories?query=%25", As.anonymous()), 200).json();
      assertThat(wildcard.get("count").asLong()).as("% is a literal, not a wildcard").isZero();
    }
  }

  /** Stars alice/myredis and searches with {@code stars=1}. */
  private static JsonNode starAndSearch(HubBerth berth, As alice) {
    expect(berth.put("/api/v2/namespaces/alice/repositories/myredis/star", alice, null), 204);
    return expect(berth.get("/api/v2/search/repositories?query=redis&stars=1", As.anonymous()), 200)
        .json();
  }

  /** Returns a registry token from {@code /token} with pull on {@code repository}. */
  private static String registryToken(HubBerth berth, String user, String repository) {
    Reply reply =
        berth.get(
            "/token?service=berth-registry&scope=repository:" + repository + ":pull",
            As.basic(user, HubBerth.PASSWORD));
    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    return reply.json().get("token").asText();
  }

  private static void assertError(Reply reply, int status, String message) {
    assertThat(reply.status()).as("%s", reply).isEqualTo(status);
    assertThat(reply.header("Content-Type")).contains("application/json");
    assertThat(reply.errorMessage()).isEqualTo(message);
  }

  private static List<String> names(JsonNode page, String field) {
    List<String> names = new ArrayList<>();
    page.get("results").forEach(r -> names.add(r.get(field).asText()));
    return names;
  }
}
