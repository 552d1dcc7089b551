package dev.berth.bench;

import dev.berth.db.Dialect;
import dev.berth.server.Berth;
import dev.berth.server.config.AuthConfig;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.DatabaseConfig;
import dev.berth.server.config.HostPort;
import dev.berth.server.config.Secret;
import dev.berth.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Berth in this JVM for benchmark tests, on a free loopback port over a new data directory and a
 * new SQLite or PostgreSQL database. With an admin password, authentication is on and that password
 * signs in as {@code admin}; without one, anyone may push and pull.
 */
final class LocalBerth implements AutoCloseable {

  private final Path root;
  private final Optional<TestDatabase> database;
  private final Berth berth;

  private LocalBerth(Path root, Optional<TestDatabase> database, Berth berth) {
    this.root = root;
    this.database = database;
    this.berth = berth;
  }

  static LocalBerth start(Dialect dialect, Optional<String> adminPassword) throws Exception {
    Path root = Files.createTempDirectory("berth-bench-test");
    Optional<TestDatabase> database = Optional.empty();
    try {
      AuthConfig auth =
          adminPassword.isPresent()
              ? AuthConfig.defaults().withAdminPassword(adminPassword.map(Secret::new))
              : AuthConfig.disabled();
      BerthConfig config =
          BerthConfig.defaults(root.resolve("data"))
              .withAuth(auth)
              .withListen(new HostPort("127.0.0.1", 0));
      if (dialect == Dialect.POSTGRESQL) {
        TestDatabase postgres = TestDatabase.create(Dialect.POSTGRESQL, root);
        database = Optional.of(postgres);
        var settings = postgres.settings();
        config =
            config.withDatabase(
                DatabaseConfig.of(
                    settings.url(), settings.username(), settings.password().map(Secret::new)));
      }
      return new LocalBerth(root, database, Berth.start(config));
    } catch (Exception | AssertionError e) {
      if (database.isPresent()) {
        database.get().close();
      }
      deleteTree(root);
      throw e;
    }
  }

  URI baseUri() {
    return berth.baseUri();
  }

  /** Stops Berth, drops a PostgreSQL database and deletes the data directory. */
  @Override
  public void close() throws Exception {
    try {
      berth.close();
      if (database.isPresent()) {
        database.get().close();
      }
    } finally {
      deleteTree(root);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
