package dev.berth.registry;

import static dev.berth.registry.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Dialect;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Blob uploads: monolithic, POST then PUT, chunked PATCHes, streamed bodies, {@code Expect:
 * 100-continue}, status, cancel, digest checks, cross-repository mounts and concurrent uploads.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlobUploadTest {

  private static final String UUID_PATTERN =
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  @Parameter Dialect dialect;

  private final AtomicInteger repositories = new AtomicInteger();
  private TestBerth berth;

  @BeforeParameterizedClassInvocation
  void start() throws Exception {
    berth = TestBerth.start(dialect);
  }

  @AfterParameterizedClassInvocation
  void stop() throws Exception {
    berth.close();
  }

  private String newRepository() {
    return "upload/repo" + repositories.incrementAndGet();
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** Opens an upload session and returns its {@code Location}. */
  private URI startUpload(String repository) {
    HttpResponse<byte[]> response =
        berth.post("/v2/" + repository + "/blobs/uploads/", new byte[0]);
    assertThat(response.statusCode()).as(TestBerth.text(response)).isEqualTo(202);
    return location(response);
  }

  private static URI location(HttpResponse<byte[]> response) {
    String value =
        response
            .headers()
            .firstValue("Location")
            .orElseThrow(() -> new AssertionError("no Location in " + TestBerth.text(response)));
    return URI.create(value);
  }

  /** Appends {@code digest} to a Location as a client does: with {@code &} when it has a query. */
  private static URI withDigest(URI location, Digest digest) {
    String separator = location.getRawQuery() == null ? "?" : "&";
    return URI.create(location + separator + "digest=" + digest);
  }

  /** Asserts the headers of every upload progress response, and returns its Location. */
  private URI assertProgress(HttpResponse<byte[]> response, int status, String range) {
    assertThat(response.statusCode()).as(TestBerth.text(response)).isEqualTo(status);
    URI location = location(response);
    assertThat(location.toString()).startsWith(berth.baseUri() + "/v2/");
    String uuid = response.headers().firstValue("Docker-Upload-UUID").orElseThrow();
    assertThat(uuid).matches(UUID_PATTERN);
    assertThat(location.getPath()).endsWith("/blobs/uploads/" + uuid);
    assertThat(response.headers().firstValue("Range")).hasValue(range);
    return location;
  }

  private void assertBlob(String repository, Digest digest, byte[] content) {
    HttpResponse<byte[]> response = berth.get("/v2/" + repository + "/blobs/" + digest);
    assertThat(response.statusCode()).as(TestBerth.text(response)).isEqualTo(200);
    assertThat(response.body()).isEqualTo(content);
  }

  private long stagedUploads() throws IOException {
    Path uploads = berth.dataDir().resolve("uploads");
    try (Stream<Path> entries = Files.list(uploads)) {
      return entries.count();
    }
  }

  // Starting a session and monolithic uploads.

  @Test
  void post_withoutDigest_opensSession() {
    String repository = newRepository();

    HttpResponse<byte[]> response =
        berth.post("/v2/" + repository + "/blobs/uploads/", new byte[0]);

    URI location = assertProgress(response, 202, "0-0");
    assertThat(location.getPath()).startsWith("/v2/" + repository + "/blobs/uploads/");
    assertThat(response.headers().firstValue("Content-Length")).hasValue("0");
  }

  @Test
  void post_withoutTrailingSlash_opensSession() {
    HttpResponse<byte[]> response =
        berth.post("/v2/" + newRepository() + "/blobs/uploads", new byte[0]);

    assertProgress(response, 202, "0-0");
  }

  @Test
  void post_monolithicWithDigest_createsBlob() {
    String repository = newRepository();
    byte[] content = randomBytes(5000, 1);
    Digest digest = Digest.sha256(content);

    HttpResponse<byte[]> response =
        berth.post(
            "/v2/" + repository + "/blobs/uploads/?digest=" + digest,
            content,
            "Content-Type",
            "application/octet-stream");

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("Location"))
        .hasValue(berth.baseUri() + "/v2/" + repository + "/blobs/" + digest);
    assertThat(response.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
    assertBlob(repository, digest, content);
  }

  @Test
  void postThenPut_wholeBody_createsBlob() {
    String repository = newRepository();
    byte[] content = randomBytes(7000, 2);
    Digest digest = Digest.sha256(content);
    URI location = startUpload(repository);

    HttpResponse<byte[]> response = berth.send("PUT", withDigest(location, digest), content);

    assertThat(response.statusCode()).as(TestBerth.text(response)).isEqualTo(201);
    assertThat(response.headers().firstValue("Location"))
        .hasValue(berth.baseUri() + "/v2/" + repository + "/blobs/" + digest);
    assertThat(response.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
    assertBlob(repository, digest, content);
  }

  // Chunked uploads.

  @Test
  void patchThenPut_chunksInOrder_assembleBlob() {
    String repository = newRepository();
    byte[] content = randomBytes(30, 3);
    Digest digest = Digest.sha256(content);
    URI location = startUpload(repository);

    HttpResponse<byte[]> first =
        berth.send("PATCH", location, Arrays.copyOfRange(content, 0, 10), "Content-Range", "0-9");
    location = assertProgress(first, 202, "0-9");
    HttpResponse<byte[]> second =
        berth.send(
            "PATCH", location, Arrays.copyOfRange(content, 10, 25), "Content-Range", "10-24");
    location = assertProgress(second, 202, "0-24");
    HttpResponse<byte[]> last =
        berth.send(
            "PUT",
            withDigest(location, digest),
            Arrays.copyOfRange(content, 25, 30),
            "Content-Range",
            "25-29");

    assertThat(last.statusCode()).as(TestBerth.text(last)).isEqualTo(201);
    assertThat(last.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
    assertBlob(repository, digest, content);
  }

  @Test
  void put_pastPipelineThreshold_storesAllBytes() {
    // Past the first MiB, chunks are written by PipelinedWrites on a second thread.
    String repository = newRepository();
    byte[] content = randomBytes(9 << 20, 40);
    Digest digest = Digest.sha256(content);
    URI location = startUpload(repository);
    location =
        assertProgress(
            berth.send(
                "PATCH",
                location,
                Arrays.copyOfRange(content, 0, 3 << 20),
                "Content-Range",
                "0-" + ((3 << 20) - 1)),
            202,
            "0-" + ((3 << 20) - 1));

    HttpResponse<byte[]> done =
        berth.send(
            "PUT",
            withDigest(location, digest),
            Arrays.copyOfRange(content, 3 << 20, content.length),
            "Content-Range",
            (3 << 20) + "-" + (content.length - 1));

    assertThat(done.statusCode()).as(TestBerth.text(done)).isEqualTo(201);
    assertBlob(repository, digest, content);
  }

  @Test
  void put_afterChunksWithEmptyBody_completesBlob() {
    String repository = newRepository();
    byte[] content = randomBytes(200_000, 4);
    Digest digest = Digest.sha256(content);
    URI location = startUpload(repository);

    location =
        assertProgress(
            berth.send(
                "PATCH",
                location,
                Arrays.copyOfRange(content, 0, 100_000),
                "Content-Range",
                "0-99999"),
            202,
            "0-99999");
    location =
        assertProgress(
            berth.send(
                "PATCH",
                location,
                Arrays.copyOfRange(content, 100_000, 200_000),
                "Content-Range",
                "100000-199999"),
            202,
            "0-199999");
    HttpResponse<byte[]> done = berth.send("PUT", withDigest(location, digest), new byte[0]);

    assertThat(done.statusCode()).as(TestBerth.text(done)).isEqualTo(201);
    assertBlob(repository, digest, content);
  }

  @Test
  void patch_chunkAfterGap_returns416WithCurrentRange() {
    String repository = newRepository();
    byte[] content = randomBytes(30, 5);
    URI location =
        assertProgress(
            berth.send(
                "PATCH",
                startUpload(repository),
                Arrays.copyOfRange(content, 0, 10),
                "Content-Range",
                "0-9"),
            202,
            "0-9");

    HttpResponse<byte[]> gap =
        berth.send(
            "PATCH", location, Arrays.copyOfRange(content, 20, 30), "Content-Range", "20-29");

    assertThat(gap.statusCode()).as(TestBerth.text(gap)).isEqualTo(416);
    assertThat(gap.headers().firstValue("Range")).hasValue("0-9");
    assertThat(gap.headers().firstValue("Location")).hasValue(location.toString());
    assertThat(gap.headers().firstValue("Docker-Upload-UUID"))
        .hasValueSatisfying(uuid -> assertThat(location.getPath()).endsWith(uuid));
    assertThat(ErrorBodies.firstError(gap).path("message").asText()).contains("20-29");
  }

  @Test
  void patch_overlappingChunk_returns416AndSessionContinues() {
    String repository = newRepository();
    byte[] content = randomBytes(20, 6);
    Digest digest = Digest.sha256(content);
    URI location = startUpload(repository);
    location =
        assertProgress(
            berth.send(
                "PATCH", location, Arrays.copyOfRange(content, 0, 10), "Content-Range", "0-9"),
            202,
            "0-9");

    HttpResponse<byte[]> overlap =
        berth.send(
            "PATCH", location, Arrays.copyOfRange(content, 5, 15), "Content-Range", "5-14");
    HttpResponse<byte[]> next =
        berth.send(
            "PATCH", location, Arrays.copyOfRange(content, 10, 20), "Content-Range", "10-19");
    HttpResponse<byte[]> done = berth.send("PUT", withDigest(location, digest), new byte[0]);

    assertThat(overlap.statusCode()).isEqualTo(416);
    assertThat(overlap.headers().firstValue("Range")).hasValue("0-9");
    assertProgress(next, 202, "0-19");
    assertThat(done.statusCode()).as(TestBerth.text(done)).isEqualTo(201);
    assertBlob(repository, digest, content);
  }

  @Test
  void put_finalChunkOutOfOrder_returns416() {
    String repository = newRepository();
    byte[] content = randomBytes(20, 7);
    URI location = startUpload(repository);
    berth.send("PATCH", location, Arrays.copyOfRange(content, 0, 10), "Content-Range", "0-9");

    HttpResponse<byte[]> response =
        berth.send(
            "PUT",
            withDigest(location, Digest.sha256(content)),
            Arrays.copyOfRange(content, 15, 20),
            "Content-Range",
            "15-19");

    assertThat(response.statusCode()).as(TestBerth.text(response)).isEqualTo(416);
    assertThat(response.headers().firstValue("Range")).hasValue("0-9");
  }

  @Test
  void patch_contentRangeDisagreesWithLength_returnsSizeInvalid() {
    URI location = startUpload(newRepository());

    HttpResponse<byte[]> response =
        berth.send("PATCH", location, randomBytes(5, 8), "Content-Range", "0-9");

    assertError(response, 400, "SIZE_INVALID", "0-9", "5");
  }

  @Test
  void patch_malformedContentRange_returnsUploadInvalid() {
    URI location = startUpload(newRepository());

    HttpResponse<byte[]> response =
        berth.send("PATCH", location, randomBytes(5, 9), "Content-Range", "bytes=zero-four");

    assertError(response, 400, "BLOB_UPLOAD_INVALID", "bytes=zero-four");
  }

  // Streamed bodies.

  @Test
  void patch_chunkedEncodingWithoutLength_appends() {
    String repository = newRepository();
    byte[] content = randomBytes(150_000, 10);
    Digest digest = Digest.sha256(content);
    URI location = startUpload(repository);

    HttpResponse<byte[]> patched =
        berth.sendChunked("PATCH", location.getRawPath(), content);
    location = assertProgress(patched, 202, "0-149999");
    HttpResponse<byte[]> done = berth.send("PUT", withDigest(location, digest), new byte[0]);

    assertThat(done.statusCode()).as(TestBerth.text(done)).isEqualTo(201);
    assertBlob(repository, digest, content);
  }

  @Test
  void patch_rawChunkedBody_appendsEveryChunk() throws IOException {
    String repository = newRepository();
    byte[] content = randomBytes(70_000, 11);
    Digest digest = Digest.sha256(content);
    URI location = startUpload(repository);

    RawHttp.Response response;
    try (RawHttp raw = RawHttp.connect(berth.baseUri())) {
      raw.writeHead(
          "PATCH",
          location.getRawPath(),
          "Transfer-Encoding: chunked",
          "Content-Type: application/octet-stream");
      raw.writeChunk(Arrays.copyOfRange(content, 0, 1));
      raw.writeChunk(Arrays.copyOfRange(content, 1, 65_537));
      raw.writeChunk(Arrays.copyOfRange(content, 65_537, 70_000));
      raw.writeChunk(new byte[0]);
      response = raw.readResponse(false);
    }
    HttpResponse<byte[]> done = berth.send("PUT", withDigest(location, digest), new byte[0]);

    assertThat(response.status()).as(response.bodyText()).isEqualTo(202);
    assertThat(response.header("Range")).hasValue("0-69999");
    assertThat(done.statusCode()).as(TestBerth.text(done)).isEqualTo(201);
    assertBlob(repository, digest, content);
  }

  @Test
  void patch_neitherContentRangeNorLength_appendsInOrder() {
    String repository = newRepository();
    byte[] first = randomBytes(1000, 12);
    byte[] second = randomBytes(2345, 13);
    byte[] content = concat(first, second);
    Digest digest = Digest.sha256(content);
    URI location = startUpload(repository);

    location = assertProgress(berth.sendChunked("PATCH", location.getRawPath(), first), 202, "0-999");
    location =
        assertProgress(berth.sendChunked("PATCH", location.getRawPath(), second), 202, "0-3344");
    HttpResponse<byte[]> done = berth.send("PUT", withDigest(location, digest), new byte[0]);

    assertThat(done.statusCode()).as(TestBerth.text(done)).isEqualTo(201);
    assertBlob(repository, digest, content);
  }

  @Test
  void patch_lengthWithoutContentRange_appends() {
    String repository = newRepository();
    byte[] first = randomBytes(10, 14);
    byte[] second = randomBytes(20, 15);
    URI location = startUpload(repository);

    location = assertProgress(berth.send("PATCH", location, first), 202, "0-9");
    location = assertProgress(berth.send("PATCH", location, second), 202, "0-29");
    byte[] content = concat(first, second);
    Digest digest = Digest.sha256(content);
    HttpResponse<byte[]> done = berth.send("PUT", withDigest(location, digest), new byte[0]);

    assertThat(done.statusCode()).isEqualTo(201);
    assertBlob(repository, digest, content);
  }

  // Expect: 100-continue.

  @Test
  void put_expectContinue_sends100BeforeBody() throws IOException {
    String repository = newRepository();
    byte[] content = randomBytes(40_000, 16);
    Digest digest = Digest.sha256(content);
    URI location = startUpload(repository);

    RawHttp.Response interim;
    RawHttp.Response last;
    try (RawHttp raw = RawHttp.connect(berth.baseUri())) {
      raw.writeHead(
          "PUT",
          location.getRawPath() + "?digest=" + digest,
          "Content-Length: " + content.length,
          "Content-Type: application/octet-stream",
          "Expect: 100-continue");
      interim = raw.readResponse(false);
      raw.writeBody(content);
      last = raw.readResponse(false);
    }

    assertThat(interim.statusLine()).startsWith("HTTP/1.1 100");
    assertThat(last.status()).as(last.bodyText()).isEqualTo(201);
    assertThat(last.header("Docker-Content-Digest")).hasValue(digest.toString());
    assertBlob(repository, digest, content);
  }

  @Test
  void patch_expectContinue_sends100BeforeBody() throws IOException {
    String repository = newRepository();
    byte[] content = randomBytes(12_345, 17);
    URI location = startUpload(repository);

    RawHttp.Response interim;
    RawHttp.Response last;
    try (RawHttp raw = RawHttp.connect(berth.baseUri())) {
      raw.writeHead(
          "PATCH",
          location.getRawPath(),
          "Content-Length: " + content.length,
          "Content-Range: 0-12344",
          "Content-Type: application/octet-stream",
          "Expect: 100-continue");
      interim = raw.readResponse(false);
      raw.writeBody(content);
      last = raw.readResponse(false);
    }
    Digest digest = Digest.sha256(content);
    HttpResponse<byte[]> done = berth.send("PUT", withDigest(location, digest), new byte[0]);

    assertThat(interim.statusLine()).startsWith("HTTP/1.1 100");
    assertThat(last.status()).as(last.bodyText()).isEqualTo(202);
    assertThat(last.header("Range")).hasValue("0-12344");
    assertThat(done.statusCode()).isEqualTo(201);
    assertBlob(repository, digest, content);
  }

  @Test
  void put_expectContinueToUnknownUpload_returns404Without100() throws IOException {
    String repository = newRepository();
    byte[] content = randomBytes(100, 18);
    Digest digest = Digest.sha256(content);
    String missing = "/v2/" + repository + "/blobs/uploads/" + java.util.UUID.randomUUID();

    RawHttp.Response response;
    try (RawHttp raw = RawHttp.connect(berth.baseUri())) {
      raw.writeHead(
          "PUT",
          missing + "?digest=" + digest,
          "Content-Length: " + content.length,
          "Expect: 100-continue");
      response = raw.readResponse(false);
    }

    assertThat(response.status()).as(response.statusLine()).isEqualTo(404);
    assertThat(response.bodyText()).contains("BLOB_UPLOAD_UNKNOWN");
  }

  // Status and cancel.

  @Test
  void get_uploadStatus_returns204WithRange() {
    String repository = newRepository();
    URI location = startUpload(repository);
    location = assertProgress(berth.send("PATCH", location, randomBytes(64, 19)), 202, "0-63");

    HttpResponse<byte[]> status = berth.send("GET", location, new byte[0]);

    URI statusLocation = assertProgress(status, 204, "0-63");
    assertThat(status.body()).isEmpty();
    assertThat(statusLocation).isEqualTo(location);
  }

  @Test
  void delete_upload_cancelsSession() throws IOException {
    String repository = newRepository();
    URI location = startUpload(repository);
    berth.send("PATCH", location, randomBytes(64, 20));
    String uuid = location.getPath().substring(location.getPath().lastIndexOf('/') + 1);

    HttpResponse<byte[]> cancelled = berth.send("DELETE", location, new byte[0]);
    HttpResponse<byte[]> status = berth.send("GET", location, new byte[0]);
    HttpResponse<byte[]> patch = berth.send("PATCH", location, randomBytes(8, 21));
    HttpResponse<byte[]> put =
        berth.send("PUT", withDigest(location, Digest.sha256(new byte[0])), new byte[0]);
    HttpResponse<byte[]> cancelledAgain = berth.send("DELETE", location, new byte[0]);

    assertThat(cancelled.statusCode()).isEqualTo(204);
    assertError(status, 404, "BLOB_UPLOAD_UNKNOWN", uuid);
    assertError(patch, 404, "BLOB_UPLOAD_UNKNOWN", uuid);
    assertError(put, 404, "BLOB_UPLOAD_UNKNOWN", uuid);
    assertError(cancelledAgain, 404, "BLOB_UPLOAD_UNKNOWN", uuid);
    assertThat(Files.exists(berth.dataDir().resolve("uploads").resolve(uuid))).isFalse();
  }

  @Test
  void get_unknownUpload_returnsUploadUnknownNamingId() {
    String id = java.util.UUID.randomUUID().toString();

    HttpResponse<byte[]> response =
        berth.get("/v2/" + newRepository() + "/blobs/uploads/" + id);

    assertError(response, 404, "BLOB_UPLOAD_UNKNOWN", id);
  }

  @Test
  void patch_uploadOfAnotherRepository_returnsUploadUnknown() {
    URI location = startUpload(newRepository());
    String id = location.getPath().substring(location.getPath().lastIndexOf('/') + 1);
    String other = newRepository();

    HttpResponse<byte[]> response =
        berth.patch("/v2/" + other + "/blobs/uploads/" + id, randomBytes(8, 22));

    assertError(response, 404, "BLOB_UPLOAD_UNKNOWN", id, other);
  }

  @Test
  void sessionAfterCompletion_isUnknown() {
    String repository = newRepository();
    byte[] content = randomBytes(40, 50);
    Digest digest = Digest.sha256(content);
    URI location = startUpload(repository);
    String uuid = location.getPath().substring(location.getPath().lastIndexOf('/') + 1);
    HttpResponse<byte[]> done = berth.send("PUT", withDigest(location, digest), content);

    HttpResponse<byte[]> status = berth.send("GET", location, new byte[0]);
    HttpResponse<byte[]> again = berth.send("PUT", withDigest(location, digest), new byte[0]);

    assertThat(done.statusCode()).isEqualTo(201);
    assertError(status, 404, "BLOB_UPLOAD_UNKNOWN", uuid);
    assertError(again, 404, "BLOB_UPLOAD_UNKNOWN", uuid);
  }

  @Test
  void idleSession_expiresAndItsBytesAreDeleted() throws Exception {
    var shortLived =
        new dev.berth.server.config.UploadConfig(
            java.time.Duration.ofMillis(300), java.time.Duration.ofMillis(100));
    try (TestBerth expiring = TestBerth.start(dialect, config -> config.withUploads(shortLived))) {
      HttpResponse<byte[]> started =
          expiring.post("/v2/" + newRepository() + "/blobs/uploads/", new byte[0]);
      URI location = location(started);
      expiring.send("PATCH", location, randomBytes(100, 51));
      String uuid = location.getPath().substring(location.getPath().lastIndexOf('/') + 1);
      Path staged = expiring.dataDir().resolve("uploads").resolve(uuid);
      assertThat(Files.exists(staged)).isTrue();

      HttpResponse<byte[]> status = expiring.send("GET", location, new byte[0]);
      for (int i = 0; i < 100 && status.statusCode() != 404; i++) {
        Thread.sleep(100);
        status = expiring.send("GET", location, new byte[0]);
      }

      assertError(status, 404, "BLOB_UPLOAD_UNKNOWN", uuid);
      assertThat(Files.exists(staged)).isFalse();
    }
  }

  @Test
  void reupload_afterBlobDeleted_isReadableAndStoredOnce() throws IOException {
    String repository = newRepository();
    byte[] content = randomBytes(2048, 52);
    Digest digest = berth.pushBlob(repository, content);
    assertThat(berth.delete("/v2/" + repository + "/blobs/" + digest).statusCode())
        .isEqualTo(202);

    HttpResponse<byte[]> again =
        berth.post("/v2/" + repository + "/blobs/uploads/?digest=" + digest, content);

    assertThat(again.statusCode()).as(TestBerth.text(again)).isEqualTo(201);
    assertBlob(repository, digest, content);
    assertThat(berth.countBlobFiles(digest)).isEqualTo(1);
  }

  // Location handling.

  @Test
  void put_locationWithAddedQuestionMarkDigest_completes() {
    String repository = newRepository();
    byte[] content = randomBytes(99, 23);
    Digest digest = Digest.sha256(content);
    URI location = startUpload(repository);
    assertThat(location.getRawQuery()).isNull();

    HttpResponse<byte[]> response =
        berth.send("PUT", URI.create(location + "?digest=" + digest), content);

    assertThat(response.statusCode()).isEqualTo(201);
    assertBlob(repository, digest, content);
  }

  @Test
  void put_locationWithAddedAmpersandDigest_completes() {
    String repository = newRepository();
    byte[] content = randomBytes(99, 24);
    Digest digest = Digest.sha256(content);
    URI location = startUpload(repository);
    URI withQuery =
        location.getRawQuery() == null
            ? URI.create(location + "?client=test")
            : location;

    HttpResponse<byte[]> response = berth.send("PUT", withDigest(withQuery, digest), content);

    assertThat(withDigest(withQuery, digest).getRawQuery()).contains("&digest=");
    assertThat(response.statusCode()).as(TestBerth.text(response)).isEqualTo(201);
    assertBlob(repository, digest, content);
  }

  @Test
  void patch_locationFromPreviousStep_isUsedAsIs() {
    String repository = newRepository();
    byte[] content = randomBytes(30, 25);
    Digest digest = Digest.sha256(content);
    URI location = startUpload(repository);

    for (int offset = 0; offset < 30; offset += 10) {
      HttpResponse<byte[]> response =
          berth.send(
              "PATCH",
              location,
              Arrays.copyOfRange(content, offset, offset + 10),
              "Content-Range",
              offset + "-" + (offset + 9));
      location = assertProgress(response, 202, "0-" + (offset + 9));
    }
    HttpResponse<byte[]> done = berth.send("PUT", withDigest(location, digest), new byte[0]);

    assertThat(done.statusCode()).isEqualTo(201);
  }

  // Zero-byte blobs and other digests.

  @Test
  void post_monolithicZeroBytes_createsEmptyBlob() {
    String repository = newRepository();
    Digest digest = Digest.sha256(new byte[0]);

    HttpResponse<byte[]> response =
        berth.post("/v2/" + repository + "/blobs/uploads/?digest=" + digest, new byte[0]);

    assertThat(response.statusCode()).as(TestBerth.text(response)).isEqualTo(201);
    assertBlob(repository, digest, new byte[0]);
  }

  @Test
  void postThenPut_zeroBytes_createsEmptyBlob() {
    String repository = newRepository();
    Digest digest = Digest.sha256(new byte[0]);
    URI location = startUpload(repository);

    HttpResponse<byte[]> response = berth.send("PUT", withDigest(location, digest), new byte[0]);

    assertThat(response.statusCode()).as(TestBerth.text(response)).isEqualTo(201);
    assertThat(response.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
    assertBlob(repository, digest, new byte[0]);
  }

  @Test
  void patchThenPut_sha512Digest_createsBlob() {
    String repository = newRepository();
    byte[] content = randomBytes(80_000, 26);
    Digest digest = Digest.of(DigestAlgorithm.SHA512, content);
    URI location = startUpload(repository);
    location =
        assertProgress(
            berth.send(
                "PATCH",
                location,
                Arrays.copyOfRange(content, 0, 50_000),
                "Content-Range",
                "0-49999"),
            202,
            "0-49999");

    HttpResponse<byte[]> response =
        berth.send(
            "PUT",
            withDigest(location, digest),
            Arrays.copyOfRange(content, 50_000, 80_000),
            "Content-Range",
            "50000-79999");

    assertThat(response.statusCode()).as(TestBerth.text(response)).isEqualTo(201);
    assertThat(response.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
    assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
        value -> assertThat(value).endsWith("/blobs/" + digest));
    assertBlob(repository, digest, content);
  }

  // Digest checks.

  @Test
  void post_monolithicDigestMismatch_rejectsAndStoresNothing() throws IOException {
    String repository = newRepository();
    byte[] content = randomBytes(500, 27);
    Digest actual = Digest.sha256(content);
    Digest claimed = Digest.sha256(randomBytes(500, 28));
    long blobFilesBefore = berth.countAllBlobFiles();

    HttpResponse<byte[]> response =
        berth.post("/v2/" + repository + "/blobs/uploads/?digest=" + claimed, content);

    assertError(response, 400, "DIGEST_INVALID", claimed.toString(), actual.toString());
    assertThat(berth.head("/v2/" + repository + "/blobs/" + claimed).statusCode()).isEqualTo(404);
    assertThat(berth.head("/v2/" + repository + "/blobs/" + actual).statusCode()).isEqualTo(404);
    assertThat(berth.countBlobFiles(claimed)).isZero();
    assertThat(berth.countBlobFiles(actual)).isZero();
    assertThat(berth.countAllBlobFiles()).isEqualTo(blobFilesBefore);
  }

  @Test
  void put_digestMismatchAfterChunks_cancelsSessionAndStoresNothing() throws IOException {
    String repository = newRepository();
    byte[] content = randomBytes(500, 29);
    Digest actual = Digest.sha256(content);
    Digest claimed = Digest.sha256(randomBytes(500, 30));
    URI location = startUpload(repository);
    location = assertProgress(berth.send("PATCH", location, content), 202, "0-499");
    String uuid = location.getPath().substring(location.getPath().lastIndexOf('/') + 1);

    HttpResponse<byte[]> response =
        berth.send("PUT", withDigest(location, claimed), new byte[0]);
    HttpResponse<byte[]> status = berth.send("GET", location, new byte[0]);

    assertError(response, 400, "DIGEST_INVALID", claimed.toString(), actual.toString());
    assertError(status, 404, "BLOB_UPLOAD_UNKNOWN", uuid);
    assertThat(berth.head("/v2/" + repository + "/blobs/" + claimed).statusCode()).isEqualTo(404);
    assertThat(berth.head("/v2/" + repository + "/blobs/" + actual).statusCode()).isEqualTo(404);
    assertThat(berth.countBlobFiles(claimed)).isZero();
    assertThat(berth.countBlobFiles(actual)).isZero();
    assertThat(Files.exists(berth.dataDir().resolve("uploads").resolve(uuid))).isFalse();
  }

  @Test
  void put_sha512DigestMismatch_rejects() {
    String repository = newRepository();
    byte[] content = randomBytes(100, 31);
    Digest claimed = Digest.of(DigestAlgorithm.SHA512, randomBytes(100, 32));
    URI location = startUpload(repository);

    HttpResponse<byte[]> response = berth.send("PUT", withDigest(location, claimed), content);

    assertError(response, 400, "DIGEST_INVALID", claimed.toString());
    assertThat(berth.head("/v2/" + repository + "/blobs/" + claimed).statusCode()).isEqualTo(404);
  }

  @Test
  void put_withoutDigest_returnsDigestInvalid() {
    URI location = startUpload(newRepository());

    HttpResponse<byte[]> response = berth.send("PUT", location, randomBytes(10, 33));

    assertError(response, 400, "DIGEST_INVALID", "digest");
  }

  @Test
  void put_malformedDigest_returnsDigestInvalidNamingIt() {
    URI location = startUpload(newRepository());

    HttpResponse<byte[]> response =
        berth.send("PUT", URI.create(location + "?digest=sha256:nothex"), randomBytes(10, 34));

    assertError(response, 400, "DIGEST_INVALID", "sha256:nothex");
  }

  @Test
  void post_malformedDigest_leavesNoUploadSession() throws IOException {
    long before = stagedUploads();

    HttpResponse<byte[]> response =
        berth.post(
            "/v2/" + newRepository() + "/blobs/uploads/?digest=sha256:nothex", randomBytes(10, 35));

    assertError(response, 400, "DIGEST_INVALID", "sha256:nothex");
    assertThat(stagedUploads()).as("staged upload directories").isEqualTo(before);
  }

  // Cross-repository mounts.

  @Test
  void post_mountFromRepositoryWithBlob_returns201() throws IOException {
    String source = newRepository();
    String target = newRepository();
    byte[] content = randomBytes(3000, 36);
    Digest digest = berth.pushBlob(source, content);

    HttpResponse<byte[]> response =
        berth.post(
            "/v2/" + target + "/blobs/uploads/?mount=" + digest + "&from=" + source, new byte[0]);

    assertThat(response.statusCode()).as(TestBerth.text(response)).isEqualTo(201);
    assertThat(response.headers().firstValue("Location"))
        .hasValue(berth.baseUri() + "/v2/" + target + "/blobs/" + digest);
    assertThat(response.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
    assertThat(response.headers().firstValue("Docker-Upload-UUID")).isEmpty();
    assertBlob(target, digest, content);
    assertThat(berth.countBlobFiles(digest)).isEqualTo(1);
  }

  @Test
  void post_mountFromRepositoryWithoutBlob_opensSession() {
    String source = newRepository();
    String target = newRepository();
    berth.pushBlob(source, randomBytes(10, 37));
    byte[] content = randomBytes(10, 38);
    Digest digest = Digest.sha256(content);

    HttpResponse<byte[]> response =
        berth.post(
            "/v2/" + target + "/blobs/uploads/?mount=" + digest + "&from=" + source, new byte[0]);
    URI location = assertProgress(response, 202, "0-0");
    HttpResponse<byte[]> done = berth.send("PUT", withDigest(location, digest), content);

    assertThat(done.statusCode()).isEqualTo(201);
    assertBlob(target, digest, content);
  }

  @Test
  void post_mountFromUnknownRepository_opensSession() {
    String target = newRepository();
    Digest digest = Digest.sha256(randomBytes(10, 39));

    HttpResponse<byte[]> response =
        berth.post(
            "/v2/" + target + "/blobs/uploads/?mount=" + digest + "&from=upload/never-pushed",
            new byte[0]);

    assertProgress(response, 202, "0-0");
  }

  @Test
  void post_mountWithoutFrom_opensSession() {
    String source = newRepository();
    Digest digest = berth.pushBlob(source, randomBytes(10, 40));

    HttpResponse<byte[]> response =
        berth.post("/v2/" + newRepository() + "/blobs/uploads/?mount=" + digest, new byte[0]);

    assertProgress(response, 202, "0-0");
  }

  @Test
  void post_mountWithInvalidFrom_opensSession() {
    Digest digest = Digest.sha256(randomBytes(10, 41));

    HttpResponse<byte[]> response =
        berth.post(
            "/v2/" + newRepository() + "/blobs/uploads/?mount=" + digest + "&from=Not..Valid",
            new byte[0]);

    assertProgress(response, 202, "0-0");
  }

  @Test
  void post_mountOfBlobDeletedFromSource_opensSession() {
    String source = newRepository();
    Digest digest = berth.pushBlob(source, randomBytes(10, 42));
    berth.delete("/v2/" + source + "/blobs/" + digest);

    HttpResponse<byte[]> response =
        berth.post(
            "/v2/" + newRepository() + "/blobs/uploads/?mount=" + digest + "&from=" + source,
            new byte[0]);

    assertProgress(response, 202, "0-0");
  }

  // Concurrency.

  @Test
  void concurrentUploads_sameLayerOneRepository_allSucceedAndStoreOnce() throws Exception {
    String repository = newRepository();
    byte[] content = randomBytes(1024 * 1024, 43);
    Digest digest = Digest.sha256(content);

    List<Integer> statuses = runConcurrently(8, i -> uploadInTwoChunks(repository, content));

    assertThat(statuses).containsOnly(201);
    assertBlob(repository, digest, content);
    assertThat(berth.countBlobFiles(digest)).isEqualTo(1);
  }

  @Test
  void concurrentUploads_sameLayerSeveralRepositories_allSucceedAndStoreOnce() throws Exception {
    List<String> targets = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      targets.add(newRepository());
    }
    byte[] content = randomBytes(1024 * 1024, 44);
    Digest digest = Digest.sha256(content);

    List<Integer> statuses =
        runConcurrently(
            targets.size(),
            i ->
                i % 2 == 0
                    ? uploadInTwoChunks(targets.get(i), content)
                    : berth
                        .post(
                            "/v2/" + targets.get(i) + "/blobs/uploads/?digest=" + digest, content)
                        .statusCode());

    assertThat(statuses).containsOnly(201);
    for (String target : targets) {
      assertBlob(target, digest, content);
    }
    assertThat(berth.countBlobFiles(digest)).isEqualTo(1);
  }

  private int uploadInTwoChunks(String repository, byte[] content) {
    URI location = startUpload(repository);
    int half = content.length / 2;
    HttpResponse<byte[]> patched =
        berth.send(
            "PATCH",
            location,
            Arrays.copyOfRange(content, 0, half),
            "Content-Range",
            "0-" + (half - 1));
    if (patched.statusCode() != 202) {
      return patched.statusCode();
    }
    return berth
        .send(
            "PUT",
            withDigest(location(patched), Digest.sha256(content)),
            Arrays.copyOfRange(content, half, content.length))
        .statusCode();
  }

  /** Runs {@code task} on {@code count} threads released together; returns the results. */
  private static <T> List<T> runConcurrently(int count, IndexedTask<T> task) throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(count);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        Callable<T> call =
            () -> {
              go.await();
              return task.run(index);
            };
        futures.add(executor.submit(call));
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(120, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      executor.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface IndexedTask<T> {
    T run(int index) throws Exception;
  }

  // Methods.

  @Test
  void get_uploadsCollection_returns405() {
    HttpResponse<byte[]> response = berth.get("/v2/" + newRepository() + "/blobs/uploads/");

    assertError(response, 405, "UNSUPPORTED", "GET");
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] all = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }
}
