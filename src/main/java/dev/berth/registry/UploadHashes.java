package dev.berth.registry;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.storage.BlobWriter;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The running sha256 state of upload sessions on this node, so each PATCH hashes only its own
 * bytes. A session resumed after a restart, or on another node, is re-hashed once from its staged
 * bytes. Thread-safe; callers hold the session's lock.
 */
final class UploadHashes {

  /** Bounds memory: beyond this many open sessions, states are dropped and rebuilt on demand. */
  private static final int MAX_STATES = 10_000;

  private static final int BUFFER_SIZE = 64 * 1024;

  private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

  /** A hasher that has consumed exactly {@code offset} bytes of an upload. */
  static final class State {
    final MessageDigest hasher;
    long offset;

    State(MessageDigest hasher, long offset) {
      this.hasher = hasher;
      this.offset = offset;
    }
  }

  /**
   * Returns the sha256 state of the session staged by {@code writer}, at its current size;
   * re-hashes the staged bytes when this node has no matching state.
   */
  State stateFor(BlobWriter writer) throws IOException {
    long size = writer.size();
    State state = states.get(writer.uploadId());
    if (state != null && state.offset == size) {
      return state;
    }
    State rebuilt = new State(DigestAlgorithm.SHA256.newHasher(), 0);
    try (InputStream staged = writer.readStaged()) {
      rebuilt.offset = feed(rebuilt.hasher, staged, size);
    }
    remember(writer.uploadId(), rebuilt);
    return rebuilt;
  }

  /** Stores {@code state} after a successful append. */
  void remember(String uploadId, State state) {
    if (states.size() >= MAX_STATES) {
      states.clear();
    }
    states.put(uploadId, state);
  }

  void forget(String uploadId) {
    states.remove(uploadId);
  }

  /**
   * Computes the digest of the staged bytes with {@code algorithm}, for digests other than the
   * sha256 that is kept running.
   */
  static Digest hashStaged(BlobWriter writer, DigestAlgorithm algorithm) throws IOException {
    MessageDigest hasher = algorithm.newHasher();
    try (InputStream staged = writer.readStaged()) {
      feed(hasher, staged, Long.MAX_VALUE);
    }
    return Digest.fromHasher(algorithm, hasher);
  }

  private static long feed(MessageDigest hasher, InputStream in, long limit) throws IOException {
    byte[] buffer = new byte[BUFFER_SIZE];
    long total = 0;
    while (total < limit) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
      if (read < 0) {
        break;
      }
      hasher.update(buffer, 0, read);
      total += read;
    }
    return total;
  }
}
