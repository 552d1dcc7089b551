package dev.berth.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Database;
import dev.berth.db.Dialect;
import dev.berth.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The worker loop: handler outcomes, a handler that throws, and stopping. */
class JobWorkerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path tempDir;

  /** A clock the test moves by hand, so retries come due without waiting. */
  private static final class ManualClock extends Clock {
    private final AtomicLong millis = new AtomicLong(1_000_000L);

    void advance(Duration duration) {
      millis.addAndGet(duration.toMillis());
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException("a fixed zone is enough for these tests");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void throwingHandler_retriedAfterDelay(Dialect dialect) throws Exception {
    ManualClock clock = new ManualClock();
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    JobHandler handler =
        job -> {
          attempts.add(job.attempt());
          if (job.attempt() == 1) {
            throw new IllegalStateException("first attempt fails");
          }
          return new JobOutcome.Done();
        };
    try (TestDatabase test = TestDatabase.create(dialect, tempDir)) {
      Database database = test.open();
      JobQueue queue = new JobQueue(database.jdbi(), dialect);
      String id = database.jdbi().inTransaction(h -> queue.enqueue(h, "k", "{}", clock.millis()));
      JobWorker worker =
          new JobWorker(
              queue, Map.of("k", handler), clock, Duration.ofMillis(20), Duration.ofMinutes(5), 2);
      worker.start();
      try {
        awaitAttempts(attempts, 1);
        awaitReleased(database, id);
        int beforeDelay = attempts.size();
        clock.advance(JobQueue.RETRY_AFTER_CRASH);
        worker.wake();
        awaitState(queue, id, "done", attempts);

        assertThat(beforeDelay).as("not retried before the delay").isEqualTo(1);
        assertThat(attempts).containsExactly(1, 2);
      } finally {
        worker.stop(Duration.ofSeconds(5));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void giveUpOutcome_failsJob(Dialect dialect) throws Exception {
    ManualClock clock = new ManualClock();
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    JobHandler handler =
        job -> {
          attempts.add(job.attempt());
          return new JobOutcome.GiveUp("receiver gone");
        };
    try (TestDatabase test = TestDatabase.create(dialect, tempDir)) {
      Database database = test.open();
      JobQueue queue = new JobQueue(database.jdbi(), dialect);
      String id = database.jdbi().inTransaction(h -> queue.enqueue(h, "k", "{}", clock.millis()));
      JobWorker worker =
          new JobWorker(
              queue, Map.of("k", handler), clock, Duration.ofMillis(20), Duration.ofMinutes(5), 2);
      worker.start();
      try {
        awaitState(queue, id, "failed", attempts);
      } finally {
        worker.stop(Duration.ofSeconds(5));
      }
      String error =
          database
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT last_error FROM jobs WHERE id = :id")
                          .bind("id", id)
                          .mapTo(String.class)
                          .one());

      assertThat(attempts).containsExactly(1);
      assertThat(error).isEqualTo("receiver gone");
    }
  }

  private static void awaitAttempts(List<Integer> attempts, int count) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (attempts.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(attempts.size() + " attempts, not " + count + ", in " + WAIT);
      }
      Thread.sleep(10);
    }
  }

  private static void awaitState(JobQueue queue, String id, String state, List<Integer> attempts)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!queue.state(id).orElse("").equals(state)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "job " + id + " is " + queue.state(id) + ", not " + state + "; attempts " + attempts);
      }
      Thread.sleep(10);
    }
  }

  /** Waits until a failed attempt has released the job's lease, so it waits for its retry. */
  private static void awaitReleased(Database database, String id) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      boolean released =
          database
                  .jdbi()
                  .withHandle(
                      h ->
                          h.createQuery(
                                  "SELECT COUNT(*) FROM jobs WHERE id = :id AND state = 'pending'"
                                      + " AND lease_owner IS NULL AND attempts = 1")
                              .bind("id", id)
                              .mapTo(Long.class)
                              .one())
              == 1;
      if (released) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("job " + id + " was not released for a retry in " + WAIT);
      }
      Thread.sleep(10);
    }
  }
}
