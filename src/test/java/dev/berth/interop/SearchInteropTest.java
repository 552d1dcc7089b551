package dev.berth.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.auth.Accounts;
import dev.berth.auth.Principal;
import dev.berth.auth.TokenScope;
import dev.berth.db.Database;
import dev.berth.db.DatabaseSettings;
import dev.berth.server.Berth;
import dev.berth.server.config.AuthConfig;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.HostPort;
import dev.berth.server.config.Secret;
import dev.berth.testing.Processes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker search} (a private Docker engine) and {@code podman search} against Berth, signed
 * out and signed in. alice owns public {@code alice/redis} (two stars), public {@code
 * alice/redis-cache}, private {@code alice/secret-redis} and public {@code alice/other}; bobby may
 * see only the public ones.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchInteropTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final String PASSWORD = "correct horse battery";
  private static final String DOCKER_FORMAT = "{{.Name}}|{{.StarCount}}|{{.Description}}";
  private static final String PODMAN_FORMAT = "{{.Name}}|{{.Stars}}|{{.Description}}";

  @TempDir static Path workDir;

  private Berth berth;
  private String host;

  @BeforeAll
  void startBerthWithRepositories() throws Exception {
    ClientTools.require("dockerd", "docker", "podman");
    BerthConfig config =
        BerthConfig.defaults(workDir.resolve("data"))
            .withListen(new HostPort("127.0.0.1", 0))
            .withShutdownGrace(Duration.ofSeconds(5))
            .withAuth(
                AuthConfig.defaults()
                    .withAdminPassword(Optional.of(new Secret("administrator password"))));
    berth = Berth.start(config);
    host = "127.0.0.1:" + berth.port();

    String url = "jdbc:sqlite:" + workDir.resolve("data/berth.db").toAbsolutePath();
    String aliceToken;
    String bobbyToken;
    try (Database database =
        Database.open(new DatabaseSettings(url, Optional.empty(), Optional.empty(), 2))) {
      Accounts accounts = new Accounts(database, Clock.systemUTC(), new SecureRandom());
      accounts
          .accountService()
          .createUser(new Principal.Anonymous(), "alice", "alice@example.com", PASSWORD);
      accounts
          .accountService()
          .createUser(new Principal.Anonymous(), "bobby", "bobby@example.com", PASSWORD);
      aliceToken = token(accounts, "alice");
      bobbyToken = token(accounts, "bobby");
    }

    // The hub API creates the repositories and stars, as a script would.
    createRepository(aliceToken, "redis", "In-memory data store", false);
    createRepository(aliceToken, "redis-cache", "Cache settings for redis", false);
    createRepository(aliceToken, "secret-redis", "Not for everyone", true);
    createRepository(aliceToken, "other", "Unrelated", false);
    star(aliceToken, "redis");
    star(bobbyToken, "redis");
  }

  private static String token(Accounts accounts, String user) {
    return accounts
        .accessTokens()
        .createPersonalToken(
            new Principal.User(user, false),
            "search interop",
            TokenScope.WRITE,
            Set.of(),
            Optional.empty())
        .secret();
  }

  private void createRepository(String token, String name, String description, boolean isPrivate)
      throws Exception {
    String body =
        new ObjectMapper()
            .writeValueAsString(
                Map.of("name", name, "description", description, "is_private", isPrivate));
    int status = call("POST", "/api/v2/namespaces/alice/repositories", token, body).statusCode();
    assertThat(status).as("create alice/%s", name).isEqualTo(201);
  }

  private void star(String token, String name) throws Exception {
    int status =
        call("PUT", "/api/v2/namespaces/alice/repositories/" + name + "/star", token, null)
            .statusCode();
    assertThat(status).as("star alice/%s", name).isEqualTo(204);
  }

  private HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://" + host + path))
              .header("Authorization", "Bearer " + token);
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request.header("Content-Type", "application/json");
        request.method(method, HttpRequest.BodyPublishers.ofString(body));
      }
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  @AfterAll
  void stopBerth() {
    if (berth != null) {
      berth.close();
    }
  }

  /** Returns the output lines, each of the form {@code NAME|STARS|DESCRIPTION}. */
  private static List<String> rows(Processes.Result result) {
    assertThat(result.exitCode()).as(result.describe()).isZero();
    return result.stdout().lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Docker {

    private DockerDaemon docker;

    @BeforeAll
    void startEngine() throws Exception {
      docker = DockerDaemon.start(host);
    }

    @AfterAll
    void stopEngine() {
      if (docker != null) {
        docker.close();
      }
    }

    private List<String> search(String... options) {
      List<String> args =
          new ArrayList<>(List.of("search", "--no-trunc", "--format", DOCKER_FORMAT));
      args.addAll(List.of(options));
      args.add(host + "/redis");
      return rows(docker.dockerAllowingFailure(args.toArray(String[]::new)));
    }

    private void login(String user) {
      docker.dockerAllowingFailure("logout", host);
      Processes.Result login =
          docker.dockerWithInput(PASSWORD, "login", "--username", user, "--password-stdin", host);
      assertThat(login.exitCode()).as(login.describe()).isZero();
    }

    @Test
    void signedOut_showsPublicRowsRanked() {
      docker.dockerAllowingFailure("logout", host);
      assertThat(search())
          .containsExactly(
              "alice/redis|2|In-memory data store", "alice/redis-cache|0|Cache settings for redis");
    }

    @Test
    void limitAndStarsFilter() {
      docker.dockerAllowingFailure("logout", host);
      assertThat(search("--limit", "1")).containsExactly("alice/redis|2|In-memory data store");
      assertThat(search("--filter", "stars=1"))
          .containsExactly("alice/redis|2|In-memory data store");
      assertThat(search("--filter", "stars=3")).isEmpty();
    }

    @Test
    void signedIn_showsWhatTheUserMaySee() {
      login("alice");
      assertThat(search())
          .containsExactly(
              "alice/redis|2|In-memory data store",
              "alice/redis-cache|0|Cache settings for redis",
              "alice/secret-redis|0|Not for everyone");
      login("bobby");
      assertThat(search()).doesNotContain("alice/secret-redis|0|Not for everyone").hasSize(2);
      docker.dockerAllowingFailure("logout", host);
    }
  }

  /** podman with vfs storage and its auth file in a temporary directory. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Podman {

    private List<String> podmanCommand;
    private Map<String, String> environment;

    @BeforeAll
    void prepare() throws Exception {
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
      environment = new HashMap<>(new Skopeo(workDir.resolve("podman-auth")).environment());
    }

    private Processes.Result podman(String... args) {
      List<String> command = new ArrayList<>(podmanCommand);
      command.addAll(List.of(args));
      return Processes.runAllowingFailure(TIMEOUT, environment, command);
    }

    private List<String> search(String... options) {
      List<String> args =
          new ArrayList<>(
              List.of("search", "--tls-verify=false", "--no-trunc", "--format", PODMAN_FORMAT));
      args.addAll(List.of(options));
      args.add(host + "/redis");
      return rows(podman(args.toArray(String[]::new)));
    }

    // Berth rejects podman's anonymous /v1/search, so podman searches the names in /v2/_catalog,
    // in lexical order, with 0 stars and no descriptions.

    @Test
    void signedOut_showsPublicRowsWithLimit() {
      podman("logout", "--all");
      assertThat(search())
          .containsExactly(host + "/alice/redis|0|", host + "/alice/redis-cache|0|");
      assertThat(search("--limit", "1")).containsExactly(host + "/alice/redis|0|");
    }

    @Test
    void signedIn_showsTheUsersPrivateRepository() {
      login("alice");
      assertThat(search())
          .containsExactly(
              host + "/alice/redis|0|",
              host + "/alice/redis-cache|0|",
              host + "/alice/secret-redis|0|");
      login("bobby");
      assertThat(search())
          .containsExactly(host + "/alice/redis|0|", host + "/alice/redis-cache|0|");
      podman("logout", "--all");
    }

    private void login(String user) {
      podman("logout", "--all");
      Processes.Result login =
          Processes.runWithInput(
              TIMEOUT,
              environment,
              withCommand(
                  "login", "--tls-verify=false", "--username", user, "--password-stdin", host),
              PASSWORD);
      assertThat(login.exitCode()).as(login.describe()).isZero();
    }

    private List<String> withCommand(String... args) {
      List<String> command = new ArrayList<>(podmanCommand);
      command.addAll(List.of(args));
      return command;
    }
  }
}
