package dev.berth.storage;

import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stages an upload in one file that grows by appends, and has the file synced in the background
 * every {@link #SYNC_EVERY_BYTES} and when a request's bytes end.
 */
final class FileBlobWriter implements BlobWriter {

  /** Bytes written between background syncs, large enough that each sync writes a batch. */
  static final long SYNC_EVERY_BYTES = 32L << 20;

  private final FileBlobStore store;
  private final Writeback writeback;
  private final String uploadId;
  private final Path data;
  private final FileChannel channel;
  private boolean positioned;
  private long unsyncedBytes;

  FileBlobWriter(
      FileBlobStore store, Writeback writeback, String uploadId, Path data, FileChannel channel) {
    this.store = store;
    this.writeback = writeback;
    this.uploadId = uploadId;
    this.data = data;
    this.channel = channel;
  }

  @Override
  public String uploadId() {
    return uploadId;
  }

  @Override
  public long size() throws IOException {
    return channel.size();
  }

  @Override
  public void write(ByteBuffer bytes) throws IOException {
    if (!positioned) {
      channel.position(channel.size());
      positioned = true;
    }
    int length = bytes.remaining();
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
    unsyncedBytes += length;
    if (unsyncedBytes >= SYNC_EVERY_BYTES) {
      unsyncedBytes = 0;
      writeback.start(uploadId, data);
    }
  }

  @Override
  public InputStream readStaged() throws IOException {
    return Files.newInputStream(data);
  }

  @Override
  public StoredBlob commit(Digest digest) throws IOException {
    writeback.await(uploadId, data);
    channel.force(true);
    channel.close();
    return store.commitFile(uploadId, data, digest);
  }

  @Override
  public void cancel() throws IOException {
    channel.close();
    store.deleteUpload(uploadId);
  }

  @Override
  public void close() throws IOException {
    channel.close();
    if (unsyncedBytes > 0) {
      // The next chunk may be a while away: let the disk take this one meanwhile.
      unsyncedBytes = 0;
      writeback.start(uploadId, data);
    }
  }
}
