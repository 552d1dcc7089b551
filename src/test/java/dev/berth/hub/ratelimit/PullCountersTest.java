package dev.berth.hub.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Database;
import dev.berth.db.Dialect;
import dev.berth.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * In-memory pull counts over the {@code pull_counts} table on both dialects, with two {@link
 * PullCounters} on one database standing for two nodes.
 */
class PullCountersTest {

  private static final long WINDOW = 3_600_000;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void acquire_countsUpToLimit(Dialect dialect) throws Exception {
    try (TestDatabase database = TestDatabase.create(dialect, dir)) {
      PullCounters counters = new PullCounters(new PullCountStore(database.open().jdbi()));

      PullCounters.Outcome first = counters.acquire("address:a", WINDOW, 2, true);
      PullCounters.Outcome second = counters.acquire("address:a", WINDOW, 2, true);
      PullCounters.Outcome third = counters.acquire("address:a", WINDOW, 2, true);
      PullCounters.Outcome check = counters.acquire("address:a", WINDOW, 2, false);

      assertThat(first).isEqualTo(new PullCounters.Outcome(true, 1));
      assertThat(second).isEqualTo(new PullCounters.Outcome(true, 2));
      assertThat(third).isEqualTo(new PullCounters.Outcome(false, 2));
      assertThat(check).isEqualTo(new PullCounters.Outcome(false, 2));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void flush_writesOnlyDeltas(Dialect dialect) throws Exception {
    try (TestDatabase database = TestDatabase.create(dialect, dir)) {
      PullCountStore store = new PullCountStore(database.open().jdbi());
      PullCounters counters = new PullCounters(store);

      counters.acquire("account:alice", WINDOW, 100, true);
      counters.acquire("account:alice", WINDOW, 100, true);
      assertThat(store.count("account:alice", WINDOW)).as("before the flush").isZero();
      counters.flush(WINDOW);
      counters.flush(WINDOW);
      counters.acquire("account:alice", WINDOW, 100, true);
      counters.flush(WINDOW);

      assertThat(store.count("account:alice", WINDOW)).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void twoNodes_shareCountAfterFlush(Dialect dialect) throws Exception {
    try (TestDatabase database = TestDatabase.create(dialect, dir)) {
      Database db = database.open();
      PullCounters nodeOne = new PullCounters(new PullCountStore(db.jdbi()));
      PullCounters nodeTwo = new PullCounters(new PullCountStore(db.jdbi()));

      for (int i = 0; i < 3; i++) {
        nodeOne.acquire("address:b", WINDOW, 10, true);
      }
      nodeOne.flush(WINDOW);
      PullCounters.Outcome seenByTwo = nodeTwo.acquire("address:b", WINDOW, 10, true);
      for (int i = 0; i < 2; i++) {
        nodeOne.acquire("address:b", WINDOW, 10, true);
      }
      nodeOne.flush(WINDOW);
      nodeTwo.flush(WINDOW);
      PullCounters.Outcome afterBoth = nodeTwo.acquire("address:b", WINDOW, 10, false);

      assertThat(seenByTwo.used()).as("node two reads node one's flushed pulls").isEqualTo(4);
      assertThat(afterBoth.used()).as("node two after both flushed").isEqualTo(6);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void newWindow_startsFromZeroAndKeepsOldPulls(Dialect dialect) throws Exception {
    try (TestDatabase database = TestDatabase.create(dialect, dir)) {
      PullCountStore store = new PullCountStore(database.open().jdbi());
      PullCounters counters = new PullCounters(store);

      counters.acquire("address:c", WINDOW, 1, true);
      PullCounters.Outcome next = counters.acquire("address:c", 2 * WINDOW, 1, true);
      counters.flush(2 * WINDOW);

      assertThat(next).isEqualTo(new PullCounters.Outcome(true, 1));
      assertThat(store.count("address:c", WINDOW)).as("old window").isEqualTo(1);
      assertThat(store.count("address:c", 2 * WINDOW)).as("new window").isEqualTo(1);
      assertThat(store.deleteBefore(2 * WINDOW)).as("rows of ended windows").isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void flush_dropsCountersOfEndedWindows(Dialect dialect) throws Exception {
    try (TestDatabase database = TestDatabase.create(dialect, dir)) {
      PullCountStore store = new PullCountStore(database.open().jdbi());
      PullCounters counters = new PullCounters(store);
      counters.acquire("address:d", WINDOW, 5, true);
      counters.acquire("address:e", 2 * WINDOW, 5, true);

      counters.flush(2 * WINDOW);
      PullCounters.Outcome again = counters.acquire("address:d", WINDOW, 5, true);
      counters.flush(2 * WINDOW);

      assertThat(again.used()).as("a dropped counter reloads its stored count").isEqualTo(2);
      assertThat(store.count("address:d", WINDOW)).isEqualTo(2);
      assertThat(counters.size()).isEqualTo(1);
    }
  }
}
