package dev.berth.cli;

import dev.berth.auth.Accounts;
import dev.berth.auth.AuthenticationException;
import dev.berth.auth.Principal;
import dev.berth.db.Database;
import dev.berth.db.Dialect;
import dev.berth.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Runs {@code berth} commands through picocli, from {@link Main} down, against a new data
 * directory, with an environment, standard input and terminal answers that the test sets. On
 * PostgreSQL the configuration points at a new database through {@code BERTH_DATABASE_*} variables,
 * as an operator would set them.
 *
 * <p>{@link #accounts()} opens the same database separately, so tests check what a command changed
 * the way a running server would see it. Not thread-safe.
 */
final class CommandHarness implements AutoCloseable {

  /** The administrator password the harness puts in {@code BERTH_ADMIN_PASSWORD}. */
  static final String ADMIN_PASSWORD = "administrator password";

  /**
   * The outcome of one command.
   *
   * @param exitCode what picocli returned
   * @param out what the command printed to standard output
   * @param err what the command printed to standard error
   */
  record Result(int exitCode, String out, String err) {
    String describe() {
      return "exit code " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }
  }

  private final Path dataDir;
  private final TestDatabase database;
  private final Map<String, String> environment = new HashMap<>();
  private final Deque<String> terminalAnswers = new ArrayDeque<>();
  private boolean terminal;
  private byte[] stdin = new byte[0];
  private Database verification;
  private Accounts accounts;

  private CommandHarness(Path dataDir, TestDatabase database) {
    this.dataDir = dataDir;
    this.database = database;
  }

  /**
   * Creates a harness over a new data directory under {@code tempDir}; on PostgreSQL also a new
   * database, which {@link #close()} drops.
   */
  static CommandHarness create(Dialect dialect, Path tempDir) throws SQLException {
    TestDatabase database = TestDatabase.create(dialect, tempDir);
    CommandHarness harness = new CommandHarness(tempDir.resolve("data"), database);
    harness.environment.put("BERTH_ADMIN_PASSWORD", ADMIN_PASSWORD);
    if (dialect == Dialect.POSTGRESQL) {
      var settings = database.settings();
      harness.environment.put("BERTH_DATABASE_URL", settings.url());
      settings
          .username()
          .ifPresent(user -> harness.environment.put("BERTH_DATABASE_USERNAME", user));
      settings
          .password()
          .ifPresent(password -> harness.environment.put("BERTH_DATABASE_PASSWORD", password));
    }
    return harness;
  }

  /** Returns the data directory passed with {@code --data}. */
  Path dataDir() {
    return dataDir;
  }

  /** Returns the environment the commands see; tests may change it. */
  Map<String, String> environment() {
    return environment;
  }

  /** Makes the next command read {@code text} from standard input. */
  CommandHarness stdin(String text) {
    stdin = text.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  /** Makes the next commands run at a terminal that answers the prompts with {@code answers}. */
  CommandHarness terminal(String... answers) {
    terminal = true;
    terminalAnswers.clear();
    terminalAnswers.addAll(List.of(answers));
    return this;
  }

  /** Returns the prompts not yet answered. */
  int unusedTerminalAnswers() {
    return terminalAnswers.size();
  }

  /** Runs {@code berth ARGS... --data DIR}. */
  Result run(String... arguments) {
    String[] withData = new String[arguments.length + 2];
    System.arraycopy(arguments, 0, withData, 0, arguments.length);
    withData[arguments.length] = "--data";
    withData[arguments.length + 1] = dataDir.toString();
    return runExactly(withData);
  }

  /** Runs {@code berth ARGS...} without adding {@code --data}. */
  Result runExactly(String... arguments) {
    PasswordReader passwords =
        new PasswordReader(
            new ByteArrayInputStream(stdin),
            prompt ->
                terminal
                    ? Optional.ofNullable(terminalAnswers.poll()).map(String::toCharArray)
                    : Optional.empty());
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> type) throws Exception {
            if (type == UserCommand.class) {
              return type.cast(new UserCommand(environment, passwords));
            }
            if (type == OrgCommand.class) {
              return type.cast(new OrgCommand(environment));
            }
            return CommandLine.defaultFactory().create(type);
          }
        };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new Main(), factory);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(arguments);
    stdin = new byte[0];
    return new Result(exitCode, out.toString(), err.toString());
  }

  /** Returns the auth room over the commands' database, opened separately from them. */
  Accounts accounts() {
    if (accounts == null) {
      var settings = database.settings();
      String url =
          Dialect.of(settings.url()) == Dialect.SQLITE
              ? "jdbc:sqlite:" + dataDir.resolve("berth.db").toAbsolutePath()
              : settings.url();
      verification =
          Database.open(
              new dev.berth.db.DatabaseSettings(url, settings.username(), settings.password(), 2));
      accounts = new Accounts(verification, Clock.systemUTC(), new SecureRandom());
    }
    return accounts;
  }

  /**
   * Returns the principal for a password login of {@code username}, as {@code docker login} does.
   */
  Principal login(String username, String password) throws AuthenticationException {
    return accounts()
        .authenticator()
        .authenticate(username, password, InetAddress.getLoopbackAddress());
  }

  @Override
  public void close() throws SQLException {
    if (verification != null) {
      verification.close();
    }
    database.close();
  }
}
