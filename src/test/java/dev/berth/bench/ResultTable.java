package dev.berth.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/** Renders scenario results as a Markdown table for people and as JSON for scripts. */
final class ResultTable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ResultTable() {}

  /** Returns one Markdown table row per result, latencies in milliseconds. */
  static String markdown(List<ScenarioResult> results) {
    StringBuilder out = new StringBuilder();
    out.append("| scenario | requests | failed | req/s | MiB/s | min ms | p50 ms | p75 ms | p90 ms")
        .append(" | p99 ms | max ms |\n");
    out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (ScenarioResult result : results) {
      out.append("| ").append(result.scenario().name());
      out.append(" | ").append(result.requests());
      out.append(" | ").append(result.failed());
      out.append(" | ").append(format(result.requestsPerSecond()));
      out.append(" | ").append(format(result.mebibytesPerSecond()));
      if (result.latencies().isPresent()) {
        ScenarioResult.Latencies l = result.latencies().get();
        for (long nanos : new long[] {l.min(), l.p50(), l.p75(), l.p90(), l.p99(), l.max()}) {
          out.append(" | ").append(format(nanos / 1e6));
        }
      } else {
        out.append(" | – | – | – | – | – | –");
      }
      out.append(" |\n");
    }
    return out.toString();
  }

  /** Returns the results as a JSON array, latencies in nanoseconds. */
  static String json(List<ScenarioResult> results) {
    ArrayNode array = JSON.createArrayNode();
    for (ScenarioResult result : results) {
      ObjectNode node = array.addObject();
      node.put("name", result.scenario().name());
      node.put("concurrency", result.concurrency());
      node.put("requests", result.requests());
      node.put("failed", result.failed());
      node.put("pulls", result.pulls());
      node.put("wall_ns", result.wallNanos());
      node.put("bytes", result.bytes());
      node.put("requests_per_second", result.requestsPerSecond());
      node.put("mib_per_second", result.mebibytesPerSecond());
      result
          .latencies()
          .ifPresent(
              l -> {
                ObjectNode latency = node.putObject("latency_ns");
                latency.put("min", l.min());
                latency.put("p50", l.p50());
                latency.put("p75", l.p75());
                latency.put("p90", l.p90());
                latency.put("p99", l.p99());
                latency.put("max", l.max());
              });
      result.firstFailure().ifPresent(failure -> node.put("first_failure", failure));
    }
    return array.toPrettyString();
  }

  /** Formats with three significant digits or more, so 0.412 and 2202 both read well. */
  static String format(double value) {
    if (value >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    if (value >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
