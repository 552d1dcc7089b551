package dev.berth.webhooks;

import dev.berth.db.Database;
import dev.berth.db.Dialect;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.RegistryEvent;
import dev.berth.testing.TestDatabase;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The webhooks room over a new database of one dialect, with short retry delays, delivering to
 * receivers on 127.0.0.1, which is allow-listed. Its resolver returns only the addresses a test
 * sets, so no test queries DNS or reaches another host.
 */
final class WebhookFixture implements AutoCloseable {

  static final String BASE_URL = "https://registry.example";
  static final Duration WAIT = Duration.ofSeconds(30);

  /** Short, so the timeout test is quick; loopback receivers respond far sooner. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

  final TestDatabase testDatabase;
  final Database database;
  final Webhooks webhooks;
  final Map<String, List<InetAddress>> dns = new ConcurrentHashMap<>();

  private WebhookFixture(TestDatabase testDatabase, Webhooks.RetrySettings retries) {
    this.testDatabase = testDatabase;
    this.database = testDatabase.open();
    AddressResolver resolver =
        host -> {
          if (host.equals("127.0.0.1")) {
            return List.of(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
          }
          List<InetAddress> answer = dns.get(host);
          if (answer == null) {
            throw new UnknownHostException(host);
          }
          return answer;
        };
    Webhooks.Settings settings =
        new Webhooks.Settings(
            Set.of("127.0.0.1"),
            Duration.ofSeconds(5),
            READ_TIMEOUT,
            retries,
            Duration.ofMillis(100),
            4);
    this.webhooks =
        new Webhooks(
            database,
            Clock.systemUTC(),
            new SecureRandom(),
            settings,
            () -> BASE_URL,
            new StoredRepositoryFacts(),
            resolver);
    webhooks.start();
  }

  /** Starts the room with retries after 50 ms, 100 ms and so on, for an hour. */
  static WebhookFixture start(Dialect dialect, Path tempDir) throws Exception {
    return start(
        dialect,
        tempDir,
        new Webhooks.RetrySettings(
            Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofHours(1)));
  }

  static WebhookFixture start(Dialect dialect, Path tempDir, Webhooks.RetrySettings retries)
      throws Exception {
    return new WebhookFixture(TestDatabase.create(dialect, tempDir), retries);
  }

  WebhookService service() {
    return webhooks.service();
  }

  /** Creates a webhook of {@code scope} as alice with the given URL, format and events. */
  WebhookService.Created create(
      WebhookScope scope, String url, PayloadFormat format, List<String> events)
      throws WebhookException {
    return service()
        .create(
            scope,
            "alice",
            new WebhookInput(
                Optional.of("hook " + format),
                Optional.of(url),
                Optional.of(format.wireName()),
                Optional.of(events),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
  }

  /** Inserts a repository row, as a first push would. */
  void insertRepository(String name, boolean isPrivate, long createdAt) {
    database
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO repositories (name, created_at, is_private)"
                            + " VALUES (:name, :at, :private)")
                    .bind("name", name)
                    .bind("at", createdAt)
                    .bind("private", isPrivate)
                    .execute());
  }

  /** Returns a push of {@code repository}:{@code tag} by alice, as the registry reports it. */
  static RegistryEvent.ManifestPushed push(String repository, String tag) {
    return new RegistryEvent.ManifestPushed(
        RepositoryName.parse(repository),
        Digest.parse("sha256:" + "ab".repeat(32)),
        "application/vnd.oci.image.manifest.v1+json",
        512,
        Optional.of(Tag.parse(tag)),
        Optional.of("alice"),
        1_780_000_000_000L);
  }

  /** Reports {@code event} to the outbox in a transaction that commits. */
  void commit(RegistryEvent event) {
    database.jdbi().useTransaction(h -> webhooks.listener().changed(h, event));
  }

  long jobCount() {
    return database
        .jdbi()
        .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM jobs").mapTo(Long.class).one());
  }

  /** Waits until every job is finished, so the delivery history is complete. */
  void awaitJobsFinished() throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (pendingJobs() > 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(pendingJobs() + " jobs still pending after " + WAIT);
      }
      Thread.sleep(20);
    }
  }

  long pendingJobs() {
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM jobs WHERE state = 'pending'")
                    .mapTo(Long.class)
                    .one());
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws Exception {
    webhooks.close();
    testDatabase.close();
  }
}
