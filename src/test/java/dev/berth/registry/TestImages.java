package dev.berth.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds manifests and indexes of every kind Berth accepts, as the bytes a client would PUT. */
final class TestImages {

  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
  static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
  static final String EMPTY_JSON_DIGEST =
      "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A descriptor: what a manifest declares about content it points at. */
  record Ref(String mediaType, Digest digest, long size) {
    static Ref of(String mediaType, byte[] content) {
      return new Ref(mediaType, Digest.sha256(content), content.length);
    }
  }

  /** The image manifest of {@code manifestType} with {@code config} and {@code layers}. */
  static byte[] image(String manifestType, Ref config, List<Ref> layers) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", manifestType);
    root.set("config", descriptor(config));
    ArrayNode layerArray = root.putArray("layers");
    layers.forEach(layer -> layerArray.add(descriptor(layer)));
    return bytes(root);
  }

  /** The index of {@code indexType} listing {@code manifests} as linux/amd64, linux/arm64, … */
  static byte[] index(String indexType, List<Ref> manifests) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", indexType);
    ArrayNode entries = root.putArray("manifests");
    String[] architectures = {"amd64", "arm64", "ppc64le", "s390x"};
    for (int i = 0; i < manifests.size(); i++) {
      ObjectNode entry = descriptor(manifests.get(i));
      ObjectNode platform = entry.putObject("platform");
      platform.put("os", "linux");
      platform.put("architecture", architectures[i % architectures.length]);
      entries.add(entry);
    }
    return bytes(root);
  }

  /**
   * An OCI 1.1 artifact: an image manifest with {@code artifactType}, the empty descriptor as
   * config, {@code layers}, an optional {@code subject} and annotations.
   */
  static byte[] artifact(
      String artifactType, List<Ref> layers, Optional<Ref> subject, Map<String, String> annotations) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", OCI_MANIFEST);
    root.put("artifactType", artifactType);
    root.set("config", emptyDescriptor());
    ArrayNode layerArray = root.putArray("layers");
    layers.forEach(layer -> layerArray.add(descriptor(layer)));
    subject.ifPresent(s -> root.set("subject", descriptor(s)));
    if (!annotations.isEmpty()) {
      ObjectNode target = root.putObject("annotations");
      annotations.forEach(target::put);
    }
    return bytes(root);
  }

  /** The OCI empty descriptor: {@code {}} of media type {@code application/vnd.oci.empty.v1+json}. */
  static ObjectNode emptyDescriptor() {
    ObjectNode node = JSON.createObjectNode();
    node.put("mediaType", OCI_EMPTY);
    node.put("digest", EMPTY_JSON_DIGEST);
    node.put("size", 2);
    return node;
  }

  static ObjectNode descriptor(Ref ref) {
    ObjectNode node = JSON.createObjectNode();
    node.put("mediaType", ref.mediaType());
    node.put("digest", ref.digest().toString());
    node.put("size", ref.size());
    return node;
  }

  /** Returns distinct bytes for a config or layer, so each test pushes its own content. */
  static byte[] content(String label) {
    return ("berth test content: " + label).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("test manifest failed to serialise", e);
    }
  }

  private TestImages() {}
}
