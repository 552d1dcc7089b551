package dev.berth.storage;

import dev.berth.oci.Digest;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Appends bytes to one staged upload and commits them under a new key.
 *
 * <p>Not thread-safe: one request uses a writer at a time. {@link #close()} releases open files
 * but keeps the staged bytes, so a later {@link BlobStore#resume} continues where this writer
 * stopped.
 */
public interface BlobWriter extends Closeable {

  /** The buffer {@link #append} reads its stream through. */
  int APPEND_BUFFER_BYTES = 64 * 1024;

  /** Returns the id of the upload session this writer stages. */
  String uploadId();

  /** Returns the number of bytes staged so far. */
  long size() throws IOException;

  /**
   * Appends the remaining bytes of {@code bytes} at the end of the staged bytes and advances its
   * position to its limit. A direct buffer goes to the file without a copy on the heap.
   *
   * @throws IOException when writing the staged bytes fails; a prefix of {@code bytes} may then be
   *     staged
   */
  void write(ByteBuffer bytes) throws IOException;

  /**
   * Appends every byte of {@code content} at the end of the staged bytes, streaming without
   * buffering the whole input.
   *
   * @return the number of bytes appended
   * @throws IOException when reading {@code content} or writing the staged bytes fails; the bytes
   *     appended before the failure stay staged
   */
  default long append(InputStream content) throws IOException {
    byte[] chunk = new byte[APPEND_BUFFER_BYTES];
    long total = 0;
    int read;
    while ((read = content.read(chunk)) != -1) {
      write(ByteBuffer.wrap(chunk, 0, read));
      total += read;
    }
    return total;
  }

  /**
   * Opens the staged bytes from the start, for re-hashing an upload resumed after a restart. The
   * caller closes the stream.
   */
  InputStream readStaged() throws IOException;

  /**
   * Makes the staged bytes durable and readable under a new key, then removes the staging area.
   * The caller has verified that the bytes have {@code digest}.
   *
   * @return the key and size of the committed bytes
   * @throws IOException when the bytes cannot be made durable; nothing becomes readable then
   */
  StoredBlob commit(Digest digest) throws IOException;

  /** Deletes the staged bytes. */
  void cancel() throws IOException;
}
