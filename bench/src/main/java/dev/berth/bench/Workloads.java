package dev.berth.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The workloads, each measured once against one server by one method. */
final class Workloads {

  static final String BIG_REPOSITORY = "bench/big";
  static final String SMALL_REPOSITORY = "bench/small";
  static final String TAGS_REPOSITORY = "bench/tags";
  static final String CATALOG_PREFIX = "catalog/r";
  private static final long CHUNK_BYTES = 16L << 20;
  private static final int RANGE_REQUESTS = 8;
  private static final int SMALL_CLIENTS = 8;
  private static final int SMALL_IMAGES_PER_CLIENT = 50;
  private static final int SETUP_THREADS = 16;
  /** Entries per listing page: Distribution 2.8 rejects a larger {@code n} on the catalog. */
  private static final int PAGE_SIZE = 1000;
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

  private final RegistryClient client;
  private final BlobFile blob;
  private final AtomicLong uniqueNumbers = new AtomicLong(1);

  Workloads(RegistryClient client, BlobFile blob) {
    this.client = client;
    this.blob = blob;
  }

  /** Pushes the blob file as it is, so the pull workloads read the same bytes as nginx. */
  void pushReferenceBlob(Target target) {
    client.pushMonolithic(
        target, BIG_REPOSITORY, ofFile(), blob.digest(new byte[0]));
  }

  String referenceDigest() {
    return blob.digest(new byte[0]);
  }

  /** Returns the MB/s of the faster of two monolithic pushes, each after {@code sync}. */
  double pushMonolithic(Target target) throws IOException, InterruptedException {
    double best = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
      byte[] tail = BlobFile.tail(uniqueNumbers.getAndIncrement());
      String digest = blob.digest(tail);
      sync();
      long start = System.nanoTime();
      long bytes =
          client.pushMonolithic(
              target,
              BIG_REPOSITORY,
              BodyPublishers.concat(ofFile(), BodyPublishers.ofByteArray(tail)),
              digest);
      best = Math.max(best, References.megabytesPerSecond(bytes, System.nanoTime() - start));
      target.discardBlobBytes(digest);
    }
    return best;
  }

  /** Returns the MB/s of the faster of two pushes in 16 MiB PATCHes, each after {@code sync}. */
  double pushChunked(Target target) throws IOException, InterruptedException {
    double best = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
      byte[] tail = BlobFile.tail(uniqueNumbers.getAndIncrement());
      String digest = blob.digest(tail);
      sync();
      long start = System.nanoTime();
      long bytes =
          client.pushChunked(target, BIG_REPOSITORY, blob.path(), CHUNK_BYTES, tail, digest);
      best = Math.max(best, References.megabytesPerSecond(bytes, System.nanoTime() - start));
      target.discardBlobBytes(digest);
    }
    return best;
  }

  /** Returns the MB/s of the fastest of {@code attempts} whole GETs of the reference blob. */
  double pull(Target target, int attempts) {
    URI uri = blobUri(target);
    Optional<String> auth = target.authorization(Target.pullScope(BIG_REPOSITORY));
    double best = 0;
    for (int attempt = 0; attempt < attempts; attempt++) {
      long start = System.nanoTime();
      long bytes = client.download(uri, auth, Optional.empty());
      checkLength(uri, bytes, blob.size());
      best = Math.max(best, References.megabytesPerSecond(bytes, System.nanoTime() - start));
    }
    return best;
  }

  /** Returns the MB/s of the fastest of {@code attempts} rounds of eight parallel Range GETs. */
  double pullRanges(Target target, int attempts) throws Exception {
    URI uri = blobUri(target);
    Optional<String> auth = target.authorization(Target.pullScope(BIG_REPOSITORY));
    long part = blob.size() / RANGE_REQUESTS;
    double best = 0;
    for (int attempt = 0; attempt < attempts; attempt++) {
      long start = System.nanoTime();
      long bytes = 0;
      try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<Long>> parts = new ArrayList<>();
        for (int i = 0; i < RANGE_REQUESTS; i++) {
          long first = i * part;
          long last = i == RANGE_REQUESTS - 1 ? blob.size() - 1 : first + part - 1;
          String range = "bytes=" + first + "-" + last;
          parts.add(executor.submit(() -> client.download(uri, auth, Optional.of(range))));
        }
        for (Future<Long> future : parts) {
          bytes += future.get();
        }
      }
      checkLength(uri, bytes, blob.size());
      best = Math.max(best, References.megabytesPerSecond(bytes, System.nanoTime() - start));
    }
    return best;
  }

  /** Pushes one small image tagged {@code latest} for the manifest request-rate workload. */
  String pushManifestTarget(Target target) {
    SmallImage image = SmallImage.create(uniqueNumbers.getAndIncrement());
    pushImage(target, SMALL_REPOSITORY, "latest", image);
    return image.manifestDigest();
  }

  /** Pushes 50 small images end to end from each of eight clients; returns images/s. */
  double pushSmallImages(Target target, int run) throws Exception {
    List<String> repositories = new ArrayList<>();
    for (int c = 0; c < SMALL_CLIENTS; c++) {
      String repository = "small/run" + run + "-client" + c;
      repositories.add(repository);
      target.authorization(Target.pushScope(repository));
    }
    long seedBase = uniqueNumbers.getAndAdd(SMALL_CLIENTS * SMALL_IMAGES_PER_CLIENT);
    long start = System.nanoTime();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < SMALL_CLIENTS; c++) {
        String repository = repositories.get(c);
        long seed = seedBase + (long) c * SMALL_IMAGES_PER_CLIENT;
        clients.add(
            executor.submit(
                () -> {
                  for (int i = 0; i < SMALL_IMAGES_PER_CLIENT; i++) {
                    pushImage(target, repository, "v" + i, SmallImage.create(seed + i));
                  }
                  return null;
                }));
      }
      for (Future<?> future : clients) {
        future.get();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return SMALL_CLIENTS * SMALL_IMAGES_PER_CLIENT / seconds;
  }

  /** Creates {@code count} tags in one repository and {@code count} repositories. */
  void createListings(Target target, int count) throws Exception {
    SmallImage image = SmallImage.create(uniqueNumbers.getAndIncrement());
    pushImage(target, TAGS_REPOSITORY, "t0", image);
    SmallImage single = SmallImage.withLayers(List.of(image.layers().get(0)));
    pushImage(target, TAGS_REPOSITORY, "t1", single);
    try (ExecutorService executor = Executors.newFixedThreadPool(SETUP_THREADS)) {
      List<Future<?>> work = new ArrayList<>();
      for (int i = 2; i < count; i++) {
        String tag = String.format("t%05d", i);
        work.add(
            executor.submit(
                () -> client.putManifest(target, TAGS_REPOSITORY, tag, image.manifest())));
      }
      for (int i = 0; i < count; i++) {
        String repository = String.format("%s%05d", CATALOG_PREFIX, i);
        work.add(
            executor.submit(
                () -> {
                  client.mount(
                      target, repository, TAGS_REPOSITORY, SmallImage.digest(single.config()));
                  client.mount(
                      target,
                      repository,
                      TAGS_REPOSITORY,
                      SmallImage.digest(single.layers().get(0)));
                  client.putManifest(target, repository, "latest", single.manifest());
                  return null;
                }));
      }
      for (Future<?> future : work) {
        future.get();
      }
    }
  }

  /** Lists every tag of the tags repository, following {@code Link} pages; returns ms. */
  double listTags(Target target, int expected) {
    URI first = target.base().resolve("/v2/" + TAGS_REPOSITORY + "/tags/list?n=" + PAGE_SIZE);
    return listAll(first, target.authorization(Target.pullScope(TAGS_REPOSITORY)), expected);
  }

  /** Lists the whole catalog, following {@code Link} pages; returns ms. */
  double listCatalog(Target target, int expected) {
    URI first = target.base().resolve("/v2/_catalog?n=" + PAGE_SIZE);
    return listAll(first, target.authorization("registry:catalog:*"), expected);
  }

  /** Runs four concurrent streamed pushes of distinct content; returns the max resident MiB. */
  double concurrentPushMemory(Target target, long bytes) throws Exception {
    long seedBase = uniqueNumbers.getAndAdd(4);
    target.authorization(Target.pushScope(BIG_REPOSITORY));
    List<String> digests;
    double max;
    try (Memory.Sampler sampler = new Memory.Sampler(target.pid());
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<String>> pushes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        GeneratedBlob content = new GeneratedBlob(seedBase + i, bytes);
        pushes.add(executor.submit(() -> client.pushStreamed(target, BIG_REPOSITORY, content)));
      }
      digests = new ArrayList<>();
      for (Future<String> push : pushes) {
        digests.add(push.get());
      }
      max = sampler.maxMiB();
    }
    for (String digest : digests) {
      target.discardBlobBytes(digest);
    }
    return max;
  }

  private double listAll(URI first, Optional<String> auth, int expected) {
    long start = System.nanoTime();
    int entries = 0;
    URI next = first;
    while (next != null) {
      HttpResponse<String> response = client.getText(next, auth);
      if (response.statusCode() != 200) {
        throw new BenchException(
            "GET " + next + " returned " + response.statusCode() + ": " + response.body());
      }
      entries += countEntries(response.body());
      Optional<String> link = response.headers().firstValue("Link");
      URI current = next;
      next =
          link.map(NEXT_LINK::matcher)
              .filter(Matcher::find)
              .map(m -> current.resolve(m.group(1)))
              .orElse(null);
    }
    double millis = (System.nanoTime() - start) / 1e6;
    if (entries < expected) {
      throw new BenchException("listing " + first + " returned " + entries + " of " + expected);
    }
    return millis;
  }

  private static int countEntries(String json) {
    int open = json.indexOf('[');
    int close = json.lastIndexOf(']');
    if (open < 0 || close <= open + 1) {
      return 0;
    }
    return (int) json.substring(open, close).chars().filter(c -> c == '"').count() / 2;
  }

  private void pushImage(Target target, String repository, String tag, SmallImage image) {
    for (byte[] layer : image.layers()) {
      client.pushSmall(target, repository, layer, SmallImage.digest(layer));
    }
    client.pushSmall(target, repository, image.config(), SmallImage.digest(image.config()));
    client.putManifest(target, repository, tag, image.manifest());
  }

  private URI blobUri(Target target) {
    if (target.name().equals(BenchRun.NGINX)) {
      return target.base().resolve("/blob");
    }
    return target.base().resolve("/v2/" + BIG_REPOSITORY + "/blobs/" + referenceDigest());
  }

  private java.net.http.HttpRequest.BodyPublisher ofFile() {
    try {
      return BodyPublishers.ofFile(blob.path());
    } catch (java.io.FileNotFoundException e) {
      throw new BenchException("the blob file " + blob.path() + " is missing", e);
    }
  }

  private static void checkLength(URI uri, long received, long expected) {
    if (received != expected) {
      throw new BenchException("GET " + uri + " returned " + received + " bytes, not " + expected);
    }
  }

  static void sync() throws IOException, InterruptedException {
    int status = new ProcessBuilder("sync").inheritIO().start().waitFor();
    if (status != 0) {
      throw new BenchException("sync exited with " + status);
    }
  }
}
