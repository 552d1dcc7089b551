package dev.berth.storage;

import dev.berth.oci.Digest;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Appends bytes to one staged upload and commits them under a new key.
 *
 * <p>Not thread-safe: one request uses a writer at a time. {@link #close()} releases open files
 * but keeps the staged bytes, so a later {@link BlobStore#resume} continues where this writer
 * stopped.
 */
public interface BlobWriter extends Closeable {

  /** Returns the id of the upload session this writer stages. */
  String uploadId();

  /** Returns the number of bytes staged so far. */
  long size() throws IOException;

  /**
   * Appends every byte of {@code content} at the end of the staged bytes, streaming without
   * buffering the whole input.
   *
   * @return the number of bytes appended
   * @throws IOException when reading {@code content} or writing the staged bytes fails; the bytes
   *     appended before the failure stay staged
   */
  long append(InputStream content) throws IOException;

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
