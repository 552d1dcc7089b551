package dev.berth.webhooks;

import dev.berth.auth.AccountService;
import dev.berth.auth.Authorizer;
import dev.berth.auth.api.ApiModule;
import dev.berth.db.Database;
import dev.berth.jobs.JobQueue;
import dev.berth.jobs.JobWorker;
import dev.berth.registry.RegistryListener;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhooks room, wired: the outbox the registry writes to, the job worker that delivers, the
 * service and its API routes. Build one per process in the composition root, pass {@link #listener}
 * to the registry, {@link #api} to the JSON API, then {@link #start}. Thread-safe.
 */
public final class Webhooks implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);

  /**
   * Delivery settings.
   *
   * @param allowedHosts hosts whose addresses the SSRF guard does not check
   * @param connectTimeout the longest wait for a receiver's TCP and TLS connection
   * @param readTimeout the longest wait for a receiver's response head after connecting
   * @param retries when failed deliveries are tried again
   * @param pollInterval how often the worker looks for due deliveries, such as retries and those
   *     other nodes enqueued
   * @param concurrency how many deliveries this process runs at once
   */
  public record Settings(
      Set<String> allowedHosts,
      Duration connectTimeout,
      Duration readTimeout,
      RetrySettings retries,
      Duration pollInterval,
      int concurrency) {

    public Settings {
      allowedHosts = Set.copyOf(allowedHosts);
    }

    /** Returns the defaults: 5 s timeouts, the default back-off, a poll each second, 8 at once. */
    public static Settings defaults(Set<String> allowedHosts) {
      RetryPolicy policy = RetryPolicy.DEFAULT;
      return new Settings(
          allowedHosts,
          Duration.ofSeconds(5),
          Duration.ofSeconds(5),
          new RetrySettings(policy.firstDelay(), policy.maxDelay(), policy.window()),
          Duration.ofSeconds(1),
          8);
    }
  }

  /**
   * Exponential back-off: the first wait, the longest wait, and how long after the event attempts
   * go on.
   */
  public record RetrySettings(Duration firstDelay, Duration maxDelay, Duration window) {}

  /**
   * A lease outlives the longest attempt with the default timeouts, which is {@link
   * DeliveryClient#MAX_ADDRESSES} connect timeouts plus the read timeout: 25 seconds.
   */
  private static final Duration LEASE = Duration.ofMinutes(1);

  private final JobQueue queue;
  private final JobWorker worker;
  private final WebhookService service;
  private final WebhookOutbox outbox;
  private final PullSubscriptions pullSubscriptions;
  private final DeliveryJob deliveryJob;

  /**
   * Wires the room; nothing runs until {@link #start}.
   *
   * @param baseUrl the base URL clients use, for links in payloads, such as {@code
   *     https://registry.example}; asked for at each event
   * @param facts the repository facts that payloads include
   * @param resolver how the SSRF guard resolves host names
   */
  public Webhooks(
      Database database,
      Clock clock,
      SecureRandom random,
      Settings settings,
      Supplier<String> baseUrl,
      RepositoryFacts facts,
      AddressResolver resolver) {
    var jdbi = database.jdbi();
    WebhookStore store = new WebhookStore();
    UrlGuard guard = new UrlGuard(settings.allowedHosts(), resolver);
    DeliveryClient client = new DeliveryClient(settings.connectTimeout(), settings.readTimeout());
    Deliverer deliverer = new Deliverer(jdbi, store, guard, client, clock);
    PayloadRenderer renderer = new PayloadRenderer(baseUrl);
    RetryPolicy retries =
        new RetryPolicy(
            settings.retries().firstDelay(),
            settings.retries().maxDelay(),
            settings.retries().window());

    this.queue = new JobQueue(jdbi, database.dialect());
    this.pullSubscriptions = new PullSubscriptions(jdbi, store);
    this.service =
        new WebhookService(
            jdbi, store, guard, deliverer, renderer, pullSubscriptions, clock, random);
    this.deliveryJob =
        new DeliveryJob(jdbi, store, deliverer, retries, clock, pullSubscriptions);
    this.worker =
        new JobWorker(
            queue,
            Map.of(DeliveryJob.KIND, deliveryJob),
            clock,
            settings.pollInterval(),
            LEASE,
            settings.concurrency());
    this.outbox =
        new WebhookOutbox(jdbi, store, queue, renderer, facts, pullSubscriptions, worker::wake);
  }

  /** Returns the listener to give the registry, which writes delivery jobs for its events. */
  public RegistryListener listener() {
    return outbox;
  }

  /**
   * Returns the webhook routes of the JSON API, which ask {@code authorizer} about repositories.
   */
  public ApiModule api(Authorizer authorizer) {
    return new WebhookEndpoints(service, authorizer)::register;
  }

  /**
   * Makes every delivery check that the webhook's creator still exists, is enabled and may manage
   * the webhook's repository or namespace. Call it before {@link #start} when authentication is
   * on. Without it, every enabled webhook delivers.
   */
  public void checkCreatorsWith(Authorizer authorizer, AccountService accounts) {
    deliveryJob.checkCreatorsWith(CreatorCheck.of(authorizer, accounts));
  }

  /** Returns the service, for the command line and tests. */
  public WebhookService service() {
    return service;
  }

  /** Returns the job queue, so tests can look at a delivery's state. */
  public JobQueue jobs() {
    return queue;
  }

  /**
   * Loads the pull subscriptions, frees jobs a killed process held (SQLite only, see {@link
   * JobQueue#releaseStaleLeases}) and starts delivering.
   */
  public void start() {
    pullSubscriptions.refresh();
    int released = queue.releaseStaleLeases();
    if (released > 0) {
      LOG.atInfo().addKeyValue("count", released).log("released jobs held before a restart");
    }
    worker.start();
  }

  /** Reloads which repositories want pulls; call it on a timer to see other nodes' changes. */
  public void refreshPullSubscriptions() {
    pullSubscriptions.refresh();
  }

  /** Stops delivering; attempts still running after a grace period resume after a restart. */
  @Override
  public void close() {
    worker.close();
  }
}
