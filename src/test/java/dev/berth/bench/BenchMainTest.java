package dev.berth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.db.Dialect;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchMainTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> environment, String... args) {
    return new CommandLine(new BenchMain(environment))
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
  }

  @Test
  void list_printsSixteenScenarios() {
    int status = run(Map.of(), "--list", "http://127.0.0.1:1");

    assertThat(status).isZero();
    assertThat(out.toString().lines()).hasSize(16).first().asString().startsWith("get-catalog\t");
  }

  @Test
  void unknownScenario_exitsWithUsageError() {
    int status = run(Map.of(), "-s", "pull-2mb", "http://127.0.0.1:1");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("unknown scenario 'pull-2mb'").contains("--list");
  }

  @Test
  void twoSizes_exitWithUsageError() {
    int status = run(Map.of(), "--sizes", "1,2", "http://127.0.0.1:1");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("--sizes takes three sizes").contains("[1, 2]");
  }

  @Test
  void usernameWithoutPassword_fails() throws Exception {
    try (LocalBerth berth = LocalBerth.start(Dialect.SQLITE, Optional.empty())) {
      int status =
          run(
              Map.of(BenchMain.USERNAME_VARIABLE, "admin"),
              "-s",
              "get-catalog",
              berth.baseUri().toString());

      assertThat(status).isEqualTo(1);
      assertThat(err.toString()).contains(BenchMain.PASSWORD_VARIABLE);
    }
  }

  @Test
  void run_printsTableAndWritesJson(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("results.json");
    try (LocalBerth berth = LocalBerth.start(Dialect.SQLITE, Optional.of("main-test-password"))) {
      int status =
          run(
              Map.of(
                  BenchMain.USERNAME_VARIABLE, "admin",
                  BenchMain.PASSWORD_VARIABLE, "main-test-password"),
              "-c",
              "2",
              "-n",
              "3",
              "--sizes",
              "100,200,300",
              "--seed",
              "11",
              "-s",
              "pull-100b",
              "-s",
              "push-monolith-200b",
              "--json",
              json.toString(),
              berth.baseUri().toString());

      assertThat(status).as(err.toString()).isZero();
    }

    assertThat(out.toString())
        .contains("| Pull 100B | 3 | 0 |")
        .contains("| Push Monolith 200B | 3 | 0 |");
    JsonNode results = new ObjectMapper().readTree(Files.readString(json));
    assertThat(results).hasSize(2);
    assertThat(results.get(0).get("name").asText()).isEqualTo("Pull 100B");
    assertThat(results.get(0).get("pulls").asInt()).isEqualTo(3);
    assertThat(results.get(1).get("latency_ns").get("p50").asLong()).isPositive();
  }
}
