package dev.berth.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Database;
import dev.berth.db.Dialect;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.Registry;
import dev.berth.storage.FileBlobStore;
import dev.berth.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Repositories that exist without hub rows (pushed before the hub kept metadata) get them when the
 * hub starts, and one-component names are listed in the namespace {@code library}.
 */
class HubBackfillTest {

  @TempDir Path tempDir;

  private static Hub hub(Database database, FileBlobStore blobs) {
    Clock clock = Clock.systemUTC();
    return Hub.create(
        database,
        clock,
        true,
        listener -> new Registry(database, blobs, clock, 4 << 20, true, listener));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void create_addsRowsForOlderRepositories(Dialect dialect) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect, tempDir);
        FileBlobStore blobs = new FileBlobStore(tempDir.resolve("blobs"))) {
      Database database = db.open();
      Hub first = hub(database, blobs);
      RepositoryName older = RepositoryName.parse("alice/older");
      RepositoryName official = RepositoryName.parse("alpine");
      database
          .jdbi()
          .useTransaction(
              h -> {
                first.registry().createRepository(h, older, false, 1_000);
                first.registry().createRepository(h, official, false, 2_000);
              });
      first.close();

      Hub second = hub(database, blobs);
      Viewer everyone = Viewers.everyone();
      RepositoryInfo info = second.get(everyone, older);
      assertThat(info.dateRegistered().toEpochMilli()).isEqualTo(1_000);
      assertThat(info.lastUpdated().toEpochMilli()).isEqualTo(1_000);
      assertThat(info.createdBy()).isEmpty();
      assertThat(info.lastPushed()).isEmpty();

      Page<RepositoryInfo> library =
          second.list(everyone, Optional.of("library"), RepositoryOrdering.NAME, 0, 10);
      assertThat(library.items()).extracting(RepositoryInfo::name).containsExactly(official);
      assertThat(library.items().get(0).namespace()).isEqualTo("library");
      assertThat(second.locate("library", "alpine")).isEqualTo(official);
      assertThat(second.locate("alice", "older")).isEqualTo(older);
      second.close();
    }
  }
}
