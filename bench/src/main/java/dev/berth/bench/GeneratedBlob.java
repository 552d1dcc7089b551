package dev.berth.bench;

import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * Pseudo-random blob content that is generated while it is read, so a 1 GiB push needs no 1 GiB
 * buffer. The same seed and size always give the same bytes.
 *
 * @param seed the seed of the byte stream; different seeds give different content
 * @param size the length in bytes
 */
record GeneratedBlob(long seed, long size) {

  GeneratedBlob {
    if (size < 0) {
      throw new IllegalArgumentException("blob size must be >= 0, got " + size);
    }
  }

  /** Opens a new stream of the content; the caller closes it. */
  InputStream open() {
    return new Content(seed, size);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(bytes);
  }

  /** The byte stream: little-endian longs from a {@link SplittableRandom}, cut at the size. */
  private static final class Content extends InputStream {
    private static final VarHandle LONG_LITTLE_ENDIAN =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final SplittableRandom random;
    private long remaining;
    private long word;
    private int wordBytesLeft;

    Content(long seed, long size) {
      this.random = new SplittableRandom(seed);
      this.remaining = size;
    }

    @Override
    public int read() {
      if (remaining == 0) {
        return -1;
      }
      return nextByte() & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (length == 0) {
        return 0;
      }
      if (remaining == 0) {
        return -1;
      }
      int count = (int) Math.min(length, remaining);
      int i = 0;
      while (i < count) {
        if (wordBytesLeft == 0 && count - i >= Long.BYTES) {
          // A whole word at once, in the byte order nextByte() uses, so the load generator spends
          // less of the shared CPU on content.
          LONG_LITTLE_ENDIAN.set(buffer, offset + i, random.nextLong());
          i += Long.BYTES;
          remaining -= Long.BYTES;
        } else {
          buffer[offset + i] = nextByte();
          i++;
        }
      }
      return count;
    }

    private byte nextByte() {
      if (wordBytesLeft == 0) {
        word = random.nextLong();
        wordBytesLeft = Long.BYTES;
      }
      byte b = (byte) word;
      word >>>= 8;
      wordBytesLeft--;
      remaining--;
      return b;
    }
  }
}
