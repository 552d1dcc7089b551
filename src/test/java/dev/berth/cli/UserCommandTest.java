package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.auth.AuthenticationException;
import dev.berth.auth.Principal;
import dev.berth.auth.UserAccount;
import dev.berth.db.Dialect;
import dev.berth.server.Berth;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.DatabaseConfig;
import dev.berth.server.config.HostPort;
import dev.berth.server.config.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UserCommandTest {

  private static final String PASSWORD = "correct horse battery";

  @TempDir Path tempDir;

  private CommandHarness harness;

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private CommandHarness harness(Dialect dialect) throws Exception {
    harness = CommandHarness.create(dialect, tempDir);
    return harness;
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void create_passwordFromStdin_userCanLogIn(Dialect dialect) throws Exception {
    CommandHarness cli = harness(dialect);

    CommandHarness.Result result =
        cli.stdin(PASSWORD + "\n")
            .run("user", "create", "alice", "--email", "Alice@Example.com", "--password-stdin");

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out())
        .isEqualTo(
            "created the administrator account 'admin' with the password from"
                + " BERTH_ADMIN_PASSWORD\n"
                + "created user alice <alice@example.com>\n");
    assertThat(cli.login("alice", PASSWORD)).isEqualTo(new Principal.User("alice", false));
    UserAccount alice = cli.accounts().accountService().user("alice").orElseThrow();
    assertThat(alice.email()).isEqualTo("alice@example.com");
    assertThat(alice.administrator()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void create_firstCommand_createsAdministratorOnce(Dialect dialect) throws Exception {
    CommandHarness cli = harness(dialect);
    cli.environment().remove("BERTH_ADMIN_PASSWORD");

    CommandHarness.Result first =
        cli.stdin(PASSWORD)
            .run("user", "create", "alice", "--email", "a@example.com", "--password-stdin");
    CommandHarness.Result second =
        cli.stdin(PASSWORD)
            .run("user", "create", "bobby", "--email", "b@example.com", "--password-stdin");

    assertThat(first.exitCode()).as(first.describe()).isZero();
    String generated =
        first
            .out()
            .lines()
            .filter(line -> line.startsWith("  password: "))
            .map(line -> line.substring("  password: ".length()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no generated password\n" + first.describe()));
    assertThat(generated).matches("[A-Za-z0-9]{24}");
    assertThat(cli.login("admin", generated)).isEqualTo(new Principal.User("admin", true));
    assertThat(second.out()).isEqualTo("created user bobby <b@example.com>\n");
  }

  @Test
  void create_administratorFlag_grantsRole() throws Exception {
    CommandHarness cli = harness(Dialect.SQLITE);

    CommandHarness.Result result =
        cli.stdin(PASSWORD)
            .run(
                "user",
                "create",
                "carol",
                "--email",
                "c@example.com",
                "--admin",
                "--password-stdin");

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.out()).endsWith("created administrator carol <c@example.com>\n");
    assertThat(cli.login("carol", PASSWORD)).isEqualTo(new Principal.User("carol", true));
  }

  @Test
  void create_terminal_promptsTwice() throws Exception {
    CommandHarness cli = harness(Dialect.SQLITE);

    CommandHarness.Result result =
        cli.terminal(PASSWORD, PASSWORD).run("user", "create", "alice", "--email", "a@example.com");

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(cli.unusedTerminalAnswers()).isZero();
    assertThat(cli.login("alice", PASSWORD)).isEqualTo(new Principal.User("alice", false));
  }

  @Test
  void create_terminalAnswersDiffer_createsNothing() throws Exception {
    CommandHarness cli = harness(Dialect.SQLITE);

    CommandHarness.Result result =
        cli.terminal(PASSWORD, PASSWORD + "x")
            .run("user", "create", "alice", "--email", "a@example.com");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "berth user create: the two passwords differ; run the command again and type the"
                + " same password twice\n");
    assertThat(cli.accounts().accountService().user("alice")).isEmpty();
  }

  @Test
  void create_noTerminal_namesStdinOption() throws Exception {
    CommandHarness cli = harness(Dialect.SQLITE);

    CommandHarness.Result result = cli.run("user", "create", "alice", "--email", "a@example.com");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "berth user create: no terminal to prompt for the password of alice; pass"
                + " --password-stdin and pipe the password in\n");
  }

  @Test
  void create_emptyStdin_fails() throws Exception {
    CommandHarness cli = harness(Dialect.SQLITE);

    CommandHarness.Result result =
        cli.stdin("\n")
            .run("user", "create", "alice", "--email", "a@example.com", "--password-stdin");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "berth user create: standard input is empty; pipe the password in when using"
                + " --password-stdin\n");
  }

  @Test
  void create_stdinWithCrLf_stripsLineBreak() throws Exception {
    CommandHarness cli = harness(Dialect.SQLITE);

    cli.stdin(PASSWORD + "\r\n")
        .run("user", "create", "alice", "--email", "a@example.com", "--password-stdin");

    assertThat(cli.login("alice", PASSWORD)).isEqualTo(new Principal.User("alice", false));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void create_existingName_failsWithoutPrompt(Dialect dialect) throws Exception {
    CommandHarness cli = harness(dialect);
    cli.stdin(PASSWORD)
        .run("user", "create", "alice", "--email", "a@example.com", "--password-stdin");

    CommandHarness.Result result =
        cli.terminal(PASSWORD, PASSWORD)
            .run("user", "create", "alice", "--email", "other@example.com");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo("berth user create: user alice already exists; choose another name\n");
    assertThat(cli.unusedTerminalAnswers()).isEqualTo(2);
  }

  @Test
  void create_ruleBroken_printsServiceMessage() throws Exception {
    CommandHarness cli = harness(Dialect.SQLITE);

    CommandHarness.Result badName =
        cli.stdin(PASSWORD)
            .run("user", "create", "Al", "--email", "a@example.com", "--password-stdin");
    CommandHarness.Result badEmail =
        cli.stdin(PASSWORD).run("user", "create", "alice", "--email", "nobody", "--password-stdin");
    CommandHarness.Result shortPassword =
        cli.stdin("short")
            .run("user", "create", "alice", "--email", "a@example.com", "--password-stdin");
    CommandHarness.Result takenEmail =
        cli.stdin(PASSWORD)
            .run("user", "create", "alice", "--email", "ADMIN@localhost", "--password-stdin");

    assertThat(badName.exitCode()).isEqualTo(1);
    assertThat(badName.err())
        .isEqualTo(
            "berth user create: user name 'Al' is invalid; use 4 to 30 lower-case letters (a-z)"
                + " and digits\n");
    assertThat(badEmail.err())
        .isEqualTo(
            "berth user create: e-mail address 'nobody' is invalid; use the form"
                + " name@example.com, at most 320 characters\n");
    assertThat(shortPassword.err())
        .isEqualTo("berth user create: password is too short (5 characters); use at least 8\n");
    assertThat(takenEmail.err())
        .isEqualTo(
            "berth user create: e-mail address admin@localhost already belongs to another"
                + " user\n");
    assertThat(cli.accounts().accountService().user("alice")).isEmpty();
  }

  @Test
  void create_missingEmail_printsUsage() throws Exception {
    CommandHarness cli = harness(Dialect.SQLITE);

    CommandHarness.Result result = cli.run("user", "create", "alice");

    assertThat(result.exitCode()).isEqualTo(picocli.CommandLine.ExitCode.USAGE);
    assertThat(result.err()).contains("Missing required option: '--email=EMAIL'");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void resetPassword_newPasswordWorksOldFails(Dialect dialect) throws Exception {
    CommandHarness cli = harness(dialect);
    cli.stdin(PASSWORD)
        .run("user", "create", "alice", "--email", "a@example.com", "--password-stdin");

    CommandHarness.Result result =
        cli.stdin("a brand new password")
            .run("user", "reset-password", "alice", "--password-stdin");

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.out()).isEqualTo("reset the password of alice\n");
    assertThat(cli.login("alice", "a brand new password"))
        .isEqualTo(new Principal.User("alice", false));
    assertThatThrownBy(() -> cli.login("alice", PASSWORD))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("invalid username or password");
  }

  @Test
  void resetPassword_unknownUser_failsBeforePrompt() throws Exception {
    CommandHarness cli = harness(Dialect.SQLITE);

    CommandHarness.Result result =
        cli.terminal(PASSWORD, PASSWORD).run("user", "reset-password", "nobody");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "berth user reset-password: user nobody not found; berth user list shows the"
                + " existing users\n");
    assertThat(cli.unusedTerminalAnswers()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void disableThenEnable_loginRejectedThenAccepted(Dialect dialect) throws Exception {
    CommandHarness cli = harness(dialect);
    cli.stdin(PASSWORD)
        .run("user", "create", "alice", "--email", "a@example.com", "--password-stdin");

    CommandHarness.Result disabled = cli.run("user", "disable", "alice");

    assertThat(disabled.exitCode()).as(disabled.describe()).isZero();
    assertThat(disabled.out()).isEqualTo("disabled user alice\n");
    assertThatThrownBy(() -> cli.login("alice", PASSWORD))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("account alice is disabled; ask an administrator to enable it");

    CommandHarness.Result enabled = cli.run("user", "enable", "alice");

    assertThat(enabled.exitCode()).as(enabled.describe()).isZero();
    assertThat(enabled.out()).isEqualTo("enabled user alice\n");
    assertThat(cli.login("alice", PASSWORD)).isEqualTo(new Principal.User("alice", false));
  }

  @Test
  void disable_lastAdministrator_isRejected() throws Exception {
    CommandHarness cli = harness(Dialect.SQLITE);

    CommandHarness.Result result = cli.run("user", "disable", "admin");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "berth user disable: cannot disable admin, the last enabled administrator; make"
                + " another user an administrator first\n");
    assertThat(cli.accounts().accountService().user("admin").orElseThrow().disabled()).isFalse();
  }

  @Test
  void disable_unknownUser_namesListCommand() throws Exception {
    CommandHarness cli = harness(Dialect.SQLITE);

    CommandHarness.Result result = cli.run("user", "enable", "nobody");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "berth user enable: user nobody not found; berth user list shows the existing"
                + " users\n");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void list_printsEveryUserInNameOrder(Dialect dialect) throws Exception {
    CommandHarness cli = harness(dialect);
    cli.stdin(PASSWORD)
        .run("user", "create", "zed0", "--email", "z@example.com", "--password-stdin");
    cli.stdin(PASSWORD)
        .run("user", "create", "bobby", "--email", "b@example.com", "--admin", "--password-stdin");
    cli.run("user", "disable", "zed0");

    CommandHarness.Result result = cli.run("user", "list");

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.out().lines().toList())
        .hasSize(4)
        .satisfies(
            lines -> {
              assertThat(lines.get(0)).matches("USERNAME +EMAIL +ROLE +STATE +2FA +CREATED");
              assertThat(lines.get(1))
                  .matches("admin +admin@localhost +admin +enabled +off +\\d{4}-\\d{2}-\\d{2}");
              assertThat(lines.get(2))
                  .matches("bobby +b@example.com +admin +enabled +off +\\d{4}-\\d{2}-\\d{2}");
              assertThat(lines.get(3))
                  .matches("zed0 +z@example.com +user +disabled +off +\\d{4}-\\d{2}-\\d{2}");
            });
  }

  @Test
  void list_configFile_readsDataDirFromIt() throws Exception {
    CommandHarness cli = harness(Dialect.SQLITE);
    cli.stdin(PASSWORD)
        .run("user", "create", "alice", "--email", "a@example.com", "--password-stdin");
    Path config =
        Files.writeString(tempDir.resolve("berth.yaml"), "data_dir: " + cli.dataDir() + "\n");

    CommandHarness.Result result = cli.runExactly("user", "list", "--config", config.toString());

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.out()).contains("alice");
  }

  @Test
  void list_environmentDataDir_isUsed() throws Exception {
    CommandHarness cli = harness(Dialect.SQLITE);
    cli.stdin(PASSWORD)
        .run("user", "create", "alice", "--email", "a@example.com", "--password-stdin");
    cli.environment().put("BERTH_DATA_DIR", cli.dataDir().toString());

    CommandHarness.Result result = cli.runExactly("user", "list");

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.out()).contains("alice");
  }

  @Test
  void list_invalidConfiguration_printsProblems() throws Exception {
    CommandHarness cli = harness(Dialect.SQLITE);
    cli.environment().put("BERTH_SHUTDOWN_GRACE", "forever");

    CommandHarness.Result result = cli.run("user", "list");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith(
            "berth user list: configuration is invalid; fix these values and run the command"
                + " again\nBERTH_SHUTDOWN_GRACE: \"forever\" is not a duration");
  }

  @Test
  void list_unreachableDatabase_namesUrlWithoutQuery() throws Exception {
    CommandHarness cli = harness(Dialect.SQLITE);
    cli.environment()
        .put("BERTH_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/berth?password=hunter2");

    CommandHarness.Result result = cli.run("user", "list");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith(
            "berth user list: could not open the database at jdbc:postgresql://127.0.0.1:1/berth: ")
        .endsWith("; check database.url and data_dir in the configuration or --data\n")
        .doesNotContain("hunter2");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void createAndDisable_whileServerRuns_takeEffectOnTokenRequests(Dialect dialect)
      throws Exception {
    CommandHarness cli = harness(dialect);
    cli.run("user", "list");
    BerthConfig config =
        BerthConfig.defaults(cli.dataDir()).withListen(new HostPort("127.0.0.1", 0));
    if (dialect == Dialect.POSTGRESQL) {
      Map<String, String> env = cli.environment();
      config =
          config.withDatabase(
              DatabaseConfig.of(
                  env.get("BERTH_DATABASE_URL"),
                  Optional.ofNullable(env.get("BERTH_DATABASE_USERNAME")),
                  Optional.ofNullable(env.get("BERTH_DATABASE_PASSWORD")).map(Secret::new)));
    }

    try (Berth berth = Berth.start(config);
        HttpClient http = HttpClient.newHttpClient()) {
      CommandHarness.Result created =
          cli.stdin(PASSWORD)
              .run("user", "create", "alice", "--email", "a@example.com", "--password-stdin");
      int whileEnabled = tokenStatus(http, berth, "alice", PASSWORD);
      CommandHarness.Result disabled = cli.run("user", "disable", "alice");
      int whileDisabled = tokenStatus(http, berth, "alice", PASSWORD);

      assertThat(created.exitCode()).as(created.describe()).isZero();
      assertThat(disabled.exitCode()).as(disabled.describe()).isZero();
      assertThat(whileEnabled).isEqualTo(200);
      assertThat(whileDisabled).isEqualTo(401);
    }
  }

  private static int tokenStatus(HttpClient http, Berth berth, String user, String password)
      throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(berth.baseUri() + "/token?service=berth-registry"))
            .header("Authorization", "Basic " + basic)
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void main_registersAccountCommands() {
    picocli.CommandLine main = new picocli.CommandLine(new Main());

    assertThat(main.getSubcommands()).containsKeys("user", "org");
    assertThat(main.getSubcommands().get("user").getSubcommands())
        .containsOnlyKeys("create", "reset-password", "disable", "enable", "list");
  }
}
