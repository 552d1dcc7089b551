package dev.berth.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CNCF Distribution registry (Debian package {@code docker-registry}, version 2.8.2 here) run
 * as a child process on a free port of 127.0.0.1, with its own config, filesystem storage and
 * deletes enabled. It is the reference that the interop tests are checked against.
 */
final class DistributionRegistry implements Registry {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Process process;
  private final int port;

  private DistributionRegistry(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts {@code docker-registry serve} with its config, storage and log under {@code workDir}.
   *
   * @throws IOException when the process cannot be started or does not respond to {@code GET /v2/}
   *     with 200 within {@link #STARTUP_TIMEOUT}; the process is stopped then
   */
  static DistributionRegistry start(Path workDir) throws IOException, InterruptedException {
    ClientTools.require("docker-registry");
    int port = freeLoopbackPort();
    Path storage = Files.createDirectories(workDir.resolve("storage"));
    Path config = workDir.resolve("config.yml");
    Path log = workDir.resolve("registry.log");
    // The package's own /etc/docker/registry/config.yml listens on all interfaces, so the test
    // writes a config that binds loopback only.
    Files.writeString(
        config,
        String.join(
            "\n",
            "version: 0.1",
            "log:",
            "  level: info",
            "storage:",
            "  filesystem:",
            "    rootdirectory: " + storage,
            "  delete:",
            "    enabled: true",
            "  maintenance:",
            "    uploadpurging:",
            "      enabled: false",
            "http:",
            "  addr: 127.0.0.1:" + port,
            ""));

    Process process =
        new ProcessBuilder(List.of("docker-registry", "serve", config.toString()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    DistributionRegistry registry = new DistributionRegistry(process, port);
    try {
      registry.awaitReady(log);
    } catch (IOException | InterruptedException | RuntimeException e) {
      registry.close();
      throw e;
    }
    return registry;
  }

  @Override
  public String hostPort() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "CNCF Distribution at " + hostPort();
  }

  private void awaitReady(Path log) throws IOException, InterruptedException {
    URI base = URI.create("http://" + hostPort() + "/v2/");
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      while (Instant.now().isBefore(deadline)) {
        if (!process.isAlive()) {
          throw new IOException(
              "docker-registry exited with code " + process.exitValue() + "; log:\n" + tail(log));
        }
        try {
          HttpResponse<Void> response =
              http.send(
                  HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() == 200) {
            return;
          }
        } catch (ConnectException e) {
          // Not listening yet.
        }
        Thread.sleep(100);
      }
    }
    throw new IOException(
        "docker-registry did not respond to GET "
            + base
            + " within "
            + STARTUP_TIMEOUT
            + "; log:\n"
            + tail(log));
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read registry log " + log, e);
    }
  }

  /**
   * Returns a port that was free on 127.0.0.1 a moment ago. Another process may take it before the
   * registry binds it, and the registry then fails to start with "address already in use".
   */
  static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
