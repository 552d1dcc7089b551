package dev.berth.server;

import dev.berth.audit.AuditLog;
import dev.berth.audit.AuditRegistryListener;
import dev.berth.audit.api.AuditApi;
import dev.berth.auth.Accounts;
import dev.berth.auth.Authorizer;
import dev.berth.db.Database;
import dev.berth.db.DatabaseSettings;
import dev.berth.hub.Hub;
import dev.berth.hub.Viewers;
import dev.berth.hub.api.HubApi;
import dev.berth.hub.api.OpenHubApi;
import dev.berth.hub.api.SearchCallers;
import dev.berth.hub.api.StorageApi;
import dev.berth.hub.api.V1SearchHandler;
import dev.berth.hub.api.ViewerResolver;
import dev.berth.registry.CompositeRegistryListener;
import dev.berth.hub.ratelimit.RateLimiter;
import dev.berth.registry.PullLimiter;
import dev.berth.registry.Registry;
import dev.berth.registry.RegistryListener;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.Secret;
import dev.berth.storage.FileBlobStore;
import dev.berth.webhooks.AddressResolver;
import dev.berth.webhooks.StoredRepositoryFacts;
import dev.berth.webhooks.Webhooks;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Slf4jRequestLogWriter;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Berth process: the composition root that builds every room from a {@link
 * BerthConfig} and serves them on one port. {@link #close()} shuts down gracefully.
 */
public final class Berth implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Berth.class);

  private final BerthConfig config;
  private final Database database;
  private final FileBlobStore blobStore;
  private final Hub hub;
  private final Server server;
  private final ServerConnector connector;
  private final ScheduledExecutorService janitor;
  private final AutoCloseable tlsReloader;
  private final Webhooks webhooks;
  private final Optional<RateLimiter> rateLimiter;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  private Berth(
      BerthConfig config,
      Database database,
      FileBlobStore blobStore,
      Hub hub,
      Server server,
      ServerConnector connector,
      ScheduledExecutorService janitor,
      AutoCloseable tlsReloader,
      Webhooks webhooks,
      Optional<RateLimiter> rateLimiter) {
    this.config = config;
    this.database = database;
    this.blobStore = blobStore;
    this.hub = hub;
    this.server = server;
    this.connector = connector;
    this.janitor = janitor;
    this.tlsReloader = tlsReloader;
    this.webhooks = webhooks;
    this.rateLimiter = rateLimiter;
  }

  /**
   * Builds every room and starts serving; returns once the port accepts connections.
   *
   * @throws Exception when the data directory, database or port cannot be opened; nothing stays
   *     open then
   */
  public static Berth start(BerthConfig config) throws Exception {
    return start(config, Clock.systemUTC());
  }

  /**
   * Like {@link #start(BerthConfig)}, with the clock that expiries and rate-limit windows follow,
   * so tests can move time.
   */
  public static Berth start(BerthConfig config, Clock clock) throws Exception {
    Path dataDir = createPrivateDirectory(config.dataDir());
    Database database = Database.open(databaseSettings(config));
    FileBlobStore blobStore = null;
    Hub hub = null;
    Server server = null;
    ScheduledExecutorService janitor = null;
    Webhooks webhooks = null;
    Optional<RateLimiter> rateLimiter = Optional.empty();
    try {
      blobStore = new FileBlobStore(dataDir);
      RateLimitWiring rateLimits = RateLimitWiring.create(config.rateLimits(), database, clock);
      rateLimiter = rateLimits.limiter();
      PullLimiter pullLimiter =
          rateLimiter.<PullLimiter>map(limiter -> limiter).orElse(PullLimiter.NONE);
      // Payload links need the base URL, which with port 0 is known only once the server listens.
      AtomicReference<String> baseUrl =
          new AtomicReference<>(config.externalUrl().map(URI::toString).orElse(""));
      webhooks =
          new Webhooks(
              database,
              clock,
              new SecureRandom(),
              Webhooks.Settings.defaults(Set.copyOf(config.webhooks().allowedHosts())),
              baseUrl::get,
              new StoredRepositoryFacts(),
              AddressResolver.SYSTEM);
      AuditLog audit = new AuditLog(database, clock);
      FileBlobStore blobs = blobStore;
      Webhooks events = webhooks;
      // The hub's listener runs first, so a webhook payload reads the hub row the push created.
      hub =
          Hub.create(
              database,
              clock,
              config.auth().defaultPrivate(),
              listener ->
                  new Registry(
                      database,
                      blobs,
                      clock,
                      config.manifestMaxBytes(),
                      config.auth().defaultPrivate(),
                      CompositeRegistryListener.of(
                          listener, events.listener(), new AuditRegistryListener(audit)),
                      pullLimiter));
      Registry registry = hub.registry();

      server = new Server(threadPool(), null, bufferPool());
      server.setStopTimeout(config.shutdownGrace().toMillis());
      server.setStopAtShutdown(false);
      HttpConfiguration http = new HttpConfiguration();
      http.setSendServerVersion(false);
      http.setSendXPoweredBy(false);
      // Let ambiguous paths such as /v2/a//b or /v2/a/%2e%2e/b reach the registry, which rejects
      // them with its own NAME_INVALID body instead of Jetty's HTML page.
      http.setUriCompliance(
          UriCompliance.DEFAULT.with(
              "berth",
              UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
              UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
              UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
              UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
      Connectors.Result connectors = Connectors.create(server, config, http);
      server.addConnector(connectors.connector());

      ForwardedUrls urls = new ForwardedUrls(config.externalUrl(), config.trustedProxies());
      Handler.Sequence routes = new Handler.Sequence(new HealthHandler());
      Handler registryHandler = registry.handler(urls);
      Accounts accounts = null;
      AuthWiring auth = null;
      if (config.auth().enabled()) {
        accounts = new Accounts(database, clock, new SecureRandom());
        auth = AuthWiring.create(config, accounts, registry, clock);
        Authorizer authorizer = accounts.authorizer(registry::isPrivate);
        webhooks.checkCreatorsWith(authorizer, accounts.accountService());
        routes.addHandler(auth.tokenEndpoint());
        Viewers viewers = auth.viewers();
        routes.addHandler(
            auth.api(
                urls,
                List.of(
                    new HubApi(hub, ViewerResolver.signedIn(viewers)),
                    webhooks.api(authorizer),
                    rateLimits.api(),
                    new AuditApi(audit),
                    new StorageApi(hub.storageUsage()))));
        routes.addHandler(new V1SearchHandler(hub, auth.searchCallers(viewers)));
        registryHandler = auth.gate(registryHandler, urls);
      } else {
        LOG.atWarn().log("authentication is disabled: anyone who can connect may pull and push");
        routes.addHandler(
            new OpenHubApi(
                java.util.List.of(new HubApi(hub, ViewerResolver.everyone())),
                new Accounts(database, clock, new SecureRandom()),
                urls));
        routes.addHandler(new V1SearchHandler(hub, SearchCallers.everyone()));
      }
      routes.addHandler(registryHandler);
      if (auth != null) {
        // The web UI declines the paths above, so it can take everything that is left.
        routes.addHandler(auth.web(urls, config.ui(), hub, webhooks.service()));
      }
      server.setHandler(
          new GracefulHandler(new ClientAddressHandler(routes, config.trustedProxies())));
      server.setErrorHandler(new JsonErrorHandler());
      server.setRequestLog(new CustomRequestLog(new Slf4jRequestLogWriter(), CustomRequestLog.EXTENDED_NCSA_FORMAT));
      server.start();
      restrictToOwner(dataDir, "berth.db", "berth.db-wal", "berth.db-shm", "blobs", "uploads", "keys");

      if (config.externalUrl().isEmpty()) {
        baseUrl.set(baseUri(config, connectors.connector().getLocalPort()).toString());
      }
      webhooks.start();

      janitor = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("upload-janitor").factory());
      long every = config.uploads().purgeInterval().toMillis();
      janitor.scheduleWithFixedDelay(
          () -> expireUploads(registry, config), every, every, TimeUnit.MILLISECONDS);
      Webhooks refreshed = webhooks;
      janitor.scheduleWithFixedDelay(
          refreshed::refreshPullSubscriptions, 30, 30, TimeUnit.SECONDS);
      if (accounts != null) {
        Accounts sweptAccounts = accounts;
        janitor.scheduleWithFixedDelay(
            () -> removeExpiredLogins(sweptAccounts), 1, 10, TimeUnit.MINUTES);
      }

      Berth berth =
          new Berth(
              config, database, blobStore, hub, server, connectors.connector(), janitor,
              connectors.reloader(), webhooks, rateLimiter);
      LOG.atInfo()
          .addKeyValue("address", berth.baseUri())
          .addKeyValue("data_dir", dataDir.toAbsolutePath())
          .log("berth ready to serve at " + berth.baseUri());
      return berth;
    } catch (Exception e) {
      if (janitor != null) {
        janitor.shutdownNow();
      }
      if (server != null) {
        server.stop();
      }
      if (webhooks != null) {
        webhooks.close();
      }
      if (hub != null) {
        hub.close();
      }
      rateLimiter.ifPresent(RateLimiter::close);
      if (blobStore != null) {
        blobStore.close();
      }
      database.close();
      throw e;
    }
  }

  /**
   * Creates the data directory readable by its owner only, since it contains the database with
   * password and token hashes and the signing key. An existing directory keeps its permissions.
   */
  private static Path createPrivateDirectory(Path dir) throws java.io.IOException {
    if (Files.isDirectory(dir)) {
      return dir;
    }
    Files.createDirectories(dir.toAbsolutePath().getParent());
    try {
      return Files.createDirectory(
          dir,
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    } catch (java.nio.file.FileAlreadyExistsException e) {
      return dir;
    }
  }

  /**
   * Makes the named entries of the data directory owner-only, also when an operator created the
   * directory with broader permissions: the database contains password hashes and TOTP secrets,
   * and blobs of private repositories are private too.
   */
  private static void restrictToOwner(Path dataDir, String... names) throws java.io.IOException {
    for (String name : names) {
      Path entry = dataDir.resolve(name);
      if (!Files.exists(entry)) {
        continue;
      }
      String permissions = Files.isDirectory(entry) ? "rwx------" : "rw-------";
      try {
        Files.setPosixFilePermissions(
            entry, java.nio.file.attribute.PosixFilePermissions.fromString(permissions));
      } catch (UnsupportedOperationException e) {
        return;
      }
    }
  }

  private static void expireUploads(Registry registry, BerthConfig config) {
    try {
      int removed = registry.expireIdleUploads(config.uploads().sessionTtl());
      if (removed > 0) {
        LOG.atInfo().addKeyValue("count", removed).log("expired idle upload sessions");
      }
    } catch (RuntimeException e) {
      LOG.atWarn().setCause(e).log("failed to expire idle upload sessions; retrying later");
    }
  }

  private static void removeExpiredLogins(Accounts accounts) {
    try {
      accounts.removeExpired();
    } catch (RuntimeException e) {
      LOG.atWarn()
          .setCause(e)
          .log("failed to remove expired login tickets and sessions; retrying later");
    }
  }

  /**
   * Jetty's default pool keeps buffers of at most 64 KiB, so the 256 KiB read buffers of {@link
   * Connectors} and the blob handler's 128 KiB buffers were allocated afresh for every request.
   * This pool keeps power-of-two buckets up to 1 MiB and retains at most 64 MiB of direct memory.
   */
  private static ByteBufferPool bufferPool() {
    return new ArrayByteBufferPool.Quadratic(0, 1 << 20, Integer.MAX_VALUE, 32L << 20, 64L << 20);
  }

  private static QueuedThreadPool threadPool() {
    QueuedThreadPool pool = new QueuedThreadPool();
    pool.setName("berth-http");
    // Blocking handler code runs on virtual threads; Jetty's own selectors stay on platform ones.
    pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    return pool;
  }

  private static DatabaseSettings databaseSettings(BerthConfig config) {
    var db = config.database();
    String url =
        db.url()
            .orElse("jdbc:sqlite:" + config.dataDir().resolve("berth.db").toAbsolutePath());
    return new DatabaseSettings(
        url, db.username(), db.password().map(Secret::value), db.maxConnections());
  }

  /** Returns the port the server listens on, useful when the configuration asked for port 0. */
  public int port() {
    return connector.getLocalPort();
  }

  /** Returns the base URL of this server, such as {@code http://127.0.0.1:5000}. */
  public URI baseUri() {
    return baseUri(config, port());
  }

  private static URI baseUri(BerthConfig config, int port) {
    String host = config.listen().host();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    String scheme = config.tls().enabled() ? "https" : "http";
    return URI.create(scheme + "://" + host + ":" + port);
  }

  /** Blocks until the server has stopped. */
  public void join() throws InterruptedException {
    server.join();
  }

  /**
   * Stops gracefully: stops accepting connections, lets in-flight requests finish within the
   * configured grace period, then closes the database. Later calls do nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    LOG.atInfo().addKeyValue("grace", config.shutdownGrace()).log("berth stopping");
    janitor.shutdownNow();
    try {
      server.stop();
    } catch (Exception e) {
      LOG.atWarn().setCause(e).log("http server did not stop cleanly");
    }
    webhooks.close();
    // After the last request, so every counted pull is written before the database closes.
    hub.close();
    try {
      tlsReloader.close();
      blobStore.close();
    } catch (Exception e) {
      LOG.atWarn().setCause(e).log("failed to release storage resources");
    }
    // After the server has stopped, so the pulls of the last requests are written too.
    rateLimiter.ifPresent(RateLimiter::close);
    database.close();
    LOG.atInfo().log("berth stopped");
  }
}
