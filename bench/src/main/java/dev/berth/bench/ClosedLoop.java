package dev.berth.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A closed-loop request-rate load in Java: {@code connections} virtual threads each send one
 * request after the other for a fixed time. Used for {@code HEAD}, because wrk 4.1 waits for a
 * body after a {@code HEAD} response that has a {@code Content-Length} and completes no request.
 * It spends more CPU per request than wrk, so its rates are lower than wrk's on the same server.
 */
final class ClosedLoop {

  private ClosedLoop() {}

  static Wrk.Result run(
      HttpClient http,
      String method,
      URI uri,
      Optional<String> authorization,
      String accept,
      int connections,
      int seconds)
      throws Exception {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Accept", accept)
            .method(method, HttpRequest.BodyPublishers.noBody());
    authorization.ifPresent(value -> builder.header("Authorization", value));
    HttpRequest request = builder.build();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    long start = System.nanoTime();
    List<Long> latencies = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<List<Long>>> loops = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        loops.add(
            executor.submit(
                () -> {
                  List<Long> own = new ArrayList<>();
                  while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    int status = http.send(request, BodyHandlers.discarding()).statusCode();
                    if (status != 200) {
                      throw new BenchException(method + " " + uri + " returned " + status);
                    }
                    own.add(System.nanoTime() - sent);
                  }
                  return own;
                }));
      }
      for (Future<List<Long>> loop : loops) {
        latencies.addAll(loop.get());
      }
    }
    double elapsedSeconds = (System.nanoTime() - start) / 1e9;
    Collections.sort(latencies);
    return new Wrk.Result(
        latencies.size() / elapsedSeconds, percentile(latencies, 50), percentile(latencies, 99));
  }

  /** Nearest-rank percentile in milliseconds. */
  private static double percentile(List<Long> sortedNanos, int percent) {
    if (sortedNanos.isEmpty()) {
      throw new BenchException("no request completed");
    }
    int rank = (int) Math.ceil(percent / 100.0 * sortedNanos.size());
    return sortedNanos.get(Math.max(0, rank - 1)) / 1e6;
  }
}
