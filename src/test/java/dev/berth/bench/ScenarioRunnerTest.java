package dev.berth.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.db.Dialect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every scenario against a real Berth, with sizes of a few KiB so the suite stays quick. These
 * tests check that the requests are right and counted; they assert nothing about speed.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class ScenarioRunnerTest {

  private static final String ADMIN_PASSWORD = "bench-test-admin-password";

  /** Three sizes, and a chunk size that splits the larger two into several PATCHes. */
  private static final List<Scenario> SUITE = Scenario.zbSuite(1024, 4096, 16_384);

  private static final long CHUNK_SIZE = 1500;

  @Parameter Dialect dialect;

  private LocalBerth berth;
  private HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() throws Exception {
    http.close();
    if (berth != null) {
      berth.close();
    }
  }

  @Test
  void everyScenario_succeedsWithoutAuth() throws Exception {
    berth = LocalBerth.start(dialect, Optional.empty());
    ScenarioRunner runner = runner(Optional.empty(), 100);

    for (Scenario scenario : SUITE) {
      ScenarioResult result = runner.run(scenario, 2, 4, 1);

      assertThat(result.failed()).as("%s: %s", scenario.name(), result.firstFailure()).isZero();
      assertThat(result.requests()).as(scenario.name()).isEqualTo(4);
      assertThat(result.latencies()).as(scenario.name()).isPresent();
      assertThat(result.bytes()).as(scenario.name()).isPositive();
    }
  }

  @Test
  void pushes_addOneTagPerRequest() throws Exception {
    berth = LocalBerth.start(dialect, Optional.empty());
    Scenario chunked = SUITE.get(6);
    assertThat(chunked.name()).isEqualTo("Push Chunk Streamed 16KB");

    runner(Optional.empty(), 1).run(chunked, 2, 5, 1);

    // One warmup push and five timed ones, spread over the two workers' repositories.
    int tags = 0;
    for (String worker : List.of("-w0", "-w1")) {
      tags += tags("bench/" + chunked.slug() + worker);
    }
    assertThat(tags).isEqualTo(6);
  }

  @Test
  void bearerTokens_authorizeEveryKindOfRequest() throws Exception {
    berth = LocalBerth.start(dialect, Optional.of(ADMIN_PASSWORD));
    ScenarioRunner runner =
        runner(Optional.of(new RegistryAuth.Credentials("admin", ADMIN_PASSWORD)), 7);

    for (int index : new int[] {0, 4, 9, 15}) {
      Scenario scenario = SUITE.get(index);
      ScenarioResult result = runner.run(scenario, 2, 3, 0);

      assertThat(result.failed()).as("%s: %s", scenario.name(), result.firstFailure()).isZero();
    }
  }

  @Test
  void tokens_areFetchedOncePerScope() throws Exception {
    berth = LocalBerth.start(dialect, Optional.of(ADMIN_PASSWORD));
    var credentials = new RegistryAuth.Credentials("admin", ADMIN_PASSWORD);
    RegistryAuth auth = RegistryAuth.discover(http, berth.baseUri(), Optional.of(credentials));
    ScenarioRunner runner =
        new ScenarioRunner(new ImageClient(http, berth.baseUri(), auth, CHUNK_SIZE), "bench", 3);

    ScenarioResult result = runner.run(SUITE.get(7), 2, 6, 0);

    // One token for the setup push and one for the pulls, which both workers then share.
    assertThat(result.failed()).as("%s", result.firstFailure()).isZero();
    assertThat(auth.tokensFetched()).isEqualTo(2);
  }

  @Test
  void missingCredentials_areNamedAtDiscovery() throws Exception {
    berth = LocalBerth.start(dialect, Optional.of(ADMIN_PASSWORD));

    assertThatThrownBy(() -> RegistryAuth.discover(http, berth.baseUri(), Optional.empty()))
        .isInstanceOf(BenchException.class)
        .hasMessageContaining("BENCH_REGISTRY_USERNAME");
  }

  @Test
  void wrongPassword_failsSetupWithTheStatus() throws Exception {
    berth = LocalBerth.start(dialect, Optional.of(ADMIN_PASSWORD));
    ScenarioRunner runner =
        runner(Optional.of(new RegistryAuth.Credentials("admin", "not-the-password")), 1);

    assertThatThrownBy(() -> runner.run(SUITE.get(7), 1, 1, 0))
        .isInstanceOf(BenchException.class)
        .hasMessageContaining("returned 401");
  }

  @Test
  void movedTag_failsPullWithBothDigests() throws Exception {
    berth = LocalBerth.start(dialect, Optional.empty());
    ImageClient client = client(Optional.empty());
    PushedImage first = client.push("bench/moved", "t", GeneratedBlob.create(1, 100), false);
    PushedImage second = client.push("bench/moved", "t", GeneratedBlob.create(2, 100), false);

    assertThat(client.pull(second)).isEqualTo(second.bytes());
    assertThatThrownBy(() -> client.pull(first))
        .isInstanceOf(RequestFailedException.class)
        .hasMessageContaining(second.manifestDigest().toString())
        .hasMessageContaining(first.manifestDigest().toString());
  }

  private ScenarioRunner runner(Optional<RegistryAuth.Credentials> credentials, long seed)
      throws Exception {
    return new ScenarioRunner(client(credentials), "bench", seed);
  }

  private ImageClient client(Optional<RegistryAuth.Credentials> credentials) throws Exception {
    URI base = berth.baseUri();
    return new ImageClient(http, base, RegistryAuth.discover(http, base, credentials), CHUNK_SIZE);
  }

  private int tags(String repository) throws Exception {
    HttpRequest get =
        HttpRequest.newBuilder(berth.baseUri().resolve("/v2/" + repository + "/tags/list")).build();
    var response = http.send(get, BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = new ObjectMapper().readTree(response.body());
    return body.get("tags").size();
  }
}
