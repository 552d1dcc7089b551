package dev.berth.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Database;
import dev.berth.db.Dialect;
import dev.berth.testing.TestDatabase;
import java.nio.file.Path;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs the storage sums per namespace on SQLite and PostgreSQL over rows written directly. */
class StorageUsageTest {

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void report_countsSharedBlobsOncePerNamespace(Dialect dialect) throws Exception {
    try (TestDatabase test = TestDatabase.create(dialect, tempDir);
        Database database = test.open()) {
      database
          .jdbi()
          .useTransaction(
              h -> {
                blob(h, "sha256:base", 1000);
                blob(h, "sha256:app", 200);
                blob(h, "sha256:tool", 30);
                blob(h, "sha256:orphan", 5000);
                repository(h, "acme/app", "acme", "sha256:base", "sha256:app");
                repository(h, "acme/web", "acme", "sha256:base", "sha256:app");
                repository(h, "bob/tool", "bob", "sha256:base", "sha256:tool");
                repository(h, "carol/empty", "carol");
              });

      StorageReport report = new StorageUsage(database.jdbi()).report();

      assertThat(report.namespaces())
          .containsExactly(
              new NamespaceStorage("acme", 2, 2, 1200),
              new NamespaceStorage("bob", 1, 2, 1030),
              new NamespaceStorage("carol", 1, 0, 0));
      assertThat(report.totalBytes())
          .as("each linked blob once across namespaces; the orphan is not linked")
          .isEqualTo(1230);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void report_emptyDatabase_isEmpty(Dialect dialect) throws Exception {
    try (TestDatabase test = TestDatabase.create(dialect, tempDir);
        Database database = test.open()) {
      StorageReport report = new StorageUsage(database.jdbi()).report();

      assertThat(report.namespaces()).isEmpty();
      assertThat(report.totalBytes()).isZero();
    }
  }

  private static void blob(Handle h, String digest, long size) {
    h.execute(
        "INSERT INTO blobs (digest, size, storage_key, state, created_at) VALUES (?, ?, ?, 'live',"
            + " 0)",
        digest,
        size,
        "key/" + digest);
  }

  private static void repository(Handle h, String name, String namespace, String... digests) {
    h.execute("INSERT INTO repositories (name, created_at) VALUES (?, 0)", name);
    h.execute(
        "INSERT INTO hub_repositories (name, namespace, updated_at) VALUES (?, ?, 0)",
        name,
        namespace);
    for (String digest : digests) {
      h.execute(
          "INSERT INTO repository_blobs (repository, digest, linked_at) VALUES (?, ?, 0)",
          name,
          digest);
    }
  }
}
