package dev.berth.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.db.Database;
import dev.berth.db.DatabaseSettings;
import dev.berth.db.Dialect;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * An empty metadata database for one test: a new SQLite file, or a new PostgreSQL database that
 * is dropped on {@link #close()}.
 *
 * <p>PostgreSQL databases are created on the server that {@code scripts/test} starts and announces
 * through {@code BERTH_TEST_POSTGRES_URL}, {@code BERTH_TEST_POSTGRES_USER} and {@code
 * BERTH_TEST_POSTGRES_PASSWORD}. Without that server a PostgreSQL test fails instead of being
 * skipped, so a green run always covers both dialects.
 *
 * <p>Not thread-safe; use one instance per test.
 */
public final class TestDatabase implements AutoCloseable {

  /** Environment variable with a JDBC URL of a PostgreSQL database the test user may administer. */
  public static final String POSTGRES_URL_VARIABLE = "BERTH_TEST_POSTGRES_URL";

  /** Environment variable with the PostgreSQL user name; {@code postgres} when unset. */
  public static final String POSTGRES_USER_VARIABLE = "BERTH_TEST_POSTGRES_USER";

  /** Environment variable with the PostgreSQL password; empty when unset. */
  public static final String POSTGRES_PASSWORD_VARIABLE = "BERTH_TEST_POSTGRES_PASSWORD";

  private static final int MAX_CONNECTIONS = 4;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DatabaseSettings settings;
  private final Optional<PostgresServer> server;
  private final String databaseName;
  private final List<Database> opened = new ArrayList<>();

  private TestDatabase(
      DatabaseSettings settings, Optional<PostgresServer> server, String databaseName) {
    this.settings = settings;
    this.server = server;
    this.databaseName = databaseName;
  }

  /**
   * Creates an empty database of {@code dialect}. A SQLite file goes into {@code tempDir}.
   *
   * @throws org.opentest4j.AssertionFailedError when {@code dialect} is PostgreSQL and {@code
   *     BERTH_TEST_POSTGRES_URL} is unset
   * @throws SQLException when the PostgreSQL database cannot be created
   */
  public static TestDatabase create(Dialect dialect, Path tempDir) throws SQLException {
    String name = "berth_test_" + HexFormat.of().formatHex(randomBytes(8));
    return switch (dialect) {
      case SQLITE -> {
        String url = "jdbc:sqlite:" + tempDir.resolve(name + ".db").toAbsolutePath();
        var settings =
            new DatabaseSettings(url, Optional.empty(), Optional.empty(), MAX_CONNECTIONS);
        yield new TestDatabase(settings, Optional.empty(), name);
      }
      case POSTGRESQL -> {
        PostgresServer server = PostgresServer.fromEnvironment();
        server.execute("CREATE DATABASE " + name);
        var settings =
            new DatabaseSettings(
                server.urlOf(name),
                Optional.of(server.user()),
                Optional.of(server.password()),
                MAX_CONNECTIONS);
        yield new TestDatabase(settings, Optional.of(server), name);
      }
    };
  }

  /** Returns the settings that reach this database, for tests that call {@link Database#open}. */
  public DatabaseSettings settings() {
    return settings;
  }

  /** Opens and migrates this database; the result is closed by {@link #close()} at the latest. */
  public Database open() {
    Database database = Database.open(settings);
    opened.add(database);
    return database;
  }

  /**
   * Closes every {@link Database} opened through {@link #open()}, then drops a PostgreSQL
   * database after ending the connections still attached to it.
   *
   * @throws SQLException when the PostgreSQL database cannot be dropped
   */
  @Override
  public void close() throws SQLException {
    for (Database database : opened) {
      database.close();
    }
    opened.clear();
    if (server.isPresent()) {
      server.get().drop(databaseName);
    }
  }

  @Override
  public String toString() {
    return Dialect.of(settings.url()) + " " + databaseName;
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** The PostgreSQL server announced by {@code scripts/test}, reached as its admin user. */
  private record PostgresServer(URI adminUri, String user, String password) {

    static PostgresServer fromEnvironment() {
      String url = System.getenv(POSTGRES_URL_VARIABLE);
      if (url == null || url.isBlank()) {
        return fail(
            POSTGRES_URL_VARIABLE
                + " is not set, so PostgreSQL tests cannot run. Run the tests through"
                + " scripts/test, which starts a private PostgreSQL server and sets it.");
      }
      String invalid =
          POSTGRES_URL_VARIABLE
              + " '"
              + url
              + "' is not a valid jdbc:postgresql://HOST:PORT/DB URL";
      if (!url.startsWith("jdbc:postgresql://")) {
        throw new IllegalStateException(invalid);
      }
      URI uri;
      try {
        uri = new URI(url.substring("jdbc:".length()));
      } catch (URISyntaxException e) {
        throw new IllegalStateException(invalid, e);
      }
      if (uri.getHost() == null) {
        throw new IllegalStateException(invalid);
      }
      return new PostgresServer(
          uri,
          Optional.ofNullable(System.getenv(POSTGRES_USER_VARIABLE)).orElse("postgres"),
          Optional.ofNullable(System.getenv(POSTGRES_PASSWORD_VARIABLE)).orElse(""));
    }

    /** Returns the admin URL with its database replaced by {@code database}, keeping the query. */
    String urlOf(String database) {
      try {
        URI uri =
            new URI(
                adminUri.getScheme(),
                null,
                adminUri.getHost(),
                adminUri.getPort(),
                "/" + database,
                adminUri.getQuery(),
                null);
        return "jdbc:" + uri;
      } catch (URISyntaxException e) {
        throw new IllegalStateException("failed to build a URL for database " + database, e);
      }
    }

    void execute(String sql) throws SQLException {
      try (Connection connection = connect();
          Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
    }

    /**
     * Drops {@code database}. Connections a test leaked would make DROP DATABASE fail, so they are
     * terminated first.
     */
    void drop(String database) throws SQLException {
      try (Connection connection = connect()) {
        try (PreparedStatement terminate =
            connection.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
          terminate.setString(1, database);
          terminate.execute();
        }
        try (Statement statement = connection.createStatement()) {
          statement.execute("DROP DATABASE IF EXISTS " + database);
        }
      }
    }

    private Connection connect() throws SQLException {
      return DriverManager.getConnection("jdbc:" + adminUri, user, password);
    }
  }
}
