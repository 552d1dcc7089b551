package dev.berth.cli;

import dev.berth.oci.Digest;
import dev.berth.server.Berth;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.ConfigLoader;
import dev.berth.server.config.ConfigResult;
import dev.berth.server.config.HostPort;
import dev.berth.server.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code berth train}: starts a throwaway Berth on a temporary directory and a free loopback port,
 * pushes and pulls a small image, opens the main pages and API lists, then stops it.
 *
 * <p>{@code ./berth} runs this once after each build under {@code -XX:AOTCacheOutput}, so the JDK
 * records the classes and method profiles of a real start and of the common requests into an AOT
 * cache. Later starts load them from the cache instead of from the jar, which in {@code bench/run}
 * cut the start-up to the first 200 from about 2.5 s to about 1.2 s.
 */
@Command(
    name = "train",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Exercise a throwaway instance so the JDK can record an AOT cache.")
final class TrainCommand implements Callable<Integer> {

  private static final String REPOSITORY = "admin/train";
  private static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

  @Override
  public Integer call() throws Exception {
    Path dataDir = Files.createTempDirectory("berth-train");
    try {
      train(dataDir);
      return 0;
    } finally {
      deleteTree(dataDir);
    }
  }

  private static void train(Path dataDir) throws Exception {
    String password = Base64.getUrlEncoder().encodeToString(new SecureRandom().generateSeed(18));
    // Load through the same loader as serve, so its classes are recorded too.
    ConfigResult loaded = new ConfigLoader().load(Optional.empty(), Map.of());
    if (!(loaded instanceof ConfigResult.Valid valid)) {
      throw new IllegalStateException("the default configuration is invalid: " + loaded);
    }
    BerthConfig config =
        valid
            .config()
            .withDataDir(dataDir)
            .withListen(new HostPort("127.0.0.1", 0))
            .withAuth(valid.config().auth().withAdminPassword(Optional.of(new Secret(password))));
    try (Berth berth = Berth.start(config)) {
      new Session(berth.baseUri(), password).run();
    }
  }

  /** The requests of one training run, signed in as the administrator. */
  private static final class Session {
    private final HttpClient http =
        HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
    private final URI base;
    private final String basic;
    private String token;

    private final String password;

    Session(URI base, String password) {
      this.base = base;
      this.password = password;
      this.basic =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }

    void run() throws IOException, InterruptedException {
      send(get("/v2/"), 401);
      token = tokenFor("repository:" + REPOSITORY + ":pull,push&scope=registry:catalog:*");

      byte[] layer = new byte[64 * 1024];
      new SecureRandom().nextBytes(layer);
      byte[] config =
          "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
              .getBytes(StandardCharsets.UTF_8);
      Digest layerDigest = pushBlob(layer);
      Digest configDigest = pushBlob(config);
      String manifest =
          "{\"schemaVersion\":2,\"mediaType\":\""
              + MANIFEST_TYPE
              + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
              + configDigest
              + "\",\"size\":"
              + config.length
              + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
              + layerDigest
              + "\",\"size\":"
              + layer.length
              + "}]}";
      send(
          authorized("/v2/" + REPOSITORY + "/manifests/latest")
              .header("Content-Type", MANIFEST_TYPE)
              .PUT(BodyPublishers.ofString(manifest))
              .build(),
          201);

      for (int round = 0; round < 20; round++) {
        send(authorized("/v2/" + REPOSITORY + "/manifests/latest").header("Accept", MANIFEST_TYPE).GET().build(), 200);
        send(
            authorized("/v2/" + REPOSITORY + "/manifests/" + Digest.sha256(manifest.getBytes(StandardCharsets.UTF_8)))
                .header("Accept", MANIFEST_TYPE)
                .method("HEAD", BodyPublishers.noBody())
                .build(),
            200);
        send(authorized("/v2/" + REPOSITORY + "/blobs/" + layerDigest).GET().build(), 200);
      }
      send(authorized("/v2/" + REPOSITORY + "/tags/list").GET().build(), 200);
      send(authorized("/v2/_catalog").GET().build(), 200);
      send(withBasic("/v1/search?q=train"), 200);
      send(get("/"), 200);

      // Sign in as the web UI does, so the session cookie then opens the API and the pages.
      send(
          HttpRequest.newBuilder(base.resolve("/api/v2/auth/login"))
              .header("Content-Type", "application/json")
              .POST(BodyPublishers.ofString(
                  "{\"username\":\"admin\",\"password\":\"" + password + "\"}"))
              .build(),
          200);
      send(get("/api/v2/namespaces/admin/repositories"), 200);
      send(get("/api/v2/namespaces/admin/repositories/train/tags"), 200);
      send(get("/"), 200);
      send(get("/explore"), 200);
      send(get("/r/" + REPOSITORY), 200);
      send(get("/health/ready"), 200);
    }

    private Digest pushBlob(byte[] content) throws IOException, InterruptedException {
      Digest digest = Digest.sha256(content);
      HttpResponse<String> started =
          send(authorized("/v2/" + REPOSITORY + "/blobs/uploads/").POST(BodyPublishers.noBody()).build(), 202);
      URI location = base.resolve(started.headers().firstValue("Location").orElseThrow());
      send(
          HttpRequest.newBuilder(URI.create(location + "?digest=" + digest))
              .header("Authorization", "Bearer " + token)
              .PUT(BodyPublishers.ofByteArray(content))
              .build(),
          201);
      return digest;
    }

    private String tokenFor(String scope) throws IOException, InterruptedException {
      HttpResponse<String> response =
          send(withBasic("/token?service=berth-registry&scope=" + scope), 200);
      String body = response.body();
      int start = body.indexOf("\"token\":\"") + "\"token\":\"".length();
      return body.substring(start, body.indexOf('"', start));
    }

    private HttpRequest get(String path) {
      return HttpRequest.newBuilder(base.resolve(path)).GET().build();
    }

    private HttpRequest withBasic(String path) {
      return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", basic).GET().build();
    }

    private HttpRequest.Builder authorized(String path) {
      return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest request, int expected)
        throws IOException, InterruptedException {
      HttpResponse<String> response = http.send(request, BodyHandlers.ofString());
      if (response.statusCode() != expected) {
        throw new IOException(
            request.method() + " " + request.uri().getPath() + " answered " + response.statusCode()
                + ", expected " + expected + ": " + response.body());
      }
      return response;
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
