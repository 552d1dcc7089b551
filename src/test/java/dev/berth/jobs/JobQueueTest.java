package dev.berth.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.db.Database;
import dev.berth.db.Dialect;
import dev.berth.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Claiming, leases, retries and takeover of jobs, on SQLite and PostgreSQL. */
class JobQueueTest {

  private static final Duration LEASE = Duration.ofSeconds(60);
  private static final long NOW = 1_000_000L;

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void claim_takesDueJobsOnce(Dialect dialect) throws Exception {
    try (TestDatabase test = TestDatabase.create(dialect, tempDir)) {
      Database database = test.open();
      JobQueue queue = new JobQueue(database.jdbi(), dialect);
      String due = database.jdbi().inTransaction(h -> queue.enqueue(h, "k", "{\"n\":1}", NOW));
      database.jdbi().useTransaction(h -> queue.enqueue(h, "k", "{\"n\":2}", NOW + 5_000));
      database.jdbi().useTransaction(h -> queue.enqueue(h, "other", "{}", NOW));

      List<Job> first = queue.claim("a", Set.of("k"), 10, LEASE, NOW);
      List<Job> second = queue.claim("b", Set.of("k"), 10, LEASE, NOW);

      assertThat(first).extracting(Job::id).containsExactly(due);
      assertThat(first.getFirst().payload()).isEqualTo("{\"n\":1}");
      assertThat(first.getFirst().attempt()).isEqualTo(1);
      assertThat(second).as("a leased job and a job not yet due").isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void expiredLease_takenOverAndOldOwnerCannotFinish(Dialect dialect) throws Exception {
    try (TestDatabase test = TestDatabase.create(dialect, tempDir)) {
      Database database = test.open();
      JobQueue queue = new JobQueue(database.jdbi(), dialect);
      String id = database.jdbi().inTransaction(h -> queue.enqueue(h, "k", "{}", NOW));

      queue.claim("dead-node", Set.of("k"), 1, LEASE, NOW);
      List<Job> beforeExpiry = queue.claim("b", Set.of("k"), 1, LEASE, NOW + LEASE.toMillis() - 1);
      List<Job> afterExpiry = queue.claim("b", Set.of("k"), 1, LEASE, NOW + LEASE.toMillis());
      boolean staleOwnerCompleted = queue.complete(id, "dead-node", NOW + LEASE.toMillis() + 1);
      boolean newOwnerCompleted = queue.complete(id, "b", NOW + LEASE.toMillis() + 2);

      assertThat(beforeExpiry).isEmpty();
      assertThat(afterExpiry).extracting(Job::attempt).containsExactly(2);
      assertThat(staleOwnerCompleted).isFalse();
      assertThat(newOwnerCompleted).isTrue();
      assertThat(queue.state(id)).hasValue("done");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void retry_releasesUntilNextAttempt(Dialect dialect) throws Exception {
    try (TestDatabase test = TestDatabase.create(dialect, tempDir)) {
      Database database = test.open();
      JobQueue queue = new JobQueue(database.jdbi(), dialect);
      String id = database.jdbi().inTransaction(h -> queue.enqueue(h, "k", "{}", NOW));
      queue.claim("a", Set.of("k"), 1, LEASE, NOW);

      boolean released = queue.retry(id, "a", NOW + 10_000, "receiver answered HTTP 500");
      List<Job> early = queue.claim("a", Set.of("k"), 1, LEASE, NOW + 9_999);
      List<Job> due = queue.claim("a", Set.of("k"), 1, LEASE, NOW + 10_000);
      boolean gaveUp = queue.giveUp(id, "a", "gave up", NOW + 10_001);

      assertThat(released).isTrue();
      assertThat(early).isEmpty();
      assertThat(due).extracting(Job::attempt).containsExactly(2);
      assertThat(gaveUp).isTrue();
      assertThat(queue.state(id)).hasValue("failed");
      assertThat(queue.purgeFinished(NOW + 10_002)).isEqualTo(1);
      assertThat(queue.state(id)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void releaseStaleLeases_onlyOnSqlite(Dialect dialect) throws Exception {
    try (TestDatabase test = TestDatabase.create(dialect, tempDir)) {
      Database database = test.open();
      JobQueue queue = new JobQueue(database.jdbi(), dialect);
      database.jdbi().useTransaction(h -> queue.enqueue(h, "k", "{}", NOW));
      queue.claim("killed-process", Set.of("k"), 1, LEASE, NOW);

      int released = queue.releaseStaleLeases();
      List<Job> reclaimed = queue.claim("restarted", Set.of("k"), 1, LEASE, NOW + 1);

      if (dialect == Dialect.SQLITE) {
        assertThat(released).isEqualTo(1);
        assertThat(reclaimed).hasSize(1);
      } else {
        assertThat(released).as("other nodes may hold PostgreSQL leases").isZero();
        assertThat(reclaimed).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void complete_effectAndOutcomeAtomic(Dialect dialect) throws Exception {
    try (TestDatabase test = TestDatabase.create(dialect, tempDir)) {
      Database database = test.open();
      JobQueue queue = new JobQueue(database.jdbi(), dialect);
      String id = database.jdbi().inTransaction(h -> queue.enqueue(h, "k", "{}", NOW));
      queue.claim("a", Set.of("k"), 1, LEASE, NOW);

      // The effect writes its row, then the process "dies" before the commit.
      JobOutcome.Effect crashing =
          h -> {
            queue.enqueue(h, "record", "{}", NOW);
            throw new IllegalStateException("killed before commit");
          };
      assertThatThrownBy(() -> queue.complete(id, "a", NOW + 1, crashing))
          .isInstanceOf(IllegalStateException.class);

      assertThat(queue.state(id)).contains("pending");
      assertThat(countKind(database, "record")).isZero();

      boolean completed =
          queue.complete(id, "a", NOW + 2, h -> queue.enqueue(h, "record", "{}", NOW));
      assertThat(completed).isTrue();
      assertThat(queue.state(id)).contains("done");
      assertThat(countKind(database, "record")).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void lostLease_effectStillWritten(Dialect dialect) throws Exception {
    try (TestDatabase test = TestDatabase.create(dialect, tempDir)) {
      Database database = test.open();
      JobQueue queue = new JobQueue(database.jdbi(), dialect);
      String id = database.jdbi().inTransaction(h -> queue.enqueue(h, "k", "{}", NOW));
      queue.claim("dead-node", Set.of("k"), 1, LEASE, NOW);
      queue.claim("b", Set.of("k"), 1, LEASE, NOW + LEASE.toMillis());

      boolean recorded =
          queue.retry(id, "dead-node", NOW, "failed", h -> queue.enqueue(h, "record", "{}", NOW));

      assertThat(recorded).isFalse();
      assertThat(countKind(database, "record")).as("the attempt really happened").isEqualTo(1);
      assertThat(queue.state(id)).contains("pending");
    }
  }

  private static long countKind(Database database, String kind) {
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM jobs WHERE kind = :kind")
                    .bind("kind", kind)
                    .mapTo(Long.class)
                    .one());
  }
}
