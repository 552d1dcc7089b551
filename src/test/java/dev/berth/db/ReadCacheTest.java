package dev.berth.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReadCacheTest {

  @TempDir Path tempDir;

  private final WriteEpoch writes = new WriteEpoch();
  private final AtomicLong clock = new AtomicLong();
  private final AtomicInteger reads = new AtomicInteger();

  private Optional<String> read(String key) {
    reads.incrementAndGet();
    return Optional.of(key + "#" + reads.get());
  }

  @Test
  void get_secondCall_servedFromCache() {
    ReadCache<String, String> cache = new ReadCache<>(writes, Duration.ofSeconds(2), 10, clock::get);

    assertThat(cache.get("a", this::read)).hasValue("a#1");
    assertThat(cache.get("a", this::read)).hasValue("a#1");
    assertThat(reads).hasValue(1);
  }

  @Test
  void get_afterWrite_readsAgain() {
    ReadCache<String, String> cache = new ReadCache<>(writes, Duration.ofSeconds(2), 10, clock::get);
    cache.get("a", this::read);

    writes.advance();

    assertThat(cache.get("a", this::read)).hasValue("a#2");
  }

  @Test
  void get_writeDuringRead_readsAgainNextTime() {
    ReadCache<String, String> cache = new ReadCache<>(writes, Duration.ofSeconds(2), 10, clock::get);
    cache.get(
        "a",
        key -> {
          writes.advance(); // a transaction commits while the old row is being read
          return Optional.of("old");
        });

    assertThat(cache.get("a", this::read)).hasValue("a#1");
  }

  @Test
  void get_afterTtl_readsAgain() {
    ReadCache<String, String> cache = new ReadCache<>(writes, Duration.ofSeconds(2), 10, clock::get);
    cache.get("a", this::read);

    clock.addAndGet(Duration.ofMillis(1_999).toNanos());
    assertThat(cache.get("a", this::read)).hasValue("a#1");
    clock.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(cache.get("a", this::read)).hasValue("a#2");
  }

  @Test
  void get_emptyResult_isCached() {
    ReadCache<String, String> cache = new ReadCache<>(writes, Duration.ofSeconds(2), 10, clock::get);
    cache.get("gone", key -> { reads.incrementAndGet(); return Optional.empty(); });

    assertThat(cache.get("gone", this::read)).isEmpty();
    assertThat(reads).hasValue(1);
  }

  @Test
  void get_rejectedByKeep_readsEachTime() {
    ReadCache<String, String> cache = new ReadCache<>(writes, Duration.ofSeconds(2), 10, clock::get);

    cache.get("big", this::read, value -> false);
    cache.get("big", this::read, value -> false);

    assertThat(reads).hasValue(2);
  }

  @Test
  void pastMaxEntries_theCacheStartsOver() {
    ReadCache<String, String> cache = new ReadCache<>(writes, Duration.ofSeconds(2), 2, clock::get);
    cache.get("a", this::read);
    cache.get("b", this::read);
    cache.get("c", this::read);

    assertThat(cache.get("a", this::read)).hasValue("a#4");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void database_advancesTheEpochOnWritesOnly(Dialect dialect) throws Exception {
    try (TestDatabase testDatabase = TestDatabase.create(dialect, tempDir)) {
      Database database = testDatabase.open();
      WriteEpoch epoch = database.writes();

      long start = epoch.current();
      database.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
      assertThat(epoch.current()).as("a read").isEqualTo(start);

      database.jdbi().useHandle(h -> h.execute(
          "INSERT INTO repositories (name, created_at) VALUES ('a/b', 0)"));
      long afterInsert = epoch.current();
      assertThat(afterInsert).as("an autocommit write").isGreaterThan(start);

      database.jdbi().useTransaction(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
      assertThat(epoch.current()).as("the end of a transaction").isGreaterThan(afterInsert);
    }
  }
}
