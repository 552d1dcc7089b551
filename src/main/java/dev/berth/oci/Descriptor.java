package dev.berth.oci;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A content descriptor: what a manifest says about a blob or another manifest it points at.
 *
 * @param mediaType the media type of the referenced content
 * @param digest the digest of the referenced content
 * @param size the size in bytes of the referenced content
 * @param urls locations outside the registry, used only by non-distributable layers
 * @param artifactType the artifact type, set on index entries of OCI 1.1 artifacts
 * @param platform the platform, set on index entries
 * @param annotations arbitrary string metadata
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    List<String> urls,
    Optional<String> artifactType,
    Optional<Platform> platform,
    Map<String, String> annotations) {

  public Descriptor {
    if (size < 0) {
      throw new OciFormatException(
          OciFormatException.Kind.MANIFEST,
          "descriptor of " + digest + " has negative size " + size);
    }
    urls = List.copyOf(urls);
    annotations = Map.copyOf(annotations);
  }
}
