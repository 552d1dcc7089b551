package dev.berth.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * An open metadata database: a connection pool with the schema migrated to the latest version.
 * Thread-safe; close it once, after the last request has finished.
 */
public final class Database implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final Dialect dialect;
  private final HikariDataSource pool;
  private final Jdbi jdbi;
  private final WriteEpoch writes = new WriteEpoch();

  private Database(Dialect dialect, HikariDataSource pool) {
    this.dialect = dialect;
    this.pool = pool;
    this.jdbi = Jdbi.create(pool);
    if (dialect == Dialect.SQLITE) {
      jdbi.setTransactionHandler(new SerialTransactionHandler(jdbi.getTransactionHandler()));
    }
    jdbi.setTransactionHandler(new EpochTransactionHandler(jdbi.getTransactionHandler(), writes));
    jdbi.getConfig(SqlStatements.class)
        .setSqlLogger(
            new SqlLogger() {
              @Override
              public void logAfterExecution(StatementContext context) {
                if (!isRead(context.getRenderedSql())) {
                  writes.advance();
                }
              }

              @Override
              public void logException(StatementContext context, SQLException failure) {
                logAfterExecution(context);
              }
            });
  }

  /** Returns whether {@code sql} only reads: it starts with SELECT. */
  static boolean isRead(String sql) {
    return sql != null && sql.stripLeading().regionMatches(true, 0, "SELECT", 0, 6);
  }


  /**
   * Opens the database at {@code settings.url()} and applies pending migrations.
   *
   * @throws IllegalArgumentException when the URL is neither {@code jdbc:sqlite:} nor {@code
   *     jdbc:postgresql:}, with a message that names both supported forms
   * @throws org.flywaydb.core.api.FlywayException when a migration fails
   * @throws RuntimeException when no connection can be opened
   */
  public static Database open(DatabaseSettings settings) {
    Dialect dialect = Dialect.of(settings.url());
    HikariConfig config = new HikariConfig();
    config.setPoolName("berth-db");
    config.setMaximumPoolSize(settings.maxConnections());
    config.setConnectionTimeout(Duration.ofSeconds(30).toMillis());
    if (dialect == Dialect.SQLITE) {
      config.setDataSource(sqlite(settings.url()));
    } else {
      config.setJdbcUrl(settings.url());
      settings.username().ifPresent(config::setUsername);
      settings.password().ifPresent(config::setPassword);
    }
    HikariDataSource pool = new HikariDataSource(config);
    try {
      migrate(pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    LOG.atInfo().addKeyValue("dialect", dialect).log("database ready");
    return new Database(dialect, pool);
  }

  /**
   * Configures SQLite for concurrent use: WAL so readers never wait for the writer, immediate
   * transactions so two writers queue on the busy timeout instead of failing a lock upgrade, and
   * full sync so a committed push survives power loss.
   */
  private static DataSource sqlite(String url) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.setBusyTimeout((int) Duration.ofSeconds(60).toMillis());
    config.enforceForeignKeys(true);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl(url);
    return dataSource;
  }

  /**
   * The highest migration under {@code db/migration}. {@code DatabaseTest} checks it against the
   * files, so a new migration without a raised constant fails the build.
   */
  static final int LATEST_MIGRATION = 9;

  private static void migrate(DataSource dataSource) {
    if (isCurrent(dataSource)) {
      // Flyway scans the whole jar for migrations, a tenth of the start-up; a current schema
      // needs none of that.
      return;
    }
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }

  /**
   * Returns whether Flyway's history shows every migration up to {@link #LATEST_MIGRATION}
   * applied and none failed. Any doubt, such as a missing history table, returns false, and
   * Flyway then decides.
   */
  static boolean isCurrent(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT version, success FROM flyway_schema_history")) {
      java.util.Set<Integer> applied = new java.util.HashSet<>();
      while (rows.next()) {
        String version = rows.getString(1);
        if (!rows.getBoolean(2)) {
          return false;
        }
        if (version != null) {
          applied.add(Integer.parseInt(version));
        }
      }
      for (int version = 1; version <= LATEST_MIGRATION; version++) {
        if (!applied.contains(version)) {
          return false;
        }
      }
      return applied.stream().allMatch(version -> version <= LATEST_MIGRATION);
    } catch (SQLException | NumberFormatException e) {
      return false;
    }
  }

  public Dialect dialect() {
    return dialect;
  }

  /** Returns the counter of this process's writes, for {@link ReadCache}s of this database. */
  public WriteEpoch writes() {
    return writes;
  }

  /** Returns the Jdbi handle factory over this database's pool. */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** Closes every pooled connection; SQLite checkpoints its write-ahead log on the last close. */
  @Override
  public void close() {
    pool.close();
    LOG.atInfo().log("database closed");
  }
}
