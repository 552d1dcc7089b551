package dev.berth.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs due jobs in this process: one virtual thread polls the queue every {@code pollInterval} (or
 * at once after {@link #wake}) and hands each claimed job to its kind's handler on its own virtual
 * thread, at most {@code concurrency} at a time. {@link #close} stops claiming, waits a while for
 * running jobs and leaves the rest to their leases, so another node or the next start retries them.
 * Thread-safe.
 */
public final class JobWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JobWorker.class);

  /** Finished jobs are kept this long, so their outcome can be looked at. */
  private static final Duration KEEP_FINISHED = Duration.ofDays(7);

  private static final Duration PURGE_INTERVAL = Duration.ofHours(1);

  private final JobQueue queue;
  private final Map<String, JobHandler> handlers;
  private final Clock clock;
  private final Duration pollInterval;
  private final Duration lease;
  private final Semaphore slots;
  private final String owner = "worker-" + UUID.randomUUID();
  private final ExecutorService runners = Executors.newVirtualThreadPerTaskExecutor();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private boolean woken;
  private volatile boolean running;
  private @Nullable Thread poller;
  private long nextPurge;

  /**
   * Builds a stopped worker.
   *
   * @param handlers the handler of each job kind; jobs of other kinds are left alone
   * @param lease how long a claimed job stays with this worker; it must exceed the longest attempt
   */
  public JobWorker(
      JobQueue queue,
      Map<String, JobHandler> handlers,
      Clock clock,
      Duration pollInterval,
      Duration lease,
      int concurrency) {
    this.queue = queue;
    this.handlers = Map.copyOf(handlers);
    this.clock = clock;
    this.pollInterval = pollInterval;
    this.lease = lease;
    this.slots = new Semaphore(concurrency);
  }

  /** Starts the polling thread. */
  public synchronized void start() {
    if (poller != null) {
      throw new IllegalStateException("job worker already started");
    }
    running = true;
    poller = Thread.ofVirtual().name("job-worker").start(this::pollLoop);
    LOG.atInfo().addKeyValue("owner", owner).log("job worker started");
  }

  /** Makes the worker poll now, such as after a transaction that enqueued a job committed. */
  public void wake() {
    lock.lock();
    try {
      woken = true;
      wakeUp.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void pollLoop() {
    while (running) {
      try {
        pollOnce();
      } catch (RuntimeException e) {
        LOG.atWarn().setCause(e).log("failed to claim jobs; retrying at the next poll");
      }
      awaitNextPoll();
    }
  }

  private void pollOnce() {
    long now = clock.millis();
    if (now >= nextPurge) {
      nextPurge = now + PURGE_INTERVAL.toMillis();
      int purged = queue.purgeFinished(now - KEEP_FINISHED.toMillis());
      if (purged > 0) {
        LOG.atInfo().addKeyValue("count", purged).log("purged finished jobs");
      }
    }
    int free = slots.drainPermits();
    if (free == 0) {
      return;
    }
    List<Job> claimed;
    try {
      claimed = queue.claim(owner, handlers.keySet(), free, lease, now);
    } catch (RuntimeException e) {
      slots.release(free);
      throw e;
    }
    slots.release(free - claimed.size());
    for (Job job : claimed) {
      runners.execute(
          () -> {
            try {
              run(job);
            } finally {
              slots.release();
              if (claimed.size() == free) {
                // Every slot was used, so more jobs may be due right now.
                wake();
              }
            }
          });
    }
  }

  private void run(Job job) {
    JobHandler handler = handlers.get(job.kind());
    JobOutcome outcome;
    try {
      outcome = handler.run(job);
    } catch (RuntimeException e) {
      LOG.atError()
          .setCause(e)
          .addKeyValue("job", job.id())
          .addKeyValue("kind", job.kind())
          .log("job handler failed; retrying later");
      outcome =
          new JobOutcome.RetryAt(
              clock.millis() + JobQueue.RETRY_AFTER_CRASH.toMillis(), "handler failed: " + e);
    }
    boolean recorded =
        switch (outcome) {
          case JobOutcome.Done d -> queue.complete(job.id(), owner, clock.millis(), d.effect());
          case JobOutcome.RetryAt r ->
              queue.retry(job.id(), owner, r.at(), r.error(), r.effect());
          case JobOutcome.GiveUp g ->
              queue.giveUp(job.id(), owner, g.error(), clock.millis(), g.effect());
        };
    if (!recorded) {
      LOG.atWarn()
          .addKeyValue("job", job.id())
          .addKeyValue("kind", job.kind())
          .log("job lease expired before the attempt ended; another worker took the job over");
    }
  }

  private void awaitNextPoll() {
    lock.lock();
    try {
      long waitNanos = pollInterval.toNanos();
      while (!woken && running && waitNanos > 0) {
        waitNanos = wakeUp.awaitNanos(waitNanos);
      }
      woken = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops claiming jobs and waits up to {@code grace} for running attempts to finish. Attempts
   * still running afterwards are interrupted; their jobs run again once their lease expires.
   */
  public void stop(Duration grace) {
    Thread thread;
    synchronized (this) {
      thread = poller;
      running = false;
    }
    wake();
    try {
      if (thread != null) {
        thread.join(grace);
      }
      runners.shutdown();
      if (!runners.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        runners.shutdownNow();
        LOG.atWarn()
            .addKeyValue("grace", grace)
            .log("job attempts still running at shutdown; their leases will expire");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      runners.shutdownNow();
    }
    LOG.atInfo().addKeyValue("owner", owner).log("job worker stopped");
  }

  /** Stops with a grace of 10 seconds, longer than one webhook attempt may take. */
  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }
}
