package dev.berth.server;

import static dev.berth.server.DistributionClient.errorCode;
import static dev.berth.server.DistributionClient.sha256;
import static dev.berth.server.DistributionClient.stagedSize;
import static dev.berth.server.DistributionClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.config.AuthConfig;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.HostPort;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upload sessions survive a restart: an upload started before Berth stopped (gracefully, or killed
 * with SIGKILL) reports its staged size after the restart, takes the rest from that offset and
 * completes into a blob that reads back byte for byte. Uploads of 20 MiB make the restarted server
 * re-hash the staged bytes, because the running SHA-256 state lived only in the old process.
 */
class UploadResumeTest {

  private static final String REPOSITORY = "resume/app";
  private static final int MIB = 1024 * 1024;

  @TempDir Path dataDir;

  // Stays after a failure, for a look at the server log.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path logDir;

  @Test
  void resume_afterClose_completesUpload() throws Exception {
    byte[] content = randomBytes(3 * MIB + 17, 1);
    int firstPart = MIB + 5;

    String uploadPath;
    try (Berth first = startInProcess()) {
      DistributionClient client = new DistributionClient(first.baseUri());
      uploadPath = client.startUpload(REPOSITORY);
      HttpResponse<byte[]> patched = client.patch(uploadPath, content, 0, firstPart);
      assertThat(patched.statusCode()).as("first PATCH: %s", text(patched)).isEqualTo(202);
    }

    try (Berth second = startInProcess()) {
      DistributionClient client = new DistributionClient(second.baseUri());
      resumeAndComplete(client, uploadPath, content, firstPart);
    }
  }

  @Test
  void resume_afterClose_rejectsWrongOffset() throws Exception {
    byte[] content = randomBytes(200_000, 2);
    int firstPart = 70_000;

    String uploadPath;
    try (Berth first = startInProcess()) {
      DistributionClient client = new DistributionClient(first.baseUri());
      uploadPath = client.startUpload(REPOSITORY);
      assertThat(client.patch(uploadPath, content, 0, firstPart).statusCode()).isEqualTo(202);
    }

    try (Berth second = startInProcess()) {
      DistributionClient client = new DistributionClient(second.baseUri());
      HttpResponse<byte[]> early = client.patch(uploadPath, content, firstPart - 10, 100_000);
      assertThat(early.statusCode()).as("PATCH before the staged end: %s", text(early))
          .isEqualTo(416);
      assertThat(early.headers().firstValue("Range")).hasValue("0-" + (firstPart - 1));

      HttpResponse<byte[]> late = client.patch(uploadPath, content, firstPart + 10, 100_000);
      assertThat(late.statusCode()).as("PATCH after the staged end: %s", text(late))
          .isEqualTo(416);

      resumeAndComplete(client, uploadPath, content, firstPart);
    }
  }

  @Test
  void resume_afterSigkillBetweenPatches_completesUpload() throws Exception {
    byte[] content = randomBytes(2 * MIB + 3, 3);
    int firstPart = 700_001;
    Path log = logDir.resolve("berth.log");

    String uploadPath;
    try (BerthProcess first = BerthProcess.start(dataDir, log)) {
      DistributionClient client = new DistributionClient(first.baseUri());
      uploadPath = client.startUpload(REPOSITORY);
      HttpResponse<byte[]> patched = client.patch(uploadPath, content, 0, firstPart);
      assertThat(patched.statusCode()).as("first PATCH: %s", text(patched)).isEqualTo(202);
      first.kill();
    }

    try (BerthProcess second = BerthProcess.start(dataDir, log)) {
      DistributionClient client = new DistributionClient(second.baseUri());
      resumeAndComplete(client, uploadPath, content, firstPart);
    }
  }

  @Test
  void resume_afterSigkillMidPatch_usesStagedBytes() throws Exception {
    byte[] content = randomBytes(MIB + 321, 4);
    int sentBeforeKill = 400_000;
    Path log = logDir.resolve("berth.log");

    String uploadPath;
    try (BerthProcess first = BerthProcess.start(dataDir, log)) {
      DistributionClient client = new DistributionClient(first.baseUri());
      uploadPath = client.startUpload(REPOSITORY);
      Map<String, String> headers =
          Map.of(
              "Content-Type", "application/octet-stream",
              "Content-Length", Integer.toString(content.length),
              "Content-Range", "0-" + (content.length - 1));
      try (SocketRequest patch =
          SocketRequest.open(first.baseUri(), "PATCH", uploadPath, headers)) {
        patch.send(content, 0, sentBeforeKill);

        // Kill only once the server has staged every byte sent so far, mid-request.
        client.awaitStaged(uploadPath, sentBeforeKill);
        first.kill();
      }
    }

    try (BerthProcess second = BerthProcess.start(dataDir, log)) {
      DistributionClient client = new DistributionClient(second.baseUri());
      resumeAndComplete(client, uploadPath, content, sentBeforeKill);
    }
  }

  @Test
  void resume_largeAfterSigkill_rehashesStagedBytes() throws Exception {
    byte[] content = randomBytes(20 * MIB, 5);
    int firstPart = 12 * MIB + 1;
    Path log = logDir.resolve("berth.log");

    String uploadPath;
    try (BerthProcess first = BerthProcess.start(dataDir, log)) {
      DistributionClient client = new DistributionClient(first.baseUri());
      uploadPath = client.startUpload(REPOSITORY);
      for (int from = 0; from < firstPart; from += 4 * MIB) {
        int to = Math.min(firstPart, from + 4 * MIB);
        HttpResponse<byte[]> patched = client.patch(uploadPath, content, from, to);
        assertThat(patched.statusCode()).as("PATCH %d-%d: %s", from, to - 1, text(patched))
            .isEqualTo(202);
      }
      first.kill();
    }

    try (BerthProcess second = BerthProcess.start(dataDir, log)) {
      DistributionClient client = new DistributionClient(second.baseUri());
      resumeAndComplete(client, uploadPath, content, firstPart);
    }
  }

  @Test
  void resume_largeAfterClose_completesInPut() throws Exception {
    byte[] content = randomBytes(20 * MIB, 6);
    int firstPart = 9 * MIB - 1;

    String uploadPath;
    try (Berth first = startInProcess()) {
      DistributionClient client = new DistributionClient(first.baseUri());
      uploadPath = client.startUpload(REPOSITORY);
      assertThat(client.patch(uploadPath, content, 0, firstPart).statusCode()).isEqualTo(202);
    }

    try (Berth second = startInProcess()) {
      DistributionClient client = new DistributionClient(second.baseUri());
      HttpResponse<byte[]> status = client.uploadStatus(uploadPath);
      assertThat(status.statusCode()).as("GET upload status: %s", text(status)).isEqualTo(204);
      assertThat(stagedSize(status)).isEqualTo(firstPart);

      // The rest travels in the PUT body, so the re-hash happens while completing.
      String digest = sha256(content);
      HttpResponse<byte[]> put =
          client.complete(
              uploadPath,
              digest,
              BodyPublishers.ofByteArray(content, firstPart, content.length - firstPart));
      assertThat(put.statusCode()).as("PUT ?digest=: %s", text(put)).isEqualTo(201);
      assertBlobReadsBack(client, digest, content);
    }
  }

  /**
   * Checks the session's status after the restart, sends the rest of {@code content} from {@code
   * staged}, completes the upload and reads the blob back.
   */
  private static void resumeAndComplete(
      DistributionClient client, String uploadPath, byte[] content, int staged) throws Exception {
    HttpResponse<byte[]> status = client.uploadStatus(uploadPath);
    assertThat(status.statusCode()).as("GET upload status: %s", text(status)).isEqualTo(204);
    assertThat(status.headers().firstValue("Range")).as("Range of the resumed upload")
        .hasValue("0-" + (staged - 1));
    assertThat(status.headers().firstValue("Docker-Upload-UUID")).as("Docker-Upload-UUID")
        .hasValueSatisfying(id -> assertThat(uploadPath).endsWith(id));
    assertThat(status.headers().firstValue("Location")).as("Location of the resumed upload")
        .hasValueSatisfying(
            location -> assertThat(DistributionClient.pathOf(location)).isEqualTo(uploadPath));

    HttpResponse<byte[]> patched = client.patch(uploadPath, content, staged, content.length);
    assertThat(patched.statusCode()).as("PATCH of the rest: %s", text(patched)).isEqualTo(202);
    assertThat(patched.headers().firstValue("Range")).hasValue("0-" + (content.length - 1));

    String digest = sha256(content);
    HttpResponse<byte[]> put = client.complete(uploadPath, digest, BodyPublishers.noBody());
    assertThat(put.statusCode()).as("PUT ?digest=: %s", text(put)).isEqualTo(201);
    assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(digest);

    HttpResponse<byte[]> finished = client.uploadStatus(uploadPath);
    assertThat(finished.statusCode()).as("status of the completed upload").isEqualTo(404);
    assertThat(errorCode(finished)).isEqualTo("BLOB_UPLOAD_UNKNOWN");

    assertBlobReadsBack(client, digest, content);
  }

  private static void assertBlobReadsBack(DistributionClient client, String digest, byte[] content)
      throws Exception {
    HttpResponse<byte[]> blob = client.getBlob(REPOSITORY, digest);
    assertThat(blob.statusCode()).as("GET blob %s", digest).isEqualTo(200);
    assertThat(blob.body().length).as("blob length").isEqualTo(content.length);
    assertThat(Arrays.mismatch(blob.body(), content)).as("first differing byte").isEqualTo(-1);
    assertThat(sha256(blob.body())).isEqualTo(digest);
  }

  private Berth startInProcess() throws Exception {
    return Berth.start(BerthConfig.defaults(dataDir).withAuth(AuthConfig.disabled()).withListen(new HostPort("127.0.0.1", 0)));
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
