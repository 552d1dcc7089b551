package dev.berth.auth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.db.Dialect;
import dev.berth.server.Berth;
import dev.berth.server.config.AuthConfig;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.DatabaseConfig;
import dev.berth.server.config.HostPort;
import dev.berth.server.config.Secret;
import dev.berth.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A Berth with authentication on, started for one test over a data directory under the test's
 * temporary directory, on SQLite or on a new PostgreSQL database that {@link #close()} drops. Its
 * administrator is {@code admin} with {@link #ADMIN_PASSWORD}. Requests go over loopback HTTP with
 * explicit credentials, so a test controls exactly which cookie or token each request carries.
 */
final class ApiBerth implements AutoCloseable {

  static final String ADMIN_PASSWORD = "admin password for tests";
  static final String PASSWORD = "correct horse battery";
  static final ObjectMapper JSON = new ObjectMapper();

  private final Optional<TestDatabase> database;
  private final Berth berth;
  private final HttpClient client;

  private ApiBerth(Optional<TestDatabase> database, Berth berth) {
    this.database = database;
    this.berth = berth;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  static ApiBerth start(Dialect dialect, Path tempDir) throws Exception {
    return start(dialect, tempDir, UnaryOperator.identity());
  }

  /** Starts Berth with the test defaults changed by {@code customize}, such as short sessions. */
  static ApiBerth start(Dialect dialect, Path tempDir, UnaryOperator<AuthConfig> customize)
      throws Exception {
    return startWith(dialect, tempDir, config -> config.withAuth(customize.apply(config.auth())));
  }

  /** Starts Berth with the whole test configuration changed by {@code customize}. */
  static ApiBerth startWith(Dialect dialect, Path tempDir, UnaryOperator<BerthConfig> customize)
      throws Exception {
    AuthConfig auth =
        AuthConfig.defaults().withAdminPassword(Optional.of(new Secret(ADMIN_PASSWORD)));
    BerthConfig config =
        customize
            .apply(BerthConfig.defaults(tempDir.resolve("data")).withAuth(auth))
            .withListen(new HostPort("127.0.0.1", 0));
    Optional<TestDatabase> database = Optional.empty();
    try {
      if (dialect == Dialect.POSTGRESQL) {
        TestDatabase postgres = TestDatabase.create(Dialect.POSTGRESQL, tempDir);
        database = Optional.of(postgres);
        var settings = postgres.settings();
        config =
            config.withDatabase(
                DatabaseConfig.of(
                    settings.url(), settings.username(), settings.password().map(Secret::new)));
      }
      return new ApiBerth(database, Berth.start(config));
    } catch (Exception | AssertionError e) {
      if (database.isPresent()) {
        database.get().close();
      }
      throw e;
    }
  }

  URI uri(String path) {
    return URI.create(berth.baseUri() + path);
  }

  String baseUrl() {
    return berth.baseUri().toString();
  }

  /** Who a request claims to be: the headers it carries. */
  record As(List<String> headers) {

    static As anonymous() {
      return new As(List.of());
    }

    static As bearer(String token) {
      return new As(List.of("Authorization", "Bearer " + token));
    }

    /** Returns these credentials plus one header. */
    As with(String name, String value) {
      List<String> more = new ArrayList<>(headers);
      more.add(name);
      more.add(value);
      return new As(more);
    }
  }

  /**
   * A browser session: its cookie and CSRF token.
   *
   * @param cookie the value of the {@code berth_session} cookie
   * @param csrfToken the token from the login response
   */
  record Login(String cookie, String csrfToken) {

    /** Returns credentials that send the cookie and the CSRF token, as a well-behaved page does. */
    As as() {
      return new As(List.of("Cookie", "berth_session=" + cookie, "X-CSRF-Token", csrfToken));
    }

    /** Returns credentials that send only the cookie, as a forged cross-site request would. */
    As cookieOnly() {
      return new As(List.of("Cookie", "berth_session=" + cookie));
    }
  }

  /** A response with its body parsed as JSON when it is JSON. */
  record Reply(HttpResponse<String> http) {

    int status() {
      return http.statusCode();
    }

    JsonNode json() {
      try {
        return JSON.readTree(http.body());
      } catch (IOException e) {
        throw new UncheckedIOException("response body is not JSON: " + http.body(), e);
      }
    }

    String errorCode() {
      return json().path("errors").path(0).path("code").asText();
    }

    String errorMessage() {
      return json().path("errors").path(0).path("message").asText();
    }

    Optional<String> header(String name) {
      return http.headers().firstValue(name);
    }

    @Override
    public String toString() {
      return http.statusCode() + " " + http.body();
    }
  }

  Reply get(String path, As as) {
    return send("GET", path, null, as);
  }

  Reply delete(String path, As as) {
    return send("DELETE", path, null, as);
  }

  Reply post(String path, As as, Object body) {
    return send("POST", path, body, as);
  }

  Reply put(String path, As as, Object body) {
    return send("PUT", path, body, as);
  }

  Reply patch(String path, As as, Object body) {
    return send("PATCH", path, body, as);
  }

  /**
   * Sends a request; a String body is sent as it is, any other body as JSON, both with {@code
   * Content-Type: application/json} unless {@code as} sets one.
   */
  Reply send(String method, String path, @Nullable Object body, As as) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
    boolean contentTypeSet = false;
    for (int i = 0; i < as.headers().size(); i += 2) {
      builder.header(as.headers().get(i), as.headers().get(i + 1));
      contentTypeSet |= as.headers().get(i).equalsIgnoreCase("Content-Type");
    }
    if (body == null) {
      builder.method(method, BodyPublishers.noBody());
    } else {
      String text;
      try {
        text = body instanceof String s ? s : JSON.writeValueAsString(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!contentTypeSet) {
        builder.header("Content-Type", "application/json");
      }
      builder.method(method, BodyPublishers.ofString(text));
    }
    try {
      return new Reply(client.send(builder.build(), BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new UncheckedIOException("request to Berth failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Returns a JSON object of the name-value pairs, in order; a null value is sent as null. */
  static Map<String, @Nullable Object> body(@Nullable Object... pairs) {
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }

  /** Logs in with a password and returns the session, asserting success. */
  Login login(String username, String password) {
    Reply reply =
        post(
            "/api/v2/auth/login", As.anonymous(), body("username", username, "password", password));
    assertThat(reply.status()).as("login of %s: %s", username, reply).isEqualTo(200);
    return loginFrom(reply);
  }

  /** Returns the session a successful login response created. */
  static Login loginFrom(Reply reply) {
    String setCookie = reply.header("Set-Cookie").orElseThrow();
    String cookie = setCookie.substring("berth_session=".length(), setCookie.indexOf(';'));
    return new Login(cookie, reply.json().get("csrf_token").asText());
  }

  Login loginAdmin() {
    return login("admin", ADMIN_PASSWORD);
  }

  /** Creates a user with {@link #PASSWORD} as the administrator, asserting success. */
  void createUser(Login admin, String username) {
    Reply reply =
        post(
            "/api/v2/users",
            admin.as(),
            body("username", username, "email", username + "@example.com", "password", PASSWORD));
    assertThat(reply.status()).as("create user %s: %s", username, reply).isEqualTo(201);
  }

  /** Creates a personal access token for the session's user and returns its secret. */
  String createToken(Login login, String scope, String... repositories) {
    Reply reply =
        post(
            "/api/v2/access-tokens",
            login.as(),
            body(
                "token_label",
                "test " + scope,
                "scopes",
                List.of(scope),
                "repositories",
                List.of(repositories)));
    assertThat(reply.status()).as("create token: %s", reply).isEqualTo(201);
    return reply.json().get("token").asText();
  }

  @Override
  public void close() throws Exception {
    try {
      berth.close();
      if (database.isPresent()) {
        database.get().close();
      }
    } finally {
      client.close();
    }
  }
}
