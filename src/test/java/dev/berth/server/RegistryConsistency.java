package dev.berth.server;

import static dev.berth.server.DistributionClient.errorCode;
import static dev.berth.server.DistributionClient.sha256;
import static dev.berth.server.DistributionClient.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;

/**
 * Checks a restarted registry against a {@link CrashLedger}, collecting every violation in a
 * {@link SoftAssertions} instead of stopping at the first one.
 *
 * <p>The checks: every tag resolves to a manifest whose bytes hash to its digest; every blob and
 * child manifest that a stored manifest references is readable in full and hashes to its digest;
 * HEAD and GET agree on status, length and digest; acknowledged writes are all there; a write in
 * flight at the kill is either absent or whole. Blobs and manifests are immutable, so one read in
 * full is enough; later rounds check them again with HEAD only. Not thread-safe.
 */
final class RegistryConsistency {

  /** The outcome of in-flight writes, as the restarted registry shows them. */
  record Observed(Set<String> keptBlobs, Set<String> keptManifests, Map<String, String> tags) {}

  private static final Pattern BLOB_FILE =
      Pattern.compile("sha256/([0-9a-f]{2})/([0-9a-f]{64})/[0-9a-f]{16}");

  private final String repository;
  private final Set<String> readBlobs = new HashSet<>();
  private final Set<String> readManifests = new HashSet<>();

  RegistryConsistency(String repository) {
    this.repository = repository;
  }

  /**
   * Checks the files under {@code DATA/blobs} while no server runs: each one sits at a key of the
   * layout {@code sha256/<xx>/<hex>/<nonce>} and its bytes hash to {@code <hex>}, so no partly
   * written upload ever sits where readers look.
   */
  static void checkBlobFiles(Path dataDir, SoftAssertions softly) throws IOException {
    Path root = dataDir.resolve("blobs");
    if (!Files.isDirectory(root)) {
      return;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      String key = root.relativize(file).toString().replace('\\', '/');
      Matcher m = BLOB_FILE.matcher(key);
      softly.assertThat(m.matches()).as("file blobs/%s follows the key layout", key).isTrue();
      if (m.matches()) {
        softly.assertThat(m.group(2)).as("hash prefix directory of blobs/%s", key)
            .startsWith(m.group(1));
        softly.assertThat(sha256Hex(file)).as("sha256 of the bytes in blobs/%s", key)
            .isEqualTo(m.group(2));
      }
    }
  }

  /** Checks the registry against {@code ledger} and returns what became of in-flight writes. */
  Observed check(DistributionClient client, CrashLedger ledger, SoftAssertions softly)
      throws IOException, InterruptedException {
    Map<String, String> observedTags = checkTags(client, ledger, softly);

    for (Map.Entry<String, byte[]> manifest : ledger.manifests().entrySet()) {
      checkManifest(client, manifest.getKey(), Optional.of(manifest.getValue()), softly);
    }
    Set<String> keptManifests = new HashSet<>();
    for (Map.Entry<String, byte[]> manifest : ledger.pendingManifests().entrySet()) {
      if (isPresentManifest(client, manifest.getKey(), softly)) {
        checkManifest(client, manifest.getKey(), Optional.of(manifest.getValue()), softly);
        keptManifests.add(manifest.getKey());
      }
    }

    for (Map.Entry<String, byte[]> blob : ledger.blobs().entrySet()) {
      checkBlob(client, blob.getKey(), blob.getValue().length, Optional.of(blob.getValue()), softly);
    }
    Set<String> keptBlobs = new HashSet<>();
    for (Map.Entry<String, byte[]> blob : ledger.pendingBlobs().entrySet()) {
      if (isPresentBlob(client, blob.getKey(), softly)) {
        checkBlob(
            client, blob.getKey(), blob.getValue().length, Optional.of(blob.getValue()), softly);
        keptBlobs.add(blob.getKey());
      }
    }
    return new Observed(keptBlobs, keptManifests, observedTags);
  }

  /**
   * Checks that {@code digest} is not readable as a blob: HEAD and GET both return 404
   * BLOB_UNKNOWN.
   */
  void checkBlobAbsent(DistributionClient client, String digest, SoftAssertions softly)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> head = client.headBlob(repository, digest);
    softly.assertThat(head.statusCode()).as("HEAD of unfinished blob %s", digest).isEqualTo(404);
    HttpResponse<byte[]> get = client.getBlob(repository, digest);
    softly.assertThat(get.statusCode()).as("GET of unfinished blob %s: %s", digest, text(get))
        .isEqualTo(404);
    softly.assertThat(errorCode(get)).as("error code of unfinished blob %s", digest)
        .isEqualTo("BLOB_UNKNOWN");
  }

  /**
   * Checks every tag the registry lists: it must be one the test pushed, point at the acknowledged
   * manifest or at one in flight for it, and that manifest must be whole. Returns tag to digest.
   */
  private Map<String, String> checkTags(
      DistributionClient client, CrashLedger ledger, SoftAssertions softly)
      throws IOException, InterruptedException {
    Map<String, String> acknowledged = ledger.tags();
    List<String> catalog = client.catalog();
    if (!catalog.contains(repository)) {
      softly.assertThat(acknowledged).as("acknowledged tags of a repository missing from the catalog")
          .isEmpty();
      return Map.of();
    }
    List<String> listed = client.tags(repository);
    softly.assertThat(listed).as("tag list").containsAll(acknowledged.keySet());

    Set<String> known = ledger.allTags();
    Map<String, String> observed = new HashMap<>();
    for (String tag : listed) {
      softly.assertThat(known).as("tags the test pushed").contains(tag);
      HttpResponse<byte[]> get = client.getManifest(repository, tag);
      if (!expectStatus(softly, get, 200, "GET manifest by tag " + tag)) {
        continue;
      }
      String digest = sha256(get.body());
      softly.assertThat(get.headers().firstValue("Docker-Content-Digest"))
          .as("Docker-Content-Digest of tag %s", tag).hasValue(digest);

      Set<String> allowed = new HashSet<>(ledger.pendingDigestsOf(tag));
      Optional.ofNullable(acknowledged.get(tag)).ifPresent(allowed::add);
      softly.assertThat(allowed).as("manifests tag %s may point at", tag).contains(digest);
      checkManifest(client, digest, Optional.of(get.body()), softly);
      observed.put(tag, digest);
    }
    return observed;
  }

  /**
   * Checks that the manifest {@code digest} reads back whole, that HEAD agrees with GET, and that
   * everything it references is there and whole.
   */
  void checkManifest(
      DistributionClient client, String digest, Optional<byte[]> expected, SoftAssertions softly)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> head = client.headManifest(repository, digest);
    if (!expectStatus(softly, head, 200, "HEAD manifest " + digest)) {
      return;
    }
    softly.assertThat(head.headers().firstValue("Docker-Content-Digest"))
        .as("Docker-Content-Digest of HEAD manifest %s", digest).hasValue(digest);
    if (!readManifests.add(digest)) {
      return;
    }

    HttpResponse<byte[]> get = client.getManifest(repository, digest);
    if (!expectStatus(softly, get, 200, "GET manifest " + digest)) {
      return;
    }
    byte[] body = get.body();
    softly.assertThat(sha256(body)).as("sha256 of manifest %s", digest).isEqualTo(digest);
    expected.ifPresent(
        bytes -> softly.assertThat(body).as("bytes of manifest %s", digest).isEqualTo(bytes));
    softly.assertThat(head.headers().firstValue("Content-Length"))
        .as("HEAD Content-Length of manifest %s", digest).hasValue(Integer.toString(body.length));
    softly.assertThat(head.headers().firstValue("Content-Type"))
        .as("HEAD and GET Content-Type of manifest %s", digest)
        .isEqualTo(get.headers().firstValue("Content-Type"));

    JsonNode manifest = DistributionClient.json(body);
    for (JsonNode child : manifest.path("manifests")) {
      checkManifest(client, child.path("digest").asText(), Optional.empty(), softly);
    }
    List<JsonNode> blobs = new ArrayList<>();
    if (manifest.has("config")) {
      blobs.add(manifest.get("config"));
    }
    manifest.path("layers").forEach(blobs::add);
    for (JsonNode blob : blobs) {
      checkBlob(client, blob.path("digest").asText(), blob.path("size").asLong(), Optional.empty(), softly);
    }
  }

  /**
   * Checks that the blob {@code digest} has {@code size} bytes that hash to it, and that HEAD
   * agrees with GET.
   */
  void checkBlob(
      DistributionClient client,
      String digest,
      long size,
      Optional<byte[]> expected,
      SoftAssertions softly)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> head = client.headBlob(repository, digest);
    if (!expectStatus(softly, head, 200, "HEAD blob " + digest)) {
      return;
    }
    softly.assertThat(head.headers().firstValue("Content-Length"))
        .as("HEAD Content-Length of blob %s", digest).hasValue(Long.toString(size));
    softly.assertThat(head.headers().firstValue("Docker-Content-Digest"))
        .as("HEAD Docker-Content-Digest of blob %s", digest).hasValue(digest);
    if (!readBlobs.add(digest)) {
      return;
    }

    HttpResponse<byte[]> get = client.getBlob(repository, digest);
    if (!expectStatus(softly, get, 200, "GET blob " + digest)) {
      return;
    }
    softly.assertThat((long) get.body().length).as("length of blob %s", digest).isEqualTo(size);
    softly.assertThat(sha256(get.body())).as("sha256 of blob %s", digest).isEqualTo(digest);
    softly.assertThat(get.headers().firstValue("Docker-Content-Digest"))
        .as("GET Docker-Content-Digest of blob %s", digest).hasValue(digest);
    expected.ifPresent(
        bytes ->
            softly.assertThat(Arrays.mismatch(get.body(), bytes))
                .as("first byte of blob %s that differs from what was pushed", digest)
                .isEqualTo(-1));
  }

  /** Returns whether a manifest in flight at the kill exists. When it does not, GET must agree. */
  private boolean isPresentManifest(DistributionClient client, String digest, SoftAssertions softly)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> head = client.headManifest(repository, digest);
    if (head.statusCode() == 200) {
      return true;
    }
    softly.assertThat(head.statusCode()).as("HEAD of in-flight manifest %s", digest).isEqualTo(404);
    HttpResponse<byte[]> get = client.getManifest(repository, digest);
    softly.assertThat(get.statusCode()).as("GET of in-flight manifest %s after HEAD said %d: %s",
        digest, head.statusCode(), text(get)).isEqualTo(head.statusCode());
    return false;
  }

  /** Returns whether a blob in flight at the kill exists. When it does not, GET must agree. */
  private boolean isPresentBlob(DistributionClient client, String digest, SoftAssertions softly)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> head = client.headBlob(repository, digest);
    if (head.statusCode() == 200) {
      return true;
    }
    softly.assertThat(head.statusCode()).as("HEAD of in-flight blob %s", digest).isEqualTo(404);
    HttpResponse<byte[]> get = client.getBlob(repository, digest);
    softly.assertThat(get.statusCode()).as("GET of in-flight blob %s after HEAD said %d: %s",
        digest, head.statusCode(), text(get)).isEqualTo(head.statusCode());
    return false;
  }

  private static boolean expectStatus(
      SoftAssertions softly, HttpResponse<byte[]> response, int status, String what) {
    softly.assertThat(response.statusCode()).as("%s: %s", what, text(response)).isEqualTo(status);
    return response.statusCode() == status;
  }

  private static String sha256Hex(Path file) throws IOException {
    MessageDigest hasher;
    try {
      hasher = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), hasher)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(hasher.digest());
  }
}
