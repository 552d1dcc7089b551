package dev.berth.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The registry requests of one benchmark request: push an image, pull an image, list the catalog.
 * Each follows the OCI Distribution spec step by step and checks every status, so a wrong status or
 * wrong content fails the request instead of counting as fast. Thread-safe.
 */
final class ImageClient {

  static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
  static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
  static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar";
  static final String CATALOG_SCOPE = "registry:catalog:*";

  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final int READ_BUFFER_BYTES = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;
  private final URI base;
  private final RegistryAuth auth;
  private final long chunkSize;

  /**
   * @param chunkSize the largest {@code PATCH} body of a chunked upload, in bytes
   */
  ImageClient(HttpClient client, URI base, RegistryAuth auth, long chunkSize) {
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunk size must be > 0, got " + chunkSize);
    }
    this.client = client;
    this.base = base;
    this.auth = auth;
    this.chunkSize = chunkSize;
  }

  /**
   * Pushes {@code layer}, a config naming it and a manifest tagged {@code tag} into {@code
   * repository}. The layer goes up in one {@code PUT}, or in {@code PATCH}es of at most the chunk
   * size when {@code chunked}; the config always in one {@code PUT}.
   */
  PushedImage push(String repository, String tag, GeneratedBlob layer, boolean chunked)
      throws RequestFailedException {
    Optional<String> authorization = auth.header(List.of(pushScope(repository)));

    if (chunked) {
      uploadChunked(repository, layer, authorization);
    } else {
      uploadMonolithic(repository, layer.digest(), streamOf(layer), authorization);
    }

    byte[] config = config(layer.digest());
    Digest configDigest = Digest.sha256(config);
    uploadMonolithic(repository, configDigest, BodyPublishers.ofByteArray(config), authorization);

    byte[] manifest = manifest(configDigest, config.length, layer);
    HttpRequest put =
        request(base.resolve("/v2/" + repository + "/manifests/" + tag), authorization)
            .header("Content-Type", MANIFEST_TYPE)
            .PUT(BodyPublishers.ofByteArray(manifest))
            .build();
    expect(send(put, BodyHandlers.ofString()), 201);
    return new PushedImage(
        repository,
        tag,
        Digest.sha256(manifest),
        configDigest,
        layer,
        layer.size() + config.length + manifest.length);
  }

  /**
   * Pulls {@code image} by its tag: the manifest, then the config and the layer, hashing each while
   * it streams in. Returns the bytes received.
   *
   * @throws RequestFailedException when a status is wrong or content does not match its digest
   */
  long pull(PushedImage image) throws RequestFailedException {
    Optional<String> authorization = auth.header(List.of(pullScope(image.repository())));
    String prefix = "/v2/" + image.repository();

    HttpRequest manifestGet =
        request(base.resolve(prefix + "/manifests/" + image.tag()), authorization)
            .header("Accept", MANIFEST_TYPE)
            .GET()
            .build();
    HttpResponse<byte[]> manifest = send(manifestGet, BodyHandlers.ofByteArray());
    expect(manifest, 200);
    Digest received = Digest.sha256(manifest.body());
    if (!received.equals(image.manifestDigest())) {
      throw new RequestFailedException(
          "manifest "
              + image.repository()
              + ":"
              + image.tag()
              + " has digest "
              + received
              + ", expected "
              + image.manifestDigest());
    }

    long configBytes = fetchBlob(prefix, image.configDigest(), authorization);
    long layerBytes = fetchBlob(prefix, image.layer().digest(), authorization);
    return manifest.body().length + configBytes + layerBytes;
  }

  /** Sends {@code GET /v2/_catalog} and returns the bytes received. */
  long catalog() throws RequestFailedException {
    Optional<String> authorization = auth.header(List.of(CATALOG_SCOPE));
    HttpRequest get = request(base.resolve("/v2/_catalog"), authorization).GET().build();
    HttpResponse<byte[]> response = send(get, BodyHandlers.ofByteArray());
    expect(response, 200);
    return response.body().length;
  }

  /**
   * Fetches or refreshes the token for {@code scopes} unless a valid one is cached, so the next
   * request that needs them starts with a token in hand, as a client's pushes and pulls do.
   *
   * @throws BenchException when the token service rejects the credentials
   */
  void authorize(List<String> scopes) {
    auth.header(scopes);
  }

  static String pushScope(String repository) {
    return "repository:" + repository + ":pull,push";
  }

  static String pullScope(String repository) {
    return "repository:" + repository + ":pull";
  }

  private long fetchBlob(String prefix, Digest digest, Optional<String> authorization)
      throws RequestFailedException {
    HttpRequest get =
        request(base.resolve(prefix + "/blobs/" + digest), authorization).GET().build();
    HttpResponse<InputStream> response = send(get, BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new RequestFailedException(
            describe(response)
                + " returned "
                + response.statusCode()
                + ", expected 200: "
                + new String(body.readNBytes(1024), java.nio.charset.StandardCharsets.UTF_8));
      }
      MessageDigest sha256 = GeneratedBlob.sha256();
      byte[] buffer = new byte[READ_BUFFER_BYTES];
      long total = 0;
      for (int n = body.read(buffer); n > 0; n = body.read(buffer)) {
        sha256.update(buffer, 0, n);
        total += n;
      }
      Digest received = Digest.parse("sha256:" + GeneratedBlob.hex(sha256.digest()));
      if (!received.equals(digest)) {
        throw new RequestFailedException(
            "blob " + digest + " arrived as " + total + " bytes with digest " + received);
      }
      return total;
    } catch (IOException e) {
      throw new RequestFailedException("reading blob " + digest + " failed: " + e, e);
    }
  }

  private void uploadMonolithic(
      String repository, Digest digest, BodyPublisher content, Optional<String> authorization)
      throws RequestFailedException {
    URI location = startUpload(repository, authorization);
    HttpRequest put =
        request(withDigest(location, digest), authorization)
            .header("Content-Type", "application/octet-stream")
            .PUT(content)
            .build();
    expect(send(put, BodyHandlers.ofString()), 201);
  }

  private void uploadChunked(String repository, GeneratedBlob layer, Optional<String> authorization)
      throws RequestFailedException {
    URI location = startUpload(repository, authorization);
    try (InputStream content = layer.open()) {
      for (long offset = 0; offset < layer.size(); offset += chunkSize) {
        long length = Math.min(chunkSize, layer.size() - offset);
        BodyPublisher chunk =
            BodyPublishers.fromPublisher(
                BodyPublishers.ofInputStream(() -> new BoundedInputStream(content, length)),
                length);
        HttpRequest patch =
            request(location, authorization)
                .header("Content-Type", "application/octet-stream")
                .header("Content-Range", offset + "-" + (offset + length - 1))
                .method("PATCH", chunk)
                .build();
        HttpResponse<String> response = send(patch, BodyHandlers.ofString());
        expect(response, 202);
        location = location(response);
      }
    } catch (IOException e) {
      throw new RequestFailedException("generating layer content failed: " + e, e);
    }
    HttpRequest put =
        request(withDigest(location, layer.digest()), authorization)
            .PUT(BodyPublishers.noBody())
            .build();
    expect(send(put, BodyHandlers.ofString()), 201);
  }

  private URI startUpload(String repository, Optional<String> authorization)
      throws RequestFailedException {
    HttpRequest post =
        request(base.resolve("/v2/" + repository + "/blobs/uploads/"), authorization)
            .POST(BodyPublishers.noBody())
            .build();
    HttpResponse<String> response = send(post, BodyHandlers.ofString());
    expect(response, 202);
    return location(response);
  }

  private URI location(HttpResponse<?> response) throws RequestFailedException {
    String location =
        response
            .headers()
            .firstValue("Location")
            .orElseThrow(() -> new RequestFailedException(describe(response) + " has no Location"));
    return base.resolve(location);
  }

  private static URI withDigest(URI location, Digest digest) {
    String separator = location.getRawQuery() == null ? "?" : "&";
    return URI.create(location + separator + "digest=" + digest);
  }

  private static BodyPublisher streamOf(GeneratedBlob blob) {
    return BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(blob::open), blob.size());
  }

  private static byte[] config(Digest layerDigest) {
    ObjectNode config = JSON.createObjectNode();
    config.put("architecture", "amd64");
    config.put("os", "linux");
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    // The layer is an uncompressed tar type, so its diff ID is its own digest.
    rootfs.putArray("diff_ids").add(layerDigest.toString());
    return toBytes(config);
  }

  private static byte[] manifest(Digest configDigest, long configSize, GeneratedBlob layer) {
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MANIFEST_TYPE);
    ObjectNode config = manifest.putObject("config");
    config.put("mediaType", CONFIG_TYPE);
    config.put("digest", configDigest.toString());
    config.put("size", configSize);
    ObjectNode layerNode = manifest.putArray("layers").addObject();
    layerNode.put("mediaType", LAYER_TYPE);
    layerNode.put("digest", layer.digest().toString());
    layerNode.put("size", layer.size());
    return toBytes(manifest);
  }

  private static byte[] toBytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }

  private HttpRequest.Builder request(URI uri, Optional<String> authorization) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
    authorization.ifPresent(value -> builder.header("Authorization", value));
    return builder;
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws RequestFailedException {
    try {
      return client.send(request, handler);
    } catch (IOException e) {
      throw new RequestFailedException(
          request.method() + " " + request.uri().getPath() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RequestFailedException("interrupted during " + request.method(), e);
    }
  }

  private static void expect(HttpResponse<?> response, int status) throws RequestFailedException {
    if (response.statusCode() != status) {
      String text = "";
      if (response.body() instanceof String string) {
        text = string;
      } else if (response.body() instanceof byte[] bytes) {
        text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
      }
      throw new RequestFailedException(
          describe(response)
              + " returned "
              + response.statusCode()
              + ", expected "
              + status
              + (text.isEmpty() ? "" : ": " + text));
    }
  }

  private static String describe(HttpResponse<?> response) {
    return response.request().method() + " " + response.request().uri().getPath();
  }
}
