package dev.berth.cli;

import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.ConfigLoader;
import dev.berth.server.config.ConfigProblem;
import dev.berth.server.config.ConfigResult;
import dev.berth.server.config.MaskedConfig;
import dev.berth.server.config.TlsConfig;
import dev.berth.server.tls.CertificateLoadException;
import dev.berth.server.tls.PemKeyStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code berth config} command. Its {@code check} subcommand validates the configuration
 * without starting the server, so operators can test a change before a restart.
 */
@Command(
    name = "config",
    description = "Checks Berth's configuration.",
    synopsisSubcommandLabel = "COMMAND")
public final class ConfigCommand {

  /** Exit code when the configuration is invalid. */
  static final int INVALID = 1;

  private final Map<String, String> environment;

  @Spec @Nullable CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  /** Creates the command over the process environment. */
  public ConfigCommand() {
    this(System.getenv());
  }

  /** Creates the command over {@code environment}, in place of the process environment. */
  ConfigCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /**
   * Loads the configuration from {@code file} and the environment. It prints each problem to
   * standard error as {@code KEY: MESSAGE} and returns 1, or prints {@code configuration is valid}
   * and the effective configuration with secrets masked to standard output and returns 0.
   */
  @Command(
      name = "check",
      description = {
        "Validates the configuration file and BERTH_* environment variables, and loads the TLS"
            + " certificate and key when set. Prints every problem, or the effective"
            + " configuration with secrets masked.",
        "Exits with 0 when the configuration is valid and 1 when it is not."
      })
  int check(
      @Option(
              names = "--config",
              paramLabel = "FILE",
              description =
                  "YAML configuration file to check. Without it, only the defaults and"
                      + " environment variables are checked.")
          @Nullable Path file,
      @Option(
              names = {"-h", "--help"},
              usageHelp = true,
              description = "Show this help and exit.")
          boolean help) {
    ConfigResult result = new ConfigLoader().load(Optional.ofNullable(file), environment);
    return switch (result) {
      case ConfigResult.Invalid invalid -> printProblems(invalid.problems());
      case ConfigResult.Valid valid -> {
        List<ConfigProblem> tlsProblems = checkTls(valid.config().tls());
        yield tlsProblems.isEmpty() ? printValid(valid.config()) : printProblems(tlsProblems);
      }
    };
  }

  private int printProblems(List<ConfigProblem> problems) {
    PrintWriter err = commandSpec().commandLine().getErr();
    problems.forEach(err::println);
    err.flush();
    return INVALID;
  }

  private int printValid(BerthConfig config) {
    PrintWriter out = commandSpec().commandLine().getOut();
    out.println("configuration is valid");
    out.print(MaskedConfig.toYaml(config));
    out.flush();
    return 0;
  }

  /** Loads the certificate and key the way the server does, so a bad pair fails here first. */
  private static List<ConfigProblem> checkTls(TlsConfig tls) {
    if (!tls.enabled()) {
      return List.of();
    }
    try {
      PemKeyStore.load(tls.certificate().orElseThrow(), tls.privateKey().orElseThrow());
      return List.of();
    } catch (CertificateLoadException e) {
      return List.of(new ConfigProblem("tls", e.getMessage()));
    }
  }

  private CommandSpec commandSpec() {
    if (spec == null) {
      throw new IllegalStateException(
          "picocli did not inject the command spec; run via CommandLine");
    }
    return spec;
  }
}
