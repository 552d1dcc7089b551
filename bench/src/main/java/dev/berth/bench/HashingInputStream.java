package dev.berth.bench;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** A stream that updates a SHA-256 digest with every byte read through it. */
final class HashingInputStream extends FilterInputStream {

  private final MessageDigest sha256 = GeneratedBlob.sha256();

  HashingInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      sha256.update((byte) b);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n > 0) {
      sha256.update(buffer, offset, n);
    }
    return n;
  }

  /** Returns {@code sha256:HEX} of the bytes read so far; call it once, after the last read. */
  String digest() {
    return "sha256:" + GeneratedBlob.hex(sha256.digest());
  }
}
