package dev.berth.bench;

import dev.berth.oci.Digest;

/**
 * An image a benchmark pushed: one layer, one config and the manifest that names them.
 *
 * @param repository the repository name, such as {@code bench/pull-1mb}
 * @param tag the tag the manifest was pushed under
 * @param manifestDigest the digest of the manifest bytes
 * @param configDigest the digest of the config blob
 * @param layer the layer blob
 * @param bytes the layer, config and manifest bytes together
 */
record PushedImage(
    String repository,
    String tag,
    Digest manifestDigest,
    Digest configDigest,
    GeneratedBlob layer,
    long bytes) {}
