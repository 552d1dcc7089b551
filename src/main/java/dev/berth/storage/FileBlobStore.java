package dev.berth.storage;

import dev.berth.oci.Digest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Keeps blobs as files under a root directory, in the layout drawn in {@code package-info.java}.
 * Commits write the staged file's data to disk, then rename it into place, so a blob appears
 * whole or not at all.
 */
public final class FileBlobStore implements BlobStore {

  private static final Pattern UPLOAD_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Pattern KEY =
      Pattern.compile("(sha256|sha512)/[0-9a-f]{2}/[0-9a-f]{64,128}/[0-9a-f]{16}");

  /** Attempts at renaming a staged file whose target directory a concurrent delete removed. */
  private static final int MAX_MOVE_ATTEMPTS = 10;

  private final Path blobsRoot;
  private final Path uploadsRoot;
  private final SecureRandom random = new SecureRandom();
  private final Writeback writeback;

  /** Creates a store under {@code root}, creating the directories it needs. */
  public FileBlobStore(Path root) throws IOException {
    this(root, new Writeback());
  }

  FileBlobStore(Path root, Writeback writeback) throws IOException {
    this.blobsRoot = Files.createDirectories(root.resolve("blobs"));
    this.uploadsRoot = Files.createDirectories(root.resolve("uploads"));
    this.writeback = writeback;
  }

  @Override
  public BlobWriter create(String uploadId) throws IOException {
    Path dir = uploadDir(uploadId);
    Files.createDirectories(dir);
    Path data = dir.resolve("data");
    FileChannel channel =
        FileChannel.open(data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new FileBlobWriter(this, writeback, uploadId, data, channel);
  }

  @Override
  public BlobWriter resume(String uploadId) throws IOException {
    Path data = uploadDir(uploadId).resolve("data");
    try {
      FileChannel channel = FileChannel.open(data, StandardOpenOption.WRITE);
      return new FileBlobWriter(this, writeback, uploadId, data, channel);
    } catch (NoSuchFileException e) {
      throw new UploadNotFoundException(uploadId);
    }
  }

  @Override
  public ReadableByteChannel open(String key, long offset) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(keyPath(key), StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(key);
    }
    try {
      channel.position(offset);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return channel;
  }

  @Override
  public long size(String key) throws IOException {
    try {
      return Files.size(keyPath(key));
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(key);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    Path path = keyPath(key);
    Files.deleteIfExists(path);
    deleteIfEmpty(path.getParent());
  }

  @Override
  public void deleteUpload(String uploadId) throws IOException {
    Path dir = uploadDir(uploadId);
    writeback.forget(uploadId);
    Files.deleteIfExists(dir.resolve("data"));
    Files.deleteIfExists(dir.resolve(Writeback.FAILED_MARKER));
    Files.deleteIfExists(dir);
  }

  @Override
  public void close() {
    writeback.close();
  }

  /** Moves a fully written staging file to a new key; called by {@link FileBlobWriter#commit}. */
  StoredBlob commitFile(String uploadId, Path staged, Digest digest) throws IOException {
    String nonce = HexFormat.of().formatHex(nextNonce());
    String hex = digest.hex();
    String key = digest.algorithm().wireName() + "/" + hex.substring(0, 2) + "/" + hex + "/" + nonce;
    Path target = keyPath(key);

    long size = Files.size(staged);
    moveIntoPlace(staged, target);
    for (Path dir = target.getParent(); !dir.equals(blobsRoot); dir = dir.getParent()) {
      // The key's directories may be new, and a new directory's entry in its parent is only
      // durable once the parent is synced too.
      syncDirectory(dir);
    }
    syncDirectory(blobsRoot);
    deleteUpload(uploadId);
    return new StoredBlob(key, size);
  }

  /**
   * Renames {@code staged} to {@code target}, creating the target's directory. A concurrent
   * {@link #delete} of another key of the same digest removes that directory once it is empty, so
   * the directory can vanish while it is being created or before the rename. Both steps are then
   * retried, a bounded number of times.
   */
  private static void moveIntoPlace(Path staged, Path target) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        // createDirectories throws FileAlreadyExistsException when the directory it found
        // existing is gone by the time it checks that it is a directory.
        Files.createDirectories(target.getParent());
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        return;
      } catch (NoSuchFileException | FileAlreadyExistsException e) {
        if (attempt == MAX_MOVE_ATTEMPTS || !Files.exists(staged)) {
          throw e;
        }
      }
    }
  }

  private byte[] nextNonce() {
    byte[] nonce = new byte[8];
    random.nextBytes(nonce);
    return nonce;
  }

  private Path uploadDir(String uploadId) {
    if (!UPLOAD_ID.matcher(uploadId).matches()) {
      throw new IllegalArgumentException("upload id '" + uploadId + "' is not a safe path segment");
    }
    return uploadsRoot.resolve(uploadId);
  }

  private Path keyPath(String key) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("storage key '" + key + "' is not a filesystem blob key");
    }
    return blobsRoot.resolve(key);
  }

  private void deleteIfEmpty(Path dir) throws IOException {
    try (var entries = Files.list(dir)) {
      if (entries.findAny().isEmpty()) {
        Files.deleteIfExists(dir);
      }
    } catch (NoSuchFileException | java.nio.file.DirectoryNotEmptyException e) {
      // Another writer created or removed the directory meanwhile; either outcome is fine.
    }
  }

  /** Flushes a directory entry to disk so that a rename survives power loss. */
  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
