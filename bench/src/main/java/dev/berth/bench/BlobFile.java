package dev.berth.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The big blob of the push and pull workloads: pseudo-random bytes written to a file once, so
 * every registry, nginx and the SHA-256 reference see the same bytes. Each timed push appends a
 * distinct 8-byte tail, so no push finds its blob already stored. The digest of the file plus a
 * tail comes from a copy of the hash state after the file, so no push rehashes the gigabyte.
 *
 * @param path the file
 * @param size its length in bytes
 * @param prefixState SHA-256 state after the whole file; clone it before use
 */
record BlobFile(Path path, long size, MessageDigest prefixState) {

  private static final int BUFFER_BYTES = 1 << 20;

  /** Writes {@code size} bytes of seeded content to {@code path}, hashing while it streams. */
  static BlobFile generate(Path path, long size, long seed) throws IOException {
    MessageDigest sha256 = GeneratedBlob.sha256();
    byte[] buffer = new byte[BUFFER_BYTES];
    try (InputStream in = new GeneratedBlob(seed, size).open();
        OutputStream out = Files.newOutputStream(path)) {
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        sha256.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    }
    return new BlobFile(path, size, sha256);
  }

  /** Returns {@code sha256:HEX} of the file followed by {@code tail}. */
  String digest(byte[] tail) {
    try {
      MessageDigest copy = (MessageDigest) prefixState.clone();
      copy.update(tail);
      return "sha256:" + GeneratedBlob.hex(copy.digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's SHA-256 supports clone()", e);
    }
  }

  /** Returns an 8-byte tail that makes the blob unique for {@code number}. */
  static byte[] tail(long number) {
    return ByteBuffer.allocate(Long.BYTES).putLong(number).array();
  }
}
