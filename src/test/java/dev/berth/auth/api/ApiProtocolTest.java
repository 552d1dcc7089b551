package dev.berth.auth.api;

import dev.berth.audit.api.AuditApi;
import dev.berth.hub.api.StorageApi;
import static dev.berth.auth.api.ApiBerth.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.berth.auth.Accounts;
import dev.berth.auth.api.ApiBerth.As;
import dev.berth.auth.api.ApiBerth.Login;
import dev.berth.auth.api.ApiBerth.Reply;
import dev.berth.db.Database;
import dev.berth.db.Dialect;
import dev.berth.hub.Hub;
import dev.berth.hub.api.HubApi;
import dev.berth.registry.Registry;
import dev.berth.storage.FileBlobStore;
import dev.berth.hub.api.ViewerResolver;
import dev.berth.hub.ratelimit.AccountOverrides;
import dev.berth.hub.ratelimit.Quota;
import dev.berth.hub.ratelimit.RateLimitApi;
import dev.berth.hub.ratelimit.RateLimitSettings;
import dev.berth.testing.TestDatabase;
import dev.berth.webhooks.AddressResolver;
import dev.berth.webhooks.StoredRepositoryFacts;
import dev.berth.webhooks.Webhooks;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every endpoint shares: the OpenAPI description matches the routes, errors are JSON with the
 * right status, request bodies are strict and bounded, and paging parameters are checked.
 */
class ApiProtocolTest {

  private static final Set<String> HTTP_METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  @TempDir Path tempDir;

  /** Returns the rate-limit module, whose routes Berth adds to the API. */
  private static ApiModule rateLimitApi(Database database) {
    RateLimitSettings settings =
        new RateLimitSettings(
            Duration.ofHours(6), Quota.of(100), Quota.of(200), Map.of(), address -> false);
    return new RateLimitApi(
        settings, false, List.of(), new AccountOverrides(database), Clock.systemUTC());
  }

  @Test
  void openApi_documentsEveryRouteAndNoOther() throws Exception {
    Map<String, String> routes = new TreeMap<>();
    try (TestDatabase testDatabase = TestDatabase.create(Dialect.SQLITE, tempDir)) {
      Database database = testDatabase.open();
      Accounts accounts = new Accounts(database, Clock.systemUTC(), new SecureRandom());
      Webhooks webhooks =
          new Webhooks(
              database,
              Clock.systemUTC(),
              new SecureRandom(),
              Webhooks.Settings.defaults(Set.of()),
              () -> "http://127.0.0.1",
              new StoredRepositoryFacts(),
              AddressResolver.SYSTEM);
      FileBlobStore blobs = new FileBlobStore(tempDir.resolve("blobs"));
      Hub hub =
          Hub.create(
              database,
              Clock.systemUTC(),
              true,
              listener ->
                  new Registry(
                      database,
                      blobs,
                      Clock.systemUTC(),
                      4 << 20,
                      true,
                      listener));
      hub.close();
      ApiModule hubRoutes = new HubApi(hub, ViewerResolver.everyone());
      AccountsApi api =
          new AccountsApi(
              accounts,
              accounts.sessions(Duration.ofHours(1), Duration.ofHours(2)),
              request -> "http://127.0.0.1",
              Clock.systemUTC(),
              List.of(
                  hubRoutes,
                  webhooks.api(accounts.authorizer(repository -> Optional.empty())),
                  rateLimitApi(database),
                  new AuditApi(accounts.auditLog()),
                  new StorageApi(hub.storageUsage())));
      for (Router.Route route : api.routes()) {
        routes.put(
            route.method() + " " + route.template(),
            route.access().name().toLowerCase(Locale.ROOT));
      }
    }

    Map<String, String> documented = new TreeMap<>();
    Set<String> operationIds = new TreeSet<>();
    JsonNode document;
    try (InputStream in = ApiProtocolTest.class.getResourceAsStream(OpenApiDocument.RESOURCE)) {
      document = new YAMLMapper().readTree(in);
    }
    for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields();
          operations.hasNext(); ) {
        Map.Entry<String, JsonNode> operation = operations.next();
        if (!HTTP_METHODS.contains(operation.getKey())) {
          continue;
        }
        String key = operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
        documented.put(key, operation.getValue().path("x-berth-access").asText("(missing)"));
        assertThat(operationIds.add(operation.getValue().path("operationId").asText()))
            .as("operationId of %s is missing or repeated", key)
            .isTrue();
      }
    }

    assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
    assertThat(documented.keySet())
        .as("documented operations")
        .containsExactlyElementsOf(routes.keySet());
    assertThat(documented).as("x-berth-access of each operation").isEqualTo(routes);
  }

  @Test
  void openApi_servedAsJsonAndYaml() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Reply json = berth.get("/api/openapi.json", As.anonymous());
      Reply yaml = berth.get("/api/openapi.yaml", As.anonymous());

      assertThat(json.status()).isEqualTo(200);
      assertThat(json.header("Content-Type")).contains("application/json");
      assertThat(json.json().path("openapi").asText()).isEqualTo("3.1.0");
      assertThat(json.json().path("paths").has("/api/v2/access-tokens")).isTrue();
      assertThat(yaml.status()).isEqualTo(200);
      assertThat(yaml.header("Content-Type")).contains("application/yaml");
      assertThat(new YAMLMapper().readTree(yaml.http().body())).isEqualTo(json.json());
    }
  }

  @Test
  void unknownPathOrMethod_jsonErrors() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Login admin = berth.loginAdmin();

      Reply unknown = berth.get("/api/v2/nothing", admin.as());
      Reply method = berth.send("PUT", "/api/v2/orgs", "{}", admin.as());
      Reply registry = berth.get("/v2/", As.anonymous());

      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.errorCode()).isEqualTo("NOT_FOUND");
      assertThat(unknown.errorMessage())
          .isEqualTo("no API endpoint at /api/v2/nothing; see /api/openapi.json");
      assertThat(method.status()).isEqualTo(405);
      assertThat(method.errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
      assertThat(method.header("Allow")).contains("GET, POST");
      assertThat(registry.status()).as("other paths reach the registry").isEqualTo(401);
      assertThat(registry.header("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).contains("/token"));
    }
  }

  @Test
  void requestBody_strictAndBounded() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Login admin = berth.loginAdmin();
      String orgs = "/api/v2/orgs";

      Reply form =
          berth.post(
              orgs,
              admin.as().with("Content-Type", "application/x-www-form-urlencoded"),
              "orgname=acme");
      Reply noType =
          berth.post(orgs, admin.as().with("Content-Type", "text/plain"), "{\"orgname\":\"acme\"}");
      Reply tooLarge = berth.post(orgs, admin.as(), "{\"orgname\":\"" + "a".repeat(70_000) + "\"}");
      Reply malformed = berth.post(orgs, admin.as(), "{\"orgname\":");
      Reply trailing = berth.post(orgs, admin.as(), "{\"orgname\":\"acme\"} {}");
      Reply array = berth.post(orgs, admin.as(), "[\"acme\"]");
      Reply nullBody = berth.post(orgs, admin.as(), "null");
      Reply empty = berth.post(orgs, admin.as(), "");
      Reply number = berth.post(orgs, admin.as(), "{\"orgname\":42}");
      Reply unknown = berth.post(orgs, admin.as(), body("orgname", "acme", "plan", "pro"));
      Reply charset =
          berth.post(
              orgs,
              admin.as().with("Content-Type", "application/json; charset=utf-8"),
              "{\"orgname\":\"acme\"}");

      assertThat(form.status()).isEqualTo(415);
      assertThat(form.errorCode()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
      assertThat(noType.status()).isEqualTo(415);
      assertThat(noType.errorMessage()).contains("Content-Type: application/json", "text/plain");
      assertThat(tooLarge.status()).isEqualTo(413);
      assertThat(tooLarge.errorCode()).isEqualTo("BODY_TOO_LARGE");
      assertThat(tooLarge.errorMessage()).contains("65536 bytes");
      assertThat(malformed.status()).isEqualTo(400);
      assertThat(malformed.errorMessage())
          .startsWith("request body is not valid JSON (line 1, column");
      assertThat(trailing.status()).isEqualTo(400);
      assertThat(array.status()).isEqualTo(400);
      assertThat(array.errorMessage())
          .isEqualTo("request body must be one JSON object with the documented fields");
      assertThat(nullBody.status()).isEqualTo(400);
      assertThat(nullBody.errorMessage())
          .isEqualTo("request body must be one JSON object with the documented fields");
      assertThat(empty.status()).isEqualTo(400);
      assertThat(empty.errorMessage()).isEqualTo("request body is empty; send a JSON object");
      assertThat(number.status()).isEqualTo(400);
      assertThat(number.errorMessage()).isEqualTo("field 'orgname' must be a string");
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.errorMessage())
          .isEqualTo("unknown field 'plan' in the request body; allowed fields are orgname");
      assertThat(charset.status()).as("%s", charset).isEqualTo(201);
    }
  }

  @Test
  void pagingParameters_checked() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Login admin = berth.loginAdmin();

      Reply zero = berth.get("/api/v2/orgs?page=0", admin.as());
      Reply word = berth.get("/api/v2/orgs?page=first", admin.as());
      Reply size = berth.get("/api/v2/orgs?page_size=0", admin.as());
      Reply huge = berth.get("/api/v2/orgs?page=2147483648", admin.as());
      Reply fullWidth = berth.get("/api/v2/orgs?page=%EF%BC%91", admin.as());
      Reply signed = berth.get("/api/v2/orgs?page=%2B1", admin.as());
      Reply defaults = berth.get("/api/v2/orgs", admin.as());

      assertThat(zero.status()).isEqualTo(400);
      assertThat(zero.errorMessage())
          .isEqualTo(
              "query parameter page=0 is out of range; use a whole number from 1 to 2147483647");
      assertThat(word.status()).isEqualTo(400);
      assertThat(word.errorMessage())
          .isEqualTo(
              "query parameter page=first is invalid; use a whole number from 1 to 2147483647");
      assertThat(size.status()).isEqualTo(400);
      assertThat(size.errorMessage())
          .isEqualTo("query parameter page_size=0 is out of range; use a whole number from 1 to 100");
      assertThat(huge.status()).isEqualTo(400);
      assertThat(huge.errorMessage())
          .isEqualTo(
              "query parameter page=2147483648 is out of range; use a whole number from 1 to"
                  + " 2147483647");
      assertThat(fullWidth.status()).as("only ASCII digits").isEqualTo(400);
      assertThat(signed.status()).as("no sign").isEqualTo(400);
      assertThat(defaults.json().path("count").asInt()).isZero();
      assertThat(defaults.json().path("next").isNull()).isTrue();
      assertThat(defaults.json().path("previous").isNull()).isTrue();
      assertThat(defaults.json().path("results").isArray()).isTrue();
    }
  }

  @Test
  void sessionCookie_secureBehindHttps() throws Exception {
    try (ApiBerth berth =
        ApiBerth.startWith(
            Dialect.SQLITE,
            tempDir,
            config ->
                config.withExternalUrl(
                    Optional.of(URI.create("https://registry.example")), List.of()))) {
      Reply login =
          berth.post(
              "/api/v2/auth/login",
              As.anonymous(),
              body("username", "admin", "password", ApiBerth.ADMIN_PASSWORD));
      Login session = ApiBerth.loginFrom(login);
      Reply logout = berth.send("POST", "/api/v2/auth/logout", null, session.as());

      assertThat(login.header("Set-Cookie"))
          .hasValueSatisfying(v -> assertThat(v).endsWith("; Secure"));
      assertThat(logout.header("Set-Cookie"))
          .hasValueSatisfying(v -> assertThat(v).endsWith("; Secure"));
    }
  }
}
