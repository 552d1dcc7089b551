package dev.berth.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Berth server in a child JVM, started as {@code java -cp <test classpath> dev.berth.cli.Main
 * serve}, so that a test can kill it with SIGKILL or SIGTERM and start it again on the same data
 * directory. The child's stdout and stderr are appended to one log file, which tests read to learn
 * that the server is ready and to explain their failures. Not thread-safe.
 */
final class BerthProcess implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);
  private static final String READY_LINE = "ready to serve";
  private static final int PORT_ATTEMPTS = 3;

  private final Process process;
  private final int port;
  private final Path logFile;
  private final long logStart;

  private BerthProcess(Process process, int port, Path logFile, long logStart) {
    this.process = process;
    this.port = port;
    this.logFile = logFile;
    this.logStart = logStart;
  }

  /**
   * Starts Berth on a free loopback port with {@code dataDir}, appending its output to {@code
   * logFile}, and waits until it logs that it is ready to serve. A start that lost its port to
   * another process is retried on a new port.
   *
   * @throws IllegalStateException when the child exits or stays silent past the timeout
   */
  static BerthProcess start(Path dataDir, Path logFile, String... extraArguments)
      throws IOException, InterruptedException {
    IllegalStateException lastFailure = null;
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      BerthProcess berth = launch(dataDir, logFile, extraArguments);
      try {
        berth.awaitReady();
        return berth;
      } catch (IllegalStateException e) {
        berth.close();
        if (!berth.log().contains("Address already in use")) {
          throw e;
        }
        lastFailure = e;
      }
    }
    throw lastFailure;
  }

  /** Starts Berth without waiting for it to be ready, for tests that kill it during startup. */
  static BerthProcess launch(Path dataDir, Path logFile, String... extraArguments)
      throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Small, quick-starting JVMs: two of them may share the machine's cores with the test JVM.
    command.addAll(
        List.of(
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.berth.cli.Main",
            "serve",
            "--listen",
            "127.0.0.1:" + port,
            "--data",
            dataDir.toString()));
    command.addAll(List.of(extraArguments));

    Files.createDirectories(logFile.getParent());
    long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
    ProcessBuilder builder = new ProcessBuilder(command);
    // These tests exercise the registry itself, without accounts.
    builder.environment().put("BERTH_AUTH_ENABLED", "false");
    Process process =
        builder
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    return new BerthProcess(process, port, logFile, logStart);
  }

  /**
   * Waits until the child logs that it is ready to serve.
   *
   * @throws IllegalStateException when the child exits first or the timeout passes
   */
  void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (log().contains(READY_LINE)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "berth exited with status " + process.exitValue() + " before it was ready; log:\n"
                + log());
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException(
        "berth logged no '" + READY_LINE + "' within " + READY_TIMEOUT + "; log:\n" + log());
  }

  /** Returns the base URL of the server, such as {@code http://127.0.0.1:40123}. */
  URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  int port() {
    return port;
  }

  Process process() {
    return process;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Sends SIGKILL and waits until the child is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    awaitExit(EXIT_TIMEOUT);
  }

  /** Sends SIGTERM, which starts a graceful shutdown, and returns at once. */
  void terminate() {
    process.destroy();
  }

  /**
   * Waits for the child to exit and returns its exit status.
   *
   * @throws IllegalStateException when it is still running after {@code timeout}
   */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("berth (pid " + process.pid() + ") still runs after " + timeout);
    }
    return process.exitValue();
  }

  /** Returns what the child has written since this start. */
  String log() throws IOException {
    byte[] all = Files.readAllBytes(logFile);
    int from = (int) Math.min(logStart, all.length);
    return new String(all, from, all.length - from, StandardCharsets.UTF_8);
  }

  /** Returns the last lines of {@link #log()}, short enough for an assertion message. */
  String logTail() {
    try {
      String log = log();
      return log.length() <= 4000 ? log : "…" + log.substring(log.length() - 4000);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** Kills the child when it is still running, so no test leaves a server behind. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
