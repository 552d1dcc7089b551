package dev.berth.hub;

import dev.berth.oci.Digest;
import dev.berth.oci.Tag;
import java.util.Optional;

/**
 * A tag joined with its manifest and the hub's records of it. Times are milliseconds since the Unix
 * epoch.
 *
 * @param manifestSize the manifest's own size, used when no summary is stored
 * @param fullSize the summary's full size, empty for manifests pushed before the hub summarised
 * @param imagesJson the summary's images, as stored
 */
record TagRow(
    Tag name,
    Digest digest,
    String mediaType,
    Optional<String> artifactType,
    long manifestSize,
    Optional<Long> fullSize,
    Optional<String> imagesJson,
    long pushedAt,
    Optional<String> pusher,
    Optional<Long> lastPulledAt) {}
