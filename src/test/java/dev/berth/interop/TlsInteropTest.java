package dev.berth.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.Berth;
import dev.berth.server.config.AuthConfig;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.HostPort;
import dev.berth.server.config.TlsConfig;
import dev.berth.testing.Processes;
import dev.berth.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes and pulls over HTTPS with a private CA, trusted the way Docker and the containers tools
 * expect: {@code certs.d/HOST:PORT/ca.crt}. The clients run in a network namespace and reach
 * Berth at a non-loopback address, because Docker skips certificate checks for loopback
 * registries.
 */
class TlsInteropTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final Path DOCKER_CERTS = Path.of("/etc/docker/certs.d");

  @TempDir static Path work;

  private static TestNetwork network;
  private static Berth berth;
  private static String registry;
  private static Path certsDir;
  private static Path dockerCertDir;

  @BeforeAll
  static void startHttpsRegistry() throws Exception {
    ClientTools.require("ip", "nsenter", "openssl", "skopeo", "dockerd", "docker");
    network = TestNetwork.create();

    Path pki = Files.createDirectories(work.resolve("pki"));
    createCertificates(pki, network.hostAddress());
    berth =
        Berth.start(
            BerthConfig.defaults(work.resolve("data")).withAuth(AuthConfig.disabled())
                .withListen(new HostPort(network.hostAddress(), 0))
                .withTls(TlsConfig.of(pki.resolve("server.crt"), pki.resolve("server.key")))
                .withShutdownGrace(Duration.ofSeconds(5)));
    registry = network.hostAddress() + ":" + berth.port();

    // The layout both Docker and the containers tools read: DIR/HOST:PORT/ca.crt.
    certsDir = work.resolve("certs.d");
    Path registryCerts = Files.createDirectories(certsDir.resolve(registry));
    Files.copy(pki.resolve("ca.crt"), registryCerts.resolve("ca.crt"));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (berth != null) {
        berth.close();
      }
      if (dockerCertDir != null) {
        Files.deleteIfExists(dockerCertDir.resolve("ca.crt"));
        Files.deleteIfExists(dockerCertDir);
      }
    } finally {
      if (network != null) {
        network.close();
      }
    }
  }

  @Test
  void skopeo_withCaInCertsDir_pushesAndPullsOverHttps() throws Exception {
    String target = "docker://" + registry + "/tls/busybox:1";

    Processes.Result untrusted =
        network.execAllowingFailure(
            TIMEOUT, Map.of(), "skopeo", "copy", "--insecure-policy",
            TestImages.busybox().ociReference(), target);
    assertThat(untrusted.exitCode()).isNotZero();
    assertThat(untrusted.output()).contains("certificate");

    network.exec(
        TIMEOUT, Map.of(), "skopeo", "copy", "--insecure-policy",
        "--dest-cert-dir", certsDir.resolve(registry).toString(),
        TestImages.busybox().ociReference(), target);
    Path pulled = work.resolve("pulled");
    network.exec(
        TIMEOUT, Map.of(), "skopeo", "copy", "--insecure-policy",
        "--src-cert-dir", certsDir.resolve(registry).toString(),
        target, "oci:" + pulled + ":busybox");
    assertThat(pulled.resolve("index.json")).exists();
  }

  @Test
  void docker_withCaInEtcDockerCertsD_pullsOverHttps() throws Exception {
    network.exec(
        TIMEOUT, Map.of(), "skopeo", "copy", "--insecure-policy",
        "--dest-cert-dir", certsDir.resolve(registry).toString(),
        TestImages.busybox().ociReference(), "docker://" + registry + "/tls/docker:1");

    try (DockerDaemon docker = DockerDaemon.startWith(network.launcher())) {
      String image = registry + "/tls/docker:1";

      Processes.Result untrusted = docker.dockerAllowingFailure("pull", image);
      assertThat(untrusted.exitCode()).isNotZero();
      assertThat(untrusted.output()).contains("certificate signed by unknown authority");

      dockerCertDir = Files.createDirectories(DOCKER_CERTS.resolve(registry));
      Files.copy(certsDir.resolve(registry).resolve("ca.crt"), dockerCertDir.resolve("ca.crt"));

      docker.docker("pull", image);
      Processes.Result inspect = docker.docker("image", "inspect", "--format", "{{.Os}}", image);
      assertThat(inspect.stdout().trim()).isEqualTo("linux");
    }
  }

  /** Writes ca.crt, server.crt and server.key (EC P-256) for {@code address} into {@code dir}. */
  private static void createCertificates(Path dir, String address) {
    run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=Berth test CA");
    run(dir, "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=" + address);
    try {
      Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:" + address + "\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "san.ext");
  }

  private static void run(Path dir, String... command) {
    List<String> inDir = new java.util.ArrayList<>(List.of("env", "-C", dir.toString()));
    inDir.addAll(List.of(command));
    Processes.run(Duration.ofSeconds(30), Map.of(), inDir);
  }
}
