package dev.berth.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Debian's {@code wrk} with {@code bench/wrk/headers.lua}, which sets the method, the
 * {@code Accept} header and the optional {@code Authorization} header from the environment.
 */
final class Wrk {

  /** Requests per second and latency percentiles in milliseconds of one wrk run. */
  record Result(double requestsPerSecond, double p50Millis, double p99Millis) {}

  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: .*");

  private final Path script;

  Wrk(Path script) {
    this.script = script;
  }

  /** Sends {@code method} requests to {@code url} on {@code connections} for {@code seconds}. */
  Result run(String method, String url, String authorization, int connections, int seconds)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(
                "wrk",
                "-t2",
                "-c" + connections,
                "-d" + seconds + "s",
                "--latency",
                "--timeout",
                "10s",
                "-s",
                script.toString(),
                url));
    builder.environment().put("BENCH_METHOD", method);
    builder.environment().put("BENCH_AUTHORIZATION", authorization);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int status = process.waitFor();
    if (status != 0) {
      throw new BenchException("wrk exited with " + status + ":\n" + output);
    }
    Matcher errors = ERRORS.matcher(output);
    if (errors.find() || SOCKET_ERRORS.matcher(output).find()) {
      throw new BenchException("wrk saw failed requests on " + method + " " + url + ":\n" + output);
    }
    Matcher rate = RATE.matcher(output);
    if (!rate.find()) {
      throw new BenchException("wrk printed no Requests/sec line:\n" + output);
    }
    return new Result(
        Double.parseDouble(rate.group(1)), percentile(output, "50%"), percentile(output, "99%"));
  }

  private static double percentile(String output, String label) {
    Matcher matcher =
        Pattern.compile("^\\s+" + label + "\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE)
            .matcher(output);
    if (!matcher.find()) {
      throw new BenchException("wrk printed no " + label + " latency:\n" + output);
    }
    double value = Double.parseDouble(matcher.group(1));
    return switch (matcher.group(2)) {
      case "us" -> value / 1000;
      case "ms" -> value;
      default -> value * 1000;
    };
  }
}
