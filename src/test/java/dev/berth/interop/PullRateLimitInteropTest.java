package dev.berth.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.Berth;
import dev.berth.server.config.AuthConfig;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.HostPort;
import dev.berth.server.config.RateLimitConfig;
import dev.berth.testing.Processes;
import dev.berth.testing.TestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Docker engine (dockerd 20.10) pulling from a Berth that allows 2 anonymous pulls per 6
 * hours: once the address has used them, {@code docker pull} fails and the CLI prints the
 * TOOMANYREQUESTS message.
 *
 * <p>dockerd resolves a tag with a HEAD request, which never counts, and sends a GET for the
 * manifest only when its content store lacks it. So the test uses up the pulls with its own GETs
 * from the same address and lets docker make the one pull over the limit, on an engine that has
 * never pulled the image.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PullRateLimitInteropTest {

  private static final String LOCAL_BUSYBOX = "berth-test/busybox:latest";
  private static final int LIMIT = 2;

  @TempDir Path workDir;

  @Test
  void dockerPull_overLimit_printsTooManyRequests() throws Exception {
    ClientTools.require("dockerd", "docker", "skopeo");
    RateLimitConfig limits =
        new RateLimitConfig(true, Duration.ofHours(6), LIMIT, 200, Map.of(), List.of());
    BerthConfig config =
        BerthConfig.defaults(workDir.resolve("data"))
            .withAuth(AuthConfig.disabled())
            .withListen(new HostPort("127.0.0.1", 0))
            .withShutdownGrace(Duration.ofSeconds(5))
            .withRateLimits(limits);
    Path archive = workDir.resolve("busybox.tar");
    new Skopeo(workDir.resolve("skopeo"))
        .copy(TestImages.busybox().ociReference(), "docker-archive:" + archive + ":" + LOCAL_BUSYBOX);

    try (Berth berth = Berth.start(config);
        DockerDaemon docker = DockerDaemon.start("127.0.0.1:" + berth.port());
        HttpClient client = HttpClient.newHttpClient()) {
      String name = "127.0.0.1:" + berth.port() + "/limits/busybox:latest";
      docker.docker("load", "--input", archive.toString());
      docker.docker("tag", LOCAL_BUSYBOX, name);
      docker.docker("push", name);
      docker.removeAllImages();

      URI manifest = URI.create(berth.baseUri() + "/v2/limits/busybox/manifests/latest");
      HttpRequest get =
          HttpRequest.newBuilder(manifest)
              .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
              .build();
      for (int i = 0; i < LIMIT; i++) {
        HttpResponse<Void> response = client.send(get, HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).as("GET %d of %d", i + 1, LIMIT).isEqualTo(200);
      }
      Processes.Result pull = docker.dockerAllowingFailure("pull", name);

      assertThat(pull.exitCode()).as(pull.describe()).isNotZero();
      assertThat(pull.stderr())
          .as(pull.describe())
          .contains("toomanyrequests")
          .contains("pull rate limit of " + LIMIT + " pulls per 6h for address 127.0.0.1")
          .contains("docker login");
    }
  }
}
