package dev.berth.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestImagesTest {

  @TempDir Path tempDir;

  @BeforeAll
  static void requireBusybox() {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/busybox"))
            || Files.isExecutable(Path.of("/bin/busybox")),
        "busybox-static is not installed");
  }

  @Test
  void busybox_builtTwice_sameBytes() throws IOException {
    ImageLayout first = TestImages.buildBusybox(tempDir.resolve("first"));
    ImageLayout second = TestImages.buildBusybox(tempDir.resolve("second"));

    assertThat(second.digest()).isEqualTo(first.digest());
    assertThat(Files.readString(second.dir().resolve("index.json")))
        .isEqualTo(Files.readString(first.dir().resolve("index.json")));
  }

  @Test
  void busybox_layer_sortedEntriesWithFixedMetadata() throws IOException {
    ImageLayout layout = TestImages.buildBusybox(tempDir.resolve("busybox"));
    JsonNode manifest = layout.root();
    String layerDigest = manifest.at("/layers/0/digest").asText();

    List<String> names = new ArrayList<>();
    MessageDigest tarHash = OciLayoutWriter.sha256();
    try (InputStream gzip =
            new GzipCompressorInputStream(Files.newInputStream(layout.blob(layerDigest)));
        InputStream hashed = new DigestInputStream(gzip, tarHash);
        TarArchiveInputStream tar = new TarArchiveInputStream(hashed)) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        names.add(entry.getName());
        assertThat(entry.getModTime().toInstant()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(entry.getLongUserId()).isZero();
        assertThat(entry.getUserName()).isEmpty();
        if (entry.getName().equals("bin/sh")) {
          assertThat(entry.isSymbolicLink()).isTrue();
          assertThat(entry.getLinkName()).isEqualTo("busybox");
        }
      }
      // Read the end-of-archive blocks too: the diff ID covers every byte of the tar.
      hashed.transferTo(OutputStream.nullOutputStream());
    }

    assertThat(names).isSorted().contains("bin/busybox", "bin/sh", "etc/passwd", "tmp/");
    JsonNode config = layout.json(manifest.at("/config/digest").asText());
    assertThat(config.at("/rootfs/diff_ids/0").asText())
        .isEqualTo("sha256:" + HexFormat.of().formatHex(tarHash.digest()));
    assertThat(config.at("/architecture").asText()).isEqualTo("amd64");
    assertThat(config.at("/os").asText()).isEqualTo("linux");
    assertThat(config.at("/config/Cmd/0").asText()).isEqualTo("sh");
  }

  @Test
  void multiarch_index_listsBothPlatforms() throws IOException {
    ImageLayout layout = TestImages.buildMultiarch(tempDir.resolve("multiarch"));
    JsonNode index = layout.root();

    assertThat(index.at("/mediaType").asText())
        .isEqualTo("application/vnd.oci.image.index.v1+json");
    assertThat(index.at("/manifests/0/platform/architecture").asText()).isEqualTo("amd64");
    assertThat(index.at("/manifests/1/platform/architecture").asText()).isEqualTo("arm64");
    for (JsonNode child : index.get("manifests")) {
      String architecture = child.at("/platform/architecture").asText();
      JsonNode manifest = layout.json(child.get("digest").asText());
      JsonNode config = layout.json(manifest.at("/config/digest").asText());
      assertThat(config.get("architecture").asText()).isEqualTo(architecture);
    }
  }

  @Test
  void artifact_subject_isBusyboxManifest() throws IOException {
    ImageLayout busybox = TestImages.busybox();
    ImageLayout layout = TestImages.buildArtifact(tempDir.resolve("artifact"));
    JsonNode manifest = layout.root();

    assertThat(manifest.get("artifactType").asText()).isEqualTo(TestImages.ARTIFACT_TYPE);
    assertThat(manifest.at("/config/mediaType").asText())
        .isEqualTo("application/vnd.oci.empty.v1+json");
    assertThat(manifest.at("/config/digest").asText())
        .isEqualTo("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    assertThat(manifest.at("/subject/digest").asText()).isEqualTo(busybox.digest());
    assertThat(manifest.at("/subject/size").asLong())
        .isEqualTo(Files.size(busybox.blob(busybox.digest())));
    assertThat(manifest.get("layers")).hasSize(1);
  }
}
