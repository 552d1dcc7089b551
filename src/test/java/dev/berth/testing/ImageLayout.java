package dev.berth.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An OCI image layout on disk with one tagged root: an image manifest, an artifact manifest or an
 * image index.
 *
 * @param dir the layout directory, containing {@code oci-layout}, {@code index.json} and {@code
 *     blobs/}
 * @param tag the ref name of the root in {@code index.json}
 * @param mediaType the root's media type
 * @param digest the root's digest, {@code sha256:<hex>}
 */
public record ImageLayout(Path dir, String tag, String mediaType, String digest) {

  /**
   * Reads the layout in {@code dir}, such as one a client wrote, and finds the manifest that {@code
   * index.json} lists under the ref name {@code tag}.
   *
   * @throws UncheckedIOException when {@code index.json} cannot be read
   * @throws IllegalArgumentException when no manifest has that ref name
   */
  public static ImageLayout read(Path dir, String tag) {
    JsonNode index;
    try {
      index = OciLayoutWriter.JSON.readTree(Files.readAllBytes(dir.resolve("index.json")));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + dir.resolve("index.json"), e);
    }
    for (JsonNode entry : index.path("manifests")) {
      if (tag.equals(entry.at("/annotations/org.opencontainers.image.ref.name").asText())) {
        return new ImageLayout(
            dir, tag, entry.path("mediaType").asText(), entry.path("digest").asText());
      }
    }
    throw new IllegalArgumentException(
        "no manifest with ref name '" + tag + "' in " + dir.resolve("index.json") + ": " + index);
  }

  /** Returns the reference that skopeo and podman use for the root, {@code oci:DIR:TAG}. */
  public String ociReference() {
    return "oci:" + dir + ":" + tag;
  }

  /** Returns the path of the blob with {@code blobDigest}, whether or not the file exists. */
  public Path blob(String blobDigest) {
    if (!blobDigest.startsWith("sha256:")) {
      throw new IllegalArgumentException("digest '" + blobDigest + "' is not a sha256 digest");
    }
    return dir.resolve("blobs").resolve("sha256").resolve(blobDigest.substring(7));
  }

  /** Parses the JSON blob with {@code blobDigest}, such as a manifest or a config. */
  public JsonNode json(String blobDigest) {
    try {
      return OciLayoutWriter.JSON.readTree(Files.readAllBytes(blob(blobDigest)));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read blob " + blobDigest + " in " + dir, e);
    }
  }

  /** Parses the root manifest or index. */
  public JsonNode root() {
    return json(digest);
  }
}
