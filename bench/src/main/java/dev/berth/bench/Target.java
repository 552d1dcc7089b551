package dev.berth.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.List;
import java.util.Optional;

/**
 * A server under test: its name in the report, its base URL, its process id for memory samples,
 * the tokens it needs (none for Distribution and nginx), and the directory that holds one
 * subdirectory per stored sha256 blob as {@code XX/HEX}, from which the harness removes the bytes
 * of big blobs once they were measured, so a full run fits on the disk.
 */
record Target(
    String name, URI base, long pid, Optional<BearerTokens> tokens, Optional<Path> sha256Blobs) {

  /** Returns the {@code Authorization} header for a request needing {@code scopes}, if any. */
  Optional<String> authorization(List<String> scopes) {
    return tokens.map(t -> t.header(scopes));
  }

  Optional<String> authorization(String scope) {
    return authorization(List.of(scope));
  }

  /**
   * Deletes the stored bytes of blob {@code digest}. Only for blobs that no later request reads,
   * because the registry's metadata still lists them.
   */
  void discardBlobBytes(String digest) {
    if (sha256Blobs.isEmpty()) {
      return;
    }
    String hex = digest.substring("sha256:".length());
    Path directory = sha256Blobs.get().resolve(hex.substring(0, 2)).resolve(hex);
    if (!Files.exists(directory)) {
      throw new BenchException("no stored blob at " + directory + "; check the storage layout");
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String pushScope(String repository) {
    return "repository:" + repository + ":pull,push";
  }

  static String pullScope(String repository) {
    return "repository:" + repository + ":pull";
  }
}
