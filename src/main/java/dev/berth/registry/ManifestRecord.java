package dev.berth.registry;

import dev.berth.oci.Digest;
import java.util.Optional;

/**
 * A manifest as stored: its exact bytes and what the referrers API reports about it.
 *
 * @param digest the digest of {@code content}
 * @param mediaType the manifest's media type, sent back as Content-Type
 * @param artifactType the artifact type the referrers API reports
 * @param annotationsJson the manifest's annotations as a JSON object, when it has any
 * @param content the bytes exactly as pushed
 */
record ManifestRecord(
    Digest digest,
    String mediaType,
    Optional<String> artifactType,
    Optional<String> annotationsJson,
    byte[] content) {

  long size() {
    return content.length;
  }
}
