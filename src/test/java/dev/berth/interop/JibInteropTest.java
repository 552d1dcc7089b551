package dev.berth.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import dev.berth.testing.ImageLayout;
import dev.berth.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives jib-core (Google's Java image builder, used by the Jib Maven and Gradle plugins) against
 * the registry under test: it reads a base image from the registry and pushes a derived image.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class JibInteropTest {

  private static final String APP_FILE_CONTENT = "built by jib-core in an interop test\n";

  @TempDir static Path workDir;

  private static Registry registry;
  private static Skopeo skopeo;

  @BeforeAll
  static void startRegistry() throws Exception {
    ClientTools.require("skopeo");
    registry = Registry.start(workDir.resolve("registry"));
    skopeo = new Skopeo(workDir.resolve("skopeo"));
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void containerize_fromRegistryBase_pushesExtraLayer() throws Exception {
    ImageLayout busybox = TestImages.busybox();
    String base = registry.hostPort() + "/jib/base:latest";
    String target = registry.hostPort() + "/jib/app:v1";
    skopeo.copy(busybox.ociReference(), "docker://" + base);
    Path appFile = Files.writeString(workDir.resolve("hello.txt"), APP_FILE_CONTENT);

    JibContainer container =
        containerize(
            Jib.from(RegistryImage.named(ImageReference.parse(base)))
                .addFileEntriesLayer(
                    FileEntriesLayer.builder()
                        .setName("app")
                        .addEntry(appFile, AbsoluteUnixPath.get("/app/hello.txt"))
                        .build())
                .setEntrypoint("cat", "/app/hello.txt"),
            target);

    assertThat(container.isImagePushed()).isTrue();
    assertThat(skopeo.manifestDigest("docker://" + target))
        .isEqualTo(container.getDigest().toString());
    JsonNode manifest = Skopeo.parse(skopeo.rawManifest("docker://" + target));
    assertThat(manifest.get("layers")).hasSize(2);
    assertThat(manifest.at("/layers/0/digest").asText())
        .isEqualTo(busybox.root().at("/layers/0/digest").asText());

    Path back = workDir.resolve("app-back");
    skopeo.copy("docker://" + target, "oci:" + back + ":v1");
    ImageLayout pulled = ImageLayout.read(back, "v1");
    Path appLayer = pulled.blob(manifest.at("/layers/1/digest").asText());
    assertThat(readFileFromLayer(appLayer, "app/hello.txt")).contains(APP_FILE_CONTENT);
  }

  /**
   * Runs Jib and returns its result; on failure, the assertion message carries Jib's log, which
   * names the request that failed.
   */
  private static JibContainer containerize(JibContainerBuilder builder, String target)
      throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    Containerizer containerizer =
        Containerizer.to(RegistryImage.named(ImageReference.parse(target)))
            .setAllowInsecureRegistries(true)
            .setBaseImageLayersCache(workDir.resolve("jib-cache").resolve("base"))
            .setApplicationLayersCache(workDir.resolve("jib-cache").resolve("application"))
            .setToolName("berth-interop-test")
            .addEventHandler(
                LogEvent.class, event -> log.add(event.getLevel() + " " + event.getMessage()));
    try {
      return builder.containerize(containerizer);
    } catch (Exception e) {
      throw new AssertionError(
          "Jib failed to push " + target + "; Jib log:\n" + String.join("\n", log), e);
    }
  }

  /** Returns the content of the regular file {@code name} in a gzip tar layer, if it is there. */
  private static Optional<String> readFileFromLayer(Path layer, String name) throws IOException {
    try (InputStream gzip = new GzipCompressorInputStream(Files.newInputStream(layer));
        TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        String entryName = entry.getName().replaceFirst("^\\.?/", "");
        if (entryName.equals(name) && entry.isFile()) {
          return Optional.of(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    return Optional.empty();
  }
}
