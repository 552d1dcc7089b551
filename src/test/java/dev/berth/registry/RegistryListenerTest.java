package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.db.Database;
import dev.berth.db.Dialect;
import dev.berth.oci.Digest;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.TestImages.Ref;
import dev.berth.storage.FileBlobStore;
import dev.berth.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The registry tells its listener exactly what changed: one event per push, tag delete, manifest
 * delete and manifest GET, with the actor, inside the change's transaction; a listener that throws
 * rolls the change back.
 */
class RegistryListenerTest {

  private static final RepositoryName REPO = RepositoryName.parse("team/app");

  @TempDir Path tempDir;

  /** Records every event; throws on pushes while {@code failPushes} is set. */
  static final class Recorder implements RegistryListener {
    final List<RegistryEvent> events = Collections.synchronizedList(new ArrayList<>());
    volatile boolean failPushes;

    @Override
    public void changed(Handle handle, RegistryEvent event) {
      if (failPushes && event instanceof RegistryEvent.ManifestPushed) {
        throw new IllegalStateException("listener refuses the push");
      }
      events.add(event);
    }

    @Override
    public void pulled(RegistryEvent.ManifestPulled event) {
      events.add(event);
    }
  }

  private record Pushed(Digest manifest, byte[] content) {}

  private static Pushed pushImage(Registry registry, String tag, String label) throws Exception {
    byte[] config = TestImages.content("config " + label);
    byte[] layer = TestImages.content("layer " + label);
    for (byte[] blob : List.of(config, layer)) {
      String id = registry.uploads().start(REPO);
      registry.uploads().complete(REPO, id, Digest.sha256(blob), UploadBody.of(new ByteArrayInputStream(blob)));
    }
    byte[] manifest =
        TestImages.image(
            TestImages.OCI_MANIFEST,
            Ref.of(TestImages.OCI_CONFIG, config),
            List.of(Ref.of(TestImages.OCI_LAYER, layer)));
    registry
        .manifests()
        .put(
            REPO,
            Reference.parse(tag),
            Optional.of(TestImages.OCI_MANIFEST),
            manifest,
            Optional.of("alice"));
    return new Pushed(Digest.sha256(manifest), manifest);
  }

  private Registry registry(Database database, RegistryListener listener) throws Exception {
    return new Registry(
        database,
        new FileBlobStore(tempDir.resolve("store")),
        Clock.systemUTC(),
        4 << 20,
        true,
        listener);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void push_emitsOneEventWithTagAndActor(Dialect dialect) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect, tempDir)) {
      Recorder recorder = new Recorder();
      Registry registry = registry(db.open(), recorder);

      Pushed pushed = pushImage(registry, "v1", "a");

      assertThat(recorder.events).hasSize(1);
      RegistryEvent.ManifestPushed event = (RegistryEvent.ManifestPushed) recorder.events.get(0);
      assertThat(event.repository()).isEqualTo(REPO);
      assertThat(event.digest()).isEqualTo(pushed.manifest());
      assertThat(event.mediaType()).isEqualTo(TestImages.OCI_MANIFEST);
      assertThat(event.size()).isEqualTo(pushed.content().length);
      assertThat(event.tag()).contains(Tag.parse("v1"));
      assertThat(event.actor()).contains("alice");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void listenerException_rollsThePushBack(Dialect dialect) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect, tempDir)) {
      Recorder recorder = new Recorder();
      Registry registry = registry(db.open(), recorder);
      recorder.failPushes = true;

      assertThatThrownBy(() -> pushImage(registry, "v1", "a"))
          .hasMessageContaining("listener refuses the push");

      assertThatThrownBy(() -> registry.manifests().get(REPO, Reference.parse("v1")))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("not found");
      assertThat(recorder.events).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void deletes_emitTagAndManifestEvents(Dialect dialect) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect, tempDir)) {
      Recorder recorder = new Recorder();
      Registry registry = registry(db.open(), recorder);
      Pushed first = pushImage(registry, "v1", "a");
      pushImage(registry, "v2", "b");
      registry
          .manifests()
          .put(
              REPO,
              Reference.parse("stable"),
              Optional.of(TestImages.OCI_MANIFEST),
              first.content(),
              Optional.empty());
      recorder.events.clear();

      registry.manifests().delete(REPO, Reference.parse("v2"), Optional.of("bob"));
      registry
          .manifests()
          .delete(REPO, Reference.parse(first.manifest().toString()), Optional.empty());

      assertThat(recorder.events).hasSize(2);
      RegistryEvent.TagDeleted tagDeleted = (RegistryEvent.TagDeleted) recorder.events.get(0);
      assertThat(tagDeleted.tag()).isEqualTo(Tag.parse("v2"));
      assertThat(tagDeleted.actor()).contains("bob");
      RegistryEvent.ManifestDeleted manifestDeleted =
          (RegistryEvent.ManifestDeleted) recorder.events.get(1);
      assertThat(manifestDeleted.digest()).isEqualTo(first.manifest());
      assertThat(manifestDeleted.tags()).containsExactly(Tag.parse("stable"), Tag.parse("v1"));
      assertThat(manifestDeleted.actor()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void deleteRepository_emitsEveryManifestAndRemovesAll(Dialect dialect) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect, tempDir)) {
      Recorder recorder = new Recorder();
      Registry registry = registry(db.open(), recorder);
      Pushed first = pushImage(registry, "v1", "a");
      Pushed second = pushImage(registry, "v2", "b");
      recorder.events.clear();

      assertThat(registry.deleteRepository(REPO, Optional.of("admin"))).isTrue();

      assertThat(recorder.events)
          .extracting(e -> ((RegistryEvent.ManifestDeleted) e).digest())
          .containsExactlyInAnyOrder(first.manifest(), second.manifest());
      assertThat(recorder.events).allMatch(e -> e.actor().equals(Optional.of("admin")));
      assertThat(registry.isPrivate(REPO)).isEmpty();
      assertThat(registry.deleteRepository(REPO, Optional.empty())).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void deleteRepository_listenerException_keepsTheRepository(Dialect dialect) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect, tempDir)) {
      RegistryListener refusing =
          new RegistryListener() {
            @Override
            public void changed(Handle handle, RegistryEvent event) {
              if (event instanceof RegistryEvent.ManifestDeleted) {
                throw new IllegalStateException("listener refuses the delete");
              }
            }
          };
      Registry registry = registry(db.open(), refusing);
      pushImage(registry, "v1", "a");

      assertThatThrownBy(() -> registry.deleteRepository(REPO, Optional.empty()))
          .hasMessageContaining("refuses the delete");

      assertThat(registry.isPrivate(REPO)).isPresent();
      assertThat(registry.manifests().get(REPO, Reference.parse("v1"))).isNotNull();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void manifestGet_emitsPull_headDoesNot(Dialect dialect) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect, tempDir)) {
      Recorder recorder = new Recorder();
      Registry registry = registry(db.open(), recorder);
      Pushed pushed = pushImage(registry, "v1", "a");
      recorder.events.clear();

      Server server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      server.setHandler(registry.handler(request -> "http://127.0.0.1"));
      server.start();
      try (HttpClient client = HttpClient.newHttpClient()) {
        String base =
            "http://127.0.0.1:" + connector.getLocalPort() + "/v2/" + REPO + "/manifests/";
        int head =
            client
                .send(
                    HttpRequest.newBuilder(URI.create(base + "v1"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        int byTag =
            client
                .send(
                    HttpRequest.newBuilder(URI.create(base + "v1")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        int byDigest =
            client
                .send(
                    HttpRequest.newBuilder(URI.create(base + pushed.manifest())).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        assertThat(List.of(head, byTag, byDigest)).containsOnly(200);
      } finally {
        server.stop();
      }

      assertThat(recorder.events).hasSize(2);
      RegistryEvent.ManifestPulled first = (RegistryEvent.ManifestPulled) recorder.events.get(0);
      RegistryEvent.ManifestPulled second = (RegistryEvent.ManifestPulled) recorder.events.get(1);
      assertThat(first.tag()).contains(Tag.parse("v1"));
      assertThat(first.digest()).isEqualTo(pushed.manifest());
      assertThat(first.mediaType()).isEqualTo(TestImages.OCI_MANIFEST);
      assertThat(second.tag()).isEmpty();
      assertThat(first.actor()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void composite_tellsEachInOrder_andIsolatesPullFailures(Dialect dialect) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect, tempDir)) {
      List<String> calls = Collections.synchronizedList(new ArrayList<>());
      RegistryListener first =
          new RegistryListener() {
            @Override
            public void changed(Handle handle, RegistryEvent event) {
              calls.add("first changed");
            }

            @Override
            public void pulled(RegistryEvent.ManifestPulled event) {
              calls.add("first pulled");
              throw new IllegalStateException("first pull listener fails");
            }
          };
      Recorder second = new Recorder();
      Registry registry = registry(db.open(), CompositeRegistryListener.of(first, second));

      Pushed pushed = pushImage(registry, "v1", "a");
      registry
          .manifests()
          .pulled(
              REPO,
              registry.manifests().get(REPO, Reference.parse("v1")),
              Reference.parse("v1"),
              Optional.empty());

      assertThat(calls).containsExactly("first changed", "first pulled");
      assertThat(second.events).hasSize(2);
      assertThat(((RegistryEvent.ManifestPushed) second.events.get(0)).digest())
          .isEqualTo(pushed.manifest());
      assertThat(second.events.get(1)).isInstanceOf(RegistryEvent.ManifestPulled.class);
    }
  }
}
