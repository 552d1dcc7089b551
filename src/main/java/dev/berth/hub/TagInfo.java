package dev.berth.hub;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A tag as the hub shows it.
 *
 * @param repository the repository the tag is in
 * @param name the tag
 * @param digest the digest of the manifest it points at
 * @param mediaType that manifest's media type
 * @param artifactType the artifact type, for OCI artifacts and images with a non-image config
 * @param fullSize the compressed size of the image, or for an index the sum over its images
 * @param images the images: one for an image manifest, one per platform for an index
 * @param lastPushed when the tag last moved
 * @param pusher who moved it last; empty for anonymous pushes, when authentication is off, and for
 *     tags pushed before the hub recorded pushers
 * @param lastPulled when the tag was last pulled by name; empty when never
 */
public record TagInfo(
    RepositoryName repository,
    Tag name,
    Digest digest,
    String mediaType,
    Optional<String> artifactType,
    long fullSize,
    List<ImageInfo> images,
    Instant lastPushed,
    Optional<String> pusher,
    Optional<Instant> lastPulled) {

  public TagInfo {
    images = List.copyOf(images);
  }
}
