package dev.berth.server;

import static dev.berth.server.DistributionClient.OCI_CONFIG;
import static dev.berth.server.DistributionClient.OCI_LAYER;
import static dev.berth.server.DistributionClient.OCI_MANIFEST;
import static dev.berth.server.DistributionClient.sha256;
import static dev.berth.server.DistributionClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.db.Database;
import dev.berth.db.DatabaseSettings;
import dev.berth.testing.WebhookReceiver;
import dev.berth.testing.WebhookReceiver.Received;
import dev.berth.webhooks.AddressResolver;
import dev.berth.webhooks.StoredRepositoryFacts;
import dev.berth.webhooks.WebhookInput;
import dev.berth.webhooks.WebhookScope;
import dev.berth.webhooks.Webhooks;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a Berth child JVM with SIGKILL right after a manifest PUT returned 201, restarts it, and
 * checks that the webhook receiver gets exactly one delivery for that push. The receiver is down
 * until the kill, so Berth cannot have delivered before it: every delivery comes from the outbox
 * row the push committed, and a duplicate would mean the job ran twice.
 */
class WebhookCrashTest {

  private static final String REPOSITORY = "crash/app";
  private static final int ROUNDS = 3;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dataDir;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path workDir;

  @Test
  void sigkillAfterPush_receiverGetsExactlyOneDelivery() throws Exception {
    int receiverPort = freePort();
    createWebhook(receiverPort);
    Path config =
        Files.writeString(
            workDir.resolve("berth.yaml"), "webhooks:\n  allowed_hosts: [127.0.0.1]\n");
    Path log = workDir.resolve("berth.log");
    List<Received> deliveries = new ArrayList<>();

    BerthProcess server = BerthProcess.start(dataDir, log, "--config", config.toString());
    DistributionClient client = new DistributionClient(server.baseUri());
    try {
      for (int round = 1; round <= ROUNDS; round++) {
        String tag = "round-" + round;

        HttpResponse<byte[]> put = pushImage(client, tag);
        server.kill();
        assertThat(put.statusCode()).as("manifest PUT of %s: %s", tag, text(put)).isEqualTo(201);

        try (WebhookReceiver receiver = WebhookReceiver.startOnPort(receiverPort, 200)) {
          server = BerthProcess.start(dataDir, log, "--config", config.toString());
          client = client.withBase(server.baseUri());
          receiver.await(1, WAIT);
          awaitNoPendingJobs(server);
          deliveries.addAll(receiver.received());
        }
      }
    } finally {
      server.close();
    }

    List<String> tags = new ArrayList<>();
    for (Received delivery : deliveries) {
      JsonNode body = JSON.readTree(delivery.body());
      tags.add(body.path("push_data").path("tag").asText());
    }
    assertThat(tags)
        .as("one delivery per push; log:\n%s", server.logTail())
        .containsExactly("round-1", "round-2", "round-3");
    assertThat(deliveries).extracting(d -> d.header("X-Berth-Event-Id")).doesNotHaveDuplicates();
    assertThat(deliveries).extracting(Received::path).containsOnly("/hook");
  }

  /** Creates the webhook in the database before Berth first starts, as an API call would. */
  private void createWebhook(int port) throws Exception {
    String url = "jdbc:sqlite:" + dataDir.resolve("berth.db").toAbsolutePath();
    try (Database database =
        Database.open(new DatabaseSettings(url, Optional.empty(), Optional.empty(), 2))) {
      Webhooks webhooks =
          new Webhooks(
              database,
              Clock.systemUTC(),
              new SecureRandom(),
              Webhooks.Settings.defaults(Set.of("127.0.0.1")),
              () -> "http://127.0.0.1",
              new StoredRepositoryFacts(),
              AddressResolver.SYSTEM);
      webhooks
          .service()
          .create(
              WebhookScope.namespace("crash"),
              "admin",
              new WebhookInput(
                  Optional.of("crash receiver"),
                  Optional.of("http://127.0.0.1:" + port + "/hook"),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty()));
    }
  }

  private static HttpResponse<byte[]> pushImage(DistributionClient client, String tag)
      throws IOException, InterruptedException {
    byte[] config = ("{\"round\":\"" + tag + "\"}").getBytes(StandardCharsets.UTF_8);
    byte[] layer = ("layer of " + tag).getBytes(StandardCharsets.UTF_8);
    client.pushBlob(REPOSITORY, config, config.length);
    client.pushBlob(REPOSITORY, layer, layer.length);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", OCI_MANIFEST);
    manifest.set("config", descriptor(OCI_CONFIG, config));
    manifest.putArray("layers").add(descriptor(OCI_LAYER, layer));
    return client.putManifest(REPOSITORY, tag, OCI_MANIFEST, JSON.writeValueAsBytes(manifest));
  }

  private static ObjectNode descriptor(String mediaType, byte[] content) {
    ObjectNode descriptor = JSON.createObjectNode();
    descriptor.put("mediaType", mediaType);
    descriptor.put("digest", sha256(content));
    descriptor.put("size", content.length);
    return descriptor;
  }

  /** Waits until the server has finished every job, so no further delivery can come. */
  private void awaitNoPendingJobs(BerthProcess server) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String url = "jdbc:sqlite:" + dataDir.resolve("berth.db").toAbsolutePath();
    while (true) {
      long pending;
      try (Connection connection = DriverManager.getConnection(url);
          Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery("SELECT COUNT(*) FROM jobs WHERE state = 'pending'")) {
        pending = rows.getLong(1);
      } catch (SQLException e) {
        // The server holds the write lock for a moment; read again.
        pending = -1;
      }
      if (pending == 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "jobs still pending after " + WAIT + "; log:\n" + server.logTail());
      }
      Thread.sleep(50);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
