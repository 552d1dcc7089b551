package dev.berth.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The bytes of one upload request, handed on in the buffers the server received them in, so a
 * chunk goes from the socket to the hash and the file without a copy on the heap.
 */
@FunctionalInterface
interface UploadBody {

  /** Takes the body's buffers in order. A buffer is valid only during the call. */
  @FunctionalInterface
  interface Sink {
    void accept(ByteBuffer bytes) throws IOException;
  }

  /**
   * Passes every byte of the body to {@code sink} and returns how many there were.
   *
   * @throws IOException when the body cannot be read or {@code sink} fails
   */
  long transferTo(Sink sink) throws IOException;

  /** A body with no bytes. */
  static UploadBody empty() {
    return sink -> 0;
  }

  /** A body read from {@code in} through a heap buffer; for callers that hold a stream. */
  static UploadBody of(InputStream in) {
    return sink -> {
      byte[] chunk = new byte[64 * 1024];
      long total = 0;
      int read;
      while ((read = in.read(chunk)) != -1) {
        sink.accept(ByteBuffer.wrap(chunk, 0, read));
        total += read;
      }
      return total;
    };
  }
}
