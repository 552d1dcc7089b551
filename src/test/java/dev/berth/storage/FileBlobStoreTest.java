package dev.berth.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest extends BlobStoreContract {

  @TempDir Path root;

  @Override
  protected BlobStore openStore() throws IOException {
    return new FileBlobStore(root);
  }

  @Override
  protected Set<String> listCommittedKeys() throws IOException {
    return listFiles(root.resolve("blobs"));
  }

  /** Lists every file and directory under uploads/, because an empty upload directory is litter. */
  @Override
  protected Set<String> listUploadStaging() throws IOException {
    Path uploads = root.resolve("uploads");
    try (Stream<Path> entries = Files.walk(uploads)) {
      return entries
          .filter(path -> !path.equals(uploads))
          .map(path -> uploads.relativize(path).toString())
          .collect(Collectors.toSet());
    }
  }

  /** Returns the paths of regular files under {@code dir}, relative to it, with '/' separators. */
  private static Set<String> listFiles(Path dir) throws IOException {
    try (Stream<Path> entries = Files.walk(dir)) {
      return entries
          .filter(Files::isRegularFile)
          .map(path -> dir.relativize(path).toString().replace('\\', '/'))
          .collect(Collectors.toSet());
    }
  }
}
