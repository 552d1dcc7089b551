package dev.berth.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DatabaseTest {

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void open_emptyDatabase_appliesEveryMigration(Dialect dialect) throws Exception {
    try (TestDatabase testDatabase = TestDatabase.create(dialect, tempDir)) {
      Database database = testDatabase.open();

      MigrationInfoService migrations = migrationInfo(testDatabase.settings());
      assertThat(database.dialect()).isEqualTo(dialect);
      assertThat(migrations.pending()).isEmpty();
      assertThat(migrations.applied()).isNotEmpty();
      assertThat(migrations.current().getVersion().getVersion()).isEqualTo(latestMigrationVersion());
      assertThat(countRows(database, "repositories")).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void open_migratedDatabase_keepsRowsAndHistory(Dialect dialect) throws Exception {
    try (TestDatabase testDatabase = TestDatabase.create(dialect, tempDir)) {
      try (Database first = testDatabase.open()) {
        insertRepository(first, "library/alpine");
      }
      int appliedBefore = migrationInfo(testDatabase.settings()).applied().length;

      Database second = testDatabase.open();

      assertThat(countRows(second, "repositories")).isEqualTo(1);
      assertThat(migrationInfo(testDatabase.settings()).applied()).hasSize(appliedBefore);
    }
  }

  @Test
  void latestMigration_isTheHighestMigrationFile() throws Exception {
    assertThat(String.valueOf(Database.LATEST_MIGRATION)).isEqualTo(latestMigrationVersion());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void isCurrent_followsFlywayHistory(Dialect dialect) throws Exception {
    try (TestDatabase testDatabase = TestDatabase.create(dialect, tempDir);
        com.zaxxer.hikari.HikariDataSource pool = pool(testDatabase.settings())) {
      assertThat(Database.isCurrent(pool)).as("no history table").isFalse();

      testDatabase.open().close();
      assertThat(Database.isCurrent(pool)).as("migrated").isTrue();

      execute(pool, "DELETE FROM flyway_schema_history WHERE version = '"
          + Database.LATEST_MIGRATION + "'");
      assertThat(Database.isCurrent(pool)).as("latest missing").isFalse();

      // Flyway applies the missing migration again when the fast path steps aside; its tables
      // exist, so only the history row is put back here.
      execute(pool, "UPDATE flyway_schema_history SET success = " + falseLiteral(dialect)
          + " WHERE version = '1'");
      assertThat(Database.isCurrent(pool)).as("a failed migration").isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void open_anyDialect_enforcesForeignKeys(Dialect dialect) throws Exception {
    try (TestDatabase testDatabase = TestDatabase.create(dialect, tempDir)) {
      Database database = testDatabase.open();

      assertThatThrownBy(
              () ->
                  database
                      .jdbi()
                      .useHandle(
                          handle ->
                              handle.execute(
                                  "INSERT INTO repository_blobs (repository, digest, linked_at)"
                                      + " VALUES ('missing/repo', 'sha256:00', 0)")))
          .isInstanceOf(UnableToExecuteStatementException.class);
      assertThat(countRows(database, "repository_blobs")).isZero();
    }
  }

  @Test
  void open_sqlite_usesWriteAheadLog() throws Exception {
    try (TestDatabase testDatabase = TestDatabase.create(Dialect.SQLITE, tempDir)) {
      Database database = testDatabase.open();

      String journalMode =
          database
              .jdbi()
              .withHandle(
                  handle -> handle.createQuery("PRAGMA journal_mode").mapTo(String.class).one());

      assertThat(journalMode).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void open_unsupportedUrl_namesSupportedForms() {
    var settings =
        new DatabaseSettings("jdbc:mysql://127.0.0.1/berth", Optional.empty(), Optional.empty(), 1);

    assertThatThrownBy(() -> Database.open(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "database url 'jdbc:mysql://127.0.0.1/berth' is not supported;"
                + " use jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB");
  }

  private static com.zaxxer.hikari.HikariDataSource pool(DatabaseSettings settings) {
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setJdbcUrl(settings.url());
    settings.username().ifPresent(config::setUsername);
    settings.password().ifPresent(config::setPassword);
    config.setMaximumPoolSize(1);
    return new com.zaxxer.hikari.HikariDataSource(config);
  }

  private static void execute(javax.sql.DataSource pool, String sql) throws Exception {
    try (var connection = pool.getConnection(); var statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static String falseLiteral(Dialect dialect) {
    return dialect == Dialect.SQLITE ? "0" : "false";
  }

  private static MigrationInfoService migrationInfo(DatabaseSettings settings) {
    return Flyway.configure()
        .dataSource(
            settings.url(), settings.username().orElse(null), settings.password().orElse(null))
        .load()
        .info();
  }

  @Test
  void sqlite_moreWritersThanCarriers_allCommit() throws Exception {
    // Each transaction sleeps while it holds SQLite's write lock, so the other writers wait for
    // it. Waiting in the driver's native busy handler would pin every carrier thread, and the
    // holder could not resume to commit until the busy timeout failed the waiters.
    int writers = 32;
    int transactionsPerWriter = 5;
    try (TestDatabase testDatabase = TestDatabase.create(Dialect.SQLITE, tempDir)) {
      Database database = testDatabase.open();

      try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int w = 0; w < writers; w++) {
          int writer = w;
          executor.submit(
              () -> {
                for (int t = 0; t < transactionsPerWriter; t++) {
                  String name = "writer" + writer + "/repository" + t;
                  database
                      .jdbi()
                      .useTransaction(
                          handle -> {
                            handle.execute(
                                "INSERT INTO repositories (name, created_at) VALUES (?, ?)",
                                name,
                                0L);
                            Thread.sleep(2);
                          });
                }
                return null;
              });
        }
      }

      assertThat(countRows(database, "repositories")).isEqualTo(writers * transactionsPerWriter);
    }
  }

  private static void insertRepository(Database database, String name) {
    database
        .jdbi()
        .useHandle(
            handle ->
                handle.execute(
                    "INSERT INTO repositories (name, created_at) VALUES (?, ?)", name, 0L));
  }

  private static int countRows(Database database, String table) {
    return database
        .jdbi()
        .withHandle(
            handle ->
                handle.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Integer.class).one());
  }

  /** Returns the highest version among the migration files on the classpath, such as "2". */
  private static String latestMigrationVersion() throws Exception {
    java.net.URL folder = DatabaseTest.class.getClassLoader().getResource("db/migration");
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of(folder.toURI()))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.matches("V\\d+__.*\\.sql"))
          .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
          .max(Integer::compare)
          .map(String::valueOf)
          .orElseThrow();
    }
  }
}
