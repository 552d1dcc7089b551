package dev.berth.registry;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.BlobStore;
import dev.berth.storage.BlobWriter;
import dev.berth.storage.StoredBlob;
import dev.berth.storage.UploadNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upload sessions: open, append chunks in order, report progress, complete with a verified digest,
 * cancel and expire. A session is a database row plus staged bytes in the blob store, so it
 * survives a restart. Thread-safe; requests on one session are serialised by a lock.
 */
final class UploadService {

  private static final Logger LOG = LoggerFactory.getLogger(UploadService.class);

  /** Bytes of a body written on the request's thread before {@link PipelinedWrites} takes over. */
  private static final long PIPELINE_AFTER_BYTES = 1 << 20;

  private final Jdbi jdbi;
  private final RegistryStore store;
  private final BlobStore blobs;
  private final BlobService blobService;
  private final Clock clock;
  private final UploadHashes hashes = new UploadHashes();
  private final SessionLocks locks = new SessionLocks();

  UploadService(
      Jdbi jdbi, RegistryStore store, BlobStore blobs, BlobService blobService, Clock clock) {
    this.jdbi = jdbi;
    this.store = store;
    this.blobs = blobs;
    this.blobService = blobService;
    this.clock = clock;
  }

  /** Opens a new, empty upload session for {@code repository} and returns its id. */
  String start(RepositoryName repository) throws IOException {
    String id = UUID.randomUUID().toString();

    // The row comes first: a crash before the staging area exists leaves a row that expires.
    jdbi.useTransaction(h -> store.insertUpload(h, id, repository, clock.millis()));
    blobs.create(id).close();
    return id;
  }

  /**
   * Appends {@code content} to the session and returns the new size. When {@code range} is
   * present, it must start at the session's current size.
   *
   * @throws RegistryException BLOB_UPLOAD_UNKNOWN for an unknown session, UPLOAD_RANGE_INVALID
   *     for a chunk out of order
   */
  long append(RepositoryName repository, String id, UploadBody content, Optional<ContentRange> range)
      throws IOException {
    locks.lock(id);
    try (BlobWriter writer = resume(repository, id)) {
      long offset = writer.size();
      if (range.isPresent() && range.get().start() != offset) {
        throw outOfOrder(repository, id, range.get(), offset);
      }
      // Mark the session active before a possibly long transfer, so other nodes see it in use.
      jdbi.useTransaction(h -> store.touchUpload(h, id, clock.millis()));
      long size = appendHashed(writer, content);
      if (range.isPresent() && size - offset != range.get().length()) {
        // The staged bytes no longer match what the client believes it sent, so the session
        // cannot be resumed safely.
        cancelLocked(id, writer);
        throw new RegistryException(
            ErrorCode.SIZE_INVALID,
            "chunk carried "
                + (size - offset)
                + " bytes but Content-Range "
                + range.get().start()
                + "-"
                + range.get().end()
                + " declares "
                + range.get().length()
                + "; the upload was cancelled, start a new one");
      }
      jdbi.useTransaction(h -> store.touchUpload(h, id, clock.millis()));
      return size;
    } finally {
      locks.unlock(id);
    }
  }

  /**
   * Returns the number of bytes the session holds.
   *
   * @throws RegistryException BLOB_UPLOAD_UNKNOWN for an unknown session
   */
  long size(RepositoryName repository, String id) throws IOException {
    try (BlobWriter writer = resume(repository, id)) {
      return writer.size();
    }
  }

  /**
   * Appends the final {@code content}, checks the whole upload against {@code digest}, and makes
   * it a blob of {@code repository}. On a mismatch the session is cancelled and nothing becomes
   * visible.
   *
   * @throws RegistryException DIGEST_INVALID when the bytes have another digest
   */
  void complete(RepositoryName repository, String id, Digest digest, UploadBody content)
      throws IOException {
    locks.lock(id);
    try {
      BlobWriter writer = resume(repository, id);
      StoredBlob stored;
      try {
        appendHashed(writer, content);
        Digest actual = digestOf(writer, digest.algorithm());
        if (!actual.equals(digest)) {
          cancelLocked(id, writer);
          throw new RegistryException(
              ErrorCode.DIGEST_INVALID,
              "uploaded content has digest "
                  + actual
                  + ", not "
                  + digest
                  + " as given in ?digest=; the upload was cancelled, start a new one");
        }
        stored = writer.commit(digest);
      } catch (IOException | RuntimeException e) {
        writer.close();
        throw e;
      }
      hashes.forget(id);

      // The bytes are durable; now make them a blob of the repository in one transaction.
      // NOTE: a crash between the commit above and this transaction leaves a blob file without
      // a row; nothing reclaims such files until garbage collection exists.
      BlobRecord live =
          jdbi.inTransaction(
              h -> {
                BlobRecord record = blobService.register(h, digest, stored);
                store.link(h, repository, digest, clock.millis());
                store.deleteUpload(h, id);
                return record;
              });
      if (!live.storageKey().equals(stored.key())) {
        blobService.discard(stored);
      }
    } finally {
      locks.unlock(id);
    }
  }

  /**
   * Cancels the session and deletes its staged bytes.
   *
   * @throws RegistryException BLOB_UPLOAD_UNKNOWN for an unknown session
   */
  void cancel(RepositoryName repository, String id) throws IOException {
    locks.lock(id);
    try {
      requireSession(repository, id);
      cancelLocked(id, null);
    } finally {
      locks.unlock(id);
    }
  }

  /**
   * Cancels sessions idle for longer than {@code ttl}; returns how many were removed. A session
   * whose lock is held is receiving bytes, so it is skipped rather than waited for, and each
   * candidate is checked again under its lock because a request may have touched it since.
   */
  int expireIdle(Duration ttl) {
    long idleBefore = clock.millis() - ttl.toMillis();
    int removed = 0;
    Set<String> attempted = new HashSet<>();
    while (true) {
      List<String> ids = jdbi.withHandle(h -> store.findIdleUploads(h, idleBefore, 100));
      List<String> fresh = ids.stream().filter(attempted::add).toList();
      for (String id : fresh) {
        if (!locks.tryLock(id)) {
          continue;
        }
        try {
          if (jdbi.withHandle(h -> store.isUploadIdle(h, id, idleBefore))) {
            cancelLocked(id, null);
            removed++;
          }
        } catch (IOException e) {
          LOG.atWarn().addKeyValue("upload_id", id).setCause(e).log("failed to expire upload");
        } finally {
          locks.unlock(id);
        }
      }
      // Stop after the last batch, or when a batch brings only sessions already tried.
      if (ids.size() < 100 || fresh.isEmpty()) {
        return removed;
      }
    }
  }

  private long appendHashed(BlobWriter writer, UploadBody content) throws IOException {
    UploadHashes.State state = hashes.stateFor(writer);
    try (PipelinedWrites pipeline = new PipelinedWrites(writer)) {
      long[] written = {0};
      state.offset +=
          content.transferTo(
              chunk -> {
                ByteBuffer bytes = chunk.bytes();
                state.hasher.update(bytes.duplicate());
                if (written[0] < PIPELINE_AFTER_BYTES) {
                  // Small bodies are written here, sparing them the second thread.
                  written[0] += bytes.remaining();
                  writer.write(bytes);
                } else {
                  pipeline.write(chunk);
                }
              });
      pipeline.finish();
    } catch (IOException | RuntimeException e) {
      // The hasher may have seen bytes the file did not get; rebuild it next time.
      hashes.forget(writer.uploadId());
      throw e;
    }
    hashes.remember(writer.uploadId(), state);
    return state.offset;
  }

  private Digest digestOf(BlobWriter writer, DigestAlgorithm algorithm) throws IOException {
    if (algorithm == DigestAlgorithm.SHA256) {
      UploadHashes.State state = hashes.stateFor(writer);
      java.security.MessageDigest copy;
      try {
        copy = (java.security.MessageDigest) state.hasher.clone();
      } catch (CloneNotSupportedException e) {
        return UploadHashes.hashStaged(writer, algorithm);
      }
      return Digest.fromHasher(algorithm, copy);
    }
    return UploadHashes.hashStaged(writer, algorithm);
  }

  private BlobWriter resume(RepositoryName repository, String id) throws IOException {
    requireSession(repository, id);
    try {
      return blobs.resume(id);
    } catch (UploadNotFoundException e) {
      throw unknown(repository, id);
    }
  }

  private void requireSession(RepositoryName repository, String id) {
    Optional<String> owner = jdbi.withHandle(h -> store.findUploadRepository(h, id));
    if (owner.isEmpty() || !owner.get().equals(repository.value())) {
      throw unknown(repository, id);
    }
  }

  private void cancelLocked(String id, BlobWriter writer) throws IOException {
    hashes.forget(id);
    if (writer != null) {
      writer.close();
    }
    blobs.deleteUpload(id);
    jdbi.useTransaction(h -> store.deleteUpload(h, id));
  }

  private static RegistryException unknown(RepositoryName repository, String id) {
    return new RegistryException(
        ErrorCode.BLOB_UPLOAD_UNKNOWN,
        "upload " + id + " not found in repository " + repository
            + "; it may have expired or been cancelled, start a new upload");
  }

  private static RegistryException outOfOrder(
      RepositoryName repository, String id, ContentRange range, long offset) {
    return new RegistryException(
        ErrorCode.UPLOAD_RANGE_INVALID,
        "chunk Content-Range "
            + range.start()
            + "-"
            + range.end()
            + " does not start at the upload's current size "
            + offset
            + "; send the next chunk from offset "
            + offset,
        Map.of(
            "Range", "0-" + Math.max(0, offset - 1),
            "Docker-Upload-UUID", id,
            "Location", "/v2/" + repository + "/blobs/uploads/" + id));
  }
}
