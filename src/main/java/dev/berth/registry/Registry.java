package dev.berth.registry;

import dev.berth.db.Database;
import dev.berth.db.ReadCache;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.storage.BlobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import org.jdbi.v3.core.Handle;
import org.eclipse.jetty.server.Handler;

/**
 * The registry room, wired: its services over one database and one blob store. Build one per
 * process in the composition root and mount {@link #handler} at {@code /v2/}.
 */
public final class Registry {

  private final BlobService blobs;
  private final UploadService uploads;
  private final ManifestService manifests;
  private final ListingService listing;
  private final ReferrersService referrers;

  private final PullLimiter pullLimiter;

  private final org.jdbi.v3.core.Jdbi jdbi;
  private final RegistryStore store;
  private final RegistryListener listener;
  private final Clock clock;
  private final ReadCache<RepositoryName, Boolean> visibility;

  /** How long a change on another node may take to reach cached reads here. */
  private static final Duration CACHE_TTL = Duration.ofSeconds(2);

  /**
   * Wires the registry.
   *
   * @param manifestMaxBytes the largest manifest accepted
   * @param defaultPrivate whether a repository created by a push is private
   */
  public Registry(
      Database database,
      BlobStore blobStore,
      Clock clock,
      long manifestMaxBytes,
      boolean defaultPrivate) {
    this(database, blobStore, clock, manifestMaxBytes, defaultPrivate, RegistryListener.NONE);
  }

  /**
   * Wires the registry with a listener that hears every push, delete and pull.
   *
   * @param manifestMaxBytes the largest manifest accepted
   * @param defaultPrivate whether a repository created by a push is private
   */
  public Registry(
      Database database,
      BlobStore blobStore,
      Clock clock,
      long manifestMaxBytes,
      boolean defaultPrivate,
      RegistryListener listener) {
    this(database, blobStore, clock, manifestMaxBytes, defaultPrivate, listener, PullLimiter.NONE);
  }

  /**
   * Wires the registry with a listener and a limiter that every manifest GET and HEAD passes
   * before its manifest is sent.
   *
   * @param manifestMaxBytes the largest manifest accepted
   * @param defaultPrivate whether a repository created by a push is private
   */
  public Registry(
      Database database,
      BlobStore blobStore,
      Clock clock,
      long manifestMaxBytes,
      boolean defaultPrivate,
      RegistryListener listener,
      PullLimiter pullLimiter) {
    this.pullLimiter = pullLimiter;
    this.store = new RegistryStore(database.dialect(), defaultPrivate);
    this.listener = listener;
    this.clock = clock;
    this.jdbi = database.jdbi();
    // The gate reads visibility on every request, so it is cached (see ReadCache).
    this.visibility = new ReadCache<>(database.writes(), CACHE_TTL, 10_000);
    this.blobs = new BlobService(jdbi, store, blobStore, clock);
    this.uploads = new UploadService(jdbi, store, blobStore, blobs, clock);
    this.manifests =
        new ManifestService(
            jdbi, store, blobs, clock, manifestMaxBytes, listener,
            new ReadCache<>(database.writes(), CACHE_TTL, 1_000));
    this.listing = new ListingService(jdbi, store);
    this.referrers = new ReferrersService(jdbi, store);
  }

  /** Returns the handler for {@code /v2/} paths; it declines every other path. */
  public Handler handler(ExternalUrls urls) {
    return new RegistryHandler(this, urls);
  }

  /** Returns whether {@code repository} is private, or empty when it does not exist. */
  public Optional<Boolean> isPrivate(RepositoryName repository) {
    return visibility.get(repository, r -> jdbi.withHandle(h -> store.findPrivate(h, r)));
  }

  /**
   * Creates an empty repository on {@code handle}, the caller's transaction, as a push would but
   * with the given visibility. Returns whether this call created it; false when it exists.
   */
  public boolean createRepository(
      Handle handle, RepositoryName repository, boolean isPrivate, long now) {
    return store.createRepository(handle, repository, isPrivate, now);
  }

  /** Sets the visibility of {@code repository} on {@code handle}; returns whether it exists. */
  public boolean setPrivate(Handle handle, RepositoryName repository, boolean isPrivate) {
    return store.setPrivate(handle, repository, isPrivate);
  }

  /**
   * Deletes {@code repository} with its tags, manifests and blob links in one transaction, telling
   * the listener about each manifest (with its tags) inside it. The blob bytes stay until garbage
   * collection finds them unreferenced. Returns whether the repository existed.
   *
   * @param actor the signed-in name that asked, empty for anonymous callers
   */
  public boolean deleteRepository(RepositoryName repository, Optional<String> actor) {
    return jdbi.inTransaction(
        h -> {
          if (store.findPrivate(h, repository).isEmpty()) {
            return false;
          }
          for (Digest digest : store.manifestDigests(h, repository)) {
            List<Tag> tags = store.tagsOf(h, repository, digest);
            listener.changed(
                h,
                new RegistryEvent.ManifestDeleted(
                    repository, digest, tags, actor, clock.millis()));
          }
          return store.deleteRepository(h, repository);
        });
  }

  /** Returns the exact bytes of manifest {@code digest} in {@code repository}, read on a handle. */
  public Optional<byte[]> manifestContent(Handle handle, RepositoryName repository, Digest digest) {
    return store.findManifest(handle, repository, digest).map(ManifestRecord::content);
  }

  /**
   * Reads a small blob of {@code repository} whole, such as an image config. Returns empty when
   * the repository does not link the blob or it is larger than {@code maxBytes}, so a caller never
   * buffers a layer.
   *
   * @throws IOException when the stored bytes cannot be read
   */
  public Optional<byte[]> readSmallBlob(
      Handle handle, RepositoryName repository, Digest digest, int maxBytes) throws IOException {
    Optional<BlobRecord> blob = store.findLinkedBlob(handle, repository, digest);
    if (blob.isEmpty() || blob.get().size() > maxBytes) {
      return Optional.empty();
    }
    try (ReadableByteChannel channel = blobs.open(blob.get(), 0);
        InputStream in = Channels.newInputStream(channel)) {
      return Optional.of(in.readNBytes(maxBytes + 1)).filter(bytes -> bytes.length <= maxBytes);
    }
  }

  /**
   * Returns the exact bytes of manifest {@code digest} in {@code repository}, for pages that show
   * it; empty when the repository has no such manifest. The caller checks access first.
   */
  public Optional<byte[]> manifestContent(RepositoryName repository, Digest digest) {
    return jdbi.withHandle(h -> manifestContent(h, repository, digest));
  }

  /** Reads a small blob as {@link #readSmallBlob(Handle, RepositoryName, Digest, int)} does. */
  public Optional<byte[]> readSmallBlob(RepositoryName repository, Digest digest, int maxBytes)
      throws IOException {
    try (Handle handle = jdbi.open()) {
      return readSmallBlob(handle, repository, digest, maxBytes);
    }
  }

  /**
   * Returns the referrers of {@code subject} in {@code repository} as the OCI image index that
   * {@code GET /v2/<name>/referrers/<digest>} returns. The caller checks access first.
   */
  public byte[] referrers(RepositoryName repository, Digest subject) {
    return referrers.referrers(repository, subject, Optional.empty());
  }

  /** Cancels upload sessions idle for longer than {@code ttl}; returns how many. */
  public int expireIdleUploads(Duration ttl) {
    return uploads.expireIdle(ttl);
  }

  BlobService blobs() {
    return blobs;
  }

  UploadService uploads() {
    return uploads;
  }

  ManifestService manifests() {
    return manifests;
  }

  ListingService listing() {
    return listing;
  }

  PullLimiter pullLimiter() {
    return pullLimiter;
  }

  ReferrersService referrers() {
    return referrers;
  }
}
