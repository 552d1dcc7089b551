package dev.berth.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Syncs staged upload bytes to disk in the background while more of them arrive, so the sync at
 * commit has little left to write and the disk works while the network does.
 *
 * <p>Each upload has at most one sync running and one waiting. A request for a third is dropped,
 * because the waiting one covers the bytes written meanwhile. A sync opens its own channel, so
 * writers never wait for one and may close their channels at any time.
 *
 * <p>A failed sync fails the commit. Linux reports a write-back error to one {@code fsync} of the
 * file descriptions open at the time, so the commit's own sync could succeed over lost bytes. The
 * failure is kept in memory and as a marker file in the upload's directory, which a restarted
 * process or another node sees too.
 */
final class Writeback implements AutoCloseable {

  /** The name of the marker file a failed sync leaves in the upload's directory. */
  static final String FAILED_MARKER = "sync-failed";

  /** Syncs one file. Tests replace it to simulate a disk error. */
  @FunctionalInterface
  interface Syncer {
    void sync(Path data) throws IOException;
  }

  private final Syncer syncer;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final ConcurrentHashMap<String, Upload> uploads = new ConcurrentHashMap<>();

  Writeback() {
    this(Writeback::syncData);
  }

  Writeback(Syncer syncer) {
    this.syncer = syncer;
  }

  /** The background syncs of one upload. Guarded by its own monitor. */
  private static final class Upload {
    CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    boolean waiting;
    IOException failure;
  }

  /** Starts syncing {@code data}, the staged file of {@code uploadId}, after any running sync. */
  void start(String uploadId, Path data) {
    Upload upload = uploads.computeIfAbsent(uploadId, id -> new Upload());
    synchronized (upload) {
      if (upload.waiting) {
        return;
      }
      upload.waiting = true;
      upload.tail =
          upload.tail.thenRunAsync(
              () -> {
                synchronized (upload) {
                  upload.waiting = false;
                }
                sync(upload, data);
              },
              executor);
    }
  }

  /**
   * Waits for the background syncs of {@code uploadId} to end.
   *
   * @throws IOException when one of them failed, on this node or another
   */
  void await(String uploadId, Path data) throws IOException {
    Upload upload = uploads.get(uploadId);
    if (upload != null) {
      CompletableFuture<Void> tail;
      synchronized (upload) {
        tail = upload.tail;
      }
      tail.join();
      synchronized (upload) {
        if (upload.failure != null) {
          throw failedEarlier(uploadId, upload.failure);
        }
      }
    }
    if (Files.exists(data.resolveSibling(FAILED_MARKER))) {
      throw failedEarlier(uploadId, null);
    }
  }

  /** Drops what is known of {@code uploadId}, once it is committed or deleted. */
  void forget(String uploadId) {
    uploads.remove(uploadId);
  }

  @Override
  public void close() {
    executor.close();
  }

  private void sync(Upload upload, Path data) {
    try {
      syncer.sync(data);
    } catch (NoSuchFileException e) {
      // The upload was cancelled or committed meanwhile; nothing is left to sync.
    } catch (IOException | RuntimeException e) {
      IOException failure = e instanceof IOException io ? io : new IOException(e);
      synchronized (upload) {
        upload.failure = failure;
      }
      markFailed(data, failure);
    }
  }

  private static void markFailed(Path data, IOException failure) {
    try {
      Files.writeString(data.resolveSibling(FAILED_MARKER), String.valueOf(failure.getMessage()));
    } catch (IOException e) {
      // The failure stays in memory, and a disk that cannot write the marker fails the commit's sync.
      failure.addSuppressed(e);
    }
  }

  private static void syncData(Path data) throws IOException {
    try (FileChannel channel = FileChannel.open(data, StandardOpenOption.WRITE)) {
      channel.force(false);
    }
  }

  private static IOException failedEarlier(String uploadId, IOException cause) {
    return new IOException(
        "writing upload "
            + uploadId
            + " to disk failed earlier, so its bytes may be lost; start a new upload",
        cause);
  }
}
