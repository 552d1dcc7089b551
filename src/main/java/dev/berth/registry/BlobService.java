package dev.berth.registry;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.BlobStore;
import dev.berth.storage.BlobWriter;
import dev.berth.storage.StoredBlob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ReadableByteChannel;
import java.time.Clock;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Reads, links, mounts and unlinks blobs of a repository. Thread-safe. */
final class BlobService {

  private final Jdbi jdbi;
  private final RegistryStore store;
  private final BlobStore blobs;
  private final Clock clock;

  BlobService(Jdbi jdbi, RegistryStore store, BlobStore blobs, Clock clock) {
    this.jdbi = jdbi;
    this.store = store;
    this.blobs = blobs;
    this.clock = clock;
  }

  /**
   * Returns the blob {@code digest} of {@code repository}.
   *
   * @throws RegistryException BLOB_UNKNOWN when the repository does not link that blob
   */
  BlobRecord stat(RepositoryName repository, Digest digest) {
    return jdbi.withHandle(h -> store.findLinkedBlob(h, repository, digest))
        .orElseThrow(
            () ->
                new RegistryException(
                    ErrorCode.BLOB_UNKNOWN,
                    "blob " + digest + " not found in repository " + repository));
  }

  /** Opens the bytes of {@code blob} from {@code offset}; the caller closes the channel. */
  ReadableByteChannel open(BlobRecord blob, long offset) throws IOException {
    return blobs.open(blob.storageKey(), offset);
  }

  /**
   * Removes the link between {@code repository} and the blob; the bytes stay while other
   * repositories link them.
   *
   * @throws RegistryException BLOB_UNKNOWN when the repository does not link that blob
   */
  void delete(RepositoryName repository, Digest digest) {
    boolean removed = jdbi.inTransaction(h -> store.unlink(h, repository, digest));
    if (!removed) {
      throw new RegistryException(
          ErrorCode.BLOB_UNKNOWN, "blob " + digest + " not found in repository " + repository);
    }
  }

  /**
   * Links a blob that {@code from} has to {@code to} as well, without copying bytes.
   *
   * @return whether the blob was mounted; false when {@code from} does not have it
   */
  boolean mount(RepositoryName to, RepositoryName from, Digest digest) {
    return jdbi.inTransaction(
        h -> {
          if (store.lockLinkedBlob(h, from, digest).isEmpty()) {
            return false;
          }
          store.link(h, to, digest, clock.millis());
          return true;
        });
  }

  /**
   * Stores the empty JSON object {@code {}} when the registry does not hold it yet, so artifacts
   * whose config is the OCI empty descriptor need not upload it first.
   */
  void ensureEmptyJsonStored() {
    Digest digest = MediaTypes.EMPTY_JSON_DIGEST;
    boolean present =
        jdbi.withHandle(h -> store.findBlob(h, digest))
            .filter(b -> b.state().equals(BlobRecord.LIVE))
            .isPresent();
    if (present) {
      return;
    }
    try {
      BlobWriter writer = blobs.create(UUID.randomUUID().toString());
      writer.append(new ByteArrayInputStream(MediaTypes.emptyJson()));
      StoredBlob stored = writer.commit(digest);
      BlobRecord live = jdbi.inTransaction(h -> register(h, digest, stored));
      if (!live.storageKey().equals(stored.key())) {
        blobs.delete(stored.key());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("failed to store the empty JSON blob", e);
    }
  }

  /**
   * Records committed bytes as the blob {@code digest} and returns the live row. When another
   * upload of the same digest won the race, that row is returned and the caller deletes its own
   * bytes, so each digest is stored once. A row that garbage collection is deleting is pointed at
   * the new bytes instead, so a late delete never removes them.
   */
  BlobRecord register(org.jdbi.v3.core.Handle handle, Digest digest, StoredBlob stored) {
    BlobRecord ours = new BlobRecord(digest, stored.size(), stored.key(), BlobRecord.LIVE);
    if (store.insertBlob(handle, ours, clock.millis())) {
      return ours;
    }
    BlobRecord existing =
        store
            .findBlob(handle, digest)
            .orElseThrow(() -> new IllegalStateException("blob row " + digest + " vanished"));
    if (existing.state().equals(BlobRecord.DELETING) && store.reviveBlob(handle, ours)) {
      return ours;
    }
    return existing;
  }

  /** Deletes bytes that lost the race to become a blob, logging instead of failing the request. */
  void discard(StoredBlob stored) {
    try {
      blobs.delete(stored.key());
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(BlobService.class)
          .atWarn()
          .addKeyValue("storage_key", stored.key())
          .setCause(e)
          .log("failed to delete duplicate blob bytes");
    }
  }
}
