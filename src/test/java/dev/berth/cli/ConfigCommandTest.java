package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void check_validFile_printsMaskedConfig() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("berth.yaml"),
            """
            listen: 0.0.0.0:5000
            database:
              url: jdbc:postgresql://db:5432/berth
              username: berth
              password: hunter2
            """);

    int exitCode = run(Map.of(), "check", "--config", file.toString());

    assertThat(exitCode).isZero();
    assertThat(err.toString()).isEmpty();
    assertThat(out.toString())
        .startsWith("configuration is valid\nlisten: 0.0.0.0:5000\n")
        .contains("  username: berth\n", "  password: '******'\n")
        .doesNotContain("hunter2");
  }

  @Test
  void check_noFile_checksDefaultsAndEnvironment() {
    int exitCode = run(Map.of("BERTH_SHUTDOWN_GRACE", "1m"), "check");

    assertThat(exitCode).isZero();
    assertThat(out.toString()).contains("listen: 127.0.0.1:5000\n", "shutdown_grace: 1m\n");
  }

  @Test
  void check_invalidValues_printsEachProblem() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("berth.yaml"),
            """
            shutdown_grace: 3 parsecs
            database:
              max_connections: 0
            """);

    int exitCode = run(Map.of("BERTH_LISTEN", "5000"), "check", "--config", file.toString());

    assertThat(exitCode).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().lines())
        .containsExactly(
            "BERTH_LISTEN: \"5000\" is not HOST:PORT; use an address such as 127.0.0.1:5000,"
                + " 0.0.0.0:5000 or [::]:5000",
            "shutdown_grace: \"3 parsecs\" is not a duration; use a number with ms, s, m or h,"
                + " such as 30s",
            "database.max_connections: \"0\" is less than 1; use at least 1 connection, such as"
                + " 10");
  }

  @Test
  void check_missingFile_printsProblem() {
    Path file = dir.resolve("missing.yaml");

    int exitCode = run(Map.of(), "check", "--config", file.toString());

    assertThat(exitCode).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(file + ": file not found; check the path\n");
  }

  @Test
  void check_unloadableCertificate_printsTlsProblem() throws IOException {
    Path certificate = Files.writeString(dir.resolve("tls.crt"), "not a certificate\n");
    Path key = Files.writeString(dir.resolve("tls.key"), "not a key\n");
    Map<String, String> environment =
        Map.of(
            "BERTH_TLS_CERTIFICATE", certificate.toString(),
            "BERTH_TLS_PRIVATE_KEY", key.toString());

    int exitCode = run(environment, "check");

    assertThat(exitCode).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).startsWith("tls: " + certificate + " contains no PEM certificate;");
  }

  @Test
  void config_withoutSubcommand_printsUsage() {
    int exitCode = run(Map.of());

    assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("Missing required subcommand", "Usage: config");
  }

  @Test
  void check_help_printsOptions() {
    int exitCode = run(Map.of(), "check", "--help");

    assertThat(exitCode).isZero();
    assertThat(out.toString()).contains("--config=FILE", "YAML configuration file to check.");
  }

  private int run(Map<String, String> environment, String... arguments) {
    CommandLine commandLine = new CommandLine(new ConfigCommand(environment));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(arguments);
  }
}
