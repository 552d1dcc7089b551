package dev.berth.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/** The physical references measured on the blob file: SHA-256 on one core and fdatasync writes. */
final class References {

  private static final int BUFFER_BYTES = 1 << 20;

  private References() {}

  /** Hashes the whole file on the calling thread; returns MB/s (10^6 bytes per second). */
  static double sha256MegabytesPerSecond(Path file) throws IOException {
    MessageDigest sha256 = GeneratedBlob.sha256();
    ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    long bytes = 0;
    long start = System.nanoTime();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      while (channel.read(buffer) > 0) {
        buffer.flip();
        bytes += buffer.remaining();
        sha256.update(buffer);
        buffer.clear();
      }
    }
    sha256.digest();
    return megabytesPerSecond(bytes, System.nanoTime() - start);
  }

  /**
   * Copies the first {@code bytes} of {@code source} to a new file in {@code directory}, ends with
   * fdatasync, deletes the copy and returns MB/s.
   */
  static double syncedWriteMegabytesPerSecond(Path source, Path directory, long bytes)
      throws IOException {
    Path copy = directory.resolve("fdatasync-test");
    ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    long written = 0;
    long start = System.nanoTime();
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
        FileChannel out =
            FileChannel.open(
                copy,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
      while (written < bytes && in.read(buffer) > 0) {
        buffer.flip();
        written += buffer.remaining();
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        buffer.clear();
      }
      out.force(false);
    }
    long elapsed = System.nanoTime() - start;
    Files.delete(copy);
    return megabytesPerSecond(written, elapsed);
  }

  static double megabytesPerSecond(long bytes, long nanos) {
    return bytes / 1e6 / (nanos / 1e9);
  }
}
