package dev.berth.oci;

import java.util.Set;

/** Media types of manifests and well-known blobs in the Docker and OCI specifications. */
public final class MediaTypes {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
  public static final String DOCKER_SCHEMA1_SIGNED =
      "application/vnd.docker.distribution.manifest.v1+prettyjws";
  public static final String DOCKER_FOREIGN_LAYER =
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
  public static final String OCI_NONDISTRIBUTABLE_PREFIX =
      "application/vnd.oci.image.layer.nondistributable.";

  /** The empty JSON object {@code {}} that OCI artifacts use as a placeholder config. */
  public static final Digest EMPTY_JSON_DIGEST =
      Digest.parse("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");

  /** The bytes that {@link #EMPTY_JSON_DIGEST} is the digest of. */
  public static byte[] emptyJson() {
    return new byte[] {'{', '}'};
  }

  /** Media types of single-image manifests. */
  public static final Set<String> IMAGE_MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);

  /** Media types of manifests that list other manifests. */
  public static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);

  /** Returns the media type without parameters such as {@code ; charset=utf-8}, lower-cased. */
  public static String withoutParameters(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(java.util.Locale.ROOT);
  }

  /** Returns whether a layer of this media type may live outside the registry (foreign layers). */
  public static boolean isNonDistributable(String mediaType) {
    return mediaType.equals(DOCKER_FOREIGN_LAYER) || mediaType.startsWith(OCI_NONDISTRIBUTABLE_PREFIX);
  }

  private MediaTypes() {}
}
