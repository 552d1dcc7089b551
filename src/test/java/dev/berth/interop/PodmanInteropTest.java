package dev.berth.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.testing.ImageLayout;
import dev.berth.testing.Processes;
import dev.berth.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives podman against the registry under test, with vfs storage and every state directory in a
 * temporary directory, so it needs no daemon and leaves no images on the host.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PodmanInteropTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  @TempDir static Path workDir;

  private static Registry registry;
  private static Skopeo skopeo;
  private static List<String> podmanCommand;
  private static Map<String, String> podmanEnvironment;

  @BeforeAll
  static void startRegistry() throws Exception {
    ClientTools.require("podman", "skopeo");
    registry = Registry.start(workDir.resolve("registry"));
    skopeo = new Skopeo(workDir.resolve("skopeo"));

    Path podman = Files.createDirectories(workDir.resolve("podman"));
    podmanCommand =
        List.of(
            "podman",
            "--root=" + podman.resolve("root"),
            "--runroot=" + podman.resolve("run"),
            "--tmpdir=" + podman.resolve("tmp"),
            "--storage-driver=vfs",
            "--cgroup-manager=cgroupfs",
            "--events-backend=file",
            "--log-level=error");
    podmanEnvironment = new HashMap<>(skopeo.environment());
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @BeforeEach
  void removeImages() {
    podman("rmi", "--all", "--force");
  }

  @Test
  void push_localImage_registryServesIt() throws IOException {
    ImageLayout busybox = TestImages.busybox();
    String imageId = podman("pull", "--quiet", busybox.ociReference()).stdout().strip();
    String name = name("podman/push:latest");
    podman("tag", imageId, name);
    Path digestFile = workDir.resolve("push.digest");

    podman("push", "--tls-verify=false", "--digestfile=" + digestFile, name);

    String digest = Files.readString(digestFile).strip();
    assertThat(skopeo.manifestDigest("docker://" + name)).isEqualTo(digest);
    JsonNode manifest = Skopeo.parse(skopeo.rawManifest("docker://" + name));
    assertThat(manifest.at("/config/digest").asText()).isEqualTo(configDigest(busybox));
    assertThat(manifest.get("layers")).hasSize(1);
  }

  @Test
  void pull_pushedImage_sameDigestAndId() {
    ImageLayout busybox = TestImages.busybox();
    String name = name("podman/pull:latest");
    skopeo.copy(busybox.ociReference(), "docker://" + name);

    podman("pull", "--tls-verify=false", name);

    assertThat(inspect(name, "{{.Digest}}")).isEqualTo(busybox.digest());
    assertThat("sha256:" + inspect(name, "{{.Id}}")).isEqualTo(configDigest(busybox));
  }

  @Test
  void pull_byDigest_fetchesImage() {
    ImageLayout busybox = TestImages.busybox();
    skopeo.copy(busybox.ociReference(), "docker://" + name("podman/by-digest:latest"));
    String byDigest = name("podman/by-digest@" + busybox.digest());

    podman("pull", "--tls-verify=false", byDigest);

    assertThat(inspect(byDigest, "{{.Digest}}")).isEqualTo(busybox.digest());
    assertThat("sha256:" + inspect(byDigest, "{{.Id}}")).isEqualTo(configDigest(busybox));
  }

  private static Processes.Result podman(String... args) {
    List<String> command = new ArrayList<>(podmanCommand);
    command.addAll(List.of(args));
    return Processes.run(TIMEOUT, podmanEnvironment, command);
  }

  private static String inspect(String image, String format) {
    return podman("image", "inspect", "--format", format, image).stdout().strip();
  }

  private static String name(String repositoryAndReference) {
    return registry.hostPort() + "/" + repositoryAndReference;
  }

  private static String configDigest(ImageLayout image) {
    return image.root().at("/config/digest").asText();
  }
}
