package dev.berth.web;

import dev.berth.db.DatabaseSettings;
import dev.berth.db.Dialect;
import dev.berth.server.Berth;
import dev.berth.server.config.AuthConfig;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.DatabaseConfig;
import dev.berth.server.config.HostPort;
import dev.berth.server.config.Secret;
import dev.berth.server.config.UiConfig;
import dev.berth.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A whole Berth started in this JVM for web tests, with sign-up on and the administrator {@code
 * admin} whose password is {@link #ADMIN_PASSWORD}, on SQLite or on a fresh PostgreSQL database.
 */
final class WebServer implements AutoCloseable {

  static final String ADMIN_PASSWORD = "admin-password-for-tests";

  private final Path root;
  private final Optional<TestDatabase> database;
  private final Berth berth;
  private final DatabaseSettings settings;

  private WebServer(
      Path root, Optional<TestDatabase> database, Berth berth, DatabaseSettings settings) {
    this.root = root;
    this.database = database;
    this.berth = berth;
    this.settings = settings;
  }

  static WebServer start(Dialect dialect, boolean signupEnabled) throws Exception {
    return start(dialect, signupEnabled, config -> config);
  }

  /** Starts Berth as {@link #start(Dialect, boolean)} does, with the configuration changed. */
  static WebServer start(
      Dialect dialect, boolean signupEnabled, java.util.function.UnaryOperator<BerthConfig> customize)
      throws Exception {
    Path root = Files.createTempDirectory("berth-web-test");
    Optional<TestDatabase> database = Optional.empty();
    try {
      BerthConfig config =
          BerthConfig.defaults(root.resolve("data"))
              .withListen(new HostPort("127.0.0.1", 0))
              .withAuth(
                  AuthConfig.defaults().withAdminPassword(Optional.of(new Secret(ADMIN_PASSWORD))))
              .withUi(new UiConfig(signupEnabled));
      config = customize.apply(config);
      if (dialect == Dialect.POSTGRESQL) {
        TestDatabase postgres = TestDatabase.create(Dialect.POSTGRESQL, root);
        database = Optional.of(postgres);
        var settings = postgres.settings();
        config =
            config.withDatabase(
                DatabaseConfig.of(
                    settings.url(), settings.username(), settings.password().map(Secret::new)));
      }
      DatabaseSettings settings =
          database.map(TestDatabase::settings)
              .orElse(
                  new DatabaseSettings(
                      "jdbc:sqlite:" + root.resolve("data/berth.db").toAbsolutePath(),
                      Optional.empty(), Optional.empty(), 1));
      return new WebServer(root, database, Berth.start(config), settings);
    } catch (Exception | AssertionError e) {
      if (database.isPresent()) {
        database.get().close();
      }
      deleteTree(root);
      throw e;
    }
  }

  /** Returns the base URL, such as {@code http://127.0.0.1:41234}. */
  URI baseUri() {
    return berth.baseUri();
  }

  /** Returns {@code host:port}, as image names spell the registry. */
  String registryHost() {
    return baseUri().getHost() + ":" + baseUri().getPort();
  }

  /**
   * Runs one SQL update on the server's database and returns the changed row count, for tests
   * that set state no page can reach, such as a lock that lasts longer than the test.
   */
  int update(String sql, Object... parameters) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                settings.url(), settings.username().orElse(null), settings.password().orElse(null));
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      return statement.executeUpdate();
    }
  }

  @Override
  public void close() throws Exception {
    berth.close();
    if (database.isPresent()) {
      database.get().close();
    }
    deleteTree(root);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(WebServer::delete);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to delete test directory " + root, e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to delete " + path, e);
    }
  }
}
