package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.DatabaseSettings;
import dev.berth.db.Dialect;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
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
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A Berth started for a test on a free loopback port over a new data directory, with a {@link
 * HttpClient} aimed at it. The metadata database is the embedded SQLite file, or a new PostgreSQL
 * database from {@link TestDatabase} that {@link #close()} drops.
 *
 * <p>Request helpers take a path such as {@code /v2/library/alpine/tags/list} and header
 * name-value pairs, and return the whole response body as bytes. Not thread-safe to start or
 * close; the request helpers may be called from several threads.
 */
final class TestBerth implements AutoCloseable {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final Path dataDir;
  private final Optional<TestDatabase> database;
  private final Berth berth;
  private final HttpClient client;

  private TestBerth(Path dataDir, Optional<TestDatabase> database, Berth berth) {
    this.dataDir = dataDir;
    this.database = database;
    this.berth = berth;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** Starts Berth with the default configuration on {@code dialect}. */
  static TestBerth start(Dialect dialect) throws Exception {
    return start(dialect, UnaryOperator.identity());
  }

  /** Starts Berth on a database the caller created and drops after {@link #close()}. */
  static TestBerth start(DatabaseConfig database) throws Exception {
    return start(Dialect.SQLITE, config -> config.withDatabase(database));
  }

  /**
   * Starts Berth on {@code dialect}, with the default configuration changed by {@code customize}
   * (for example to set an external URL). The listen address is set afterwards, and so is the
   * database when {@code dialect} is PostgreSQL; for SQLite, {@code customize} may set one.
   */
  static TestBerth start(Dialect dialect, UnaryOperator<BerthConfig> customize) throws Exception {
    Path root = Files.createTempDirectory("berth-http-test");
    Path dataDir = root.resolve("data");
    Optional<TestDatabase> database = Optional.empty();
    try {
      BerthConfig config =
          customize
              .apply(BerthConfig.defaults(dataDir).withAuth(AuthConfig.disabled()))
              .withListen(new HostPort("127.0.0.1", 0));
      if (dialect == Dialect.POSTGRESQL) {
        TestDatabase postgres = TestDatabase.create(Dialect.POSTGRESQL, root);
        database = Optional.of(postgres);
        var settings = postgres.settings();
        config =
            config.withDatabase(
                DatabaseConfig.of(
                    settings.url(), settings.username(), settings.password().map(Secret::new)));
      }
      return new TestBerth(dataDir, database, Berth.start(config));
    } catch (Exception | AssertionError e) {
      if (database.isPresent()) {
        database.get().close();
      }
      deleteTree(root);
      throw e;
    }
  }

  /** Returns the data directory Berth stores blobs, uploads and the SQLite file in. */
  Path dataDir() {
    return dataDir;
  }

  /**
   * Returns settings that reach the server's metadata database, for tests that open a second
   * connection pool to it.
   */
  DatabaseSettings databaseSettings() {
    if (database.isPresent()) {
      return database.get().settings();
    }
    String url = "jdbc:sqlite:" + dataDir.resolve("berth.db").toAbsolutePath();
    return new DatabaseSettings(url, Optional.empty(), Optional.empty(), 2);
  }

  /** Returns the base URL, such as {@code http://127.0.0.1:41234}. */
  URI baseUri() {
    return berth.baseUri();
  }

  /** Returns the absolute URI of {@code pathAndQuery}, which starts with a slash. */
  URI uri(String pathAndQuery) {
    return URI.create(berth.baseUri() + pathAndQuery);
  }

  HttpResponse<byte[]> get(String pathAndQuery, String... headers) {
    return send(request(pathAndQuery, headers).GET());
  }

  HttpResponse<byte[]> head(String pathAndQuery, String... headers) {
    return send(request(pathAndQuery, headers).method("HEAD", BodyPublishers.noBody()));
  }

  HttpResponse<byte[]> delete(String pathAndQuery, String... headers) {
    return send(request(pathAndQuery, headers).DELETE());
  }

  HttpResponse<byte[]> post(String pathAndQuery, byte[] body, String... headers) {
    return send(request(pathAndQuery, headers).POST(BodyPublishers.ofByteArray(body)));
  }

  HttpResponse<byte[]> put(String pathAndQuery, byte[] body, String... headers) {
    return send(request(pathAndQuery, headers).PUT(BodyPublishers.ofByteArray(body)));
  }

  HttpResponse<byte[]> patch(String pathAndQuery, byte[] body, String... headers) {
    return send(
        request(pathAndQuery, headers).method("PATCH", BodyPublishers.ofByteArray(body)));
  }

  /** Sends {@code method} with a body of unknown length, so the client uses chunked encoding. */
  HttpResponse<byte[]> sendChunked(
      String method, String pathAndQuery, byte[] body, String... headers) {
    BodyPublisher chunked =
        BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body));
    return send(request(pathAndQuery, headers).method(method, chunked));
  }

  /** Sends a request to an absolute URL, such as a {@code Location} the server returned. */
  HttpResponse<byte[]> send(String method, URI url, byte[] body, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT);
    addHeaders(builder, headers);
    return send(builder.method(method, BodyPublishers.ofByteArray(body)));
  }

  HttpResponse<byte[]> send(HttpRequest.Builder request) {
    try {
      return client.send(request.build(), BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("request to Berth failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Berth", e);
    }
  }

  HttpRequest.Builder request(String pathAndQuery, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(REQUEST_TIMEOUT);
    addHeaders(builder, headers);
    return builder;
  }

  /**
   * Uploads {@code content} as one monolithic {@code POST ?digest=} and returns its sha256 digest,
   * asserting that Berth returned 201.
   */
  Digest pushBlob(String repository, byte[] content) {
    return pushBlob(repository, content, DigestAlgorithm.SHA256);
  }

  /** Like {@link #pushBlob(String, byte[])}, with a digest of {@code algorithm}. */
  Digest pushBlob(String repository, byte[] content, DigestAlgorithm algorithm) {
    Digest digest = Digest.of(algorithm, content);
    HttpResponse<byte[]> response =
        post(
            "/v2/" + repository + "/blobs/uploads/?digest=" + digest,
            content,
            "Content-Type",
            "application/octet-stream");
    assertThat(response.statusCode()).as("monolithic upload of %s", digest).isEqualTo(201);
    return digest;
  }

  /** Pushes {@code content} as a manifest of {@code mediaType}, asserting that Berth returned 201. */
  Digest pushManifest(String repository, String reference, String mediaType, byte[] content) {
    HttpResponse<byte[]> response =
        put("/v2/" + repository + "/manifests/" + reference, content, "Content-Type", mediaType);
    assertThat(response.statusCode())
        .as("manifest PUT of %s:%s returned %s", repository, reference, text(response))
        .isEqualTo(201);
    return Digest.sha256(content);
  }

  /** Returns the number of regular files under {@code data/blobs}, where committed bytes live. */
  long countBlobFiles(Digest digest) throws IOException {
    Path dir =
        dataDir
            .resolve("blobs")
            .resolve(digest.algorithm().wireName())
            .resolve(digest.hex().substring(0, 2))
            .resolve(digest.hex());
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  /** Returns the number of regular files anywhere under {@code data/blobs}. */
  long countAllBlobFiles() throws IOException {
    Path dir = dataDir.resolve("blobs");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  static String text(HttpResponse<byte[]> response) {
    return response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8);
  }

  /** Stops Berth, drops a PostgreSQL database and deletes the data directory. */
  @Override
  public void close() throws Exception {
    try {
      berth.close();
      if (database.isPresent()) {
        database.get().close();
      }
    } finally {
      client.close();
      deleteTree(dataDir.getParent());
    }
  }

  private static void addHeaders(HttpRequest.Builder builder, String... headers) {
    if (headers.length % 2 != 0) {
      throw new IllegalArgumentException("headers come in name-value pairs");
    }
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
