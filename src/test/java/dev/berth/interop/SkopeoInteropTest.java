package dev.berth.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.testing.ImageLayout;
import dev.berth.testing.Processes;
import dev.berth.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Drives skopeo (containers/image) against the registry under test. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SkopeoInteropTest {

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
  void copy_imageInAndOut_keepsDigestAndBlobs() throws IOException {
    ImageLayout busybox = TestImages.busybox();
    String remote = remote("skopeo/in-out:latest");

    skopeo.copy(busybox.ociReference(), remote);
    assertThat(skopeo.manifestDigest(remote)).isEqualTo(busybox.digest());

    Path back = workDir.resolve("in-out-back");
    skopeo.copy(remote, "oci:" + back + ":latest");
    ImageLayout pulled = ImageLayout.read(back, "latest");
    assertThat(pulled.digest()).isEqualTo(busybox.digest());
    for (String blob : blobsOf(busybox.root())) {
      assertSameBytes(busybox, pulled, blob);
    }
    assertSameBytes(busybox, pulled, busybox.digest());
  }

  @Test
  void copyAll_multiarchIndex_bothWays() throws IOException {
    ImageLayout multiarch = TestImages.multiarch();
    String remote = remote("skopeo/multiarch:latest");

    skopeo.copy("--all", multiarch.ociReference(), remote);
    assertThat(skopeo.manifestDigest(remote)).isEqualTo(multiarch.digest());
    for (JsonNode child : multiarch.root().get("manifests")) {
      String childDigest = child.get("digest").asText();
      assertThat(skopeo.manifestDigest(remote("skopeo/multiarch@" + childDigest)))
          .isEqualTo(childDigest);
    }
    JsonNode arm64 =
        Skopeo.parse(
            skopeo.run(
                "--override-arch",
                "arm64",
                "--override-os",
                "linux",
                "inspect",
                "--tls-verify=false",
                remote));
    assertThat(arm64.get("Architecture").asText()).isEqualTo("arm64");

    Path back = workDir.resolve("multiarch-back");
    skopeo.copy("--all", remote, "oci:" + back + ":latest");
    ImageLayout pulled = ImageLayout.read(back, "latest");
    assertThat(pulled.digest()).isEqualTo(multiarch.digest());
    for (JsonNode child : multiarch.root().get("manifests")) {
      String childDigest = child.get("digest").asText();
      assertSameBytes(multiarch, pulled, childDigest);
      for (String blob : blobsOf(multiarch.json(childDigest))) {
        assertSameBytes(multiarch, pulled, blob);
      }
    }
  }

  @Test
  void copy_byDigest_fetchesThatManifest() {
    ImageLayout busybox = TestImages.busybox();
    skopeo.copy(busybox.ociReference(), remote("skopeo/by-digest:latest"));

    Path back = workDir.resolve("by-digest-back");
    skopeo.copy(remote("skopeo/by-digest@" + busybox.digest()), "oci:" + back + ":pulled");

    assertThat(ImageLayout.read(back, "pulled").digest()).isEqualTo(busybox.digest());
  }

  @Test
  void inspect_image_reportsManifestAndConfig() throws IOException {
    ImageLayout busybox = TestImages.busybox();
    String remote = remote("skopeo/inspect:latest");
    skopeo.copy(busybox.ociReference(), remote);
    JsonNode manifest = busybox.root();
    String configDigest = manifest.at("/config/digest").asText();
    JsonNode config = busybox.json(configDigest);

    JsonNode inspected = skopeo.inspect(remote);
    assertThat(inspected.get("Digest").asText()).isEqualTo(busybox.digest());
    assertThat(inspected.get("Architecture").asText()).isEqualTo("amd64");
    assertThat(inspected.get("Os").asText()).isEqualTo("linux");
    assertThat(inspected.get("Layers")).containsExactly(manifest.at("/layers/0/digest"));

    assertThat(skopeo.rawManifest(remote))
        .isEqualTo(Files.readString(busybox.blob(busybox.digest())));

    JsonNode inspectedConfig = skopeo.inspect("--config", remote);
    assertThat(inspectedConfig.at("/rootfs/diff_ids")).isEqualTo(config.at("/rootfs/diff_ids"));
    assertThat(inspectedConfig.at("/config/Cmd")).isEqualTo(config.at("/config/Cmd"));
    String rawConfig =
        skopeo.run("inspect", "--tls-verify=false", "--config", "--raw", remote).stdout();
    assertThat(rawConfig).isEqualTo(Files.readString(busybox.blob(configDigest)));
  }

  @Test
  void listTags_threeTags_listsAll() {
    ImageLayout busybox = TestImages.busybox();
    skopeo.copy(busybox.ociReference(), remote("skopeo/tags:latest"));
    skopeo.copy(remote("skopeo/tags:latest"), remote("skopeo/tags:v1"));
    skopeo.copy(remote("skopeo/tags:latest"), remote("skopeo/tags:v2"));

    JsonNode listed =
        Skopeo.parse(skopeo.run("list-tags", "--tls-verify=false", remote("skopeo/tags")));

    List<String> tags = new ArrayList<>();
    listed.get("Tags").forEach(tag -> tags.add(tag.asText()));
    assertThat(tags).containsExactlyInAnyOrder("latest", "v1", "v2");
    assertThat(skopeo.manifestDigest(remote("skopeo/tags:v2"))).isEqualTo(busybox.digest());
  }

  @Test
  void delete_taggedManifest_thenUnknown() {
    ImageLayout busybox = TestImages.busybox();
    String remote = remote("skopeo/delete:latest");
    skopeo.copy(busybox.ociReference(), remote);

    skopeo.run("delete", "--tls-verify=false", remote);

    Processes.Result byTag =
        skopeo.runAllowingFailure("inspect", "--tls-verify=false", "--raw", remote);
    assertThat(byTag.exitCode()).as(byTag.describe()).isNotZero();
    assertThat(byTag.stderr()).as(byTag.describe()).containsIgnoringCase("manifest unknown");
    Processes.Result byDigest =
        skopeo.runAllowingFailure(
            "inspect", "--tls-verify=false", "--raw", remote("skopeo/delete@" + busybox.digest()));
    assertThat(byDigest.exitCode()).as(byDigest.describe()).isNotZero();
    assertThat(byDigest.stderr()).as(byDigest.describe()).containsIgnoringCase("manifest unknown");
  }

  @Test
  void copy_bigLayer_sameBytesBack() throws IOException {
    ImageLayout big = TestImages.big();
    String remote = remote("skopeo/big:latest");
    String layer = big.root().at("/layers/0/digest").asText();

    long pushStart = System.nanoTime();
    skopeo.copy(big.ociReference(), remote);
    long pushMillis = (System.nanoTime() - pushStart) / 1_000_000;
    assertThat(skopeo.manifestDigest(remote)).isEqualTo(big.digest());

    Path back = workDir.resolve("big-back");
    long pullStart = System.nanoTime();
    skopeo.copy(remote, "oci:" + back + ":latest");
    long pullMillis = (System.nanoTime() - pullStart) / 1_000_000;
    ImageLayout pulled = ImageLayout.read(back, "latest");
    assertThat(pulled.digest()).isEqualTo(big.digest());
    assertSameBytes(big, pulled, layer);

    System.out.printf(
        "skopeo copy of a %d-byte layer to %s: push %d ms, pull %d ms%n",
        Files.size(big.blob(layer)), registry, pushMillis, pullMillis);
  }

  @Test
  void copy_artifactWithSubject_inAndOut() throws IOException {
    ImageLayout busybox = TestImages.busybox();
    ImageLayout artifact = TestImages.artifact();
    skopeo.copy(busybox.ociReference(), remote("skopeo/artifact:latest"));
    String remote = remote("skopeo/artifact:note");

    skopeo.copy(artifact.ociReference(), remote);

    String raw = skopeo.rawManifest(remote);
    assertThat(Skopeo.sha256(raw)).isEqualTo(artifact.digest());
    JsonNode manifest = Skopeo.parse(raw);
    assertThat(manifest.get("artifactType").asText()).isEqualTo(TestImages.ARTIFACT_TYPE);
    assertThat(manifest.at("/config/mediaType").asText())
        .isEqualTo("application/vnd.oci.empty.v1+json");
    assertThat(manifest.at("/subject/digest").asText()).isEqualTo(busybox.digest());

    Path back = workDir.resolve("artifact-back");
    skopeo.copy(remote, "oci:" + back + ":note");
    ImageLayout pulled = ImageLayout.read(back, "note");
    assertThat(pulled.digest()).isEqualTo(artifact.digest());
    for (String blob : blobsOf(artifact.root())) {
      assertSameBytes(artifact, pulled, blob);
    }
  }

  private static String remote(String repositoryAndReference) {
    return "docker://" + registry.hostPort() + "/" + repositoryAndReference;
  }

  /** Returns the digests of a manifest's config and layers. */
  private static List<String> blobsOf(JsonNode manifest) {
    List<String> digests = new ArrayList<>();
    digests.add(manifest.at("/config/digest").asText());
    manifest.get("layers").forEach(layer -> digests.add(layer.get("digest").asText()));
    return digests;
  }

  private static void assertSameBytes(ImageLayout expected, ImageLayout actual, String digest)
      throws IOException {
    Path actualBlob = actual.blob(digest);
    assertThat(actualBlob).as("blob %s in %s", digest, actual.dir()).exists();
    assertThat(Files.mismatch(expected.blob(digest), actualBlob))
        .as("offset of the first differing byte of blob %s (-1 means equal)", digest)
        .isEqualTo(-1L);
  }
}
