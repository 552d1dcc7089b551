package dev.berth.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.testing.OciLayoutWriter.Descriptor;
import dev.berth.testing.OciLayoutWriter.Layer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds the OCI image layouts that interop tests push, offline and byte for byte the same on every
 * run.
 *
 * <p>Layouts are built on first use into {@code target/interop-images/NAME} and reused by every
 * test in the same JVM; the first use in a JVM deletes what an earlier run left there. The methods
 * are thread-safe.
 *
 * <ul>
 *   <li>{@link #busybox()}: a linux/amd64 image with one gzip layer holding the host's
 *       busybox-static binary, applet symlinks such as {@code /bin/sh}, and {@code Cmd ["sh"]}.
 *   <li>{@link #multiarch()}: an image index with linux/amd64 and linux/arm64 images. Both use the
 *       busybox layer (an amd64 binary); only the config's architecture differs.
 *   <li>{@link #big()}: an image whose one layer contains {@value #BIG_FILE_BYTES} bytes of
 *       incompressible data from a seeded pseudo-random generator. It is streamed to disk, never
 *       held in memory.
 *   <li>{@link #artifact()}: an OCI artifact manifest with {@code artifactType}, the empty config
 *       descriptor, one text layer and a {@code subject} that points at the busybox manifest.
 * </ul>
 */
public final class TestImages {

  /** The size of the file in the big image's layer: 100 MiB. */
  public static final long BIG_FILE_BYTES = 100L * 1024 * 1024;

  /** The {@code artifactType} of {@link #artifact()}. */
  public static final String ARTIFACT_TYPE = "application/vnd.berth.test.note.v1";

  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  private static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  private static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

  private static final List<String> BUSYBOX_APPLETS =
      List.of("cat", "echo", "env", "ls", "sh", "sleep", "true", "uname");
  private static final List<Path> BUSYBOX_CANDIDATES =
      List.of(Path.of("/usr/bin/busybox"), Path.of("/bin/busybox"));
  private static final long BIG_SEED = 0x6265727468L;

  private static final Path ROOT = Path.of("target", "interop-images").toAbsolutePath();
  private static final Map<String, ImageLayout> BUILT = new HashMap<>();
  private static boolean rootCleared;

  /** Returns the busybox image layout, tagged {@code latest}. */
  public static synchronized ImageLayout busybox() {
    return cached("busybox", TestImages::buildBusybox);
  }

  /** Returns the multi-arch image layout, an index tagged {@code latest}. */
  public static synchronized ImageLayout multiarch() {
    return cached("multiarch", TestImages::buildMultiarch);
  }

  /** Returns the big image layout, tagged {@code latest}. */
  public static synchronized ImageLayout big() {
    return cached("big", TestImages::buildBig);
  }

  /** Returns the artifact layout, tagged {@code note}, whose subject is {@link #busybox()}. */
  public static synchronized ImageLayout artifact() {
    return cached("artifact", TestImages::buildArtifact);
  }

  private interface Builder {
    ImageLayout build(Path dir) throws IOException;
  }

  private static ImageLayout cached(String name, Builder builder) {
    ImageLayout layout = BUILT.get(name);
    if (layout != null) {
      return layout;
    }
    try {
      if (!rootCleared) {
        deleteTree(ROOT);
        rootCleared = true;
      }
      layout = builder.build(ROOT.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("could not build test image " + name + " under " + ROOT, e);
    }
    BUILT.put(name, layout);
    return layout;
  }

  static ImageLayout buildBusybox(Path dir) throws IOException {
    OciLayoutWriter writer = OciLayoutWriter.create(dir);
    Layer layer = writeBusyboxLayer(writer);
    Descriptor manifest = writeImage(writer, layer, "amd64", List.of("sh"), "busybox-static");
    writer.tag("latest", manifest);
    writer.finish();
    return new ImageLayout(dir, "latest", OCI_MANIFEST, manifest.digest());
  }

  static ImageLayout buildMultiarch(Path dir) throws IOException {
    OciLayoutWriter writer = OciLayoutWriter.create(dir);
    Layer layer = writeBusyboxLayer(writer);
    ArrayNode manifests = OciLayoutWriter.JSON.createArrayNode();
    for (String architecture : List.of("amd64", "arm64")) {
      Descriptor manifest =
          writeImage(writer, layer, architecture, List.of("sh"), "busybox-static");
      ObjectNode entry = manifest.toJson();
      entry.putObject("platform").put("architecture", architecture).put("os", "linux");
      manifests.add(entry);
    }

    ObjectNode index = OciLayoutWriter.JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", OCI_INDEX);
    index.set("manifests", manifests);
    Descriptor indexDescriptor = writer.writeJson(OCI_INDEX, index);
    writer.tag("latest", indexDescriptor);
    writer.finish();
    return new ImageLayout(dir, "latest", OCI_INDEX, indexDescriptor.digest());
  }

  static ImageLayout buildBig(Path dir) throws IOException {
    OciLayoutWriter writer = OciLayoutWriter.create(dir);
    Layer layer =
        writer.writeGzipLayer(
            Deflater.BEST_SPEED,
            tar -> {
              OciLayoutWriter.addDirectory(tar, "data/", 0755);
              OciLayoutWriter.startFile(tar, "data/random.bin", 0644, BIG_FILE_BYTES);
              writeSeededRandom(tar, BIG_SEED, BIG_FILE_BYTES);
              tar.closeArchiveEntry();
            });
    Descriptor manifest =
        writeImage(writer, layer, "amd64", List.of("/bin/true"), "100 MiB of seeded random data");
    writer.tag("latest", manifest);
    writer.finish();
    return new ImageLayout(dir, "latest", OCI_MANIFEST, manifest.digest());
  }

  static ImageLayout buildArtifact(Path dir) throws IOException {
    ImageLayout subject = busybox();
    OciLayoutWriter writer = OciLayoutWriter.create(dir);
    Descriptor config = writer.writeBytes(OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
    String note = "Interop test note about " + subject.digest() + "\n";
    Descriptor layer = writer.writeBytes("text/plain", note.getBytes(StandardCharsets.UTF_8));

    ObjectNode manifest = OciLayoutWriter.JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", OCI_MANIFEST);
    manifest.put("artifactType", ARTIFACT_TYPE);
    manifest.set("config", config.toJson());
    ObjectNode layerJson = layer.toJson();
    layerJson.putObject("annotations").put("org.opencontainers.image.title", "note.txt");
    manifest.putArray("layers").add(layerJson);
    long subjectSize = Files.size(subject.blob(subject.digest()));
    manifest.set("subject", new Descriptor(OCI_MANIFEST, subject.digest(), subjectSize).toJson());
    manifest
        .putObject("annotations")
        .put("org.opencontainers.image.created", OciLayoutWriter.MTIME.toString());

    Descriptor descriptor = writer.writeJson(OCI_MANIFEST, manifest);
    writer.tag("note", descriptor);
    writer.finish();
    return new ImageLayout(dir, "note", OCI_MANIFEST, descriptor.digest());
  }

  /** Writes the busybox layer, whose bytes depend only on the host's busybox binary. */
  private static Layer writeBusyboxLayer(OciLayoutWriter writer) throws IOException {
    Path busybox = findBusybox();
    List<String> applets = BUSYBOX_APPLETS.stream().sorted().toList();
    return writer.writeGzipLayer(
        Deflater.DEFAULT_COMPRESSION,
        tar -> {
          OciLayoutWriter.addDirectory(tar, "bin/", 0755);
          OciLayoutWriter.addFile(tar, "bin/busybox", 0755, busybox);
          for (String applet : applets) {
            OciLayoutWriter.addSymlink(tar, "bin/" + applet, "busybox");
          }
          OciLayoutWriter.addDirectory(tar, "etc/", 0755);
          OciLayoutWriter.addFile(
              tar, "etc/group", 0644, "root:x:0:\n".getBytes(StandardCharsets.UTF_8));
          OciLayoutWriter.addFile(
              tar,
              "etc/passwd",
              0644,
              "root:x:0:0:root:/:/bin/sh\n".getBytes(StandardCharsets.UTF_8));
          OciLayoutWriter.addDirectory(tar, "tmp/", 01777);
        });
  }

  /** Writes a one-layer image's config and manifest and returns the manifest's descriptor. */
  private static Descriptor writeImage(
      OciLayoutWriter writer, Layer layer, String architecture, List<String> cmd, String history)
      throws IOException {
    ObjectNode config = OciLayoutWriter.JSON.createObjectNode();
    config.put("created", OciLayoutWriter.MTIME.toString());
    config.put("architecture", architecture);
    config.put("os", "linux");
    ObjectNode runtime = config.putObject("config");
    runtime.putArray("Env").add("PATH=/bin");
    ArrayNode cmdJson = runtime.putArray("Cmd");
    cmd.forEach(cmdJson::add);
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    rootfs.putArray("diff_ids").add(layer.diffId());
    config
        .putArray("history")
        .addObject()
        .put("created", OciLayoutWriter.MTIME.toString())
        .put("created_by", "berth interop test image: " + history);
    Descriptor configDescriptor = writer.writeJson(OCI_CONFIG, config);

    ObjectNode manifest = OciLayoutWriter.JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", OCI_MANIFEST);
    manifest.set("config", configDescriptor.toJson());
    manifest.putArray("layers").add(layer.descriptor().toJson());
    return writer.writeJson(OCI_MANIFEST, manifest);
  }

  private static void writeSeededRandom(TarArchiveOutputStream tar, long seed, long length)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] buffer = new byte[1 << 16];
    long remaining = length;
    while (remaining > 0) {
      random.nextBytes(buffer);
      int count = (int) Math.min(buffer.length, remaining);
      tar.write(buffer, 0, count);
      remaining -= count;
    }
  }

  private static Path findBusybox() {
    for (Path candidate : BUSYBOX_CANDIDATES) {
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "busybox not found at "
            + BUSYBOX_CANDIDATES
            + "; install the Debian package busybox-static (a static binary runs in any image)");
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private TestImages() {}
}
