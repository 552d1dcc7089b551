package dev.berth.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs external commands to completion with a timeout, capturing stdout and stderr.
 *
 * <p>Output goes to temporary files, not pipes, so a command that leaves a child process behind
 * holding its output open cannot hang the caller. Standard input is {@code /dev/null}, or a file
 * with the given input. A command that fails or times out raises an {@link AssertionError} whose
 * message contains the command, the exit code and the output, so a failing test shows what the
 * client printed.
 */
public final class Processes {

  private static final File DEV_NULL = new File("/dev/null");

  /**
   * The outcome of one command.
   *
   * @param command the command and its arguments
   * @param exitCode the exit code
   * @param stdout what the command wrote to standard output, decoded as UTF-8
   * @param stderr what the command wrote to standard error, decoded as UTF-8
   */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {

    public Result {
      command = List.copyOf(command);
    }

    /** Returns stdout followed by stderr, for checks that do not care which stream a line used. */
    public String output() {
      return stdout + stderr;
    }

    /** Returns a multi-line description with the command, the exit code and both streams. */
    public String describe() {
      return "command: "
          + String.join(" ", command)
          + "\nexit code: "
          + exitCode
          + "\n--- stdout ---\n"
          + stdout
          + "\n--- stderr ---\n"
          + stderr;
    }
  }

  /**
   * Runs {@code command} with the inherited environment and returns its result.
   *
   * @throws AssertionError if the command exits non-zero, times out or cannot be started
   */
  public static Result run(Duration timeout, String... command) {
    return run(timeout, Map.of(), List.of(command));
  }

  /**
   * Runs {@code command} with {@code environment} added to the inherited environment.
   *
   * @throws AssertionError if the command exits non-zero, times out or cannot be started
   */
  public static Result run(
      Duration timeout, Map<String, String> environment, List<String> command) {
    Result result = runAllowingFailure(timeout, environment, command);
    if (result.exitCode() != 0) {
      throw new AssertionError(
          "command failed with exit code "
              + result.exitCode()
              + ": "
              + String.join(" ", command)
              + "\n"
              + result.describe());
    }
    return result;
  }

  /**
   * Runs {@code command} and returns its result whatever its exit code, for checks that expect a
   * command to fail.
   *
   * @throws AssertionError if the command times out or cannot be started
   */
  public static Result runAllowingFailure(
      Duration timeout, Map<String, String> environment, List<String> command) {
    return runAllowingFailure(timeout, environment, command, Optional.empty());
  }

  /**
   * Runs {@code command} with {@code input} as its standard input, such as a password for {@code
   * --password-stdin}, and returns its result whatever its exit code.
   *
   * @throws AssertionError if the command times out or cannot be started
   */
  public static Result runWithInput(
      Duration timeout, Map<String, String> environment, List<String> command, String input) {
    return runAllowingFailure(timeout, environment, command, Optional.of(input));
  }

  private static Result runAllowingFailure(
      Duration timeout,
      Map<String, String> environment,
      List<String> command,
      Optional<String> input) {
    Path stdoutFile;
    Path stderrFile;
    Optional<Path> stdinFile = Optional.empty();
    try {
      stdoutFile = Files.createTempFile("berth-process-", ".out");
      stderrFile = Files.createTempFile("berth-process-", ".err");
      if (input.isPresent()) {
        stdinFile =
            Optional.of(
                Files.writeString(
                    Files.createTempFile("berth-process-", ".in"),
                    input.get(),
                    StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not create temporary files for command output", e);
    }
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectInput(stdinFile.map(Path::toFile).orElse(DEV_NULL))
              .redirectOutput(stdoutFile.toFile())
              .redirectError(stderrFile.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();

      boolean exited;
      try {
        exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        killTree(process);
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + String.join(" ", command), e);
      }
      if (!exited) {
        killTree(process);
      }

      String stdout = Files.readString(stdoutFile, StandardCharsets.UTF_8);
      String stderr = Files.readString(stderrFile, StandardCharsets.UTF_8);
      if (!exited) {
        throw new AssertionError(
            "command timed out after "
                + timeout.toSeconds()
                + " s and was killed\n"
                + new Result(command, -1, stdout, stderr).describe());
      }
      return new Result(command, process.exitValue(), stdout, stderr);
    } catch (IOException e) {
      throw new AssertionError("command could not be run: " + String.join(" ", command), e);
    } finally {
      deleteTemporaryFile(stdoutFile);
      deleteTemporaryFile(stderrFile);
      stdinFile.ifPresent(Processes::deleteTemporaryFile);
    }
  }

  /** Kills {@code process} and every process it started, and waits briefly for it to exit. */
  private static void killTree(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTemporaryFile(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete temporary output file " + file, e);
    }
  }

  private Processes() {}
}
