package dev.berth.registry;

import dev.berth.db.Database;
import dev.berth.storage.BlobStore;
import java.time.Clock;
import java.time.Duration;
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

  private final org.jdbi.v3.core.Jdbi jdbi;
  private final RegistryStore store;

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
    this.store = new RegistryStore(database.dialect(), defaultPrivate);
    this.jdbi = database.jdbi();
    this.blobs = new BlobService(jdbi, store, blobStore, clock);
    this.uploads = new UploadService(jdbi, store, blobStore, blobs, clock);
    this.manifests = new ManifestService(jdbi, store, blobs, clock, manifestMaxBytes, listener);
    this.listing = new ListingService(jdbi, store);
    this.referrers = new ReferrersService(jdbi, store);
  }

  /** Returns the handler for {@code /v2/} paths; it declines every other path. */
  public Handler handler(ExternalUrls urls) {
    return new RegistryHandler(this, urls);
  }

  /** Returns whether {@code repository} is private, or empty when it does not exist. */
  public java.util.Optional<Boolean> isPrivate(dev.berth.oci.RepositoryName repository) {
    return jdbi.withHandle(h -> store.findPrivate(h, repository));
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

  ReferrersService referrers() {
    return referrers;
  }
}
