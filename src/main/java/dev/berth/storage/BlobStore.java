package dev.berth.storage;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;

/**
 * Stores blob bytes under opaque keys, and stages uploads until they are committed.
 *
 * <p>Implementations are thread-safe. Callers serialise access to one upload id; different upload
 * ids and keys may be used concurrently.
 */
public interface BlobStore extends AutoCloseable {

  /**
   * Creates the staging area of a new upload session.
   *
   * @throws IOException when the staging area cannot be created
   */
  BlobWriter create(String uploadId) throws IOException;

  /**
   * Reopens the staging area of an upload session created earlier, by this process or another.
   *
   * @throws UploadNotFoundException when no staging area exists for {@code uploadId}
   * @throws IOException when the staging area cannot be opened
   */
  BlobWriter resume(String uploadId) throws IOException;

  /**
   * Opens committed bytes for reading from {@code offset}; the caller closes the channel.
   *
   * @throws BlobNotFoundException when nothing is stored under {@code key}
   * @throws IOException when the bytes cannot be opened
   */
  ReadableByteChannel open(String key, long offset) throws IOException;

  /**
   * Returns the size in bytes of what is stored under {@code key}.
   *
   * @throws BlobNotFoundException when nothing is stored under {@code key}
   */
  long size(String key) throws IOException;

  /**
   * Deletes what is stored under {@code key}; deleting a missing key does nothing.
   *
   * @throws IOException when the bytes exist but cannot be deleted
   */
  void delete(String key) throws IOException;

  /**
   * Deletes the staging area of an upload session; deleting a missing one does nothing.
   *
   * @throws IOException when the staging area exists but cannot be deleted
   */
  void deleteUpload(String uploadId) throws IOException;

  /** Releases resources such as connection pools; the default does nothing. */
  @Override
  default void close() throws IOException {}
}
