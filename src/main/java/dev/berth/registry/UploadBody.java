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

  /** One received buffer. It is valid during {@link Sink#accept} unless retained. */
  interface Chunk {
    ByteBuffer bytes();

    /** Keeps the buffer valid after {@link Sink#accept} returns, until {@link #release()}. */
    void retain();

    void release();
  }

  /** Takes the body's chunks in order. */
  @FunctionalInterface
  interface Sink {
    void accept(Chunk chunk) throws IOException;
  }

  /**
   * Passes every byte of the body to {@code sink} and returns how many there were.
   *
   * @throws IOException when the body cannot be read or {@code sink} fails
   */
  long transferTo(Sink sink) throws IOException;

  /** Returns a body with no bytes. */
  static UploadBody empty() {
    return sink -> 0;
  }

  /**
   * Returns a body read from {@code in} into a new heap buffer per chunk, so chunks stay valid
   * without retaining them. For callers that have a stream.
   */
  static UploadBody of(InputStream in) {
    return sink -> {
      long total = 0;
      while (true) {
        byte[] bytes = in.readNBytes(64 * 1024);
        if (bytes.length == 0) {
          return total;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        sink.accept(
            new Chunk() {
              @Override
              public ByteBuffer bytes() {
                return buffer;
              }

              @Override
              public void retain() {}

              @Override
              public void release() {}
            });
        total += bytes.length;
      }
    };
  }
}
