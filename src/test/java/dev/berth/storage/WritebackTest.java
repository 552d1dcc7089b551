package dev.berth.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background syncs of {@link FileBlobStore}: a disk error in one of them must fail the
 * commit, on this node and on any other, because Linux reports such an error to one sync only.
 */
class WritebackTest {

  @TempDir Path root;

  private static final byte[] CONTENT = "staged bytes".getBytes(StandardCharsets.UTF_8);

  @Test
  void closingAWriterSyncsItsBytesInTheBackground() throws Exception {
    List<Path> synced = new CopyOnWriteArrayList<>();
    try (FileBlobStore store = new FileBlobStore(root, new Writeback(synced::add))) {
      BlobWriter writer = store.create("u1");
      writer.append(new ByteArrayInputStream(CONTENT));
      writer.close();

      StoredBlob stored = store.resume("u1").commit(Digest.sha256(CONTENT));

      assertThat(synced).containsExactly(root.resolve("uploads/u1/data"));
      assertThat(store.size(stored.key())).isEqualTo(CONTENT.length);
    }
  }

  @Test
  void write_pastSyncInterval_syncsInBackground() throws Exception {
    List<Path> synced = new CopyOnWriteArrayList<>();
    try (FileBlobStore store = new FileBlobStore(root, new Writeback(synced::add))) {
      BlobWriter writer = store.create("u1");
      ByteBuffer block = ByteBuffer.allocateDirect(1 << 20);
      for (int i = 0; i < 2 * FileBlobWriter.SYNC_EVERY_BYTES >> 20; i++) {
        writer.write(block.clear());
      }

      writer.cancel();
    }
    // Closing the store waits for its background syncs.
    assertThat(synced).isNotEmpty().hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void commit_afterFailedSync_fails() throws Exception {
    Writeback failing = new Writeback(data -> {
      throw new IOException("Input/output error");
    });
    try (FileBlobStore store = new FileBlobStore(root, failing)) {
      BlobWriter writer = store.create("u1");
      writer.append(new ByteArrayInputStream(CONTENT));
      writer.close();

      BlobWriter resumed = store.resume("u1");
      assertThatThrownBy(() -> resumed.commit(Digest.sha256(CONTENT)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("writing upload u1 to disk failed earlier")
          .hasMessageContaining("start a new upload")
          .hasRootCauseMessage("Input/output error");
      assertThat(root.resolve("blobs/sha256")).doesNotExist();

      resumed.cancel();
      assertThat(root.resolve("uploads/u1")).doesNotExist();
    }
  }

  @Test
  void anotherNodeSeesTheFailureMarker() throws Exception {
    AtomicBoolean failed = new AtomicBoolean();
    Writeback failing = new Writeback(data -> {
      failed.set(true);
      throw new IOException("Input/output error");
    });
    try (FileBlobStore first = new FileBlobStore(root, failing)) {
      BlobWriter writer = first.create("u1");
      writer.append(new ByteArrayInputStream(CONTENT));
      writer.close();
    }
    assertThat(failed).isTrue();
    assertThat(root.resolve("uploads/u1").resolve(Writeback.FAILED_MARKER)).exists();

    try (FileBlobStore second = new FileBlobStore(root)) {
      BlobWriter resumed = second.resume("u1");
      assertThatThrownBy(() -> resumed.commit(Digest.sha256(CONTENT)))
          .hasMessageContaining("writing upload u1 to disk failed earlier");
      resumed.cancel();
    }
    assertThat(Files.exists(root.resolve("uploads/u1"))).isFalse();
  }
}
