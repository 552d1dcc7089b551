package dev.berth.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.Descriptor;
import dev.berth.db.ReadCache;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.oci.Manifest;
import dev.berth.oci.ManifestParser;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.OciFormatException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Stores, finds and deletes manifests and tags. A manifest is accepted only when the repository
 * already has every blob and child manifest it references, and its bytes are kept exactly as
 * pushed. Thread-safe.
 */
final class ManifestService {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbi jdbi;
  private final RegistryStore store;
  private final BlobService blobService;
  private final ManifestParser parser = new ManifestParser();
  private final Clock clock;
  private final long maxBytes;
  private final RegistryListener listener;
  private final ReadCache<ManifestKey, ManifestRecord> cache;

  /** Manifests larger than this are read from the database each time, to bound the cache. */
  private static final int MAX_CACHED_BYTES = 64 * 1024;

  /** A manifest as a client names it. */
  record ManifestKey(RepositoryName repository, Reference reference) {}

  ManifestService(
      Jdbi jdbi,
      RegistryStore store,
      BlobService blobService,
      Clock clock,
      long maxBytes,
      RegistryListener listener,
      ReadCache<ManifestKey, ManifestRecord> cache) {
    this.listener = listener;
    this.cache = cache;
    this.jdbi = jdbi;
    this.store = store;
    this.blobService = blobService;
    this.clock = clock;
    this.maxBytes = maxBytes;
  }

  long maxBytes() {
    return maxBytes;
  }

  /** The outcome of a manifest PUT. */
  record Stored(Digest digest, Optional<Digest> subject) {}

  /**
   * Validates and stores {@code body} under {@code reference}, moving the tag when the reference
   * is a tag.
   *
   * @throws RegistryException MANIFEST_INVALID, MANIFEST_TOO_LARGE, DIGEST_INVALID,
   *     MANIFEST_BLOB_UNKNOWN or MANIFEST_UNKNOWN naming what is wrong
   */
  Stored put(
      RepositoryName repository,
      Reference reference,
      Optional<String> contentType,
      byte[] body,
      Optional<String> actor) {
    if (body.length > maxBytes) {
      throw tooLarge(body.length);
    }
    Manifest manifest;
    try {
      manifest = parser.parse(body, contentType);
    } catch (OciFormatException e) {
      throw new RegistryException(ErrorCode.MANIFEST_INVALID, e.getMessage());
    }
    Digest digest = digestOf(reference, body);

    boolean usesEmptyJson =
        manifest.blobs().stream().anyMatch(d -> d.digest().equals(MediaTypes.EMPTY_JSON_DIGEST));
    if (usesEmptyJson) {
      blobService.ensureEmptyJsonStored();
    }

    ManifestRecord record =
        new ManifestRecord(
            digest,
            manifest.mediaType(),
            manifest.effectiveArtifactType(),
            annotationsJson(manifest),
            body);
    Optional<Digest> subject = manifest.subject().map(Descriptor::digest);

    jdbi.useTransaction(
        h -> {
          long now = clock.millis();
          store.ensureRepository(h, repository, now);
          checkReferences(h, repository, manifest, usesEmptyJson, now);
          store.insertManifest(h, repository, record, subject, now);
          for (Descriptor blob : manifest.blobs()) {
            store.insertReference(h, repository, digest, blob.digest(), "blob");
          }
          for (Descriptor child : manifest.manifests()) {
            store.insertReference(h, repository, digest, child.digest(), "manifest");
          }
          Optional<dev.berth.oci.Tag> tag = Optional.empty();
          if (reference instanceof Reference.ByTag byTag) {
            store.putTag(h, repository, byTag.tag(), digest, now);
            tag = Optional.of(byTag.tag());
          }
          listener.changed(
              h,
              new RegistryEvent.ManifestPushed(
                  repository, digest, record.mediaType(), body.length, tag, actor, now));
        });
    return new Stored(digest, subject);
  }

  /**
   * Returns the manifest {@code reference} names in {@code repository}.
   *
   * @throws RegistryException MANIFEST_UNKNOWN when there is none
   */
  ManifestRecord get(RepositoryName repository, Reference reference) {
    Optional<ManifestRecord> found =
        cache.get(
            new ManifestKey(repository, reference),
            key ->
                jdbi.withHandle(
                    h ->
                        switch (reference) {
                          case Reference.ByTag t -> store.findManifestByTag(h, repository, t.tag());
                          case Reference.ByDigest d ->
                              store.findManifest(h, repository, d.digest());
                        }),
            manifest -> manifest.content().length <= MAX_CACHED_BYTES);
    return found.orElseThrow(() -> unknown(repository, reference));
  }

  /**
   * Deletes a tag, or a manifest together with every tag pointing at it.
   *
   * @throws RegistryException MANIFEST_UNKNOWN when there is no such tag or manifest
   */
  void delete(RepositoryName repository, Reference reference, Optional<String> actor) {
    boolean deleted =
        jdbi.inTransaction(
            h ->
                switch (reference) {
                  case Reference.ByTag t -> deleteTag(h, repository, t.tag(), actor);
                  case Reference.ByDigest d -> deleteManifest(h, repository, d.digest(), actor);
                });
    if (!deleted) {
      throw unknown(repository, reference);
    }
  }

  private boolean deleteTag(
      Handle h, RepositoryName repository, dev.berth.oci.Tag tag, Optional<String> actor) {
    Optional<ManifestRecord> target = store.findManifestByTag(h, repository, tag);
    if (target.isEmpty() || !store.deleteTag(h, repository, tag)) {
      return false;
    }
    listener.changed(
        h,
        new RegistryEvent.TagDeleted(
            repository, tag, target.get().digest(), actor, clock.millis()));
    return true;
  }

  private boolean deleteManifest(
      Handle h, RepositoryName repository, Digest digest, Optional<String> actor) {
    java.util.List<dev.berth.oci.Tag> tags = store.tagsOf(h, repository, digest);
    if (!store.deleteManifest(h, repository, digest)) {
      return false;
    }
    listener.changed(
        h, new RegistryEvent.ManifestDeleted(repository, digest, tags, actor, clock.millis()));
    return true;
  }

  /** Tells the listener that {@code manifest} was served to a GET. */
  void pulled(
      RepositoryName repository,
      ManifestRecord manifest,
      Reference reference,
      Optional<String> actor) {
    Optional<dev.berth.oci.Tag> tag =
        reference instanceof Reference.ByTag byTag ? Optional.of(byTag.tag()) : Optional.empty();
    try {
      listener.pulled(
          new RegistryEvent.ManifestPulled(
              repository, manifest.digest(), manifest.mediaType(), tag, actor, clock.millis()));
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(ManifestService.class)
          .atWarn()
          .setCause(e)
          .addKeyValue("repository", repository)
          .log("a pull listener failed; the pull was served");
    }
  }

  private void checkReferences(
      Handle h, RepositoryName repository, Manifest manifest, boolean usesEmptyJson, long now) {
    if (usesEmptyJson) {
      store.link(h, repository, MediaTypes.EMPTY_JSON_DIGEST, now);
    }
    for (Descriptor blob : manifest.blobs()) {
      if (MediaTypes.isNonDistributable(blob.mediaType()) && !blob.urls().isEmpty()) {
        continue;
      }
      BlobRecord found =
          store
              .lockLinkedBlob(h, repository, blob.digest())
              .orElseThrow(
                  () ->
                      new RegistryException(
                          ErrorCode.MANIFEST_BLOB_UNKNOWN,
                          "manifest references blob "
                              + blob.digest()
                              + " which repository "
                              + repository
                              + " does not have; push the blob before the manifest"));
      if (found.size() != blob.size()) {
        throw new RegistryException(
            ErrorCode.MANIFEST_INVALID,
            "manifest says blob "
                + blob.digest()
                + " has "
                + blob.size()
                + " bytes, but it has "
                + found.size()
                + "; fix the descriptor's size");
      }
    }
    for (Descriptor child : manifest.manifests()) {
      Optional<ManifestRecord> stored = store.findManifest(h, repository, child.digest());
      if (stored.isPresent() && stored.get().size() != child.size()) {
        throw new RegistryException(
            ErrorCode.MANIFEST_INVALID,
            "index says manifest "
                + child.digest()
                + " has "
                + child.size()
                + " bytes, but it has "
                + stored.get().size()
                + "; fix the descriptor's size");
      }
      if (stored.isEmpty()) {
        throw new RegistryException(
            ErrorCode.INDEX_CHILD_UNKNOWN,
            "index references manifest "
                + child.digest()
                + " which repository "
                + repository
                + " does not have; push the child manifests before the index");
      }
    }
  }

  private static Digest digestOf(Reference reference, byte[] body) {
    if (reference instanceof Reference.ByDigest byDigest) {
      Digest expected = byDigest.digest();
      Digest actual = Digest.of(expected.algorithm(), body);
      if (!actual.equals(expected)) {
        throw new RegistryException(
            ErrorCode.DIGEST_INVALID,
            "manifest has digest " + actual + ", not " + expected + " as given in the URL");
      }
      return actual;
    }
    return Digest.of(DigestAlgorithm.SHA256, body);
  }

  private static Optional<String> annotationsJson(Manifest manifest) {
    if (manifest.annotations().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.writeValueAsString(manifest.annotations()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("annotations of strings failed to serialise", e);
    }
  }

  /** Returns the error for a manifest over the limit; {@code size} is -1 when not known. */
  RegistryException tooLarge(long size) {
    String actual = size < 0 ? "more than " + maxBytes + " bytes" : size + " bytes";
    return new RegistryException(
        ErrorCode.MANIFEST_TOO_LARGE,
        "manifest is "
            + actual
            + ", over the limit of "
            + maxBytes
            + " bytes; move large content into blobs");
  }

  private static RegistryException unknown(RepositoryName repository, Reference reference) {
    String what = reference instanceof Reference.ByTag ? "tag " : "manifest ";
    return new RegistryException(
        ErrorCode.MANIFEST_UNKNOWN,
        what + reference + " not found in repository " + repository);
  }
}
