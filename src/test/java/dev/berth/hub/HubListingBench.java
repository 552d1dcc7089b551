package dev.berth.hub;

import dev.berth.auth.Accounts;
import dev.berth.auth.Principal;
import dev.berth.db.Database;
import dev.berth.db.DatabaseSettings;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.Registry;
import dev.berth.storage.FileBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Measures the hub's page queries at scale: a page of 100 repositories out of 10,000, and a page of
 * 100 tags out of a repository of 10,000 tags. It runs on the embedded default (a SQLite file in
 * WAL mode), or on PostgreSQL when a JDBC URL is given. The rows are inserted with SQL in batches,
 * since the push path is not what is measured; every page then goes through {@link Hub} as the API
 * calls it. Run it with {@code bench/hub-listing/run}; it prints the median and 95th percentile per
 * query in milliseconds.
 */
public final class HubListingBench {

  private static final int REPOSITORIES = 10_000;
  private static final int TAGS = 10_000;
  private static final int PAGE = 100;
  private static final int WARMUP = 50;
  private static final int RUNS = 200;
  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("berth-hub-bench");
    String url =
        args.length > 0 ? args[0] : "jdbc:sqlite:" + dir.resolve("berth.db").toAbsolutePath();
    Optional<String> user = Optional.ofNullable(System.getenv("BENCH_DB_USER"));
    Optional<String> password = Optional.ofNullable(System.getenv("BENCH_DB_PASSWORD"));
    run(new DatabaseSettings(url, user, password, 4), dir);
  }

  /**
   * Fills the database at {@code settings}, which must be empty, and prints the timings; blobs go
   * under {@code dir}.
   */
  public static void run(DatabaseSettings settings, Path dir) throws Exception {
    try (Database database = Database.open(settings);
        FileBlobStore blobs = new FileBlobStore(dir.resolve("blobs"))) {
      Clock clock = Clock.systemUTC();
      seed(database);
      Hub hub =
          Hub.create(
              database,
              clock,
              true,
              listener -> new Registry(database, blobs, clock, 4 << 20, true, listener));
      Accounts accounts = new Accounts(database, clock, new SecureRandom());
      Viewers viewers =
          new Viewers(accounts.accountService(), accounts.authorizer(hub.registry()::isPrivate));
      Viewer anonymous = viewers.of(new Principal.Anonymous());
      Viewer everyone = Viewers.everyone();
      RepositoryName tagged = RepositoryName.parse("bench/tagged");
      int middle = REPOSITORIES / 2;

      System.out.printf(
          "database %s, %d repositories, %d tags in bench/tagged, pages of %d%n",
          database.dialect(), REPOSITORIES, TAGS, PAGE);
      report(
          "repositories, administrator, name, page 1",
          () -> hub.list(everyone, Optional.empty(), RepositoryOrdering.NAME, 0, PAGE).count());
      report(
          "repositories, administrator, -last_updated, middle page",
          () ->
              hub.list(
                      everyone,
                      Optional.empty(),
                      RepositoryOrdering.LAST_UPDATED_DESC,
                      middle,
                      PAGE)
                  .count());
      report(
          "repositories, anonymous (public only), -pull_count, middle page",
          () ->
              hub.list(
                      anonymous,
                      Optional.empty(),
                      RepositoryOrdering.PULL_COUNT_DESC,
                      middle / 2,
                      PAGE)
                  .count());
      report(
          "repositories of namespace bench, anonymous, name, page 33",
          () ->
              hub.list(anonymous, Optional.of("bench"), RepositoryOrdering.NAME, 3_200, PAGE)
                  .count());
      report(
          "tags, -last_updated, page 1",
          () -> hub.tags(everyone, tagged, TagOrdering.LAST_UPDATED_DESC, 0, PAGE).count());
      report(
          "tags, -last_updated, middle page",
          () -> hub.tags(everyone, tagged, TagOrdering.LAST_UPDATED_DESC, TAGS / 2, PAGE).count());
      report(
          "tags, name, last page",
          () -> hub.tags(everyone, tagged, TagOrdering.NAME, TAGS - PAGE, PAGE).count());
      report(
          "search 'repo-12', anonymous, page 1",
          () -> hub.search(anonymous, "repo-12", 0, Optional.empty(), 0, 25).count());
      hub.close();
    }
  }

  private static void report(String label, LongSupplier query) {
    for (int i = 0; i < WARMUP; i++) {
      query.getAsLong();
    }
    double[] millis = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      query.getAsLong();
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    System.out.printf(
        "%-62s median %6.2f ms   p95 %6.2f ms%n",
        label, millis[RUNS / 2], millis[(int) (RUNS * 0.95)]);
  }

  /** Inserts the repositories, one manifest in bench/tagged and its tags. */
  private static void seed(Database database) {
    long now = System.currentTimeMillis();
    database
        .jdbi()
        .useTransaction(
            h -> {
              PreparedBatch repositories =
                  h.prepareBatch(
                      "INSERT INTO repositories (name, created_at, is_private) VALUES (?, ?, ?)");
              PreparedBatch hub =
                  h.prepareBatch(
                      "INSERT INTO hub_repositories (name, namespace, description, pull_count,"
                          + " star_count, updated_at) VALUES (?, ?, ?, ?, ?, ?)");
              for (int i = 0; i < REPOSITORIES; i++) {
                String namespace = i % 2 == 0 ? "bench" : "other" + (i % 50);
                String name = namespace + "/repo-" + i;
                repositories.add(name, now - i, i % 3 == 0);
                hub.add(
                    name,
                    namespace,
                    "repository number " + i,
                    (i * 7919L) % 10_000,
                    i % 17,
                    now - i * 1000L);
              }
              repositories.execute();
              hub.execute();
              h.execute(
                  "INSERT INTO repositories (name, created_at, is_private) VALUES (?, ?, ?)",
                  "bench/tagged",
                  now,
                  false);
              h.execute(
                  "INSERT INTO hub_repositories (name, namespace, updated_at) VALUES (?, ?, ?)",
                  "bench/tagged",
                  "bench",
                  now);
              h.execute(
                  "INSERT INTO manifests (repository, digest, media_type, size, content, pushed_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?)",
                  "bench/tagged",
                  DIGEST,
                  "application/vnd.oci.image.manifest.v1+json",
                  2,
                  new byte[] {'{', '}'},
                  now);
              h.execute(
                  "INSERT INTO hub_manifests (repository, digest, full_size, images) VALUES (?, ?,"
                      + " ?, ?)",
                  "bench/tagged",
                  DIGEST,
                  1234,
                  "[{\"digest\":\""
                      + DIGEST
                      + "\",\"size\":1234,\"os\":\"linux\",\"architecture\":\"amd64\"}]");
              insertTags(h, now);
            });
  }

  private static void insertTags(Handle h, long now) {
    PreparedBatch tags =
        h.prepareBatch(
            "INSERT INTO tags (repository, name, manifest_digest, updated_at) VALUES (?, ?, ?, ?)");
    PreparedBatch hubTags =
        h.prepareBatch(
            "INSERT INTO hub_tags (repository, name, pushed_by, pushed_at) VALUES (?, ?, ?, ?)");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < TAGS; i++) {
      names.add("1." + (i / 100) + "." + (i % 100));
    }
    for (int i = 0; i < names.size(); i++) {
      tags.add("bench/tagged", names.get(i), DIGEST, now - i * 1000L);
      hubTags.add("bench/tagged", names.get(i), "alice", now - i * 1000L);
    }
    tags.execute();
    hubTags.execute();
  }

  private HubListingBench() {}
}
