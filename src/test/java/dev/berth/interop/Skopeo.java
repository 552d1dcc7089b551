package dev.berth.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.testing.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Runs skopeo with a private, empty auth file, without a signature policy ({@code
 * --insecure-policy}) and over plain HTTP to the registry ({@code --tls-verify=false}).
 */
final class Skopeo {

  static final Duration TIMEOUT = Duration.ofMinutes(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> environment;

  /** Creates the auth file and a directory for skopeo's temporary files under {@code workDir}. */
  Skopeo(Path workDir) {
    try {
      Path authFile =
          Files.writeString(
              Files.createDirectories(workDir).resolve("auth.json"), "{\"auths\":{}}");
      Path tmp = Files.createDirectories(workDir.resolve("tmp"));
      this.environment =
          Map.of("REGISTRY_AUTH_FILE", authFile.toString(), "TMPDIR", tmp.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare skopeo's files under " + workDir, e);
    }
  }

  /** Runs {@code skopeo copy} with TLS verification off on both sides, then {@code args}. */
  Processes.Result copy(String... args) {
    List<String> command =
        new ArrayList<>(List.of("copy", "--src-tls-verify=false", "--dest-tls-verify=false"));
    command.addAll(List.of(args));
    return run(command.toArray(String[]::new));
  }

  /** Returns the manifest bytes that {@code skopeo inspect --raw} prints for {@code reference}. */
  String rawManifest(String reference) {
    return run("inspect", "--tls-verify=false", "--raw", reference).stdout();
  }

  /** Returns the digest of the manifest at {@code reference}, computed from its raw bytes. */
  String manifestDigest(String reference) {
    return sha256(rawManifest(reference));
  }

  /** Runs {@code skopeo inspect} with {@code args} and parses the JSON it prints. */
  JsonNode inspect(String... args) {
    List<String> command = new ArrayList<>(List.of("inspect", "--tls-verify=false"));
    command.addAll(List.of(args));
    return parse(run(command.toArray(String[]::new)));
  }

  /** Runs {@code skopeo ARGS...} and fails the test if it exits non-zero. */
  Processes.Result run(String... args) {
    return Processes.run(TIMEOUT, environment, command(args));
  }

  /** Runs {@code skopeo ARGS...} and returns its result whatever its exit code. */
  Processes.Result runAllowingFailure(String... args) {
    return Processes.runAllowingFailure(TIMEOUT, environment, command(args));
  }

  /** Returns the environment that skopeo runs with, for other containers/image-based tools. */
  Map<String, String> environment() {
    return environment;
  }

  /** Parses the JSON that a command printed, failing the test with its output if it is not JSON. */
  static JsonNode parse(Processes.Result result) {
    try {
      return JSON.readTree(result.stdout());
    } catch (IOException e) {
      throw new AssertionError("output is not JSON\n" + result.describe(), e);
    }
  }

  /** Parses a manifest or config, failing the test if it is not JSON. */
  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  /** Returns {@code sha256:<hex>} of the UTF-8 bytes of {@code text}. */
  static String sha256(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  private static List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
    command.addAll(List.of(args));
    return command;
  }
}
