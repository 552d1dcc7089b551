package dev.berth.hub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.Manifest;
import dev.berth.oci.ManifestParser;
import dev.berth.oci.Platform;
import dev.berth.oci.RepositoryName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works out what a pushed manifest contains: its images with their platforms and compressed sizes.
 * An image manifest's platform comes from its config blob, read whole only when it is an image
 * config or another JSON config (media type ending in {@code +json}, such as a Wasm config) of at
 * most {@value #MAX_CONFIG_BYTES} bytes. A config without string {@code os} and {@code
 * architecture} fields, or an unreadable one, gives an image without a platform. An index lists its children with the platform of their descriptor,
 * leaving out the attestation manifests that BuildKit adds. Summaries are stored as JSON in {@code
 * hub_manifests.images}. Thread-safe.
 */
final class ImageSummaries {

  /** The largest config blob read for its platform; real image configs are a few KiB. */
  static final int MAX_CONFIG_BYTES = 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ImageSummaries.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Set<String> IMAGE_CONFIGS =
      Set.of(
          "application/vnd.oci.image.config.v1+json",
          "application/vnd.docker.container.image.v1+json");

  /** BuildKit marks provenance and SBOM manifests in an index with this annotation. */
  private static final String REFERENCE_TYPE = "vnd.docker.reference.type";

  private final Hub.LateRegistry registry;
  private final HubStore store;
  private final ManifestParser parser = new ManifestParser();

  ImageSummaries(Hub.LateRegistry registry, HubStore store) {
    this.registry = registry;
    this.store = store;
  }

  /**
   * A manifest's summary.
   *
   * @param fullSize config plus layers of an image; for an index, the sum over its images
   * @param images one image, or one per platform of an index
   */
  record Summary(long fullSize, List<ImageInfo> images) {}

  /** The stored form of one image; null stands for an absent platform field. */
  record StoredImage(
      String digest,
      long size,
      @Nullable String os,
      @Nullable String architecture,
      @Nullable String variant,
      @Nullable String osVersion) {}

  /** Summarises manifest {@code digest} of {@code repository} and stores the result. */
  void record(Handle handle, RepositoryName repository, Digest digest, String mediaType) {
    byte[] content =
        registry
            .get()
            .manifestContent(handle, repository, digest)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "manifest " + digest + " of " + repository + " vanished during its push"));
    Manifest manifest = parser.parse(content, Optional.of(mediaType));
    Summary summary =
        manifest.isIndex()
            ? ofIndex(handle, repository, manifest)
            : ofImage(handle, repository, digest, manifest);
    store.insertSummary(handle, repository, digest, summary.fullSize(), write(summary.images()));
  }

  private Summary ofImage(
      Handle handle, RepositoryName repository, Digest digest, Manifest manifest) {
    long size = manifest.blobs().stream().mapToLong(Descriptor::size).sum();
    Optional<Platform> platform =
        manifest.config().flatMap(config -> platformOf(handle, repository, config));
    return new Summary(size, List.of(image(digest, size, platform)));
  }

  private Summary ofIndex(Handle handle, RepositoryName repository, Manifest index) {
    List<ImageInfo> images = new ArrayList<>();
    long total = 0;
    for (Descriptor child : index.manifests()) {
      if (child.annotations().containsKey(REFERENCE_TYPE)) {
        continue;
      }
      Optional<Summary> stored = read(handle, repository, child.digest());
      long size = stored.map(Summary::fullSize).orElse(child.size());
      total += size;
      if (child.platform().isPresent()) {
        images.add(image(child.digest(), size, child.platform()));
      } else if (stored.isPresent()) {
        images.addAll(stored.get().images());
      } else {
        images.add(image(child.digest(), size, Optional.empty()));
      }
    }
    return new Summary(total, images);
  }

  /** Returns the stored summary of a manifest, when there is one. */
  Optional<Summary> read(Handle handle, RepositoryName repository, Digest digest) {
    return store
        .findSummary(handle, repository, digest)
        .map(row -> new Summary(row.getKey(), parse(row.getValue())));
  }

  private Optional<Platform> platformOf(
      Handle handle, RepositoryName repository, Descriptor config) {
    boolean imageConfig = IMAGE_CONFIGS.contains(config.mediaType());
    // Artifact configs such as application/vnd.wasm.config.v0+json may carry a platform too.
    boolean jsonConfig = config.mediaType().endsWith("+json");
    if (!(imageConfig || jsonConfig) || config.size() > MAX_CONFIG_BYTES) {
      return Optional.empty();
    }
    try {
      Optional<byte[]> bytes =
          registry.get().readSmallBlob(handle, repository, config.digest(), MAX_CONFIG_BYTES);
      if (bytes.isEmpty()) {
        return Optional.empty();
      }
      JsonNode root = JSON.readTree(bytes.get());
      boolean stringFields = root.path("os").isTextual() && root.path("architecture").isTextual();
      if (!imageConfig && !stringFields) {
        return Optional.empty();
      }
      String os = root.path("os").asText("");
      String architecture = root.path("architecture").asText("");
      if (os.isEmpty() || architecture.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new Platform(os, architecture, text(root, "variant"), text(root, "os.version")));
    } catch (IOException e) {
      // The push is valid without a platform; the tag then shows an image without one.
      // A client may push any bytes as a config, so this is news for the pusher, not the operator.
      LOG.atInfo()
          .addKeyValue("repository", repository)
          .addKeyValue("digest", config.digest())
          .addKeyValue("reason", e.getMessage())
          .log("image config is not JSON with a platform; the tag shows no platform");
      return Optional.empty();
    }
  }

  private static Optional<String> text(JsonNode root, String field) {
    String value = root.path(field).asText("");
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static ImageInfo image(Digest digest, long size, Optional<Platform> platform) {
    return new ImageInfo(
        digest,
        size,
        platform.map(Platform::os),
        platform.map(Platform::architecture),
        platform.flatMap(Platform::variant),
        platform.flatMap(Platform::osVersion));
  }

  static String write(List<ImageInfo> images) {
    List<StoredImage> stored =
        images.stream()
            .map(
                i ->
                    new StoredImage(
                        i.digest().toString(),
                        i.size(),
                        i.os().orElse(null),
                        i.architecture().orElse(null),
                        i.variant().orElse(null),
                        i.osVersion().orElse(null)))
            .toList();
    try {
      return JSON.writeValueAsString(stored);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("image summaries of strings and numbers always serialise", e);
    }
  }

  static List<ImageInfo> parse(String json) {
    try {
      StoredImage[] stored = JSON.readValue(json, StoredImage[].class);
      List<ImageInfo> images = new ArrayList<>(stored.length);
      for (StoredImage s : stored) {
        images.add(
            new ImageInfo(
                Digest.parse(s.digest()),
                s.size(),
                Optional.ofNullable(s.os()),
                Optional.ofNullable(s.architecture()),
                Optional.ofNullable(s.variant()),
                Optional.ofNullable(s.osVersion())));
      }
      return images;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("stored image summary is not valid JSON: " + json, e);
    }
  }

  /** Returns the summary of a manifest whose summary was never stored: just the manifest. */
  static Summary fallback(Digest digest, long manifestSize) {
    return new Summary(manifestSize, List.of(image(digest, manifestSize, Optional.empty())));
  }
}
