package dev.berth.oci;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed image manifest or index. The registry keeps and serves the original bytes; this record
 * only carries what it needs to check references, answer referrers queries and describe images.
 *
 * @param mediaType the manifest's media type, one of {@link MediaTypes#IMAGE_MANIFESTS} or {@link
 *     MediaTypes#INDEXES}
 * @param config the config blob of an image manifest; empty for an index
 * @param layers the layer blobs of an image manifest; empty for an index
 * @param manifests the child manifests of an index; empty for an image manifest
 * @param subject the manifest this one refers to (signatures, SBOMs and other referrers)
 * @param artifactType the {@code artifactType} field, when present
 * @param annotations the manifest's annotations
 */
public record Manifest(
    String mediaType,
    Optional<Descriptor> config,
    List<Descriptor> layers,
    List<Descriptor> manifests,
    Optional<Descriptor> subject,
    Optional<String> artifactType,
    Map<String, String> annotations) {

  public Manifest {
    layers = List.copyOf(layers);
    manifests = List.copyOf(manifests);
    annotations = Map.copyOf(annotations);
  }

  public boolean isIndex() {
    return MediaTypes.INDEXES.contains(mediaType);
  }

  /**
   * Returns the artifact type that the referrers API reports: the {@code artifactType} field, or
   * else the config media type of an image manifest.
   */
  public Optional<String> effectiveArtifactType() {
    if (artifactType.isPresent()) {
      return artifactType;
    }
    return config.map(Descriptor::mediaType);
  }

  /** Returns every blob this manifest needs in the repository: config first, then layers. */
  public List<Descriptor> blobs() {
    if (config.isEmpty()) {
      return layers;
    }
    var all = new java.util.ArrayList<Descriptor>(layers.size() + 1);
    all.add(config.get());
    all.addAll(layers);
    return all;
  }
}
