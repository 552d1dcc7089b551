package dev.berth.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.berth.auth.AccountException;
import dev.berth.auth.Accounts;
import dev.berth.auth.AdminBootstrap;
import dev.berth.auth.Principal;
import dev.berth.db.Database;
import dev.berth.db.DatabaseSettings;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.ConfigLoader;
import dev.berth.server.config.ConfigProblem;
import dev.berth.server.config.ConfigResult;
import dev.berth.server.config.Secret;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The state one account command works on: the configuration loaded as {@code berth serve} loads it,
 * the metadata database opened directly, the auth room over it, and the administrator the commands
 * act as. A running server may share the database, because SQLite runs in WAL mode and PostgreSQL
 * serves many clients. Not thread-safe; one command uses one session.
 */
final class AccountSession implements AutoCloseable {

  /** Exit code when a command fails; picocli uses 2 for usage errors. */
  static final int FAILED = 1;

  /** One step of a command, run with the session open. */
  @FunctionalInterface
  interface Action {
    void run(AccountSession session, PrintWriter out) throws CommandFailedException;
  }

  private final Database database;
  private final Accounts accounts;
  private final Principal.User administrator;

  private AccountSession(Database database, Accounts accounts, Principal.User administrator) {
    this.database = database;
    this.accounts = accounts;
    this.administrator = administrator;
  }

  /**
   * Opens a session, runs {@code action} and closes the session. A failure is printed to standard
   * error as {@code COMMAND: MESSAGE}.
   *
   * @return 0 when {@code action} succeeded, {@link #FAILED} otherwise
   */
  static int run(
      CommandSpec spec, StoreOptions options, Map<String, String> environment, Action action) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    QuietLogs quiet = QuietLogs.start();
    try (AccountSession session = open(options, environment, out)) {
      action.run(session, out);
      return 0;
    } catch (CommandFailedException | AccountException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      return FAILED;
    } finally {
      quiet.restore();
      out.flush();
      err.flush();
    }
  }

  /** Returns the auth room over the opened database. */
  Accounts accounts() {
    return accounts;
  }

  /** Returns the administrator the command acts as. */
  Principal.User administrator() {
    return administrator;
  }

  @Override
  public void close() {
    database.close();
  }

  private static AccountSession open(
      StoreOptions options, Map<String, String> environment, PrintWriter out)
      throws CommandFailedException {
    BerthConfig config = loadConfig(options, environment);
    Database database = openDatabase(config);
    try {
      Accounts accounts = new Accounts(database, Clock.systemUTC(), new SecureRandom());
      Principal.User administrator = actingAdministrator(database, accounts, config, out);
      return new AccountSession(database, accounts, administrator);
    } catch (CommandFailedException | RuntimeException e) {
      database.close();
      throw e;
    }
  }

  private static BerthConfig loadConfig(StoreOptions options, Map<String, String> environment)
      throws CommandFailedException {
    ConfigResult loaded = new ConfigLoader().load(options.configFile, environment);
    if (loaded instanceof ConfigResult.Invalid invalid) {
      String problems =
          invalid.problems().stream()
              .map(ConfigProblem::toString)
              .collect(Collectors.joining("\n"));
      throw new CommandFailedException(
          "configuration is invalid; fix these values and run the command again\n" + problems);
    }
    BerthConfig config = ((ConfigResult.Valid) loaded).config();
    return options.dataDir.isPresent() ? config.withDataDir(options.dataDir.get()) : config;
  }

  /**
   * Opens and migrates the database that {@code berth serve} would open for {@code config}. The URL
   * rule repeats the one in {@code Berth.start}, which keeps it private; both must change together.
   */
  private static Database openDatabase(BerthConfig config) throws CommandFailedException {
    var db = config.database();
    String url;
    if (db.url().isPresent()) {
      url = db.url().get();
    } else {
      try {
        Files.createDirectories(config.dataDir());
      } catch (IOException e) {
        throw new CommandFailedException(
            "could not create data directory " + config.dataDir() + ": " + e.getMessage(), e);
      }
      url = "jdbc:sqlite:" + config.dataDir().resolve("berth.db").toAbsolutePath();
    }
    DatabaseSettings settings =
        new DatabaseSettings(url, db.username(), db.password().map(Secret::value), 2);
    try {
      return Database.open(settings);
    } catch (RuntimeException e) {
      throw new CommandFailedException(
          "could not open the database at "
              + withoutQuery(url)
              + ": "
              + e.getMessage()
              + "; check database.url and data_dir in the configuration or --data",
          e);
    }
  }

  /** Drops a JDBC URL's query, where a PostgreSQL password may be written. */
  private static String withoutQuery(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  /**
   * Returns an enabled administrator to act as. On a database without users, it first creates the
   * administrator {@value Accounts#BOOTSTRAP_ADMIN} as {@code berth serve} does on its first start,
   * and prints a generated password once.
   */
  private static Principal.User actingAdministrator(
      Database database, Accounts accounts, BerthConfig config, PrintWriter out)
      throws CommandFailedException {
    AdminBootstrap bootstrap =
        accounts.bootstrapAdmin(config.auth().adminPassword().map(Secret::value));
    if (bootstrap.generatedPassword().isPresent()) {
      out.println("created the administrator account '" + Accounts.BOOTSTRAP_ADMIN + "'");
      out.println("  password: " + bootstrap.generatedPassword().get());
      out.println("  It is shown only this once; set BERTH_ADMIN_PASSWORD before the first start");
      out.println("  to choose it instead.");
    } else if (bootstrap.created()) {
      out.println(
          "created the administrator account '"
              + Accounts.BOOTSTRAP_ADMIN
              + "' with the password from BERTH_ADMIN_PASSWORD");
    }

    // NOTE: the auth room has no principal for the operator at the console, so commands act as
    // the first enabled administrator by name, and the server's log names that administrator.
    Optional<String> name =
        database
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT username FROM users WHERE is_admin = TRUE AND disabled = FALSE"
                                + " ORDER BY username LIMIT 1")
                        .mapTo(String.class)
                        .findOne());
    if (name.isEmpty()) {
      throw new CommandFailedException(
          "the database has users but no enabled administrator, so no account command can act;"
              + " restore an administrator from a backup of the database");
    }
    return new Principal.User(name.get(), true);
  }

  /**
   * Raises the log threshold to WARN while a command runs, so the database's start-up lines do not
   * mix with the command's output. Warnings and errors still show.
   */
  private static final class QuietLogs {
    private final Optional<Logger> root;
    private final Level previous;

    private QuietLogs(Optional<Logger> root) {
      this.root = root;
      this.previous = root.map(Logger::getLevel).orElse(Level.INFO);
      root.ifPresent(logger -> logger.setLevel(Level.WARN));
    }

    /** Quiets the root logger when Logback is the SLF4J binding; otherwise does nothing. */
    static QuietLogs start() {
      return LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root
          ? new QuietLogs(Optional.of(root))
          : new QuietLogs(Optional.empty());
    }

    /** Restores the level the root logger had before {@link #start()}. */
    void restore() {
      root.ifPresent(logger -> logger.setLevel(previous));
    }
  }
}
