package dev.berth.storage;

import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Stages an upload in one file that grows by appends. */
final class FileBlobWriter implements BlobWriter {

  private static final int BUFFER_SIZE = 64 * 1024;

  private final FileBlobStore store;
  private final String uploadId;
  private final Path data;
  private final FileChannel channel;

  FileBlobWriter(FileBlobStore store, String uploadId, Path data, FileChannel channel) {
    this.store = store;
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
  public long append(InputStream content) throws IOException {
    channel.position(channel.size());
    byte[] chunk = new byte[BUFFER_SIZE];
    ByteBuffer buffer = ByteBuffer.wrap(chunk);
    long total = 0;
    int read;
    while ((read = content.read(chunk)) != -1) {
      buffer.clear().limit(read);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      total += read;
    }
    return total;
  }

  @Override
  public InputStream readStaged() throws IOException {
    return Files.newInputStream(data);
  }

  @Override
  public StoredBlob commit(Digest digest) throws IOException {
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
  }
}
