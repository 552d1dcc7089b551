package dev.berth.bench;

import java.io.IOException;
import java.io.InputStream;

/** The next {@code limit} bytes of a stream, for sending one chunk of a file. */
final class BoundedInputStream extends InputStream {

  private final InputStream in;
  private long remaining;

  BoundedInputStream(InputStream in, long limit) {
    this.in = in;
    this.remaining = limit;
  }

  @Override
  public int read() throws IOException {
    if (remaining == 0) {
      return -1;
    }
    int b = in.read();
    if (b >= 0) {
      remaining--;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (remaining == 0) {
      return -1;
    }
    int n = in.read(buffer, offset, (int) Math.min(length, remaining));
    if (n > 0) {
      remaining -= n;
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
