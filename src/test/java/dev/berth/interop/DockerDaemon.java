package dev.berth.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.testing.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A private Docker engine ({@code dockerd}) for one test class, driven through the docker CLI.
 *
 * <p>The engine uses the vfs storage driver, no iptables rules and no bridge network, so it needs
 * no kernel features beyond what a container sandbox allows and touches no host networking. Its
 * data root, exec root, unix socket, trust key and the CLI's config all live in one temporary
 * directory, and {@link #close()} stops the engine and its containerd, unmounts whatever is left
 * below that directory and deletes it.
 */
final class DockerDaemon implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofMinutes(5);

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  /** The plugin directory that dockerd 20.10 creates whatever its exec root is, and its parent. */
  private static final List<Path> PLUGIN_DIRS =
      List.of(Path.of("/run/docker/plugins"), Path.of("/run/docker"));

  private final Path dir;
  private final Process process;
  private final Map<String, String> cliEnvironment;
  private final List<Path> createdPluginDirs;

  private DockerDaemon(
      Path dir, Process process, Map<String, String> cliEnvironment, List<Path> createdPluginDirs) {
    this.dir = dir;
    this.process = process;
    this.cliEnvironment = cliEnvironment;
    this.createdPluginDirs = createdPluginDirs;
  }

  /**
   * Starts dockerd, trusting {@code insecureRegistry} (HOST:PORT) over plain HTTP, and waits until
   * the CLI can reach it.
   *
   * @throws IOException when dockerd cannot be started or does not respond within {@link
   *     #STARTUP_TIMEOUT}; everything started is stopped and deleted then
   */
  static DockerDaemon start(String insecureRegistry) throws IOException {
    return start(List.of(), Optional.of(insecureRegistry));
  }

  /**
   * Starts dockerd with {@code launcher} (a command prefix that enters a network namespace),
   * trusting registries only through TLS and {@code /etc/docker/certs.d}, and waits until the CLI
   * can reach it.
   *
   * @throws IOException when dockerd cannot be started or does not respond in time
   */
  static DockerDaemon startWith(List<String> launcher) throws IOException {
    return start(launcher, Optional.empty());
  }

  private static DockerDaemon start(List<String> launcher, Optional<String> insecureRegistry)
      throws IOException {
    // A short path under /tmp: unix socket paths are limited to 107 bytes, and containerd puts
    // its sockets a few levels below the exec root.
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "berth-dockerd-");
    Path socket = dir.resolve("docker.sock");
    Path cliConfig = Files.createDirectories(dir.resolve("cli"));
    Files.writeString(cliConfig.resolve("config.json"), "{}");
    // Without a key path in the config, dockerd 20.10 writes its trust key to /etc/docker.
    Path daemonConfig = dir.resolve("daemon.json");
    new ObjectMapper()
        .writeValue(
            daemonConfig.toFile(),
            Map.of("deprecated-key-path", dir.resolve("key.json").toString()));
    List<Path> missingPluginDirs = PLUGIN_DIRS.stream().filter(Files::notExists).toList();

    List<String> command = new ArrayList<>(launcher);
    command.addAll(
        List.of(
            "dockerd",
            "--config-file=" + daemonConfig,
            "--iptables=false",
            "--ip-masq=false",
            "--bridge=none",
            "--storage-driver=vfs",
            "--data-root=" + dir.resolve("root"),
            "--exec-root=" + dir.resolve("exec"),
            "--pidfile=" + dir.resolve("dockerd.pid"),
            "--host=unix://" + socket));
    insecureRegistry.ifPresent(registry -> command.add("--insecure-registry=" + registry));
    Process process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("dockerd.log").toFile())
            .start();
    Map<String, String> cliEnvironment =
        Map.of("DOCKER_HOST", "unix://" + socket, "DOCKER_CONFIG", cliConfig.toString());
    DockerDaemon daemon = new DockerDaemon(dir, process, cliEnvironment, missingPluginDirs);

    try {
      daemon.awaitReady();
    } catch (IOException | RuntimeException e) {
      daemon.close();
      throw e;
    }
    return daemon;
  }

  /** Runs {@code docker ARGS...} against this engine and fails the test if it exits non-zero. */
  Processes.Result docker(String... args) {
    return Processes.run(TIMEOUT, cliEnvironment, command(args));
  }

  /**
   * Runs {@code docker ARGS...} against this engine and returns the result whatever its exit code.
   */
  Processes.Result dockerAllowingFailure(String... args) {
    return Processes.runAllowingFailure(TIMEOUT, cliEnvironment, command(args));
  }

  /**
   * Runs {@code docker ARGS...} against this engine with {@code input} on standard input, as for
   * {@code docker login --password-stdin}, and returns the result whatever its exit code.
   */
  Processes.Result dockerWithInput(String input, String... args) {
    return Processes.runWithInput(TIMEOUT, cliEnvironment, command(args), input);
  }

  /** Removes every image from the engine, so a following pull has to fetch everything. */
  void removeAllImages() {
    List<String> ids =
        docker("image", "ls", "--all", "--quiet", "--no-trunc")
            .stdout()
            .lines()
            .distinct()
            .toList();
    if (!ids.isEmpty()) {
      List<String> args = new ArrayList<>(List.of("image", "rm", "--force"));
      args.addAll(ids);
      docker(args.toArray(String[]::new));
    }
  }

  /**
   * Stops dockerd and its containerd, unmounts what they left below the temporary directory and
   * deletes it.
   *
   * @throws UncheckedIOException when the directory cannot be deleted
   */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      for (ProcessHandle child : children) {
        child.destroyForcibly();
        child.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("a child process of dockerd did not exit", e);
    }

    try {
      unmountBelow(dir);
      deleteTree(dir);
      for (Path created : createdPluginDirs) {
        deleteEmptyDirectory(created);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not clean up dockerd's directory " + dir, e);
    }
  }

  private void awaitReady() throws IOException {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    String lastFailure = "";
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException(
            "dockerd exited with code " + process.exitValue() + "; log:\n" + logTail());
      }
      Processes.Result version =
          dockerAllowingFailure("version", "--format", "{{.Server.Version}}");
      if (version.exitCode() == 0) {
        return;
      }
      lastFailure = version.describe();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for dockerd", e);
      }
    }
    throw new IOException(
        "dockerd did not respond within "
            + STARTUP_TIMEOUT
            + "\n"
            + lastFailure
            + "\ndockerd log:\n"
            + logTail());
  }

  private String logTail() throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve("dockerd.log"), StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  private List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    return command;
  }

  /** Unmounts, deepest first, every mount point below {@code root}. */
  private static void unmountBelow(Path root) throws IOException {
    String prefix = root.toAbsolutePath() + "/";
    List<String> mountPoints = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      // Field 5 is the mount point, with spaces and similar characters escaped as octal.
      String mountPoint = line.split(" ")[4].replace("\\040", " ");
      if (mountPoint.startsWith(prefix)) {
        mountPoints.add(mountPoint);
      }
    }
    mountPoints.sort(Comparator.reverseOrder());
    for (String mountPoint : mountPoints) {
      Processes.run(Duration.ofSeconds(30), "umount", "--lazy", mountPoint);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** Deletes {@code path} if it is an empty directory; another engine may still be using it. */
  private static void deleteEmptyDirectory(Path path) throws IOException {
    try {
      Files.deleteIfExists(path);
    } catch (DirectoryNotEmptyException e) {
      // Another dockerd on this machine put something there, so it stays.
    }
  }
}
