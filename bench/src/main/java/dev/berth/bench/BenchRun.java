package dev.berth.bench;


import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs every workload against Berth and Distribution in alternation (Berth, then Distribution, in
 * each pair, after one warm-up pair that is not counted), measures the physical references in the
 * same pairs, and writes the Markdown table to {@code --report}. {@code bench/run} starts the
 * servers and passes their addresses; see {@code bench/README.md}.
 */
public final class BenchRun {

  static final String BERTH = "Berth";
  static final String DISTRIBUTION = "Distribution";
  static final String NGINX = "nginx";
  static final String SHA256 = "SHA-256, 1 core";
  static final String FDATASYNC = "write + fdatasync";
  private static final int PULL_ATTEMPTS = 3;
  private static final int LISTING_ATTEMPTS = 5;
  private static final int MANIFEST_CONNECTIONS = 64;

  private final Map<String, String> options;
  private final List<Row> rows = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final int pairs;

  private BenchRun(Map<String, String> options) {
    this.options = options;
    this.pairs = Integer.parseInt(option("pairs"));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new BenchException("expected an option such as --pairs, got '" + args[i] + "'");
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    new BenchRun(options).run();
  }

  /** Returns whether {@code --only} selects {@code workload}; {@code all} selects every one. */
  private static boolean selected(Set<String> only, String workload) {
    return only.contains("all") || only.contains(workload);
  }

  private String option(String name) {
    String value = options.get(name);
    if (value == null) {
      throw new BenchException("missing option --" + name + "; bench/run passes every option");
    }
    return value;
  }

  private void run() throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
            .build();
    RegistryClient client = new RegistryClient(http);
    URI berthBase = URI.create(option("berth"));
    BearerTokens tokens =
        BearerTokens.signIn(http, berthBase, "admin", System.getenv("BENCH_BERTH_PASSWORD"));
    Target berth =
        new Target(
            BERTH,
            berthBase,
            Long.parseLong(option("berth-pid")),
            Optional.of(tokens),
            Optional.of(Path.of(option("berth-blobs"))));
    Target distribution =
        new Target(
            DISTRIBUTION,
            URI.create(option("distribution")),
            Long.parseLong(option("distribution-pid")),
            Optional.empty(),
            Optional.of(Path.of(option("distribution-blobs"))));
    Target nginx =
        new Target(NGINX, URI.create(option("nginx")), 0, Optional.empty(), Optional.empty());
    List<Target> registries = List.of(berth, distribution);

    Row idle = row("6. resident memory, idle after start", "MiB", DISTRIBUTION, Row.GoalKind.NONE, 0);
    for (Target target : registries) {
      idle.add(target.name(), Memory.residentMiB(target.pid()));
    }
    Row startup =
        row("6. start-up to first 200, with the AOT cache", "ms", DISTRIBUTION, Row.GoalKind.BERTH_AT_MOST, 1500);
    for (String value : option("startup-berth-ms").split(",")) {
      startup.add(BERTH, Double.parseDouble(value));
    }
    for (String value : option("startup-distribution-ms").split(",")) {
      startup.add(DISTRIBUTION, Double.parseDouble(value));
    }
    Row plainStartup =
        row("6. start-up to first 200, without the AOT cache", "ms", DISTRIBUTION, Row.GoalKind.NONE, 0);
    for (String value : option("startup-berth-plain-ms").split(",")) {
      plainStartup.add(BERTH, Double.parseDouble(value));
    }
    for (String value : option("startup-distribution-ms").split(",")) {
      plainStartup.add(DISTRIBUTION, Double.parseDouble(value));
    }

    long blobBytes = Long.parseLong(option("blob-mib")) << 20;
    progress("writing the " + (blobBytes >> 20) + " MiB blob to " + option("blob-file"));
    BlobFile blob = BlobFile.generate(Path.of(option("blob-file")), blobBytes, 42);
    Workloads workloads = new Workloads(client, blob);
    for (Target target : registries) {
      workloads.pushReferenceBlob(target);
    }

    Set<String> only = Set.of(option("only").split(","));
    if (selected(only, "push")) {
      attempt("push", () -> measurePushes(workloads, registries, blob));
    }
    if (selected(only, "pull")) {
      attempt("pull", () -> measurePulls(workloads, List.of(berth, distribution, nginx)));
    }
    if (selected(only, "manifest")) {
      attempt("manifest", () -> measureManifests(http, workloads, registries));
    }
    if (selected(only, "small")) {
      attempt("small images", () -> measureSmallImages(workloads, registries));
    }
    if (selected(only, "listing")) {
      attempt("listing", () -> measureListings(workloads, registries));
    }
    if (selected(only, "memory")) {
      attempt("memory", () -> measureMemory(workloads, registries, blobBytes));
    }

    String table = Report.table(rows, pairs);
    if (!failures.isEmpty()) {
      table += "\nFailed workloads (their rows are incomplete):\n\n" + String.join("\n", failures) + "\n";
    }
    // bench/run prints the report together with the machine's description.
    Files.writeString(Path.of(option("report")), table);
  }

  private void measurePushes(Workloads workloads, List<Target> registries, BlobFile blob)
      throws Exception {
    Row monolithic =
        row("1. push, monolithic PUT", "MB/s", DISTRIBUTION, Row.GoalKind.RATIO_AT_LEAST, 2);
    Row sha = row("1. push ceiling: Berth ÷ SHA-256", "MB/s", SHA256, Row.GoalKind.RATIO_AT_LEAST, 0.5);
    Row synced = row("reference: write + fdatasync, 256 MiB", "MB/s", FDATASYNC, Row.GoalKind.NONE, 0);
    for (int pair = 0; pair <= pairs; pair++) {
      progress("monolithic push, pair " + pair + " of " + pairs);
      for (Target target : registries) {
        double value = workloads.pushMonolithic(target);
        record(pair, monolithic, target.name(), value);
        if (target.name().equals(BERTH)) {
          record(pair, sha, BERTH, value);
        }
      }
      record(pair, sha, SHA256, References.sha256MegabytesPerSecond(blob.path()));
      record(
          pair,
          synced,
          FDATASYNC,
          References.syncedWriteMegabytesPerSecond(
              blob.path(), Path.of(option("work")), Math.min(blob.size(), 256L << 20)));
    }
    Row chunked =
        row("1. push, chunked 16 MiB PATCHes", "MB/s", DISTRIBUTION, Row.GoalKind.RATIO_AT_LEAST, 2);
    for (int pair = 0; pair <= pairs; pair++) {
      progress("chunked push, pair " + pair + " of " + pairs);
      for (Target target : registries) {
        record(pair, chunked, target.name(), workloads.pushChunked(target));
      }
    }
  }

  private void measurePulls(Workloads workloads, List<Target> targets) throws Exception {
    Row whole = row("2. pull, one GET", "MB/s", NGINX, Row.GoalKind.RATIO_AT_LEAST, 0.95);
    Row ranges = row("2. pull, 8 parallel Range GETs", "MB/s", NGINX, Row.GoalKind.RATIO_AT_LEAST, 0.95);
    for (int pair = 0; pair <= pairs; pair++) {
      progress("pulls, pair " + pair + " of " + pairs);
      for (Target target : targets) {
        record(pair, whole, target.name(), workloads.pull(target, PULL_ATTEMPTS));
      }
      for (Target target : targets) {
        record(pair, ranges, target.name(), workloads.pullRanges(target, PULL_ATTEMPTS));
      }
    }
  }

  private void measureManifests(HttpClient http, Workloads workloads, List<Target> registries) throws Exception {
    Wrk wrk = new Wrk(Path.of(option("wrk-script")));
    int seconds = Integer.parseInt(option("wrk-seconds"));
    Map<String, String> digests = new HashMap<>();
    for (Target target : registries) {
      digests.put(target.name(), workloads.pushManifestTarget(target));
    }
    String[][] kinds = {{"GET", "tag", "wrk"}, {"HEAD", "digest", "Java client"}};
    for (String[] kind : kinds) {
      String label = "3. manifest " + kind[0] + " by " + kind[1] + " (" + kind[2] + "), 64 connections";
      Row rate = row(label + ", requests/s", "req/s", DISTRIBUTION, Row.GoalKind.RATIO_AT_LEAST, 2);
      Row p50 = row(label + ", p50", "ms", DISTRIBUTION, Row.GoalKind.NONE, 0);
      Row p99 = row(label + ", p99", "ms", DISTRIBUTION, Row.GoalKind.BERTH_AT_MOST, 20);
      for (int pair = 0; pair <= pairs; pair++) {
        progress("manifest " + kind[0] + ", pair " + pair + " of " + pairs);
        for (Target target : registries) {
          String reference = kind[0].equals("GET") ? "latest" : digests.get(target.name());
          URI uri =
              target.base().resolve("/v2/" + Workloads.SMALL_REPOSITORY + "/manifests/" + reference);
          // A cached token has at least half its lifetime left, more than one run lasts.
          Optional<String> authorization =
              target.authorization(Target.pullScope(Workloads.SMALL_REPOSITORY));
          int runSeconds = pair == 0 ? Math.min(5, seconds) : seconds;
          Wrk.Result result =
              kind[0].equals("GET")
                  ? wrk.run("GET", uri.toString(), authorization.orElse(""), MANIFEST_CONNECTIONS, runSeconds)
                  : ClosedLoop.run(
                      http, "HEAD", uri, authorization, SmallImage.MANIFEST_TYPE, MANIFEST_CONNECTIONS, runSeconds);
          record(pair, rate, target.name(), result.requestsPerSecond());
          record(pair, p50, target.name(), result.p50Millis());
          record(pair, p99, target.name(), result.p99Millis());
        }
      }
    }
  }

  private void measureSmallImages(Workloads workloads, List<Target> registries) throws Exception {
    Row images =
        row("4. 8 clients × 50 small images", "images/s", DISTRIBUTION, Row.GoalKind.RATIO_AT_LEAST, 1.5);
    for (int pair = 0; pair <= pairs; pair++) {
      progress("small images, pair " + pair + " of " + pairs);
      for (Target target : registries) {
        record(pair, images, target.name(), workloads.pushSmallImages(target, pair));
      }
    }
  }

  private void measureListings(Workloads workloads, List<Target> registries) throws Exception {
    int count = Integer.parseInt(option("listing-count"));
    for (Target target : registries) {
      progress("creating " + count + " tags and " + count + " repositories on " + target.name());
      workloads.createListings(target, count);
    }
    Row tags = row("5. tags list, " + count + " tags", "ms", DISTRIBUTION, Row.GoalKind.NONE, 0);
    Row catalog = row("5. catalog, " + count + " repositories", "ms", DISTRIBUTION, Row.GoalKind.NONE, 0);
    for (int pair = 0; pair <= pairs; pair++) {
      progress("listings, pair " + pair + " of " + pairs);
      for (Target target : registries) {
        List<Double> tagTimes = new ArrayList<>();
        List<Double> catalogTimes = new ArrayList<>();
        for (int attempt = 0; attempt < LISTING_ATTEMPTS; attempt++) {
          tagTimes.add(workloads.listTags(target, count));
          catalogTimes.add(workloads.listCatalog(target, count));
        }
        record(pair, tags, target.name(), Stats.median(tagTimes));
        record(pair, catalog, target.name(), Stats.median(catalogTimes));
      }
    }
  }

  private void measureMemory(Workloads workloads, List<Target> registries, long blobBytes)
      throws Exception {
    Row busy =
        row("6. resident memory, 4 concurrent pushes of " + (blobBytes >> 20) + " MiB",
            "MiB", DISTRIBUTION, Row.GoalKind.BERTH_AT_MOST, 400);
    for (Target target : registries) {
      progress("four concurrent pushes on " + target.name());
      busy.add(target.name(), workloads.concurrentPushMemory(target, blobBytes));
    }
  }

  private interface Workload {
    void run() throws Exception;
  }

  /** Runs one workload; a failure is reported in the table, and the next workload still runs. */
  private void attempt(String name, Workload workload) {
    try {
      workload.run();
    } catch (Exception e) {
      e.printStackTrace();
      failures.add("- " + name + ": " + e.getMessage());
    }
  }

  /** Records {@code value} unless {@code pair} is the warm-up pair 0. */
  private static void record(int pair, Row row, String series, double value) {
    if (pair > 0) {
      row.add(series, value);
    }
  }

  private Row row(String workload, String unit, String comparedWith, Row.GoalKind kind, double goal) {
    Row row = new Row(workload, unit, comparedWith, kind, goal);
    rows.add(row);
    return row;
  }

  private static void progress(String message) {
    System.err.println("bench: " + message);
  }
}
