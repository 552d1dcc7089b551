package dev.berth.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes one OCI image layout directory: the {@code oci-layout} marker, content-addressed blobs
 * under {@code blobs/sha256/} and an {@code index.json} that names the tagged manifests.
 *
 * <p>Every byte written is a function of the calls made: JSON keeps insertion order, tar entries
 * get {@link #MTIME}, uid and gid 0 and no user or group names, and the gzip header carries no
 * time, file name or OS. Not thread-safe.
 */
final class OciLayoutWriter {

  /** The modification time of every tar entry and the creation time in every config. */
  static final Instant MTIME = Instant.parse("2025-01-01T00:00:00Z");

  static final ObjectMapper JSON = new ObjectMapper();

  private static final int GZIP_OS_UNKNOWN = 255;

  private final Path dir;
  private final ArrayNode indexManifests = JSON.createArrayNode();

  private OciLayoutWriter(Path dir) {
    this.dir = dir;
  }

  /** Creates {@code dir}, which must not exist yet, with an empty blob store. */
  static OciLayoutWriter create(Path dir) throws IOException {
    Files.createDirectories(dir.getParent());
    Files.createDirectory(dir);
    Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    return new OciLayoutWriter(dir);
  }

  /** Serialises {@code value} compactly and stores it as a blob of {@code mediaType}. */
  Descriptor writeJson(String mediaType, ObjectNode value) throws IOException {
    return writeBytes(mediaType, JSON.writeValueAsBytes(value));
  }

  /** Stores {@code bytes} as a blob of {@code mediaType}. */
  Descriptor writeBytes(String mediaType, byte[] bytes) throws IOException {
    String digest = "sha256:" + HexFormat.of().formatHex(sha256().digest(bytes));
    Path target = blobPath(digest);
    if (!Files.exists(target)) {
      Files.write(target, bytes);
    }
    return new Descriptor(mediaType, digest, bytes.length);
  }

  /**
   * Streams a gzip-compressed tar layer into the blob store without holding it in memory.
   *
   * @param compressionLevel a {@link java.util.zip.Deflater} level. Incompressible content is
   *     written fastest with {@link java.util.zip.Deflater#BEST_SPEED}
   * @param content writes the tar entries, in the order they should appear
   * @return the layer's descriptor and its diff ID (the digest of the uncompressed tar)
   */
  Layer writeGzipLayer(int compressionLevel, TarContent content) throws IOException {
    Path partial = Files.createTempFile(dir, "layer-", ".partial");
    MessageDigest compressedHash = sha256();
    MessageDigest tarHash = sha256();
    GzipParameters gzip = new GzipParameters();
    gzip.setCompressionLevel(compressionLevel);
    gzip.setModificationTime(0);
    gzip.setOperatingSystem(GZIP_OS_UNKNOWN);

    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 20);
        OutputStream compressed = new DigestOutputStream(file, compressedHash);
        OutputStream gzipped = new GzipCompressorOutputStream(compressed, gzip);
        OutputStream tarBytes = new DigestOutputStream(gzipped, tarHash);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      content.writeTo(tar);
      tar.finish();
    }

    String digest = "sha256:" + HexFormat.of().formatHex(compressedHash.digest());
    String diffId = "sha256:" + HexFormat.of().formatHex(tarHash.digest());
    long size = Files.size(partial);
    Files.move(partial, blobPath(digest), StandardCopyOption.REPLACE_EXISTING);
    return new Layer(
        new Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", digest, size), diffId);
  }

  /** Lists {@code manifest} in {@code index.json} under the ref name {@code tag}. */
  void tag(String tag, Descriptor manifest) {
    ObjectNode entry = manifest.toJson();
    entry.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
    indexManifests.add(entry);
  }

  /** Writes {@code index.json}. Call it once, after the last {@link #tag}. */
  void finish() throws IOException {
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", "application/vnd.oci.image.index.v1+json");
    index.set("manifests", indexManifests);
    Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
  }

  private Path blobPath(String digest) {
    return dir.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  /**
   * A blob reference as it appears in manifests and indexes.
   *
   * @param mediaType the blob's media type
   * @param digest the blob's digest, {@code sha256:<hex>}
   * @param size the blob's length in bytes
   */
  record Descriptor(String mediaType, String digest, long size) {

    ObjectNode toJson() {
      ObjectNode node = JSON.createObjectNode();
      node.put("mediaType", mediaType);
      node.put("digest", digest);
      node.put("size", size);
      return node;
    }
  }

  /** Writes the entries of one layer. */
  @FunctionalInterface
  interface TarContent {
    void writeTo(TarArchiveOutputStream tar) throws IOException;
  }

  /**
   * A layer blob as written.
   *
   * @param descriptor the compressed blob
   * @param diffId the digest of the uncompressed tar, as listed in the config's {@code rootfs}
   */
  record Layer(Descriptor descriptor, String diffId) {}

  // Tar entry helpers: fixed time, root ownership, no user or group names (the single-argument
  // TarArchiveEntry constructor would record the current user's name).

  static void addDirectory(TarArchiveOutputStream tar, String name, int mode) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
    entry.setMode((TarArchiveEntry.DEFAULT_DIR_MODE & ~0777) | mode);
    putEmptyEntry(tar, entry);
  }

  static void addSymlink(TarArchiveOutputStream tar, String name, String target)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
    entry.setLinkName(target);
    entry.setMode(0120777);
    putEmptyEntry(tar, entry);
  }

  static void addFile(TarArchiveOutputStream tar, String name, int mode, byte[] content)
      throws IOException {
    startFile(tar, name, mode, content.length);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  static void addFile(TarArchiveOutputStream tar, String name, int mode, Path source)
      throws IOException {
    startFile(tar, name, mode, Files.size(source));
    Files.copy(source, tar);
    tar.closeArchiveEntry();
  }

  /** Starts a regular-file entry of {@code size} bytes; the caller writes them and closes it. */
  static void startFile(TarArchiveOutputStream tar, String name, int mode, long size)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setMode((TarArchiveEntry.DEFAULT_FILE_MODE & ~0777) | mode);
    entry.setSize(size);
    normalize(entry);
    tar.putArchiveEntry(entry);
  }

  private static void putEmptyEntry(TarArchiveOutputStream tar, TarArchiveEntry entry)
      throws IOException {
    normalize(entry);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  private static void normalize(TarArchiveEntry entry) {
    entry.setModTime(FileTime.from(MTIME));
    entry.setIds(0, 0);
    entry.setUserName("");
    entry.setGroupName("");
  }
}
