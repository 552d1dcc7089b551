package dev.berth.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every {@link BlobStore} implementation must have. An implementation's test extends
 * this class and implements how to open a store over its backing storage and how to list what
 * that storage contains.
 *
 * <p>Each test must leave no upload staging behind, and {@link #noUploadLeftStaged()} checks that
 * after every test.
 */
abstract class BlobStoreContract {

  /** Rounds of the delete-while-committing race. Each round costs a few file syncs. */
  private static final int RACE_ROUNDS = 200;

  private final List<BlobStore> openedStores = new ArrayList<>();

  /** The store under test, opened before each test. */
  protected BlobStore store;

  /**
   * Opens a new store instance over the same backing storage on each call, as a restarted or
   * second node would. The contract closes every store it opens.
   */
  protected abstract BlobStore openStore() throws IOException;

  /** Lists the keys of all committed blobs in the backing storage, bypassing the store. */
  protected abstract Set<String> listCommittedKeys() throws IOException;

  /**
   * Lists whatever the backing storage still holds for upload staging (files, temporary objects,
   * incomplete multipart uploads), bypassing the store.
   */
  protected abstract Set<String> listUploadStaging() throws IOException;

  @BeforeEach
  void openStoreUnderTest() throws IOException {
    store = newStoreInstance();
  }

  @AfterEach
  void noUploadLeftStaged() throws IOException {
    try {
      assertThat(listUploadStaging()).as("upload staging left behind").isEmpty();
    } finally {
      for (BlobStore opened : openedStores) {
        opened.close();
      }
    }
  }

  @Test
  void commit_afterAppends_readableUnderReturnedKey() throws IOException {
    byte[] first = bytes("hello, ");
    byte[] second = bytes("registry");
    byte[] content = concat(first, second);

    StoredBlob stored;
    try (BlobWriter writer = store.create(newUploadId())) {
      assertThat(writer.append(new ByteArrayInputStream(first))).isEqualTo(first.length);
      assertThat(writer.append(new ByteArrayInputStream(second))).isEqualTo(second.length);
      assertThat(writer.size()).isEqualTo(content.length);
      stored = writer.commit(Digest.sha256(content));
    }

    assertThat(stored.size()).isEqualTo(content.length);
    assertThat(store.size(stored.key())).isEqualTo(content.length);
    assertThat(readAll(stored.key(), 0)).isEqualTo(content);
    assertThat(listCommittedKeys()).containsExactly(stored.key());
  }

  @Test
  void commit_emptyUpload_readableAsZeroBytes() throws IOException {
    StoredBlob stored;
    try (BlobWriter writer = store.create(newUploadId())) {
      stored = writer.commit(Digest.sha256(new byte[0]));
    }

    assertThat(stored.size()).isZero();
    assertThat(store.size(stored.key())).isZero();
    assertThat(readAll(stored.key(), 0)).isEmpty();
  }

  @Test
  void append_beforeCommit_nothingReadable() throws IOException {
    byte[] content = bytes("staged only");
    try (BlobWriter writer = store.create(newUploadId())) {
      writer.append(new ByteArrayInputStream(content));

      assertThat(listCommittedKeys()).isEmpty();
      try (InputStream staged = writer.readStaged()) {
        assertThat(staged.readAllBytes()).isEqualTo(content);
      }

      writer.cancel();
    }
  }

  @Test
  void resume_afterClose_continuesAtStagedSize() throws IOException {
    String uploadId = newUploadId();
    byte[] first = bytes("written before the restart, ");
    byte[] second = bytes("written after it");
    try (BlobWriter writer = store.create(uploadId)) {
      writer.append(new ByteArrayInputStream(first));
    }

    BlobStore restarted = newStoreInstance();
    StoredBlob stored;
    try (BlobWriter writer = restarted.resume(uploadId)) {
      assertThat(writer.uploadId()).isEqualTo(uploadId);
      assertThat(writer.size()).isEqualTo(first.length);
      try (InputStream staged = writer.readStaged()) {
        assertThat(staged.readAllBytes()).isEqualTo(first);
      }
      writer.append(new ByteArrayInputStream(second));
      stored = writer.commit(Digest.sha256(concat(first, second)));
    }

    assertThat(readAll(stored.key(), 0)).isEqualTo(concat(first, second));
    assertThat(restarted.size(stored.key())).isEqualTo(first.length + second.length);
  }

  @Test
  void append_inputFails_keepsBytesReadBefore() throws IOException {
    byte[] before = bytes("bytes before the client went away");
    InputStream failing =
        new InputStream() {
          private final InputStream head = new ByteArrayInputStream(before);

          @Override
          public int read() throws IOException {
            int next = head.read();
            if (next == -1) {
              throw new IOException("connection reset");
            }
            return next;
          }

          @Override
          public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = head.read(buffer, offset, length);
            if (count == -1) {
              throw new IOException("connection reset");
            }
            return count;
          }
        };

    try (BlobWriter writer = store.create(newUploadId())) {
      assertThatThrownBy(() -> writer.append(failing)).hasMessage("connection reset");

      assertThat(writer.size()).isEqualTo(before.length);
      writer.cancel();
    }
  }

  @Test
  void cancel_stagedUpload_leavesNothingBehind() throws IOException {
    String uploadId = newUploadId();
    try (BlobWriter writer = store.create(uploadId)) {
      writer.append(new ByteArrayInputStream(bytes("to be cancelled")));
      writer.cancel();
    }

    assertThat(listUploadStaging()).isEmpty();
    assertThat(listCommittedKeys()).isEmpty();
    assertThatThrownBy(() -> store.resume(uploadId)).isInstanceOf(UploadNotFoundException.class);
  }

  @Test
  void commit_stagedUpload_removesStaging() throws IOException {
    String uploadId = newUploadId();
    try (BlobWriter writer = store.create(uploadId)) {
      byte[] content = bytes("committed");
      writer.append(new ByteArrayInputStream(content));
      writer.commit(Digest.sha256(content));
    }

    assertThat(listUploadStaging()).isEmpty();
    assertThatThrownBy(() -> store.resume(uploadId)).isInstanceOf(UploadNotFoundException.class);
  }

  @Test
  void deleteUpload_closedUpload_removesStaging() throws IOException {
    String uploadId = newUploadId();
    try (BlobWriter writer = store.create(uploadId)) {
      writer.append(new ByteArrayInputStream(bytes("abandoned")));
    }

    store.deleteUpload(uploadId);

    assertThat(listUploadStaging()).isEmpty();
    assertThatThrownBy(() -> store.resume(uploadId)).isInstanceOf(UploadNotFoundException.class);
  }

  @Test
  void deleteUpload_unknownId_doesNothing() throws IOException {
    store.deleteUpload(newUploadId());

    assertThat(listUploadStaging()).isEmpty();
  }

  @Test
  void resume_unknownId_throwsUploadNotFound() {
    String uploadId = newUploadId();

    assertThatThrownBy(() -> store.resume(uploadId))
        .isInstanceOf(UploadNotFoundException.class)
        .hasMessageContaining(uploadId);
  }

  @Test
  void delete_committedKey_makesItUnreadable() throws IOException {
    StoredBlob stored = commit(bytes("short-lived"));

    store.delete(stored.key());

    assertThat(listCommittedKeys()).isEmpty();
    assertThatThrownBy(() -> store.size(stored.key()))
        .isInstanceOf(BlobNotFoundException.class)
        .hasMessageContaining(stored.key());
    assertThatThrownBy(() -> store.open(stored.key(), 0))
        .isInstanceOf(BlobNotFoundException.class)
        .hasMessageContaining(stored.key());
  }

  @Test
  void delete_missingKey_doesNothing() throws IOException {
    StoredBlob stored = commit(bytes("deleted twice"));
    store.delete(stored.key());

    store.delete(stored.key());

    assertThat(listCommittedKeys()).isEmpty();
  }

  @Test
  void open_atOffset_returnsRemainingBytes() throws IOException {
    byte[] content = bytes("0123456789");
    StoredBlob stored = commit(content);

    assertThat(readAll(stored.key(), 4)).isEqualTo(bytes("456789"));
    assertThat(readAll(stored.key(), content.length)).isEmpty();
  }

  @Test
  void commit_sameDigestTwice_givesTwoReadableKeys() throws IOException {
    byte[] content = bytes("pushed by two clients at once");
    Digest digest = Digest.sha256(content);
    BlobWriter first = store.create(newUploadId());
    BlobWriter second = store.create(newUploadId());
    first.append(new ByteArrayInputStream(content));
    second.append(new ByteArrayInputStream(content));

    StoredBlob firstStored = first.commit(digest);
    StoredBlob secondStored = second.commit(digest);
    first.close();
    second.close();

    assertThat(firstStored.key()).isNotEqualTo(secondStored.key());
    assertThat(listCommittedKeys())
        .containsExactlyInAnyOrder(firstStored.key(), secondStored.key());
    assertThat(readAll(firstStored.key(), 0)).isEqualTo(content);
    assertThat(readAll(secondStored.key(), 0)).isEqualTo(content);

    store.delete(firstStored.key());

    assertThat(readAll(secondStored.key(), 0)).isEqualTo(content);
  }

  @Test
  void append_largeStream_commitsEveryByte() throws IOException {
    long length = 64L * 1024 * 1024 + 13;
    GeneratedStream source = new GeneratedStream(length);

    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long threadId = Thread.currentThread().threadId();

    StoredBlob stored;
    Digest expected;
    long allocatedBytes;
    try (BlobWriter writer = store.create(newUploadId())) {
      long allocatedBefore = threads.getThreadAllocatedBytes(threadId);
      assertThat(writer.append(source)).isEqualTo(length);
      allocatedBytes = threads.getThreadAllocatedBytes(threadId) - allocatedBefore;
      expected = source.digest();
      stored = writer.commit(expected);
    }

    // Buffering the whole input would allocate at least its length on this thread. The bound is
    // half of it so that an implementation may still allocate a few part-sized buffers.
    assertThat(allocatedBytes).as("bytes allocated during append").isLessThan(length / 2);
    assertThat(stored.size()).isEqualTo(length);
    assertThat(store.size(stored.key())).isEqualTo(length);
    assertThat(digestOfStored(stored.key())).isEqualTo(expected);
  }

  /**
   * Berth replaces a blob that garbage collection has marked by uploading its digest again while
   * the old copy is being deleted. Neither operation may break the other.
   */
  @Test
  void commit_whileSameDigestDeleted_bothSucceed() throws Exception {
    byte[] content = bytes("collected and pushed again");
    Digest digest = Digest.sha256(content);
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < RACE_ROUNDS; round++) {
        StoredBlob old = commit(content);
        BlobWriter writer = store.create(newUploadId());
        writer.append(new ByteArrayInputStream(content));
        CyclicBarrier start = new CyclicBarrier(2);

        Future<?> deletion =
            executor.submit(
                () -> {
                  start.await();
                  store.delete(old.key());
                  return null;
                });
        Future<StoredBlob> upload =
            executor.submit(
                () -> {
                  start.await();
                  try (writer) {
                    return writer.commit(digest);
                  }
                });
        deletion.get(30, TimeUnit.SECONDS);
        StoredBlob fresh = upload.get(30, TimeUnit.SECONDS);

        assertThat(readAll(fresh.key(), 0)).as("round %d", round).isEqualTo(content);
        store.delete(fresh.key());
      }
    } finally {
      executor.shutdownNow();
    }
    assertThat(listCommittedKeys()).isEmpty();
  }

  private BlobStore newStoreInstance() throws IOException {
    BlobStore opened = openStore();
    openedStores.add(opened);
    return opened;
  }

  private StoredBlob commit(byte[] content) throws IOException {
    try (BlobWriter writer = store.create(newUploadId())) {
      writer.append(new ByteArrayInputStream(content));
      return writer.commit(Digest.sha256(content));
    }
  }

  private byte[] readAll(String key, long offset) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    try (ReadableByteChannel channel = store.open(key, offset)) {
      while (channel.read(buffer) != -1) {
        out.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
    }
    return out.toByteArray();
  }

  private Digest digestOfStored(String key) throws IOException {
    MessageDigest hasher = DigestAlgorithm.SHA256.newHasher();
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    try (ReadableByteChannel channel = store.open(key, 0)) {
      while (channel.read(buffer) != -1) {
        buffer.flip();
        hasher.update(buffer);
        buffer.clear();
      }
    }
    return Digest.fromHasher(DigestAlgorithm.SHA256, hasher);
  }

  private static String newUploadId() {
    return UUID.randomUUID().toString();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] joined = new byte[first.length + second.length];
    System.arraycopy(first, 0, joined, 0, first.length);
    System.arraycopy(second, 0, joined, first.length, second.length);
    return joined;
  }

  /**
   * Produces {@code length} pseudo-random bytes on demand and hashes them as they are read, so a
   * large upload never exists in memory.
   */
  private static final class GeneratedStream extends InputStream {
    private final long length;
    private final MessageDigest hasher = DigestAlgorithm.SHA256.newHasher();
    private long produced;
    private long state = 0x9E3779B97F4A7C15L;

    GeneratedStream(long length) {
      this.length = length;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) {
      if (produced == length) {
        return -1;
      }
      int chunk = (int) Math.min(count, length - produced);
      for (int i = 0; i < chunk; i++) {
        // xorshift64: cheap, deterministic bytes that do not compress to nothing.
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        buffer[offset + i] = (byte) state;
      }
      hasher.update(buffer, offset, chunk);
      produced += chunk;
      return chunk;
    }

    /** Returns the digest of every byte produced; call once, after the stream is exhausted. */
    Digest digest() {
      return Digest.fromHasher(DigestAlgorithm.SHA256, hasher);
    }
  }
}
