package dev.berth.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.db.Dialect;
import dev.berth.oci.Digest;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Berth for one hub test, over a data directory in the test's temporary directory and SQLite or a
 * new PostgreSQL database. With authentication, {@code admin} has {@link #ADMIN_PASSWORD} and users
 * made by {@link #createUser} have {@link #PASSWORD}. {@link #restart()} stops Berth gracefully and
 * starts it again on the same data, which is how tests see pull counts that Berth writes at
 * shutdown. Requests carry exactly the headers a test passes.
 */
final class HubBerth implements AutoCloseable {

  static final String ADMIN_PASSWORD = "admin password for tests";
  static final String PASSWORD = "correct horse battery";
  static final ObjectMapper JSON = new ObjectMapper();

  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

  private final BerthConfig config;
  private final Optional<TestDatabase> database;
  private final HttpClient client;
  private Berth berth;

  private HubBerth(BerthConfig config, Optional<TestDatabase> database) throws Exception {
    this.config = config;
    this.database = database;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    this.berth = Berth.start(config);
  }

  /** Starts Berth with authentication on or off. */
  static HubBerth start(Dialect dialect, Path tempDir, boolean authEnabled) throws Exception {
    AuthConfig auth =
        authEnabled
            ? AuthConfig.defaults().withAdminPassword(Optional.of(new Secret(ADMIN_PASSWORD)))
            : AuthConfig.disabled();
    BerthConfig config =
        BerthConfig.defaults(tempDir.resolve("data"))
            .withAuth(auth)
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
      return new HubBerth(config, database);
    } catch (Exception | AssertionError e) {
      if (database.isPresent()) {
        database.get().close();
      }
      throw e;
    }
  }

  /** Stops Berth gracefully and starts it again on the same data directory and database. */
  void restart() throws Exception {
    berth.close();
    berth = Berth.start(config.withListen(new HostPort("127.0.0.1", 0)));
  }

  String baseUrl() {
    return berth.baseUri().toString();
  }

  /** The headers a request carries. */
  record As(List<String> headers) {
    static As anonymous() {
      return new As(List.of());
    }

    static As basic(String user, String password) {
      String encoded =
          Base64.getEncoder()
              .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      return new As(List.of("Authorization", "Basic " + encoded));
    }

    static As bearer(String token) {
      return new As(List.of("Authorization", "Bearer " + token));
    }
  }

  /** A response with its body parsed as JSON on demand. */
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

  Reply head(String path, As as) {
    return send("HEAD", path, null, as);
  }

  Reply delete(String path, As as) {
    return send("DELETE", path, null, as);
  }

  Reply post(String path, As as, Object body) {
    return send("POST", path, body, as);
  }

  Reply put(String path, As as, @Nullable Object body) {
    return send("PUT", path, body, as);
  }

  Reply patch(String path, As as, Object body) {
    return send("PATCH", path, body, as);
  }

  /** Sends a request; a non-null body goes as JSON unless it is bytes or {@code as} sets one. */
  Reply send(String method, String path, @Nullable Object body, As as) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(60));
    boolean contentTypeSet = false;
    for (int i = 0; i < as.headers().size(); i += 2) {
      builder.header(as.headers().get(i), as.headers().get(i + 1));
      contentTypeSet |= as.headers().get(i).equalsIgnoreCase("Content-Type");
    }
    if (body == null) {
      builder.method(method, BodyPublishers.noBody());
    } else if (body instanceof byte[] bytes) {
      builder.method(method, BodyPublishers.ofByteArray(bytes));
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

  /** Returns a JSON object of the name-value pairs, in order. */
  static Map<String, @Nullable Object> body(@Nullable Object... pairs) {
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }

  /** Logs in and returns headers with the session cookie and CSRF token. */
  As login(String username, String password) {
    Reply reply =
        post(
            "/api/v2/auth/login", As.anonymous(), body("username", username, "password", password));
    assertThat(reply.status()).as("login of %s: %s", username, reply).isEqualTo(200);
    String setCookie = reply.header("Set-Cookie").orElseThrow();
    String cookie = setCookie.substring("berth_session=".length(), setCookie.indexOf(';'));
    return new As(
        List.of(
            "Cookie",
            "berth_session=" + cookie,
            "X-CSRF-Token",
            reply.json().get("csrf_token").asText()));
  }

  As loginAdmin() {
    return login("admin", ADMIN_PASSWORD);
  }

  /** Creates a user with {@link #PASSWORD} and returns a session of it. */
  As createUser(As admin, String username) {
    Reply reply =
        post(
            "/api/v2/users",
            admin,
            body("username", username, "email", username + "@example.com", "password", PASSWORD));
    assertThat(reply.status()).as("create user %s: %s", username, reply).isEqualTo(201);
    return login(username, PASSWORD);
  }

  /** Asserts a response status, showing the body when it differs. */
  static Reply expect(Reply reply, int status) {
    assertThat(reply.status()).as("%s", reply).isEqualTo(status);
    return reply;
  }

  // Pushing through the registry API.

  /** A pushed manifest: its digest and exact bytes. */
  record Pushed(Digest digest, byte[] content, long fullSize) {}

  Digest pushBlob(String repository, byte[] content, As as) {
    Digest digest = Digest.sha256(content);
    List<String> headers = new ArrayList<>(as.headers());
    headers.add("Content-Type");
    headers.add("application/octet-stream");
    Reply reply =
        send(
            "POST",
            "/v2/" + repository + "/blobs/uploads/?digest=" + digest,
            content,
            new As(headers));
    assertThat(reply.status()).as("blob upload: %s", reply).isEqualTo(201);
    return digest;
  }

  Pushed pushManifest(
      String repository, String reference, String mediaType, byte[] content, As as) {
    List<String> headers = new ArrayList<>(as.headers());
    headers.add("Content-Type");
    headers.add(mediaType);
    Reply reply =
        send("PUT", "/v2/" + repository + "/manifests/" + reference, content, new As(headers));
    assertThat(reply.status())
        .as("manifest PUT %s:%s: %s", repository, reference, reply)
        .isEqualTo(201);
    return new Pushed(Digest.sha256(content), content, 0);
  }

  /**
   * Pushes a single-platform image whose config names {@code os} and {@code architecture}, and
   * returns the manifest with the compressed size of its config and layer.
   */
  Pushed pushImage(
      String repository,
      String tag,
      String os,
      String architecture,
      @Nullable String variant,
      As as) {
    ObjectNode config = JSON.createObjectNode();
    config.put("architecture", architecture);
    config.put("os", os);
    if (variant != null) {
      config.put("variant", variant);
    }
    config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
    config.put("created", "2026-01-01T00:00:00Z");
    config.put("comment", repository + ":" + tag + " " + os + "/" + architecture);
    byte[] configBytes = bytes(config);
    byte[] layer =
        ("layer of " + repository + ":" + tag + " " + architecture)
            .repeat(40)
            .getBytes(StandardCharsets.UTF_8);
    pushBlob(repository, configBytes, as);
    pushBlob(repository, layer, as);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", OCI_MANIFEST);
    manifest.set("config", descriptor(OCI_CONFIG, configBytes));
    manifest.putArray("layers").add(descriptor(OCI_LAYER, layer));
    byte[] content = bytes(manifest);
    Pushed pushed = pushManifest(repository, tag, OCI_MANIFEST, content, as);
    return new Pushed(pushed.digest(), content, configBytes.length + layer.length);
  }

  /**
   * Pushes a Wasm OCI artifact as wasm-to-oci does: a wasm config naming {@code wasip1/wasm} and
   * one {@code application/wasm} layer.
   */
  Pushed pushWasmArtifact(String repository, String tag, As as) {
    byte[] config =
        "{\"architecture\":\"wasm\",\"os\":\"wasip1\"}".getBytes(StandardCharsets.UTF_8);
    byte[] module = "\0asm module bytes".getBytes(StandardCharsets.UTF_8);
    pushBlob(repository, config, as);
    pushBlob(repository, module, as);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", OCI_MANIFEST);
    manifest.set("config", descriptor("application/vnd.wasm.config.v0+json", config));
    manifest.putArray("layers").add(descriptor("application/wasm", module));
    byte[] content = bytes(manifest);
    Pushed pushed = pushManifest(repository, tag, OCI_MANIFEST, content, as);
    return new Pushed(pushed.digest(), content, config.length + module.length);
  }

  /** Pushes an OCI artifact: empty config, one layer, an artifact type. */
  Pushed pushArtifact(String repository, String tag, As as) {
    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
    byte[] note = "a signed note".getBytes(StandardCharsets.UTF_8);
    pushBlob(repository, empty, as);
    pushBlob(repository, note, as);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", OCI_MANIFEST);
    manifest.put("artifactType", "application/vnd.example.note.v1");
    manifest.set("config", descriptor("application/vnd.oci.empty.v1+json", empty));
    manifest.putArray("layers").add(descriptor("text/plain", note));
    byte[] content = bytes(manifest);
    Pushed pushed = pushManifest(repository, tag, OCI_MANIFEST, content, as);
    return new Pushed(pushed.digest(), content, empty.length + note.length);
  }

  /**
   * Pushes an index of {@code children} with their platforms ({@code os/arch} or {@code
   * os/arch/variant}), plus one BuildKit attestation manifest that the hub must leave out.
   */
  Pushed pushIndex(String repository, String tag, Map<String, Pushed> children, As as) {
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", OCI_INDEX);
    ArrayNode manifests = index.putArray("manifests");
    Pushed first = null;
    for (Map.Entry<String, Pushed> child : children.entrySet()) {
      ObjectNode entry = descriptor(OCI_MANIFEST, child.getValue().content());
      String[] parts = child.getKey().split("/");
      ObjectNode platform = entry.putObject("platform");
      platform.put("os", parts[0]);
      platform.put("architecture", parts[1]);
      if (parts.length > 2) {
        platform.put("variant", parts[2]);
      }
      manifests.add(entry);
      if (first == null) {
        first = child.getValue();
      }
    }
    Pushed attestation = pushArtifact(repository, "attestation-of-" + tag, as);
    ObjectNode entry = descriptor(OCI_MANIFEST, attestation.content());
    entry.putObject("platform").put("os", "unknown").put("architecture", "unknown");
    entry
        .putObject("annotations")
        .put("vnd.docker.reference.type", "attestation-manifest")
        .put("vnd.docker.reference.digest", first.digest().toString());
    manifests.add(entry);
    byte[] content = bytes(index);
    Pushed pushed = pushManifest(repository, tag, OCI_INDEX, content, as);
    long total = children.values().stream().mapToLong(Pushed::fullSize).sum();
    return new Pushed(pushed.digest(), content, total);
  }

  private static ObjectNode descriptor(String mediaType, byte[] content) {
    ObjectNode node = JSON.createObjectNode();
    node.put("mediaType", mediaType);
    node.put("digest", Digest.sha256(content).toString());
    node.put("size", content.length);
    return node;
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
