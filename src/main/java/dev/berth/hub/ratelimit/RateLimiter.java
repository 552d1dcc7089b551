package dev.berth.hub.ratelimit;

import dev.berth.db.Database;
import dev.berth.registry.PullAdmission;
import dev.berth.registry.PullLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docker Hub's pull rate limits for the registry: each anonymous client address and each
 * signed-in account may GET a limited number of manifests per fixed window. Every manifest GET
 * and HEAD of a limited caller gets {@code ratelimit-limit}, {@code ratelimit-remaining} and
 * {@code docker-ratelimit-source}; unlimited callers get none, which clients read as unlimited.
 *
 * <p>Counts are kept in memory and added to the {@code pull_counts} table every {@link
 * #FLUSH_INTERVAL} and on {@link #close()}. Thread-safe.
 */
public final class RateLimiter implements PullLimiter, AutoCloseable {

  /** How often counts are written to the database, and so how many a crash can lose. */
  public static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

  /** How often rows of ended windows are deleted. */
  private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

  private final RateLimitSettings settings;
  private final AccountOverrides overrides;
  private final SubjectResolver resolver;
  private final PullCountStore store;
  private final PullCounters counters;
  private final Clock clock;
  private final long windowMillis;
  private final String windowParameter;
  private final ScheduledExecutorService flusher;
  private final AtomicLong failedFlushes = new AtomicLong();
  private long lastCleanup;

  /**
   * Builds the limiter and starts writing counts to {@code database} in the background. The
   * overrides administrators set through the API are read again at every flush.
   */
  public RateLimiter(
      RateLimitSettings settings, AccountOverrides overrides, Database database, Clock clock) {
    this.settings = settings;
    this.overrides = overrides;
    this.resolver = new SubjectResolver(settings, overrides);
    this.store = new PullCountStore(database.jdbi());
    this.counters = new PullCounters(store);
    this.clock = clock;
    this.windowMillis = settings.window().toMillis();
    this.windowParameter = ";w=" + settings.window().toSeconds();
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("pull-count-flusher").factory());
    long every = FLUSH_INTERVAL.toMillis();
    flusher.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public PullAdmission admit(Request request, PullKind kind) {
    PullSubject subject = resolver.resolve(request);
    if (!(subject.quota() instanceof Quota.Limited limited)) {
      return PullAdmission.unlimited();
    }
    long limit = limited.pulls();
    long windowStart = windowStart(clock.millis());
    PullCounters.Outcome outcome =
        counters.acquire(subject.key(), windowStart, limit, kind == PullKind.IMAGE);

    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ratelimit-limit", limit + windowParameter);
    headers.put("ratelimit-remaining", Math.max(0, limit - outcome.used()) + windowParameter);
    headers.put("docker-ratelimit-source", subject.source());
    if (outcome.admitted() || kind == PullKind.HEAD) {
      return PullAdmission.admitted(headers);
    }

    Instant resetsAt = Instant.ofEpochMilli(windowStart + windowMillis);
    long retryAfter = Math.max(1, Duration.between(clock.instant(), resetsAt).toSeconds());
    headers.put("Retry-After", Long.toString(retryAfter));
    LOG.atInfo()
        .addKeyValue("subject", subject.key())
        .addKeyValue("limit", limit)
        .addKeyValue("retry_after_s", retryAfter)
        .log("pull rejected: pull rate limit reached");
    return PullAdmission.rejected(rejection(subject, limit, resetsAt, retryAfter), headers);
  }

  private String rejection(PullSubject subject, long limit, Instant resetsAt, long retryAfter) {
    String counted =
        subject.anonymous() ? "address " + subject.source() : "account " + subject.source();
    String hint =
        subject.anonymous()
            ? "Sign in with docker login for a higher limit, or wait until then."
            : "Wait until then, or ask an administrator to raise the limit of " + counted + ".";
    return "You have reached the pull rate limit of "
        + limit
        + " pulls per "
        + WindowText.format(settings.window())
        + " for "
        + counted
        + ". It resets at "
        + resetsAt
        + ", in "
        + WindowText.format(Duration.ofSeconds(retryAfter))
        + ". "
        + hint;
  }

  private long windowStart(long millis) {
    return Math.floorDiv(millis, windowMillis) * windowMillis;
  }

  /**
   * Writes the counts gathered since the last flush to the database, and reads the overrides
   * again.
   */
  synchronized void flush() {
    long now = clock.millis();
    counters.flush(windowStart(now));
    overrides.refresh();
    if (now - lastCleanup >= CLEANUP_INTERVAL.toMillis()) {
      int deleted = store.deleteBefore(windowStart(now));
      lastCleanup = now;
      if (deleted > 0) {
        LOG.atDebug().addKeyValue("count", deleted).log("deleted pull counts of ended windows");
      }
    }
  }

  private void flushQuietly() {
    try {
      flush();
      failedFlushes.set(0);
    } catch (RuntimeException e) {
      // Logged on the first failure and then every 60th, so a database outage does not flood
      // the log once a second.
      long failures = failedFlushes.incrementAndGet();
      if (failures % 60 == 1) {
        LOG.atWarn()
            .setCause(e)
            .addKeyValue("consecutive_failures", failures)
            .log("failed to write pull counts to the database; retrying every second");
      }
    }
  }

  /** Stops the background writer and writes the last counts. Call it before the database closes. */
  @Override
  public void close() {
    flusher.shutdown();
    try {
      if (!flusher.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.atWarn().log("the pull count writer did not stop within 10s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.atWarn().setCause(e).log("failed to write the last pull counts; they are lost");
    }
  }
}
