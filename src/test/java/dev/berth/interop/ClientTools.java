package dev.berth.interop;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Decides whether an interop test class runs, from the client tools on {@code PATH} and the system
 * property {@code berth.interop}: {@code auto} (the default) skips a class whose tools are missing,
 * {@code required} fails it instead, and {@code off} skips every interop test.
 */
final class ClientTools {

  static final String MODE_PROPERTY = "berth.interop";

  /**
   * Skips or fails the calling test when one of {@code tools} is not on {@code PATH}, as selected
   * by {@value #MODE_PROPERTY}.
   */
  static void require(String... tools) {
    String mode = System.getProperty(MODE_PROPERTY, "").strip();
    if (mode.isEmpty()) {
      mode = "auto";
    }
    switch (mode) {
      case "off" -> abort(MODE_PROPERTY + "=off skips interop tests");
      case "auto", "required" -> {}
      default ->
          throw new IllegalArgumentException(
              MODE_PROPERTY + "='" + mode + "' is invalid; use auto, required or off");
    }

    List<String> missing = Arrays.stream(tools).filter(tool -> !onPath(tool)).toList();
    if (missing.isEmpty()) {
      return;
    }
    String message =
        "client tools not found on PATH: "
            + missing
            + "; install skopeo, podman, docker.io, docker-registry and busybox-static";
    if (mode.equals("required")) {
      fail(message + " (" + MODE_PROPERTY + "=required)");
    }
    abort(message);
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }

  private ClientTools() {}
}
