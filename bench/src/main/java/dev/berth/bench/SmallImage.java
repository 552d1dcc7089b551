package dev.berth.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small image held in memory: three random layers of 10–100 KiB, a config and an OCI image
 * manifest that lists them. Small enough to hold whole; the big blobs stream instead.
 */
record SmallImage(List<byte[]> layers, byte[] config, byte[] manifest) {

  static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
  private static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
  private static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar";
  private static final int MIN_LAYER_BYTES = 10 * 1024;
  private static final int MAX_LAYER_BYTES = 100 * 1024;

  /** Builds the image of {@code seed}; different seeds give different layers and digests. */
  static SmallImage create(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> layers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      byte[] layer = new byte[random.nextInt(MIN_LAYER_BYTES, MAX_LAYER_BYTES + 1)];
      random.nextBytes(layer);
      layers.add(layer);
    }
    return withLayers(layers);
  }

  /** Builds an image over {@code layers} with a config that names their digests. */
  static SmallImage withLayers(List<byte[]> layers) {
    StringBuilder diffIds = new StringBuilder();
    StringBuilder layerDescriptors = new StringBuilder();
    for (byte[] layer : layers) {
      if (!diffIds.isEmpty()) {
        diffIds.append(',');
        layerDescriptors.append(',');
      }
      diffIds.append('"').append(digest(layer)).append('"');
      layerDescriptors.append(descriptor(LAYER_TYPE, layer));
    }
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":["
                + diffIds
                + "]}}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MANIFEST_TYPE
                + "\",\"config\":"
                + descriptor(CONFIG_TYPE, config)
                + ",\"layers\":["
                + layerDescriptors
                + "]}")
            .getBytes(StandardCharsets.UTF_8);
    return new SmallImage(List.copyOf(layers), config, manifest);
  }

  String manifestDigest() {
    return digest(manifest);
  }

  static String digest(byte[] content) {
    MessageDigest sha256 = GeneratedBlob.sha256();
    return "sha256:" + GeneratedBlob.hex(sha256.digest(content));
  }

  private static String descriptor(String mediaType, byte[] content) {
    return "{\"mediaType\":\""
        + mediaType
        + "\",\"digest\":\""
        + digest(content)
        + "\",\"size\":"
        + content.length
        + "}";
  }
}
