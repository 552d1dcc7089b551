package dev.berth.server;

import static dev.berth.server.DistributionClient.OCI_CONFIG;
import static dev.berth.server.DistributionClient.OCI_INDEX;
import static dev.berth.server.DistributionClient.OCI_LAYER;
import static dev.berth.server.DistributionClient.OCI_MANIFEST;
import static dev.berth.server.DistributionClient.sha256;
import static dev.berth.server.DistributionClient.stagedSize;
import static dev.berth.server.DistributionClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a Berth child JVM with SIGKILL at many points of a push, restarts it on the same data
 * directory, and checks that the registry is consistent. Tags resolve to whole manifests, every
 * referenced blob reads back in full, and HEAD agrees with GET. Acknowledged writes survive, no
 * unfinished upload is visible as a blob, interrupted content can be pushed again, and new pushes
 * work.
 *
 * <p>Kill points and sizes come from a seeded {@link Random}, so the same seed repeats the same
 * plan, although timing inside the server can still differ between runs. Every kill point is
 * checked even when an earlier one failed, and the test fails at the end with all violations,
 * each prefixed with its kill point.
 */
class CrashConsistencyTest {

  private static final long SEED = 20_261_204L;
  private static final String REPOSITORY = "crash/app";
  private static final String EMPTY_JSON_DIGEST =
      "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
  private static final int KIB = 1024;
  private static final Duration LOOP_LIMIT = Duration.ofSeconds(10);
  private static final int LOOP_MAX_ITERATIONS = 400;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where in a push the server is killed. */
  enum KillPoint {
    DURING_STARTUP,
    MID_PATCH,
    MID_PUT_BODY,
    AFTER_BLOB_PUT,
    AFTER_MANIFEST_PUT,
    BLOB_LOOP,
    MONOLITHIC_LOOP,
    MANIFEST_LOOP,
    INDEX_LOOP,
    BLOB_AND_MANIFEST_LOOPS
  }

  /** A config blob, layer blobs and the OCI image manifest that references them. */
  private record Image(byte[] config, List<byte[]> layers, byte[] manifest) {
    String digest() {
      return sha256(manifest);
    }
  }

  /** An upload cut short by the kill, with the number of bytes the server had staged. */
  private record Interrupted(String uploadPath, byte[] content, int staged) {}

  /** What a kill point left for the recovery step to finish. */
  private record Leftover(Optional<Interrupted> upload, Optional<Image> unpushedManifest) {
    static Leftover none() {
      return new Leftover(Optional.empty(), Optional.empty());
    }
  }

  // Both stay after a failure, for a look at the server log and the data it left.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dataDir;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path logDir;

  private final Random random = new Random(SEED);
  private final CrashLedger ledger = new CrashLedger();
  private final RegistryConsistency consistency = new RegistryConsistency(REPOSITORY);
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService loopThreads = Executors.newFixedThreadPool(2);
  private Path log;
  private BerthProcess server;
  private DistributionClient client;
  private String detail = "";

  @Test
  void sigkill_atManyPushPoints_leavesRegistryConsistent() throws Exception {
    log = logDir.resolve("berth.log");
    List<KillPoint> plan = plan();
    try {
      for (int round = 1; round <= plan.size(); round++) {
        KillPoint point = plan.get(round - 1);
        detail = "";
        Leftover leftover = Leftover.none();
        try {
          leftover = killAt(point, round);
        } catch (Exception | AssertionError e) {
          failures.add(label(round, plan.size(), point) + " while pushing: " + e);
          if (server != null) {
            server.kill();
          }
        }
        restartAndCheck(round, plan.size(), point, leftover);
      }
    } finally {
      loopThreads.shutdownNow();
      if (server != null) {
        server.close();
      }
    }
    assertThat(failures)
        .as("violations after %d kill points (seed %d); server log in %s", plan.size(), SEED, log)
        .isEmpty();
  }

  /** Returns the kill points: a kill during the very first start, then a seeded shuffle. */
  private List<KillPoint> plan() {
    List<KillPoint> rest =
        new ArrayList<>(
            List.of(
                KillPoint.MID_PATCH,
                KillPoint.MID_PATCH,
                KillPoint.MID_PUT_BODY,
                KillPoint.AFTER_BLOB_PUT,
                KillPoint.AFTER_MANIFEST_PUT,
                KillPoint.BLOB_LOOP,
                KillPoint.BLOB_LOOP,
                KillPoint.MONOLITHIC_LOOP,
                KillPoint.MANIFEST_LOOP,
                KillPoint.MANIFEST_LOOP,
                KillPoint.INDEX_LOOP,
                KillPoint.BLOB_AND_MANIFEST_LOOPS,
                KillPoint.DURING_STARTUP));
    Collections.shuffle(rest, random);
    List<KillPoint> plan = new ArrayList<>();
    plan.add(KillPoint.DURING_STARTUP);
    plan.addAll(rest);
    return plan;
  }

  private Leftover killAt(KillPoint point, int round) throws Exception {
    if (point == KillPoint.DURING_STARTUP) {
      killDuringStartup();
      return Leftover.none();
    }
    if (server == null) {
      startServer();
    }
    return switch (point) {
      case MID_PATCH -> killMidUpload(round, false);
      case MID_PUT_BODY -> killMidUpload(round, true);
      case AFTER_BLOB_PUT -> killAfterBlobPut(round);
      case AFTER_MANIFEST_PUT -> killAfterManifestPut(round);
      case BLOB_LOOP -> killDuringLoops(List.of(this::pushRandomBlob));
      case MONOLITHIC_LOOP -> killDuringLoops(List.of(this::pushMonolithicBlob));
      case MANIFEST_LOOP -> killDuringLoops(List.of(manifestLoop(round)));
      case INDEX_LOOP -> killDuringLoops(List.of(indexLoop(round)));
      case BLOB_AND_MANIFEST_LOOPS ->
          killDuringLoops(List.of(this::pushRandomBlob, manifestLoop(round)));
      case DURING_STARTUP -> throw new IllegalStateException("handled above");
    };
  }

  // Kill points.

  private void killDuringStartup() throws Exception {
    if (server != null) {
      server.kill();
    }
    long delay = 200 + random.nextInt(1000);
    detail = delay + " ms after launch";
    BerthProcess starting = BerthProcess.launch(dataDir, log);
    Thread.sleep(delay);
    starting.kill();
    server = null;
  }

  /**
   * Uploads all but the last layer of a new image, then streams the last one and kills the server
   * when a random part of a PATCH body, or of a PUT body that completes the upload, is staged.
   */
  private Leftover killMidUpload(int round, boolean inPutBody) throws Exception {
    Image image = newImage(round, 1 + random.nextInt(3), 300 * KIB, 1500 * KIB);
    pushBlobsOf(image, image.layers().size() - 1);

    byte[] last = image.layers().get(image.layers().size() - 1);
    String uploadPath = client.startUpload(REPOSITORY);
    int chunk = 64 * KIB + random.nextInt(192 * KIB);
    int acknowledgedChunks = random.nextInt(Math.min(3, last.length / chunk));
    int offset = 0;
    for (int i = 0; i < acknowledgedChunks; i++) {
      HttpResponse<byte[]> patched = client.patch(uploadPath, last, offset, offset + chunk);
      assertThat(patched.statusCode()).as("PATCH: %s", text(patched)).isEqualTo(202);
      offset += chunk;
    }
    int rest = last.length - offset;
    int sent = 1 + random.nextInt(rest - 1);
    detail =
        (inPutBody ? "PUT" : "PATCH") + " body at byte " + (offset + sent) + " of " + last.length;

    String path = inPutBody ? uploadPath + "?digest=" + sha256(last) : uploadPath;
    Map<String, String> headers =
        inPutBody
            ? Map.of("Content-Type", "application/octet-stream",
                "Content-Length", Integer.toString(rest))
            : Map.of("Content-Type", "application/octet-stream",
                "Content-Length", Integer.toString(rest),
                "Content-Range", offset + "-" + (last.length - 1));
    try (SocketRequest request =
        SocketRequest.open(server.baseUri(), inPutBody ? "PUT" : "PATCH", path, headers)) {
      request.send(last, offset, offset + sent);
      client.awaitStaged(uploadPath, offset + sent);
      server.kill();
    }
    return new Leftover(
        Optional.of(new Interrupted(uploadPath, last, offset + sent)), Optional.of(image));
  }

  private Leftover killAfterBlobPut(int round) throws Exception {
    Image image = newImage(round, 1 + random.nextInt(3), 1, 400 * KIB);
    pushBlobsOf(image, image.layers().size());
    server.kill();
    detail = "right after PUT of blob " + sha256(image.layers().get(image.layers().size() - 1));
    return new Leftover(Optional.empty(), Optional.of(image));
  }

  private Leftover killAfterManifestPut(int round) throws Exception {
    Image image = newImage(round, 1 + random.nextInt(3), 1, 400 * KIB);
    pushBlobsOf(image, image.layers().size());
    pushManifest(image.manifest(), OCI_MANIFEST, Optional.of("after-put-" + round));
    server.kill();
    detail = "right after PUT of manifest " + image.digest();
    return Leftover.none();
  }

  /** One iteration of a push loop, drawing sizes from the loop's own generator. */
  @FunctionalInterface
  private interface PushStep {
    void push(int iteration, Random random) throws Exception;
  }

  /**
   * Runs each push loop on its own thread and kills the server a random time after they have
   * completed their first push. A loop ends at the kill, or at its bounds.
   */
  private Leftover killDuringLoops(List<PushStep> loops) throws Exception {
    AtomicBoolean killing = new AtomicBoolean();
    AtomicInteger pushes = new AtomicInteger();
    List<Future<?>> running = new ArrayList<>();
    for (PushStep loop : loops) {
      // Each loop has its own generator, so how far a loop got leaves the main sequence alone.
      Random loopRandom = new Random(random.nextLong());
      running.add(
          loopThreads.submit(
              () -> {
                runLoop(loop, loopRandom, killing, pushes);
                return null;
              }));
    }

    long deadline = System.nanoTime() + LOOP_LIMIT.toNanos();
    while (pushes.get() == 0 && System.nanoTime() < deadline && !allDone(running)) {
      Thread.sleep(2);
    }
    long delay = random.nextInt(400);
    Thread.sleep(delay);
    detail = delay + " ms after the first acknowledged push";
    killing.set(true);
    server.kill();
    for (Future<?> loop : running) {
      try {
        loop.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        failures.add("loop failed before the kill (" + detail + "): " + e.getCause());
      } catch (TimeoutException e) {
        loop.cancel(true);
        failures.add("loop still running 30 s after the kill (" + detail + ")");
      }
    }
    detail = delay + " ms after the first of " + pushes.get() + " acknowledged pushes";
    return Leftover.none();
  }

  private static void runLoop(
      PushStep loop, Random random, AtomicBoolean killing, AtomicInteger pushes) throws Exception {
    long deadline = System.nanoTime() + LOOP_LIMIT.toNanos();
    for (int i = 0; i < LOOP_MAX_ITERATIONS && System.nanoTime() < deadline; i++) {
      try {
        loop.push(i, random);
      } catch (IOException e) {
        if (killing.get()) {
          return;
        }
        throw e;
      }
      pushes.incrementAndGet();
    }
  }

  private void pushRandomBlob(int iteration, Random loopRandom) throws Exception {
    byte[] content = randomBytes(loopRandom, 512 + loopRandom.nextInt(64 * KIB));
    pushBlob(content, 4 * KIB + loopRandom.nextInt(32 * KIB));
  }

  private void pushMonolithicBlob(int iteration, Random loopRandom) throws Exception {
    byte[] content = randomBytes(loopRandom, 512 + loopRandom.nextInt(64 * KIB));
    String digest = sha256(content);
    ledger.blobSent(digest, content);
    HttpResponse<byte[]> response =
        client.send(
            client
                .request("/v2/" + REPOSITORY + "/blobs/uploads/?digest=" + digest)
                .header("Content-Type", "application/octet-stream")
                .POST(BodyPublishers.ofByteArray(content))
                .build());
    assertThat(response.statusCode()).as("monolithic POST: %s", text(response)).isEqualTo(201);
    ledger.blobAcknowledged(digest, content);
  }

  /**
   * Returns a loop that PUTs variants of one image, alternating plain images and artifacts whose
   * config is the empty JSON blob that Berth stores itself, each to a new tag and to "latest".
   */
  private PushStep manifestLoop(int round) throws Exception {
    Image base = newImage(round, 2, 1, 64 * KIB);
    pushBlobsOf(base, base.layers().size());
    return (iteration, loopRandom) -> {
      String variant = "manifest-loop-" + round + "-" + iteration;
      byte[] manifest =
          iteration % 2 == 0
              ? manifestOf(base.config(), base.layers(), variant)
              : artifactOf(base.layers(), variant);
      pushManifest(manifest, OCI_MANIFEST, Optional.of("m-" + round + "-" + iteration));
      pushManifest(manifest, OCI_MANIFEST, Optional.of("latest"));
    };
  }

  /** Returns a loop that PUTs a new child manifest by digest, then an index of it, to two tags. */
  private PushStep indexLoop(int round) throws Exception {
    Image first = newImage(round, 1, 1, 32 * KIB);
    Image second = newImage(round, 1, 1, 32 * KIB);
    for (Image image : List.of(first, second)) {
      pushBlobsOf(image, image.layers().size());
      pushManifest(image.manifest(), OCI_MANIFEST, Optional.empty());
    }
    return (iteration, loopRandom) -> {
      String variant = "index-loop-" + round + "-" + iteration;
      byte[] child = manifestOf(first.config(), first.layers(), variant);
      pushManifest(child, OCI_MANIFEST, Optional.empty());
      byte[] index = indexOf(List.of(child, second.manifest()), variant);
      pushManifest(index, OCI_INDEX, Optional.of("ix-" + round + "-" + iteration));
      pushManifest(index, OCI_INDEX, Optional.of("multi"));
    };
  }

  // Restart, check and recover.

  private void restartAndCheck(int round, int rounds, KillPoint point, Leftover leftover)
      throws Exception {
    String label = label(round, rounds, point);
    SoftAssertions softly = new SoftAssertions();
    RegistryConsistency.checkBlobFiles(dataDir, softly);
    try {
      startServer();
    } catch (IllegalStateException e) {
      failures.add(label + ": restart failed: " + e.getMessage());
      throw new AssertionError(String.join("\n\n", failures), e);
    }

    String inFlight = "";
    try {
      Map<String, byte[]> pendingBlobs = ledger.pendingBlobs();
      Map<String, byte[]> pendingManifests = ledger.pendingManifests();
      RegistryConsistency.Observed observed = consistency.check(client, ledger, softly);
      inFlight =
          String.format(
              "; in flight at the kill: %d blobs (%d kept), %d manifests (%d kept)",
              pendingBlobs.size(),
              observed.keptBlobs().size(),
              pendingManifests.size(),
              observed.keptManifests().size());
      if (leftover.upload().isPresent()) {
        checkInterrupted(leftover.upload().get(), softly);
      }
      ledger.settle(observed.keptBlobs(), observed.keptManifests(), observed.tags());

      repushDropped(pendingBlobs, pendingManifests, observed);
      if (leftover.upload().isPresent()) {
        resume(leftover.upload().get());
      }
      if (leftover.unpushedManifest().isPresent()) {
        pushManifest(
            leftover.unpushedManifest().get().manifest(),
            OCI_MANIFEST,
            Optional.of("resumed-" + round));
      }
      pushNewImage(round, softly);
    } catch (Exception | AssertionError e) {
      softly.fail("check or recovery failed: " + e, e);
    }
    softly.errorsCollected()
        .forEach(error -> failures.add(label + ": " + error.getMessage()));
    System.out.printf(
        "%s: %d violations%s; now %d blobs, %d manifests, %d tags%n",
        label,
        softly.errorsCollected().size(),
        inFlight,
        ledger.blobs().size(),
        ledger.manifests().size(),
        ledger.tags().size());
  }

  /** Checks that an interrupted upload is no blob yet and still reports what was staged. */
  private void checkInterrupted(Interrupted upload, SoftAssertions softly) throws Exception {
    consistency.checkBlobAbsent(client, sha256(upload.content()), softly);
    HttpResponse<byte[]> status = client.uploadStatus(upload.uploadPath());
    softly.assertThat(status.statusCode()).as("status of the interrupted upload: %s", text(status))
        .isEqualTo(204);
    softly.assertThat(status.headers().firstValue("Range")).as("Range of the interrupted upload")
        .hasValue("0-" + (upload.staged() - 1));
  }

  /** Finishes an interrupted upload from the offset the server reports. */
  private void resume(Interrupted upload) throws Exception {
    String digest = sha256(upload.content());
    ledger.blobSent(digest, upload.content());
    HttpResponse<byte[]> status = client.uploadStatus(upload.uploadPath());
    assertThat(status.statusCode()).as("status of the interrupted upload: %s", text(status))
        .isEqualTo(204);
    int offset = (int) stagedSize(status);
    HttpResponse<byte[]> patched =
        client.patch(upload.uploadPath(), upload.content(), offset, upload.content().length);
    assertThat(patched.statusCode()).as("PATCH of the rest: %s", text(patched)).isEqualTo(202);
    HttpResponse<byte[]> put =
        client.complete(upload.uploadPath(), digest, BodyPublishers.noBody());
    assertThat(put.statusCode()).as("PUT of the resumed upload: %s", text(put)).isEqualTo(201);
    ledger.blobAcknowledged(digest, upload.content());
  }

  /** Pushes again every in-flight blob and manifest that the registry dropped. */
  private void repushDropped(
      Map<String, byte[]> pendingBlobs,
      Map<String, byte[]> pendingManifests,
      RegistryConsistency.Observed observed)
      throws Exception {
    for (Map.Entry<String, byte[]> blob : pendingBlobs.entrySet()) {
      if (!observed.keptBlobs().contains(blob.getKey())) {
        pushBlob(blob.getValue(), 16 * KIB);
      }
    }
    // Children before indexes, since an index needs its children.
    List<byte[]> dropped = new ArrayList<>();
    pendingManifests.forEach(
        (digest, content) -> {
          if (!observed.keptManifests().contains(digest)) {
            dropped.add(content);
          }
        });
    dropped.sort((a, b) -> Boolean.compare(isIndex(a), isIndex(b)));
    for (byte[] manifest : dropped) {
      pushManifest(manifest, isIndex(manifest) ? OCI_INDEX : OCI_MANIFEST, Optional.empty());
    }
  }

  /** Pushes a new image after the restart and reads it back, so the registry still takes pushes. */
  private void pushNewImage(int round, SoftAssertions softly) throws Exception {
    Image image = newImage(round, 2, 1, 128 * KIB);
    pushBlobsOf(image, image.layers().size());
    String tag = "round-" + round;
    pushManifest(image.manifest(), OCI_MANIFEST, Optional.of(tag));
    HttpResponse<byte[]> byTag = client.getManifest(REPOSITORY, tag);
    softly.assertThat(byTag.statusCode()).as("GET new tag %s: %s", tag, text(byTag)).isEqualTo(200);
    consistency.checkManifest(client, image.digest(), Optional.of(image.manifest()), softly);
  }

  // Pushing, recorded in the ledger.

  private void pushBlobsOf(Image image, int layerCount) throws Exception {
    pushBlob(image.config(), 64 * KIB);
    for (int i = 0; i < layerCount; i++) {
      pushBlob(image.layers().get(i), 32 * KIB + random.nextInt(256 * KIB));
    }
  }

  private void pushBlob(byte[] content, int chunkSize) throws Exception {
    String digest = sha256(content);
    ledger.blobSent(digest, content);
    client.pushBlob(REPOSITORY, content, chunkSize);
    ledger.blobAcknowledged(digest, content);
  }

  private void pushManifest(byte[] manifest, String mediaType, Optional<String> tag)
      throws Exception {
    String digest = sha256(manifest);
    ledger.manifestSent(digest, manifest, tag);
    HttpResponse<byte[]> response =
        client.putManifest(REPOSITORY, tag.orElse(digest), mediaType, manifest);
    assertThat(response.statusCode())
        .as("PUT manifest %s as %s: %s", digest, tag.orElse("digest"), text(response))
        .isEqualTo(201);
    assertThat(response.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
    ledger.manifestAcknowledged(digest, manifest, tag);
  }

  // Content.

  /** Returns an image whose layers have random sizes from {@code minSize} to {@code maxSize}. */
  private Image newImage(int round, int layerCount, int minSize, int maxSize) {
    byte[] config =
        json(
            JSON.createObjectNode()
                .put("architecture", "amd64")
                .put("os", "linux")
                .put("created", "round-" + round)
                .put("nonce", random.nextLong()));
    List<byte[]> layers = new ArrayList<>();
    for (int i = 0; i < layerCount; i++) {
      layers.add(randomBytes(random, minSize + random.nextInt(maxSize - minSize + 1)));
    }
    return new Image(config, layers, manifestOf(config, layers, "round-" + round));
  }

  private static byte[] manifestOf(byte[] config, List<byte[]> layers, String variant) {
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", OCI_MANIFEST);
    manifest.set("config", descriptor(OCI_CONFIG, config));
    ArrayNode layerArray = manifest.putArray("layers");
    layers.forEach(layer -> layerArray.add(descriptor(OCI_LAYER, layer)));
    manifest.putObject("annotations").put("dev.berth.test.variant", variant);
    return json(manifest);
  }

  private static byte[] artifactOf(List<byte[]> layers, String variant) {
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", OCI_MANIFEST);
    manifest.put("artifactType", "application/vnd.berth.test.artifact");
    manifest
        .putObject("config")
        .put("mediaType", "application/vnd.oci.empty.v1+json")
        .put("digest", EMPTY_JSON_DIGEST)
        .put("size", 2);
    ArrayNode layerArray = manifest.putArray("layers");
    layers.forEach(layer -> layerArray.add(descriptor(OCI_LAYER, layer)));
    manifest.putObject("annotations").put("dev.berth.test.variant", variant);
    return json(manifest);
  }

  private static byte[] indexOf(List<byte[]> children, String variant) {
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", OCI_INDEX);
    ArrayNode manifests = index.putArray("manifests");
    String[] architectures = {"amd64", "arm64"};
    for (int i = 0; i < children.size(); i++) {
      ObjectNode child = descriptor(OCI_MANIFEST, children.get(i));
      child.putObject("platform").put("architecture", architectures[i % 2]).put("os", "linux");
      manifests.add(child);
    }
    index.putObject("annotations").put("dev.berth.test.variant", variant);
    return json(index);
  }

  private static ObjectNode descriptor(String mediaType, byte[] content) {
    return JSON.createObjectNode()
        .put("mediaType", mediaType)
        .put("digest", sha256(content))
        .put("size", content.length);
  }

  private static boolean isIndex(byte[] manifest) {
    return DistributionClient.json(manifest).has("manifests");
  }

  private static byte[] json(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] randomBytes(Random random, int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
  }

  // Server.

  private void startServer() throws Exception {
    server = BerthProcess.start(dataDir, log);
    // Every server on the data directory shares one client and its connection pool.
    client =
        client == null
            ? new DistributionClient(server.baseUri())
            : client.withBase(server.baseUri());
  }

  private String label(int round, int rounds, KillPoint point) {
    return "kill point " + round + "/" + rounds + " " + point
        + (detail.isEmpty() ? "" : " (" + detail + ")");
  }

  private static boolean allDone(List<Future<?>> futures) {
    return futures.stream().allMatch(Future::isDone);
  }
}
