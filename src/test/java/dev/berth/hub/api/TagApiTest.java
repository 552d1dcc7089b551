package dev.berth.hub.api;

import static dev.berth.hub.api.HubBerth.body;
import static dev.berth.hub.api.HubBerth.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.db.Dialect;
import dev.berth.hub.api.HubBerth.As;
import dev.berth.hub.api.HubBerth.Pushed;
import dev.berth.hub.api.HubBerth.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pushes through the registry record what the tag pages show: digest, media type, platforms of
 * images, indexes (without attestations), WebAssembly images and artifacts, compressed sizes,
 * pusher and times. Pulls are counted like Docker Hub's and written when Berth stops.
 */
class TagApiTest {

  private static final String APP = "/api/v2/namespaces/alice/repositories/app";

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void push_recordsImagesPlatformsSizesAndPusher(Dialect dialect) throws Exception {
    try (HubBerth berth = HubBerth.start(dialect, tempDir, true)) {
      As admin = berth.loginAdmin();
      As alice = berth.createUser(admin, "alice");
      As aliceBasic = As.basic("alice", HubBerth.PASSWORD);

      Pushed single = berth.pushImage("alice/app", "v1", "linux", "amd64", null, aliceBasic);
      Map<String, Pushed> children = new LinkedHashMap<>();
      children.put(
          "linux/amd64", berth.pushImage("alice/app", "amd", "linux", "amd64", null, aliceBasic));
      children.put(
          "linux/arm64/v8",
          berth.pushImage("alice/app", "arm", "linux", "arm64", "v8", aliceBasic));
      Pushed index = berth.pushIndex("alice/app", "multi", children, aliceBasic);
      Pushed wasm = berth.pushImage("alice/app", "wasm", "wasi", "wasm32", null, aliceBasic);
      Pushed wasmArtifact = berth.pushWasmArtifact("alice/app", "wasip1", aliceBasic);
      Pushed note = berth.pushArtifact("alice/app", "note", aliceBasic);

      JsonNode repo = expect(berth.get(APP, alice), 200).json();
      assertThat(repo.get("created_by").asText()).isEqualTo("alice");
      assertThat(repo.get("is_private").asBoolean()).as("a push creates a private one").isTrue();
      assertThat(repo.get("last_pushed").asText()).isEqualTo(repo.get("last_updated").asText());
      assertThat(repo.get("last_pushed").asText())
          .as("milliseconds, always three digits")
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      assertThat(repo.get("storage_size").asLong()).isPositive();

      JsonNode v1 = expect(berth.get(APP + "/tags/v1", alice), 200).json();
      assertThat(v1.get("name").asText()).isEqualTo("v1");
      assertThat(v1.get("digest").asText()).isEqualTo(single.digest().toString());
      assertThat(v1.get("media_type").asText()).isEqualTo(HubBerth.OCI_MANIFEST);
      assertThat(v1.get("content_type").asText()).isEqualTo("image");
      assertThat(v1.get("full_size").asLong()).isEqualTo(single.fullSize());
      assertThat(v1.get("last_updater_username").asText()).isEqualTo("alice");
      assertThat(v1.get("tag_last_pulled").isNull()).isTrue();
      assertThat(v1.get("tag_last_pushed").asText()).isEqualTo(v1.get("last_updated").asText());
      assertThat(v1.get("images")).hasSize(1);
      assertThat(image(v1.get("images").get(0))).isEqualTo("linux/amd64/null " + single.digest());
      assertThat(v1.at("/images/0/size").asLong()).isEqualTo(single.fullSize());

      JsonNode multi = expect(berth.get(APP + "/tags/multi", alice), 200).json();
      assertThat(multi.get("media_type").asText()).isEqualTo(HubBerth.OCI_INDEX);
      assertThat(multi.get("full_size").asLong()).isEqualTo(index.fullSize());
      List<String> platforms = new ArrayList<>();
      multi.get("images").forEach(i -> platforms.add(image(i)));
      assertThat(platforms)
          .as("the attestation manifest is left out")
          .containsExactly(
              "linux/amd64/null " + children.get("linux/amd64").digest(),
              "linux/arm64/v8 " + children.get("linux/arm64/v8").digest());

      JsonNode wasmTag = expect(berth.get(APP + "/tags/wasm", alice), 200).json();
      assertThat(image(wasmTag.at("/images/0"))).isEqualTo("wasi/wasm32/null " + wasm.digest());
      JsonNode wasmArtifactTag = expect(berth.get(APP + "/tags/wasip1", alice), 200).json();
      assertThat(image(wasmArtifactTag.at("/images/0")))
          .as("a Wasm config carries a platform")
          .isEqualTo("wasip1/wasm/null " + wasmArtifact.digest());

      JsonNode noteTag = expect(berth.get(APP + "/tags/note", alice), 200).json();
      assertThat(noteTag.get("content_type").asText()).isEqualTo("artifact");
      assertThat(noteTag.get("artifact_type").asText())
          .isEqualTo("application/vnd.example.note.v1");
      assertThat(noteTag.get("full_size").asLong()).isEqualTo(note.fullSize());
      assertThat(noteTag.at("/images/0/os").isNull()).isTrue();
      assertThat(noteTag.at("/images/0/architecture").isNull()).isTrue();

      JsonNode newest = expect(berth.get(APP + "/tags?page_size=100", alice), 200).json();
      assertThat(newest.get("count").asLong()).isEqualTo(8);
      List<String> names = new ArrayList<>();
      newest.get("results").forEach(t -> names.add(t.get("name").asText()));
      assertThat(names.get(0)).as("newest push first").isEqualTo("note");
      JsonNode byName =
          expect(berth.get(APP + "/tags?ordering=name&page_size=3", alice), 200).json();
      List<String> sorted = new ArrayList<>();
      byName.get("results").forEach(t -> sorted.add(t.get("name").asText()));
      assertThat(sorted).containsExactly("amd", "arm", "attestation-of-multi");
      assertThat(byName.get("next").asText()).endsWith("?page=2&page_size=3&ordering=name");

      assertThat(berth.get(APP + "/tags", As.anonymous()).status()).as("private").isEqualTo(404);
      Reply unknown = berth.get(APP + "/tags/v9", alice);
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.errorMessage()).startsWith("tag v9 not found in repository alice/app");
      Reply invalid = berth.get(APP + "/tags/-bad", alice);
      assertThat(invalid.status()).isEqualTo(400);
      assertThat(invalid.errorMessage()).startsWith("tag '-bad' is invalid");
      Reply ordering = berth.get(APP + "/tags?ordering=size", alice);
      assertThat(ordering.status()).isEqualTo(400);
      assertThat(ordering.errorMessage())
          .isEqualTo(
              "query parameter ordering=size is invalid; use one of last_updated, -last_updated,"
                  + " name, -name");

      // Deleting a tag through the registry removes it from the hub's pages.
      expect(berth.delete("/v2/alice/app/manifests/wasm", aliceBasic), 202);
      assertThat(berth.get(APP + "/tags/wasm", alice).status()).isEqualTo(404);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void pulls_countImageGets_andSurviveRestart(Dialect dialect) throws Exception {
    try (HubBerth berth = HubBerth.start(dialect, tempDir, true)) {
      As admin = berth.loginAdmin();
      As alice = berth.createUser(admin, "alice");
      As aliceBasic = As.basic("alice", HubBerth.PASSWORD);
      berth.pushImage("alice/app", "v1", "linux", "amd64", null, aliceBasic);
      Map<String, Pushed> children = new LinkedHashMap<>();
      Pushed arm = berth.pushImage("alice/app", "arm", "linux", "arm64", "v8", aliceBasic);
      children.put("linux/arm64/v8", arm);
      berth.pushIndex("alice/app", "multi", children, aliceBasic);
      String updatedBefore =
          expect(berth.patch(APP, alice, body("description", "before pulls")), 200)
              .json()
              .get("last_updated")
              .asText();

      expect(berth.get("/v2/alice/app/manifests/v1", aliceBasic), 200);
      expect(berth.get("/v2/alice/app/manifests/v1", aliceBasic), 200);
      expect(berth.head("/v2/alice/app/manifests/v1", aliceBasic), 200);
      expect(berth.get("/v2/alice/app/manifests/multi", aliceBasic), 200);
      expect(berth.get("/v2/alice/app/manifests/" + arm.digest(), aliceBasic), 200);

      berth.restart();

      As again = berth.login("alice", HubBerth.PASSWORD);
      JsonNode repo = expect(berth.get(APP, again), 200).json();
      assertThat(repo.get("pull_count").asLong())
          .as("two image GETs by tag and one by digest; HEAD and the index GET do not count")
          .isEqualTo(3);
      assertThat(repo.get("last_pulled").isNull()).isFalse();
      assertThat(repo.get("last_updated").asText())
          .as("pulls do not change last_updated")
          .isEqualTo(updatedBefore);
      assertThat(
              expect(berth.get(APP + "/tags/v1", again), 200)
                  .json()
                  .get("tag_last_pulled")
                  .isNull())
          .isFalse();
      assertThat(
              expect(berth.get(APP + "/tags/multi", again), 200)
                  .json()
                  .get("tag_last_pulled")
                  .isNull())
          .isFalse();
      assertThat(
              expect(berth.get(APP + "/tags/arm", again), 200)
                  .json()
                  .get("tag_last_pulled")
                  .isNull())
          .as("pulled by digest only")
          .isTrue();
      JsonNode byPulls =
          expect(
                  berth.get("/api/v2/namespaces/alice/repositories?ordering=-pull_count", again),
                  200)
              .json();
      assertThat(byPulls.at("/results/0/pull_count").asLong()).isEqualTo(3);
    }
  }

  private static String image(JsonNode image) {
    return image.get("os").asText()
        + "/"
        + image.get("architecture").asText()
        + "/"
        + image.get("variant").asText()
        + " "
        + image.get("digest").asText();
  }
}
