package dev.berth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ScenarioResultTest {

  private static final Scenario PULL =
      new Scenario("Pull 1MB", Scenario.Kind.PULL, SizeMix.of(1), 0);

  @Test
  void percentiles_useNearestRank() {
    long[] sorted = LongStream.rangeClosed(1, 100).toArray();

    assertThat(ScenarioResult.percentile(sorted, 50)).isEqualTo(50);
    assertThat(ScenarioResult.percentile(sorted, 75)).isEqualTo(75);
    assertThat(ScenarioResult.percentile(sorted, 90)).isEqualTo(90);
    assertThat(ScenarioResult.percentile(sorted, 99)).isEqualTo(99);
  }

  @Test
  void percentiles_ofFewSamples_roundUp() {
    long[] sorted = {10, 20, 30};

    assertThat(ScenarioResult.percentile(sorted, 50)).isEqualTo(20);
    assertThat(ScenarioResult.percentile(sorted, 99)).isEqualTo(30);
    assertThat(ScenarioResult.percentile(new long[] {7}, 50)).isEqualTo(7);
  }

  @Test
  void summary_sortsLatenciesAndSumsBytes() {
    List<Sample> samples = new ArrayList<>();
    for (long latency : new long[] {40, 10, 30, 20}) {
      samples.add(Sample.success(latency, 100, true));
    }

    ScenarioResult result = ScenarioResult.of(PULL, 2, 2_000_000_000L, samples);

    assertThat(result.requests()).isEqualTo(4);
    assertThat(result.failed()).isZero();
    assertThat(result.pulls()).isEqualTo(4);
    assertThat(result.bytes()).isEqualTo(400);
    assertThat(result.requestsPerSecond()).isEqualTo(2.0);
    assertThat(result.latencies()).hasValue(new ScenarioResult.Latencies(10, 20, 30, 40, 40, 40));
  }

  @Test
  void failures_areCountedNotTimed() {
    List<Sample> samples =
        List.of(
            Sample.success(10, 100, false),
            Sample.failed(1_000_000, false, "PUT /v2/x/manifests/t returned 500"),
            Sample.success(20, 100, false));

    ScenarioResult result = ScenarioResult.of(PULL, 1, 1_000_000_000L, samples);

    assertThat(result.requests()).isEqualTo(3);
    assertThat(result.failed()).isEqualTo(1);
    assertThat(result.bytes()).isEqualTo(200);
    assertThat(result.latencies().orElseThrow().max()).isEqualTo(20);
    assertThat(result.firstFailure()).hasValue("PUT /v2/x/manifests/t returned 500");
  }

  @Test
  void allFailed_hasNoLatencies() {
    ScenarioResult result = ScenarioResult.of(PULL, 1, 5, List.of(Sample.failed(3, true, "x")));

    assertThat(result.latencies()).isEmpty();
    assertThat(ResultTable.markdown(List.of(result))).contains("| – | – |");
  }
}
