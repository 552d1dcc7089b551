package dev.berth.server;

import static dev.berth.server.DistributionClient.errorCode;
import static dev.berth.server.DistributionClient.sha256;
import static dev.berth.server.DistributionClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.config.AuthConfig;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.HostPort;
import dev.berth.server.config.UploadConfig;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upload sessions left idle for longer than {@link UploadConfig#sessionTtl()} expire: their status
 * turns into 404 BLOB_UPLOAD_UNKNOWN and their staging directory under {@code DATA/uploads/} is
 * deleted. A session that keeps receiving bytes is not idle and must not expire. Waits poll with a
 * deadline; sleeps only pace a client.
 */
class UploadExpiryTest {

  private static final String REPOSITORY = "expiry/app";
  private static final Duration SHORT_TTL = Duration.ofMillis(300);
  private static final Duration PURGE_INTERVAL = Duration.ofMillis(50);
  private static final Duration DEADLINE = Duration.ofSeconds(15);

  @TempDir Path dataDir;

  @Test
  void abandonedSession_afterTtl_isDeleted() throws Exception {
    try (Berth berth = start(new UploadConfig(SHORT_TTL, PURGE_INTERVAL))) {
      DistributionClient client = new DistributionClient(berth.baseUri());
      byte[] content = randomBytes(100_000);
      String uploadPath = client.startUpload(REPOSITORY);
      HttpResponse<byte[]> patched = client.patch(uploadPath, content, 0, 40_000);
      assertThat(patched.statusCode()).as("PATCH: %s", text(patched)).isEqualTo(202);
      Path staging = stagingDir(uploadPath);
      assertThat(staging.resolve("data")).as("staged bytes").hasSize(40_000);

      HttpResponse<byte[]> expired = awaitExpired(client, uploadPath);
      assertThat(errorCode(expired)).isEqualTo("BLOB_UPLOAD_UNKNOWN");
      awaitDeleted(staging);

      HttpResponse<byte[]> patchAfter = client.patch(uploadPath, content, 40_000, 100_000);
      assertThat(patchAfter.statusCode()).as("PATCH after expiry: %s", text(patchAfter))
          .isEqualTo(404);
      assertThat(errorCode(patchAfter)).isEqualTo("BLOB_UPLOAD_UNKNOWN");
      HttpResponse<byte[]> putAfter =
          client.complete(uploadPath, sha256(content), BodyPublishers.noBody());
      assertThat(putAfter.statusCode()).as("PUT after expiry: %s", text(putAfter))
          .isEqualTo(404);
      assertThat(errorCode(putAfter)).isEqualTo("BLOB_UPLOAD_UNKNOWN");
      assertThat(client.getBlob(REPOSITORY, sha256(content)).statusCode())
          .as("GET of the blob the expired upload was for").isEqualTo(404);
    }
  }

  @Test
  void emptySession_afterTtl_isGone() throws Exception {
    try (Berth berth = start(new UploadConfig(SHORT_TTL, PURGE_INTERVAL))) {
      DistributionClient client = new DistributionClient(berth.baseUri());
      String uploadPath = client.startUpload(REPOSITORY);
      Path staging = stagingDir(uploadPath);
      assertThat(staging).as("staging directory of the new session").isDirectory();

      HttpResponse<byte[]> expired = awaitExpired(client, uploadPath);
      assertThat(errorCode(expired)).isEqualTo("BLOB_UPLOAD_UNKNOWN");
      awaitDeleted(staging);
    }
  }

  @Test
  void sessionFromBeforeRestart_afterTtl_isGone() throws Exception {
    String uploadPath;
    try (Berth berth = start(new UploadConfig(Duration.ofHours(24), Duration.ofMinutes(10)))) {
      DistributionClient client = new DistributionClient(berth.baseUri());
      uploadPath = client.startUpload(REPOSITORY);
      assertThat(client.patch(uploadPath, randomBytes(5_000), 0, 5_000).statusCode())
          .isEqualTo(202);
    }
    Path staging = stagingDir(uploadPath);
    assertThat(staging.resolve("data")).as("staged bytes after the stop").hasSize(5_000);

    try (Berth berth = start(new UploadConfig(SHORT_TTL, PURGE_INTERVAL))) {
      DistributionClient client = new DistributionClient(berth.baseUri());
      HttpResponse<byte[]> expired = awaitExpired(client, uploadPath);
      assertThat(errorCode(expired)).isEqualTo("BLOB_UPLOAD_UNKNOWN");
      awaitDeleted(staging);
    }
  }

  @Test
  void completedUpload_afterTtl_staysReadable() throws Exception {
    try (Berth berth = start(new UploadConfig(SHORT_TTL, PURGE_INTERVAL))) {
      DistributionClient client = new DistributionClient(berth.baseUri());
      byte[] content = randomBytes(50_000);
      String digest = client.pushBlob(REPOSITORY, content, 20_000);

      // A session opened after the push expiring shows that the purge has run past the TTL.
      String witness = client.startUpload(REPOSITORY);
      awaitExpired(client, witness);

      HttpResponse<byte[]> blob = client.getBlob(REPOSITORY, digest);
      assertThat(blob.statusCode()).as("GET blob after the purge: %s", text(blob)).isEqualTo(200);
      assertThat(blob.body()).isEqualTo(content);
    }
  }

  @Test
  void activeSession_chunksWithinTtl_stays() throws Exception {
    Duration ttl = Duration.ofSeconds(2);
    try (Berth berth = start(new UploadConfig(ttl, PURGE_INTERVAL))) {
      DistributionClient client = new DistributionClient(berth.baseUri());
      byte[] content = randomBytes(50 * 1_000);
      String uploadPath = client.startUpload(REPOSITORY);

      // 50 chunks 100 ms apart keep the session busy for 5 s, well past its 2 s TTL.
      for (int from = 0; from < content.length; from += 1_000) {
        HttpResponse<byte[]> patched = client.patch(uploadPath, content, from, from + 1_000);
        assertThat(patched.statusCode()).as("PATCH at %d: %s", from, text(patched))
            .isEqualTo(202);
        Thread.sleep(100);
      }
      HttpResponse<byte[]> put =
          client.complete(uploadPath, sha256(content), BodyPublishers.noBody());
      assertThat(put.statusCode()).as("PUT: %s", text(put)).isEqualTo(201);
    }
  }

  /**
   * A PATCH that streams for longer than the TTL is activity, not idleness. The purge must not
   * cancel the session after the PATCH has returned 202.
   */
  @Test
  void activeSession_patchLongerThanTtl_stays() throws Exception {
    Duration ttl = Duration.ofMillis(500);
    try (Berth berth = start(new UploadConfig(ttl, PURGE_INTERVAL))) {
      DistributionClient client = new DistributionClient(berth.baseUri());
      byte[] content = randomBytes(20 * 1_000);
      String uploadPath = client.startUpload(REPOSITORY);

      // 20 pieces 100 ms apart: the PATCH streams for 2 s, four times the TTL.
      Map<String, String> headers =
          Map.of(
              "Content-Type", "application/octet-stream",
              "Content-Length", Integer.toString(content.length),
              "Content-Range", "0-" + (content.length - 1));
      SocketRequest.Response response;
      try (SocketRequest patch = SocketRequest.open(berth.baseUri(), "PATCH", uploadPath, headers)) {
        for (int from = 0; from < content.length; from += 1_000) {
          patch.send(content, from, from + 1_000);
          Thread.sleep(100);
        }
        response = patch.awaitResponse(Duration.ofSeconds(30));
      }
      assertThat(response.status()).as("slow PATCH: %s", new String(response.body()))
          .isEqualTo(202);

      HttpResponse<byte[]> status = client.uploadStatus(uploadPath);
      assertThat(status.statusCode())
          .as("status right after the slow PATCH was answered: %s", text(status))
          .isEqualTo(204);
      HttpResponse<byte[]> put =
          client.complete(uploadPath, sha256(content), BodyPublishers.noBody());
      assertThat(put.statusCode()).as("PUT right after the slow PATCH: %s", text(put))
          .isEqualTo(201);
    }
  }

  /**
   * The purge must not wait for a PATCH that streams on another session: an idle session expires
   * on time while an older session is still receiving bytes.
   */
  @Test
  void idleSession_whileOtherPatchStreams_expires() throws Exception {
    Duration ttl = Duration.ofMillis(500);
    try (Berth berth = start(new UploadConfig(ttl, PURGE_INTERVAL))) {
      DistributionClient client = new DistributionClient(berth.baseUri());
      byte[] content = randomBytes(30 * 1_000);
      String busyPath = client.startUpload(REPOSITORY);
      // The purge takes idle sessions oldest first, so the busy one must be strictly older.
      Thread.sleep(5);
      String idlePath = client.startUpload(REPOSITORY);

      // The busy session streams one PATCH for 3 s, 30 pieces 100 ms apart.
      Map<String, String> headers =
          Map.of(
              "Content-Type", "application/octet-stream",
              "Content-Length", Integer.toString(content.length),
              "Content-Range", "0-" + (content.length - 1));
      boolean idleExpired = false;
      int last = content.length - 1_000;
      try (SocketRequest patch = SocketRequest.open(berth.baseUri(), "PATCH", busyPath, headers)) {
        // The idle session is polled only while the busy PATCH still misses its last piece.
        for (int from = 0; from < last; from += 1_000) {
          patch.send(content, from, from + 1_000);
          Thread.sleep(100);
          if (!idleExpired && client.uploadStatus(idlePath).statusCode() == 404) {
            idleExpired = true;
          }
        }
        patch.send(content, last, content.length);
        patch.awaitResponse(Duration.ofSeconds(30));
      }
      assertThat(idleExpired)
          .as("idle session expired while the other session's PATCH was still streaming")
          .isTrue();
    }
  }

  private Berth start(UploadConfig uploads) throws Exception {
    return Berth.start(
        BerthConfig.defaults(dataDir).withAuth(AuthConfig.disabled())
            .withListen(new HostPort("127.0.0.1", 0))
            .withUploads(uploads));
  }

  private Path stagingDir(String uploadPath) {
    String id = uploadPath.substring(uploadPath.lastIndexOf('/') + 1);
    return dataDir.resolve("uploads").resolve(id);
  }

  /** Polls the session's status until it is 404, and returns that response. */
  private static HttpResponse<byte[]> awaitExpired(DistributionClient client, String uploadPath)
      throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    HttpResponse<byte[]> status;
    do {
      status = client.uploadStatus(uploadPath);
      if (status.statusCode() == 404) {
        return status;
      }
      assertThat(status.statusCode()).as("status while waiting for expiry: %s", text(status))
          .isEqualTo(204);
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("upload " + uploadPath + " did not expire within " + DEADLINE);
  }

  private static void awaitDeleted(Path staging) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (Files.exists(staging) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(staging).as("staging directory of the expired session").doesNotExist();
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }
}
