package dev.berth.hub.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.auth.Accounts;
import dev.berth.auth.Principal;
import dev.berth.db.Database;
import dev.berth.db.Dialect;
import dev.berth.oci.Digest;
import dev.berth.server.Berth;
import dev.berth.server.config.AuthConfig;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.DatabaseConfig;
import dev.berth.server.config.HostPort;
import dev.berth.server.config.RateLimitConfig;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Berth with authentication and the given rate limits, on a free loopback port, over a
 * metadata database of one dialect from {@link TestDatabase}. It trusts {@code trustedProxies}
 * for {@code X-Forwarded-For}, makes pushed repositories public, and has the users {@code admin}
 * (administrator), {@code alice} and {@code bobby}, all with password {@link #PASSWORD}.
 *
 * <p>{@link #restart()} stops the server and starts a new one on the same data directory and
 * database. Not thread-safe.
 */
final class LimitedBerth implements AutoCloseable {

  static final String PASSWORD = "correct horse battery";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  private static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  private static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

  private final Path root;
  private final TestDatabase database;
  private final BerthConfig config;
  private final TestClock clock;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Berth berth;

  private LimitedBerth(Path root, TestDatabase database, BerthConfig config, TestClock clock) {
    this.root = root;
    this.database = database;
    this.config = config;
    this.clock = clock;
  }

  /** Starts Berth on {@code dialect} and creates the users. */
  static LimitedBerth start(
      Dialect dialect, RateLimitConfig limits, List<String> trustedProxies, TestClock clock)
      throws Exception {
    Path root = Files.createTempDirectory("berth-ratelimit-test");
    TestDatabase database = TestDatabase.create(dialect, root);
    var settings = database.settings();
    AuthConfig defaults = AuthConfig.defaults();
    AuthConfig auth =
        new AuthConfig(
            true,
            defaults.service(),
            defaults.tokenTtl(),
            defaults.refreshTokenTtl(),
            Optional.empty(),
            false,
            Optional.of(new Secret(PASSWORD)),
            defaults.sessionIdleTimeout(),
            defaults.sessionLifetime());
    BerthConfig config =
        BerthConfig.defaults(root.resolve("data"))
            .withListen(new HostPort("127.0.0.1", 0))
            .withExternalUrl(Optional.empty(), trustedProxies)
            .withAuth(auth)
            .withRateLimits(limits)
            .withDatabase(
                DatabaseConfig.of(
                    settings.url(), settings.username(), settings.password().map(Secret::new)));
    LimitedBerth limited = new LimitedBerth(root, database, config, clock);
    try {
      limited.berth = Berth.start(config, clock);
      limited.createUsers();
    } catch (Exception | AssertionError e) {
      limited.close();
      throw e;
    }
    return limited;
  }

  private void createUsers() {
    Database second = database.open();
    Accounts accounts = new Accounts(second, clock, new SecureRandom());
    for (String name : List.of("alice", "bobby")) {
      accounts
          .accountService()
          .createUser(new Principal.Anonymous(), name, name + "@example.com", PASSWORD);
    }
  }

  /** Stops Berth, which writes its counts, and starts it again on the same data. */
  void restart() throws Exception {
    berth.close();
    berth = Berth.start(config, clock);
  }

  /** Returns Basic credentials of {@code user} as header name and value. */
  static String[] basic(String user) {
    String token =
        Base64.getEncoder()
            .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    return new String[] {"Authorization", "Basic " + token};
  }

  /** Returns an {@code X-Forwarded-For} header naming {@code address}. */
  static String[] forwardedFor(String address) {
    return new String[] {"X-Forwarded-For", address};
  }

  /**
   * A signed-in API session.
   *
   * @param cookie the value of the {@code berth_session} cookie
   * @param csrfToken the token writes send in {@code X-CSRF-Token}
   */
  record Session(String cookie, String csrfToken) {}

  /** Logs {@code user} in to the JSON API. */
  Session login(String user) {
    String body = "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}";
    HttpResponse<byte[]> response =
        send(
            request("/api/v2/auth/login", "Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body)));
    assertThat(response.statusCode()).as("login of %s: %s", user, text(response)).isEqualTo(200);
    String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
    String cookie = setCookie.substring("berth_session=".length(), setCookie.indexOf(';'));
    try {
      return new Session(cookie, JSON.readTree(response.body()).path("csrf_token").asText());
    } catch (IOException e) {
      throw new UncheckedIOException("login response is not JSON", e);
    }
  }

  /** Sends an API request with {@code session}'s cookie and CSRF token and a JSON body. */
  HttpResponse<byte[]> api(String method, String path, Session session, String jsonBody) {
    HttpRequest.Builder builder =
        request(
            path,
            "Cookie", "berth_session=" + session.cookie(),
            "X-CSRF-Token", session.csrfToken(),
            "Content-Type", "application/json");
    return send(
        jsonBody.isEmpty()
            ? builder.method(method, BodyPublishers.noBody())
            : builder.method(method, BodyPublishers.ofString(jsonBody)));
  }

  HttpResponse<byte[]> get(String path, String... headers) {
    return send(request(path, headers).GET());
  }

  HttpResponse<byte[]> head(String path, String... headers) {
    return send(request(path, headers).method("HEAD", BodyPublishers.noBody()));
  }

  /** Pushes an image with one layer as the administrator; returns its manifest digest. */
  Digest pushImage(String repository, String tag, String label) {
    return Digest.sha256(pushImageManifest(repository, tag, label));
  }

  /**
   * Pushes an OCI index of two platform images under {@code tag}; returns the digests of the
   * index and then of each platform manifest.
   */
  List<Digest> pushIndex(String repository, String tag) {
    ArrayNode manifests = JSON.createArrayNode();
    List<Digest> digests = new java.util.ArrayList<>();
    for (String architecture : List.of("amd64", "arm64")) {
      byte[] manifest = pushImageManifest(repository, architecture, architecture);
      Digest digest = Digest.sha256(manifest);
      digests.add(digest);
      ObjectNode entry = manifests.addObject();
      entry.put("mediaType", OCI_MANIFEST).put("digest", digest.toString());
      entry.put("size", manifest.length);
      entry.putObject("platform").put("os", "linux").put("architecture", architecture);
    }
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2).put("mediaType", OCI_INDEX).set("manifests", manifests);
    byte[] bytes = index.toString().getBytes(StandardCharsets.UTF_8);
    putManifest(repository, tag, OCI_INDEX, bytes);
    digests.addFirst(Digest.sha256(bytes));
    return digests;
  }

  private byte[] pushImageManifest(String repository, String tag, String label) {
    byte[] config =
        ("{\"architecture\":\"" + label + "\",\"os\":\"linux\"}").getBytes(StandardCharsets.UTF_8);
    byte[] layer = (repository + ":" + label + " layer").getBytes(StandardCharsets.UTF_8);
    pushBlob(repository, config);
    pushBlob(repository, layer);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2).put("mediaType", OCI_MANIFEST);
    manifest.set("config", descriptor(OCI_CONFIG, config));
    manifest.putArray("layers").add(descriptor(OCI_LAYER, layer));
    byte[] bytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
    putManifest(repository, tag, OCI_MANIFEST, bytes);
    return bytes;
  }

  private static ObjectNode descriptor(String mediaType, byte[] content) {
    ObjectNode node = JSON.createObjectNode();
    node.put("mediaType", mediaType)
        .put("digest", Digest.sha256(content).toString())
        .put("size", content.length);
    return node;
  }

  /** Uploads {@code content} in one POST as the administrator; returns its digest. */
  Digest pushBlob(String repository, byte[] content) {
    Digest digest = Digest.sha256(content);
    HttpResponse<byte[]> response =
        send(
            request(
                    "/v2/" + repository + "/blobs/uploads/?digest=" + digest,
                    concat(basic("admin"), "Content-Type", "application/octet-stream"))
                .POST(BodyPublishers.ofByteArray(content)));
    assertThat(response.statusCode()).as("upload of %s: %s", digest, text(response)).isEqualTo(201);
    return digest;
  }

  private void putManifest(String repository, String tag, String mediaType, byte[] bytes) {
    HttpResponse<byte[]> response =
        send(
            request(
                    "/v2/" + repository + "/manifests/" + tag,
                    concat(basic("admin"), "Content-Type", mediaType))
                .PUT(BodyPublishers.ofByteArray(bytes)));
    assertThat(response.statusCode())
        .as("manifest PUT %s:%s: %s", repository, tag, text(response))
        .isEqualTo(201);
  }

  static String text(HttpResponse<byte[]> response) {
    return response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8);
  }

  private static String[] concat(String[] first, String... more) {
    return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(berth.baseUri() + path)).timeout(Duration.ofSeconds(60));
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request) {
    try {
      return client.send(request.build(), BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("request to Berth failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Berth", e);
    }
  }

  /** Stops Berth, drops the database and deletes the data directory. */
  @Override
  public void close() throws Exception {
    try {
      if (berth != null) {
        berth.close();
      }
      database.close();
    } finally {
      client.close();
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }
}
