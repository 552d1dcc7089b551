package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A small client of the OCI distribution API for tests, written against the specification with
 * {@link HttpClient} so that no Berth code checks Berth's responses. Paths are resolved against one
 * base URL; {@link #withBase} points the same connection pool at a restarted server. Thread-safe.
 */
final class DistributionClient {

  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http;
  private final URI base;

  DistributionClient(URI base) {
    this(
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build(),
        base);
  }

  private DistributionClient(HttpClient http, URI base) {
    this.http = http;
    this.base = base;
  }

  /** Returns a client for another server that shares this client's connection pool. */
  DistributionClient withBase(URI otherBase) {
    return new DistributionClient(http, otherBase);
  }

  URI base() {
    return base;
  }

  /** Returns a request builder for {@code pathAndQuery}, which starts with a slash. */
  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(REQUEST_TIMEOUT);
  }

  HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, BodyHandlers.ofByteArray());
  }

  // Uploads.

  /** Opens an upload session with POST and returns the path of its Location. */
  String startUpload(String repository) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        send(
            request("/v2/" + repository + "/blobs/uploads/")
                .POST(BodyPublishers.noBody())
                .build());
    assertThat(response.statusCode()).as("POST upload: %s", text(response)).isEqualTo(202);
    return pathOf(response.headers().firstValue("Location").orElseThrow());
  }

  /** Sends {@code content[from, to)} as one PATCH with Content-Range and Content-Length. */
  HttpResponse<byte[]> patch(String uploadPath, byte[] content, int from, int to)
      throws IOException, InterruptedException {
    return send(
        request(uploadPath)
            .header("Content-Type", "application/octet-stream")
            .header("Content-Range", from + "-" + (to - 1))
            .method("PATCH", BodyPublishers.ofByteArray(content, from, to - from))
            .build());
  }

  /** Completes an upload with PUT ?digest=, sending {@code body} as the last bytes. */
  HttpResponse<byte[]> complete(String uploadPath, String digest, BodyPublisher body)
      throws IOException, InterruptedException {
    String separator = uploadPath.contains("?") ? "&" : "?";
    return send(
        request(uploadPath + separator + "digest=" + digest)
            .header("Content-Type", "application/octet-stream")
            .PUT(body)
            .build());
  }

  /** Returns the status of an upload session (GET). */
  HttpResponse<byte[]> uploadStatus(String uploadPath) throws IOException, InterruptedException {
    return send(request(uploadPath).GET().build());
  }

  /**
   * Polls the upload status until the server has staged {@code expected} bytes, which shows that
   * a request still streaming its body has reached the server's disk.
   */
  void awaitStaged(String uploadPath, long expected) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    long staged = -1;
    while (System.nanoTime() < deadline) {
      HttpResponse<byte[]> status = uploadStatus(uploadPath);
      assertThat(status.statusCode()).as("GET upload status: %s", text(status)).isEqualTo(204);
      staged = stagedSize(status);
      if (staged == expected) {
        return;
      }
      assertThat(staged).as("staged bytes").isLessThanOrEqualTo(expected);
      Thread.sleep(5);
    }
    throw new AssertionError("upload staged " + staged + " bytes, not " + expected + ", in 30 s");
  }

  /**
   * Pushes {@code content} as a blob with POST, one PATCH per {@code chunkSize} bytes and a PUT
   * with no body, checking every status and Range on the way, and returns its digest.
   */
  String pushBlob(String repository, byte[] content, int chunkSize)
      throws IOException, InterruptedException {
    String digest = sha256(content);
    String uploadPath = startUpload(repository);
    for (int from = 0; from < content.length; from += chunkSize) {
      int to = Math.min(content.length, from + chunkSize);
      HttpResponse<byte[]> patched = patch(uploadPath, content, from, to);
      assertThat(patched.statusCode()).as("PATCH %d-%d: %s", from, to - 1, text(patched))
          .isEqualTo(202);
      assertThat(patched.headers().firstValue("Range")).as("Range after PATCH")
          .hasValue("0-" + (to - 1));
    }
    HttpResponse<byte[]> put = complete(uploadPath, digest, BodyPublishers.noBody());
    assertThat(put.statusCode()).as("PUT upload of %s: %s", digest, text(put)).isEqualTo(201);
    return digest;
  }

  // Blobs.

  HttpResponse<byte[]> getBlob(String repository, String digest)
      throws IOException, InterruptedException {
    return send(request("/v2/" + repository + "/blobs/" + digest).GET().build());
  }

  HttpResponse<byte[]> headBlob(String repository, String digest)
      throws IOException, InterruptedException {
    return send(
        request("/v2/" + repository + "/blobs/" + digest)
            .method("HEAD", BodyPublishers.noBody())
            .build());
  }

  // Manifests, tags and the catalog.

  HttpResponse<byte[]> putManifest(
      String repository, String reference, String mediaType, byte[] manifest)
      throws IOException, InterruptedException {
    return send(
        request("/v2/" + repository + "/manifests/" + reference)
            .header("Content-Type", mediaType)
            .PUT(BodyPublishers.ofByteArray(manifest))
            .build());
  }

  HttpResponse<byte[]> getManifest(String repository, String reference)
      throws IOException, InterruptedException {
    return send(
        request("/v2/" + repository + "/manifests/" + reference)
            .header("Accept", OCI_MANIFEST + ", " + OCI_INDEX)
            .GET()
            .build());
  }

  HttpResponse<byte[]> headManifest(String repository, String reference)
      throws IOException, InterruptedException {
    return send(
        request("/v2/" + repository + "/manifests/" + reference)
            .header("Accept", OCI_MANIFEST + ", " + OCI_INDEX)
            .method("HEAD", BodyPublishers.noBody())
            .build());
  }

  /** Returns every repository in the catalog, following no pagination (one page of 10,000). */
  List<String> catalog() throws IOException, InterruptedException {
    HttpResponse<byte[]> response = send(request("/v2/_catalog?n=10000").GET().build());
    assertThat(response.statusCode()).as("GET catalog: %s", text(response)).isEqualTo(200);
    return names(JSON.readTree(response.body()).path("repositories"));
  }

  /** Returns every tag of {@code repository}. */
  List<String> tags(String repository) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        send(request("/v2/" + repository + "/tags/list").GET().build());
    assertThat(response.statusCode()).as("GET tags of %s: %s", repository, text(response))
        .isEqualTo(200);
    return names(JSON.readTree(response.body()).path("tags"));
  }

  // Values.

  /** Returns the wire form {@code sha256:<hex>} of the SHA-256 digest of {@code content}. */
  static String sha256(byte[] content) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  /**
   * Returns the number of staged bytes an upload response reports in {@code Range: 0-<last>}.
   *
   * <p>NOTE: the distribution API writes both an empty upload and a one-byte upload as {@code
   * 0-0}; this returns 1 for it, so callers avoid asking about empty uploads.
   */
  static long stagedSize(HttpResponse<?> response) {
    String range = response.headers().firstValue("Range").orElseThrow(
        () -> new AssertionError("upload response has no Range header: " + response));
    assertThat(range).as("Range header").matches("0-\\d+");
    return Long.parseLong(range.substring(2)) + 1;
  }

  /** Returns the error code of a distribution API error body, or the body when it has none. */
  static String errorCode(HttpResponse<byte[]> response) {
    try {
      JsonNode code = JSON.readTree(response.body()).path("errors").path(0).path("code");
      return code.isTextual() ? code.asText() : text(response);
    } catch (IOException e) {
      return text(response);
    }
  }

  /** Returns the body as text, cut short, for assertion messages. */
  static String text(HttpResponse<byte[]> response) {
    byte[] body = response.body() == null ? new byte[0] : response.body();
    String text = new String(Arrays.copyOf(body, Math.min(body.length, 2000)), java.nio.charset.StandardCharsets.UTF_8);
    return response.statusCode() + " " + text;
  }

  static JsonNode json(byte[] content) {
    try {
      return JSON.readTree(content);
    } catch (IOException e) {
      throw new UncheckedIOException("response is not JSON", e);
    }
  }

  /** Returns the path and query of {@code location}, so it can be sent to a restarted server. */
  static String pathOf(String location) {
    URI uri = URI.create(location);
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(node -> names.add(node.asText()));
    return names;
  }
}
