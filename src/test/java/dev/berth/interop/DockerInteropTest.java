package dev.berth.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.testing.ImageLayout;
import dev.berth.testing.Processes;
import dev.berth.testing.TestImages;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives a private Docker engine (dockerd 20.10 with the docker CLI) against the registry under
 * test. The busybox image reaches the engine as a docker-archive that skopeo writes from the OCI
 * layout, because the engine itself can only pull from a registry.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DockerInteropTest {

  private static final String LOCAL_BUSYBOX = "berth-test/busybox:latest";
  private static final Pattern PUSHED_DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");

  @TempDir static Path workDir;

  private static Registry registry;
  private static Skopeo skopeo;
  private static DockerDaemon docker;
  private static Path busyboxArchive;

  @BeforeAll
  static void startRegistryAndEngine() throws Exception {
    ClientTools.require("dockerd", "docker", "skopeo");
    registry = Registry.start(workDir.resolve("registry"));
    skopeo = new Skopeo(workDir.resolve("skopeo"));
    docker = DockerDaemon.start(registry.hostPort());
    busyboxArchive = workDir.resolve("busybox.tar");
    skopeo.copy(
        TestImages.busybox().ociReference(),
        "docker-archive:" + busyboxArchive + ":" + LOCAL_BUSYBOX);
  }

  @AfterAll
  static void stopEngineAndRegistry() {
    try {
      if (docker != null) {
        docker.close();
      }
    } finally {
      if (registry != null) {
        registry.close();
      }
    }
  }

  @BeforeEach
  void removeImages() {
    docker.removeAllImages();
  }

  @Test
  void push_loadedImage_registryHasSameConfig() {
    ImageLayout busybox = TestImages.busybox();
    String name = name("docker/push:latest");

    String digest = loadAndPush(name);

    assertThat(skopeo.manifestDigest("docker://" + name)).isEqualTo(digest);
    JsonNode manifest = Skopeo.parse(skopeo.rawManifest("docker://" + name));
    assertThat(manifest.get("mediaType").asText())
        .isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
    assertThat(manifest.at("/config/digest").asText()).isEqualTo(configDigest(busybox));
    assertThat(manifest.get("layers")).hasSize(1);
  }

  @Test
  void pull_afterRmi_restoresImage() {
    ImageLayout busybox = TestImages.busybox();
    String name = name("docker/pull:latest");
    String digest = loadAndPush(name);
    docker.removeAllImages();
    assertThat(docker.docker("image", "ls", "--all", "--quiet").stdout()).isBlank();

    docker.docker("pull", name);

    assertThat(inspect(name, "{{.Id}}")).isEqualTo(configDigest(busybox));
    assertThat(inspect(name, "{{join .RepoDigests \",\"}}"))
        .contains(name("docker/pull@" + digest));
  }

  @Test
  void pull_byDigest_fetchesImage() {
    ImageLayout busybox = TestImages.busybox();
    String digest = loadAndPush(name("docker/by-digest:latest"));
    docker.removeAllImages();

    String byDigest = name("docker/by-digest@" + digest);
    docker.docker("pull", byDigest);

    assertThat(inspect(byDigest, "{{.Id}}")).isEqualTo(configDigest(busybox));
  }

  @Test
  void pull_multiarch_selectsPlatform() {
    assumeTrue(
        System.getProperty("os.arch").equals("amd64"),
        "the default-platform check expects an amd64 host");
    ImageLayout multiarch = TestImages.multiarch();
    String name = name("docker/multiarch:latest");
    skopeo.copy("--all", multiarch.ociReference(), "docker://" + name);

    docker.docker("pull", name);
    assertThat(inspect(name, "{{.Os}}/{{.Architecture}}")).isEqualTo("linux/amd64");
    assertThat(inspect(name, "{{.Id}}")).isEqualTo(childConfigDigest(multiarch, "amd64"));

    docker.docker("pull", "--platform", "linux/arm64", name);
    assertThat(inspect(name, "{{.Os}}/{{.Architecture}}")).isEqualTo("linux/arm64");
    assertThat(inspect(name, "{{.Id}}")).isEqualTo(childConfigDigest(multiarch, "arm64"));
  }

  @Test
  void push_toSecondRepository_mountsLayer() {
    String source = name("docker/mount-source:latest");
    String target = name("docker/mount-target:latest");
    String digest = loadAndPush(source);

    docker.docker("tag", source, target);
    Processes.Result push = docker.docker("push", target);

    assertThat(push.stdout()).as(push.describe()).contains("Mounted from docker/mount-source");
    assertThat(skopeo.manifestDigest("docker://" + target)).isEqualTo(digest);
  }

  /**
   * Loads the busybox archive into the engine, pushes it as {@code name} and returns its digest.
   */
  private static String loadAndPush(String name) {
    docker.docker("load", "--input", busyboxArchive.toString());
    docker.docker("tag", LOCAL_BUSYBOX, name);
    Processes.Result push = docker.docker("push", name);
    Matcher matcher = PUSHED_DIGEST.matcher(push.stdout());
    assertThat(matcher.find()).as("digest in push output\n" + push.describe()).isTrue();
    return matcher.group(1);
  }

  private static String inspect(String image, String format) {
    return docker.docker("image", "inspect", "--format", format, image).stdout().strip();
  }

  private static String name(String repositoryAndReference) {
    return registry.hostPort() + "/" + repositoryAndReference;
  }

  private static String configDigest(ImageLayout image) {
    return image.root().at("/config/digest").asText();
  }

  private static String childConfigDigest(ImageLayout index, String architecture) {
    for (JsonNode child : index.root().get("manifests")) {
      if (child.at("/platform/architecture").asText().equals(architecture)) {
        return index.json(child.get("digest").asText()).at("/config/digest").asText();
      }
    }
    throw new IllegalArgumentException("no " + architecture + " image in " + index.dir());
  }
}
