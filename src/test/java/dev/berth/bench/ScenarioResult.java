package dev.berth.bench;

import java.util.List;
import java.util.Optional;

/**
 * The summary of one scenario run: counts, throughput and latency percentiles.
 *
 * <p>Percentiles use the nearest-rank method over the successful requests: p90 is the smallest
 * latency that at least 90% of them did not exceed. Throughput counts all requests over the wall
 * time of the timed phase, so setup (such as pushing the images a pull scenario reads) is left out.
 *
 * @param scenario the scenario that ran
 * @param concurrency the number of workers that sent requests at once
 * @param requests the number of requests sent
 * @param failed how many of them failed
 * @param pulls how many of them were pulls
 * @param wallNanos the wall time of the timed phase, in nanoseconds
 * @param bytes the blob and manifest bytes moved by successful requests
 * @param latencies the latency percentiles of successful requests, in nanoseconds; empty when none
 *     succeeded
 * @param firstFailure the failure message of one failed request, to explain a non-zero count
 */
record ScenarioResult(
    Scenario scenario,
    int concurrency,
    int requests,
    int failed,
    int pulls,
    long wallNanos,
    long bytes,
    Optional<Latencies> latencies,
    Optional<String> firstFailure) {

  /** Latency percentiles in nanoseconds. */
  record Latencies(long min, long p50, long p75, long p90, long p99, long max) {}

  /** Summarises {@code samples}, taken by {@code concurrency} workers in {@code wallNanos}. */
  static ScenarioResult of(
      Scenario scenario, int concurrency, long wallNanos, List<Sample> samples) {
    long[] sorted =
        samples.stream()
            .filter(Sample::succeeded)
            .mapToLong(Sample::latencyNanos)
            .sorted()
            .toArray();
    Optional<Latencies> latencies =
        sorted.length == 0
            ? Optional.empty()
            : Optional.of(
                new Latencies(
                    sorted[0],
                    percentile(sorted, 50),
                    percentile(sorted, 75),
                    percentile(sorted, 90),
                    percentile(sorted, 99),
                    sorted[sorted.length - 1]));
    int failed = (int) samples.stream().filter(sample -> !sample.succeeded()).count();
    int pulls = (int) samples.stream().filter(Sample::pull).count();
    long bytes = samples.stream().filter(Sample::succeeded).mapToLong(Sample::bytes).sum();
    Optional<String> firstFailure =
        samples.stream().flatMap(sample -> sample.failure().stream()).findFirst();
    return new ScenarioResult(
        scenario,
        concurrency,
        samples.size(),
        failed,
        pulls,
        wallNanos,
        bytes,
        latencies,
        firstFailure);
  }

  /** Returns requests per second over the wall time. */
  double requestsPerSecond() {
    return wallNanos == 0 ? 0 : requests * 1e9 / wallNanos;
  }

  /** Returns the successful bytes per second over the wall time, in MiB/s. */
  double mebibytesPerSecond() {
    return wallNanos == 0 ? 0 : bytes * 1e9 / wallNanos / (1024 * 1024);
  }

  /** Returns the nearest-rank {@code percent} percentile of {@code sorted}, which is not empty. */
  static long percentile(long[] sorted, int percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }
}
