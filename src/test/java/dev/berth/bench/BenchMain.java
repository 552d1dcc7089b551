package dev.berth.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench URL}: runs zb's scenarios against the registry at URL and prints a Markdown table.
 * Credentials come from {@code BENCH_REGISTRY_USERNAME} and {@code BENCH_REGISTRY_PASSWORD}, so
 * they stay out of the process list. The names avoid the {@code BERTH_} prefix because Berth
 * rejects unknown variables with that prefix. Exits with 0 when every request succeeded, 1 when any
 * failed and 2 on invalid options.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Pushes and pulls images against an OCI registry and reports latency and throughput.")
public final class BenchMain implements Callable<Integer> {

  static final String USERNAME_VARIABLE = "BENCH_REGISTRY_USERNAME";
  static final String PASSWORD_VARIABLE = "BENCH_REGISTRY_PASSWORD";
  private static final long MIB = 1024 * 1024;

  @Parameters(
      index = "0",
      paramLabel = "URL",
      description = "Registry base URL, such as http://127.0.0.1:5000.")
  URI url;

  @Option(
      names = {"-c", "--concurrency"},
      description = "Requests in flight at once (default ${DEFAULT-VALUE}).")
  int concurrency = 1;

  @Option(
      names = {"-n", "--requests"},
      description = "Timed requests per scenario (default ${DEFAULT-VALUE}).")
  int requests = 1;

  @Option(
      names = "--warmup",
      description =
          "Untimed requests per scenario before the timed ones (default ${DEFAULT-VALUE}).")
  int warmup = 0;

  @Option(
      names = {"-s", "--scenario"},
      paramLabel = "SLUG",
      description =
          "Run only this scenario, such as push-monolith-1mb; repeatable. Default: all; --list"
              + " prints them.")
  List<String> scenarios = new ArrayList<>();

  @Option(names = "--list", description = "Print the scenarios and exit.")
  boolean list;

  @Option(
      names = "--sizes",
      split = ",",
      paramLabel = "BYTES",
      description = "The small, medium and large layer sizes in bytes (default 1, 10 and 100 MiB).")
  List<Long> sizes = List.of(MIB, 10 * MIB, 100 * MIB);

  @Option(
      names = "--chunk-size",
      paramLabel = "BYTES",
      description = "Largest PATCH of a chunked upload (default 5 MiB).")
  long chunkSize = 5 * MIB;

  @Option(
      names = "--prefix",
      description = "Namespace of the repositories the run creates (default ${DEFAULT-VALUE}).")
  String prefix = "bench";

  @Option(names = "--seed", description = "Seed of the blob content (default: random, printed).")
  Optional<Long> seed = Optional.empty();

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the results as JSON to FILE.")
  Optional<Path> jsonFile = Optional.empty();

  @Spec CommandLine.Model.CommandSpec spec;

  private final Map<String, String> environment;

  BenchMain(Map<String, String> environment) {
    this.environment = environment;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain(System.getenv())).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    java.io.PrintWriter out = spec.commandLine().getOut();
    java.io.PrintWriter err = spec.commandLine().getErr();
    if (sizes.size() != 3 || sizes.stream().anyMatch(size -> size < 1)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--sizes takes three sizes >= 1 byte, got " + sizes);
    }
    List<Scenario> selected = select(Scenario.zbSuite(sizes.get(0), sizes.get(1), sizes.get(2)));
    if (list) {
      selected.forEach(s -> out.println(s.slug() + "\t" + s.name()));
      out.flush();
      return 0;
    }
    long blobSeed = seed.orElseGet(() -> new SecureRandom().nextLong());
    err.printf(
        "bench: %s, concurrency %d, %d requests per scenario, warmup %d, seed %d%n",
        url, concurrency, requests, warmup, blobSeed);

    List<ScenarioResult> results = new ArrayList<>();
    try (HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build()) {
      RegistryAuth auth = RegistryAuth.discover(http, url, credentials());
      ImageClient client = new ImageClient(http, url, auth, chunkSize);
      ScenarioRunner runner = new ScenarioRunner(client, prefix, blobSeed);
      for (Scenario scenario : selected) {
        ScenarioResult result = runner.run(scenario, concurrency, requests, warmup);
        results.add(result);
        err.printf(
            Locale.ROOT,
            "bench: %s: %d requests, %d failed, %.1f req/s%n",
            scenario.name(),
            result.requests(),
            result.failed(),
            result.requestsPerSecond());
        result.firstFailure().ifPresent(f -> err.println("bench:   first failure: " + f));
        err.flush();
      }
    } catch (BenchException e) {
      err.println("bench: " + e.getMessage());
      return 1;
    }

    out.print(ResultTable.markdown(results));
    out.flush();
    err.flush();
    if (jsonFile.isPresent()) {
      Files.writeString(jsonFile.get(), ResultTable.json(results), StandardCharsets.UTF_8);
    }
    return results.stream().anyMatch(r -> r.failed() > 0) ? 1 : 0;
  }

  private List<Scenario> select(List<Scenario> suite) {
    if (scenarios.isEmpty()) {
      return suite;
    }
    List<Scenario> selected = new ArrayList<>();
    for (String slug : scenarios) {
      Scenario match =
          suite.stream()
              .filter(s -> s.slug().equals(slug))
              .findFirst()
              .orElseThrow(
                  () ->
                      new CommandLine.ParameterException(
                          spec.commandLine(),
                          "unknown scenario '" + slug + "'; --list prints the valid ones"));
      selected.add(match);
    }
    return selected;
  }

  private Optional<RegistryAuth.Credentials> credentials() {
    String username = environment.getOrDefault(USERNAME_VARIABLE, "");
    String password = environment.getOrDefault(PASSWORD_VARIABLE, "");
    if (username.isEmpty() != password.isEmpty()) {
      throw new BenchException(
          "set both " + USERNAME_VARIABLE + " and " + PASSWORD_VARIABLE + ", or neither");
    }
    return username.isEmpty()
        ? Optional.empty()
        : Optional.of(new RegistryAuth.Credentials(username, password));
  }
}
