package dev.berth.registry;

import static dev.berth.registry.ErrorBodies.assertError;
import static dev.berth.registry.TestImages.DOCKER_CONFIG;
import static dev.berth.registry.TestImages.DOCKER_LAYER;
import static dev.berth.registry.TestImages.DOCKER_LIST;
import static dev.berth.registry.TestImages.DOCKER_MANIFEST;
import static dev.berth.registry.TestImages.OCI_CONFIG;
import static dev.berth.registry.TestImages.OCI_EMPTY;
import static dev.berth.registry.TestImages.OCI_INDEX;
import static dev.berth.registry.TestImages.OCI_LAYER;
import static dev.berth.registry.TestImages.OCI_MANIFEST;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.db.Dialect;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.registry.TestImages.Ref;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Manifest PUT, GET, HEAD and DELETE by tag and by digest, for Docker schema 2, Docker manifest
 * lists, OCI manifests, OCI indexes and OCI artifacts, and every rejection of a bad manifest.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestTest {

  private static final int MANIFEST_LIMIT = 4 * 1024 * 1024;

  @Parameter Dialect dialect;

  private final AtomicInteger repositories = new AtomicInteger();
  private TestBerth berth;

  @BeforeParameterizedClassInvocation
  void start() throws Exception {
    berth = TestBerth.start(dialect);
  }

  @AfterParameterizedClassInvocation
  void stop() throws Exception {
    berth.close();
  }

  private String newRepository() {
    return "manifest/repo" + repositories.incrementAndGet();
  }

  /** Pushes a config and a layer and returns the image manifest naming them, not yet pushed. */
  private byte[] imageWithBlobs(
      String repository, String manifestType, String configType, String layerType, String label) {
    byte[] config = TestImages.content(label + " config");
    byte[] layer = TestImages.content(label + " layer");
    berth.pushBlob(repository, config);
    berth.pushBlob(repository, layer);
    return TestImages.image(
        manifestType, Ref.of(configType, config), List.of(Ref.of(layerType, layer)));
  }

  private byte[] ociImage(String repository, String label) {
    return imageWithBlobs(repository, OCI_MANIFEST, OCI_CONFIG, OCI_LAYER, label);
  }

  private void assertServed(
      String repository, String reference, String mediaType, byte[] manifest) {
    HttpResponse<byte[]> response = berth.get("/v2/" + repository + "/manifests/" + reference);
    assertThat(response.statusCode()).as(TestBerth.text(response)).isEqualTo(200);
    assertThat(response.body()).isEqualTo(manifest);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(mediaType);
    assertThat(response.headers().firstValue("Docker-Content-Digest"))
        .hasValue(Digest.sha256(manifest).toString());
    assertThat(response.headers().firstValue("Content-Length"))
        .hasValue(Integer.toString(manifest.length));
  }

  // Each manifest kind, by tag and by digest.

  @Test
  void put_dockerSchema2ByTag_storesAndServesIt() {
    String repository = newRepository();
    byte[] manifest =
        imageWithBlobs(repository, DOCKER_MANIFEST, DOCKER_CONFIG, DOCKER_LAYER, "docker");
    Digest digest = Digest.sha256(manifest);

    HttpResponse<byte[]> put =
        berth.put(
            "/v2/" + repository + "/manifests/latest", manifest, "Content-Type", DOCKER_MANIFEST);

    assertThat(put.statusCode()).as(TestBerth.text(put)).isEqualTo(201);
    assertThat(put.headers().firstValue("Location"))
        .hasValue(berth.baseUri() + "/v2/" + repository + "/manifests/" + digest);
    assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
    assertServed(repository, "latest", DOCKER_MANIFEST, manifest);
    assertServed(repository, digest.toString(), DOCKER_MANIFEST, manifest);
  }

  @Test
  void put_ociManifestByTag_storesAndServesIt() {
    String repository = newRepository();
    byte[] manifest = ociImage(repository, "oci");

    Digest digest = berth.pushManifest(repository, "v1.0", OCI_MANIFEST, manifest);

    assertServed(repository, "v1.0", OCI_MANIFEST, manifest);
    assertServed(repository, digest.toString(), OCI_MANIFEST, manifest);
  }

  @Test
  void put_dockerManifestList_storesAndServesIt() {
    String repository = newRepository();
    byte[] amd64 =
        imageWithBlobs(repository, DOCKER_MANIFEST, DOCKER_CONFIG, DOCKER_LAYER, "list amd64");
    byte[] arm64 =
        imageWithBlobs(repository, DOCKER_MANIFEST, DOCKER_CONFIG, DOCKER_LAYER, "list arm64");
    Digest amd64Digest = berth.pushManifest(repository, Digest.sha256(amd64).toString(),
        DOCKER_MANIFEST, amd64);
    Digest arm64Digest = berth.pushManifest(repository, Digest.sha256(arm64).toString(),
        DOCKER_MANIFEST, arm64);
    byte[] list =
        TestImages.index(
            DOCKER_LIST,
            List.of(
                new Ref(DOCKER_MANIFEST, amd64Digest, amd64.length),
                new Ref(DOCKER_MANIFEST, arm64Digest, arm64.length)));

    Digest digest = berth.pushManifest(repository, "multi", DOCKER_LIST, list);

    assertServed(repository, "multi", DOCKER_LIST, list);
    assertServed(repository, digest.toString(), DOCKER_LIST, list);
    assertServed(repository, amd64Digest.toString(), DOCKER_MANIFEST, amd64);
  }

  @Test
  void put_ociIndex_storesAndServesIt() {
    String repository = newRepository();
    byte[] child = ociImage(repository, "index child");
    Digest childDigest =
        berth.pushManifest(repository, Digest.sha256(child).toString(), OCI_MANIFEST, child);
    byte[] index =
        TestImages.index(OCI_INDEX, List.of(new Ref(OCI_MANIFEST, childDigest, child.length)));

    Digest digest = berth.pushManifest(repository, "index", OCI_INDEX, index);

    assertServed(repository, "index", OCI_INDEX, index);
    assertServed(repository, digest.toString(), OCI_INDEX, index);
  }

  @Test
  void put_ociArtifactWithEmptyConfigNeverUploaded_isAccepted() {
    String repository = newRepository();
    byte[] payload = TestImages.content("artifact payload");
    berth.pushBlob(repository, payload);
    byte[] artifact =
        TestImages.artifact(
            "application/vnd.example.sbom.v1+json",
            List.of(Ref.of("application/vnd.example.sbom.layer.v1+json", payload)),
            Optional.empty(),
            Map.of());

    Digest digest = berth.pushManifest(repository, "sbom", OCI_MANIFEST, artifact);
    HttpResponse<byte[]> emptyBlob =
        berth.get("/v2/" + repository + "/blobs/" + TestImages.EMPTY_JSON_DIGEST);

    assertServed(repository, digest.toString(), OCI_MANIFEST, artifact);
    assertThat(ErrorBodies.parse(artifact).get("artifactType").asText())
        .isEqualTo("application/vnd.example.sbom.v1+json");
    assertThat(emptyBlob.statusCode()).as(TestBerth.text(emptyBlob)).isEqualTo(200);
    assertThat(new String(emptyBlob.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    assertThat(emptyBlob.headers().firstValue("Content-Length")).hasValue("2");
  }

  @Test
  void put_ociArtifactWithOnlyEmptyDescriptors_isAccepted() {
    String repository = newRepository();
    ObjectNode root = (ObjectNode) ErrorBodies.parse(
        TestImages.artifact("application/vnd.example.note", List.of(), Optional.empty(), Map.of()));
    root.withArray("layers").add(TestImages.emptyDescriptor());
    byte[] artifact = TestImages.bytes(root);

    Digest digest = berth.pushManifest(repository, "note", OCI_MANIFEST, artifact);

    assertServed(repository, "note", OCI_MANIFEST, artifact);
    assertServed(repository, digest.toString(), OCI_MANIFEST, artifact);
  }

  @Test
  void put_ociArtifactAfterUploadingEmptyBlob_isAccepted() {
    String repository = newRepository();
    Digest empty = berth.pushBlob(repository, "{}".getBytes(StandardCharsets.UTF_8));
    byte[] artifact =
        TestImages.artifact(
            "application/vnd.example.signature",
            List.of(new Ref(OCI_EMPTY, empty, 2)),
            Optional.empty(),
            Map.of("org.example.signed-by", "test"));

    berth.pushManifest(repository, "signature", OCI_MANIFEST, artifact);

    assertThat(empty.toString()).isEqualTo(TestImages.EMPTY_JSON_DIGEST);
    assertServed(repository, "signature", OCI_MANIFEST, artifact);
  }

  @Test
  void put_oddWhitespace_isServedByteForByte() {
    String repository = newRepository();
    byte[] config = TestImages.content("whitespace config");
    byte[] layer = TestImages.content("whitespace layer");
    Digest configDigest = berth.pushBlob(repository, config);
    Digest layerDigest = berth.pushBlob(repository, layer);
    String text =
        "\n{\t\"layers\" :[ {\"size\":"
            + layer.length
            + ",\r\n  \"digest\":\""
            + layerDigest
            + "\",\"mediaType\":\""
            + OCI_LAYER
            + "\"}\t],\n\n   \"schemaVersion\":   2 ,\"config\":{\"mediaType\":\""
            + OCI_CONFIG
            + "\",\"digest\":\""
            + configDigest
            + "\",\"size\":"
            + config.length
            + "},\"mediaType\":\""
            + OCI_MANIFEST
            + "\",\"annotations\":{\"note\":\"caf\\u00e9 \u2603\"}}   \n\n";
    byte[] manifest = text.getBytes(StandardCharsets.UTF_8);

    Digest digest = berth.pushManifest(repository, "spaced", OCI_MANIFEST, manifest);

    assertServed(repository, "spaced", OCI_MANIFEST, manifest);
    assertServed(repository, digest.toString(), OCI_MANIFEST, manifest);
  }

  @Test
  void put_withoutMediaTypeField_usesContentType() {
    String repository = newRepository();
    ObjectNode root = (ObjectNode) ErrorBodies.parse(ociImage(repository, "no media type"));
    root.remove("mediaType");
    byte[] manifest = TestImages.bytes(root);

    berth.pushManifest(repository, "plain", OCI_MANIFEST, manifest);

    assertServed(repository, "plain", OCI_MANIFEST, manifest);
  }

  @Test
  void head_byTagAndDigest_returnsDigestAndLengthWithoutBody() {
    String repository = newRepository();
    byte[] manifest = ociImage(repository, "head");
    Digest digest = berth.pushManifest(repository, "head", OCI_MANIFEST, manifest);

    for (String reference : List.of("head", digest.toString())) {
      HttpResponse<byte[]> head = berth.head("/v2/" + repository + "/manifests/" + reference);

      assertThat(head.statusCode()).as(reference).isEqualTo(200);
      assertThat(head.body()).as(reference).isEmpty();
      assertThat(head.headers().firstValue("Docker-Content-Digest"))
          .as(reference)
          .hasValue(digest.toString());
      assertThat(head.headers().firstValue("Content-Length"))
          .as(reference)
          .hasValue(Integer.toString(manifest.length));
      assertThat(head.headers().firstValue("Content-Type")).as(reference).hasValue(OCI_MANIFEST);
    }
  }

  @Test
  void head_unknownManifest_returns404WithoutBody() {
    HttpResponse<byte[]> head = berth.head("/v2/" + newRepository() + "/manifests/missing");

    assertThat(head.statusCode()).isEqualTo(404);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void put_byDigest_storesWithoutTag() {
    String repository = newRepository();
    byte[] manifest = ociImage(repository, "by digest");
    Digest digest = Digest.sha256(manifest);

    HttpResponse<byte[]> put =
        berth.put(
            "/v2/" + repository + "/manifests/" + digest, manifest, "Content-Type", OCI_MANIFEST);
    HttpResponse<byte[]> tags = berth.get("/v2/" + repository + "/tags/list");

    assertThat(put.statusCode()).as(TestBerth.text(put)).isEqualTo(201);
    assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
    assertServed(repository, digest.toString(), OCI_MANIFEST, manifest);
    assertThat(tags.statusCode()).isEqualTo(200);
    assertThat(ErrorBodies.parse(tags.body()).get("tags")).isEmpty();
  }

  @Test
  void put_bySha512Digest_isServedUnderThatDigest() {
    String repository = newRepository();
    byte[] manifest = ociImage(repository, "sha512");
    Digest digest = Digest.of(DigestAlgorithm.SHA512, manifest);

    HttpResponse<byte[]> put =
        berth.put(
            "/v2/" + repository + "/manifests/" + digest, manifest, "Content-Type", OCI_MANIFEST);
    HttpResponse<byte[]> get = berth.get("/v2/" + repository + "/manifests/" + digest);

    assertThat(put.statusCode()).as(TestBerth.text(put)).isEqualTo(201);
    assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
    assertThat(get.statusCode()).as(TestBerth.text(get)).isEqualTo(200);
    assertThat(get.body()).isEqualTo(manifest);
    assertThat(get.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
  }

  @Test
  void put_sameTagTwice_movesTag() {
    String repository = newRepository();
    byte[] first = ociImage(repository, "first");
    byte[] second = ociImage(repository, "second");

    berth.pushManifest(repository, "moving", OCI_MANIFEST, first);
    berth.pushManifest(repository, "moving", OCI_MANIFEST, second);

    assertServed(repository, "moving", OCI_MANIFEST, second);
    assertServed(repository, Digest.sha256(first).toString(), OCI_MANIFEST, first);
  }

  @Test
  void put_sameManifestTwice_isIdempotent() {
    String repository = newRepository();
    byte[] manifest = ociImage(repository, "twice");

    Digest first = berth.pushManifest(repository, "a", OCI_MANIFEST, manifest);
    Digest second = berth.pushManifest(repository, "b", OCI_MANIFEST, manifest);

    assertThat(second).isEqualTo(first);
    assertServed(repository, "a", OCI_MANIFEST, manifest);
    assertServed(repository, "b", OCI_MANIFEST, manifest);
  }

  @Test
  void concurrentPuts_sharedLayersInOppositeOrder_allSucceed() throws Exception {
    String repository = newRepository();
    byte[] config = TestImages.content("concurrent config");
    byte[] first = TestImages.content("concurrent layer one");
    byte[] second = TestImages.content("concurrent layer two");
    berth.pushBlob(repository, config);
    berth.pushBlob(repository, first);
    berth.pushBlob(repository, second);
    Ref configRef = Ref.of(OCI_CONFIG, config);
    Ref one = Ref.of(OCI_LAYER, first);
    Ref two = Ref.of(OCI_LAYER, second);
    int pushes = 16;
    java.util.concurrent.ExecutorService executor =
        java.util.concurrent.Executors.newFixedThreadPool(pushes);
    List<java.util.concurrent.Future<HttpResponse<byte[]>>> futures = new java.util.ArrayList<>();
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    try {
      for (int i = 0; i < pushes; i++) {
        List<Ref> layers = i % 2 == 0 ? List.of(one, two) : List.of(two, one);
        ObjectNode root =
            (ObjectNode) ErrorBodies.parse(TestImages.image(OCI_MANIFEST, configRef, layers));
        root.putObject("annotations").put("org.example.push", Integer.toString(i));
        byte[] manifest = TestImages.bytes(root);
        String tag = "push-" + i;
        futures.add(
            executor.submit(
                () -> {
                  go.await();
                  return berth.put(
                      "/v2/" + repository + "/manifests/" + tag,
                      manifest,
                      "Content-Type",
                      OCI_MANIFEST);
                }));
      }
      go.countDown();
      List<String> outcomes = new java.util.ArrayList<>();
      for (var future : futures) {
        HttpResponse<byte[]> response = future.get(120, java.util.concurrent.TimeUnit.SECONDS);
        outcomes.add(TestBerth.text(response));
      }

      assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).startsWith("201 "));
    } finally {
      executor.shutdownNow();
    }
  }

  // Deletion.

  @Test
  void delete_byTag_removesOnlyTheTag() {
    String repository = newRepository();
    byte[] manifest = ociImage(repository, "delete tag");
    Digest digest = berth.pushManifest(repository, "doomed", OCI_MANIFEST, manifest);

    HttpResponse<byte[]> deleted = berth.delete("/v2/" + repository + "/manifests/doomed");
    HttpResponse<byte[]> byTag = berth.get("/v2/" + repository + "/manifests/doomed");

    assertThat(deleted.statusCode()).isEqualTo(202);
    assertError(byTag, 404, "MANIFEST_UNKNOWN", "doomed");
    assertServed(repository, digest.toString(), OCI_MANIFEST, manifest);
  }

  @Test
  void delete_byDigest_removesManifestAndItsTags() {
    String repository = newRepository();
    byte[] manifest = ociImage(repository, "delete digest");
    Digest digest = berth.pushManifest(repository, "gone", OCI_MANIFEST, manifest);
    berth.pushManifest(repository, "kept", OCI_MANIFEST, ociImage(repository, "other"));

    HttpResponse<byte[]> deleted = berth.delete("/v2/" + repository + "/manifests/" + digest);
    HttpResponse<byte[]> byDigest = berth.get("/v2/" + repository + "/manifests/" + digest);
    HttpResponse<byte[]> byTag = berth.get("/v2/" + repository + "/manifests/gone");
    HttpResponse<byte[]> head = berth.head("/v2/" + repository + "/manifests/" + digest);
    HttpResponse<byte[]> tags = berth.get("/v2/" + repository + "/tags/list");

    assertThat(deleted.statusCode()).isEqualTo(202);
    assertError(byDigest, 404, "MANIFEST_UNKNOWN", digest.toString());
    assertError(byTag, 404, "MANIFEST_UNKNOWN", "gone");
    assertThat(head.statusCode()).isEqualTo(404);
    assertThat(ErrorBodies.parse(tags.body()).get("tags").toString()).isEqualTo("[\"kept\"]");
  }

  @Test
  void delete_unknownManifest_returnsManifestUnknown() {
    String repository = newRepository();
    Digest missing = Digest.sha256(TestImages.content("never pushed"));

    HttpResponse<byte[]> byDigest = berth.delete("/v2/" + repository + "/manifests/" + missing);
    HttpResponse<byte[]> byTag = berth.delete("/v2/" + repository + "/manifests/nope");

    assertError(byDigest, 404, "MANIFEST_UNKNOWN", missing.toString());
    assertError(byTag, 404, "MANIFEST_UNKNOWN", "nope");
  }

  @Test
  void get_unknownTagOrDigest_returnsManifestUnknownNamingIt() {
    String repository = newRepository();
    berth.pushManifest(repository, "present", OCI_MANIFEST, ociImage(repository, "present"));
    Digest missing = Digest.sha256(TestImages.content("missing manifest"));

    HttpResponse<byte[]> byTag = berth.get("/v2/" + repository + "/manifests/absent");
    HttpResponse<byte[]> byDigest = berth.get("/v2/" + repository + "/manifests/" + missing);

    assertError(byTag, 404, "MANIFEST_UNKNOWN", "absent", repository);
    assertError(byDigest, 404, "MANIFEST_UNKNOWN", missing.toString());
  }

  @Test
  void get_manifestOfAnotherRepository_returnsManifestUnknown() {
    String owner = newRepository();
    String other = newRepository();
    Digest digest = berth.pushManifest(owner, "mine", OCI_MANIFEST, ociImage(owner, "mine"));
    berth.pushManifest(other, "theirs", OCI_MANIFEST, ociImage(other, "theirs"));

    HttpResponse<byte[]> response = berth.get("/v2/" + other + "/manifests/" + digest);

    assertError(response, 404, "MANIFEST_UNKNOWN", digest.toString());
  }

  // References that must exist.

  @Test
  void put_missingLayer_returnsManifestBlobUnknownNamingIt() {
    String repository = newRepository();
    byte[] config = TestImages.content("missing layer config");
    berth.pushBlob(repository, config);
    Ref layer = Ref.of(OCI_LAYER, TestImages.content("layer never pushed"));
    byte[] manifest = TestImages.image(OCI_MANIFEST, Ref.of(OCI_CONFIG, config), List.of(layer));

    HttpResponse<byte[]> response =
        berth.put("/v2/" + repository + "/manifests/x", manifest, "Content-Type", OCI_MANIFEST);

    assertError(response, 400, "MANIFEST_BLOB_UNKNOWN", layer.digest().toString());
    assertThat(berth.get("/v2/" + repository + "/manifests/x").statusCode()).isEqualTo(404);
  }

  @Test
  void put_missingConfig_returnsManifestBlobUnknownNamingIt() {
    String repository = newRepository();
    byte[] layer = TestImages.content("missing config layer");
    berth.pushBlob(repository, layer);
    Ref config = Ref.of(OCI_CONFIG, TestImages.content("config never pushed"));
    byte[] manifest = TestImages.image(OCI_MANIFEST, config, List.of(Ref.of(OCI_LAYER, layer)));

    HttpResponse<byte[]> response =
        berth.put("/v2/" + repository + "/manifests/x", manifest, "Content-Type", OCI_MANIFEST);

    assertError(response, 400, "MANIFEST_BLOB_UNKNOWN", config.digest().toString());
  }

  @Test
  void put_layerOnlyInAnotherRepository_returnsManifestBlobUnknown() {
    String repository = newRepository();
    String other = newRepository();
    byte[] config = TestImages.content("cross config");
    byte[] layer = TestImages.content("cross layer");
    berth.pushBlob(repository, config);
    Digest layerDigest = berth.pushBlob(other, layer);
    byte[] manifest =
        TestImages.image(
            OCI_MANIFEST, Ref.of(OCI_CONFIG, config), List.of(Ref.of(OCI_LAYER, layer)));

    HttpResponse<byte[]> response =
        berth.put("/v2/" + repository + "/manifests/x", manifest, "Content-Type", OCI_MANIFEST);

    assertError(response, 400, "MANIFEST_BLOB_UNKNOWN", layerDigest.toString());
  }

  @Test
  void put_layerDeletedFromRepository_returnsManifestBlobUnknown() {
    String repository = newRepository();
    byte[] manifest = ociImage(repository, "deleted layer");
    String layerDigest = ErrorBodies.parse(manifest).at("/layers/0/digest").asText();
    berth.delete("/v2/" + repository + "/blobs/" + layerDigest);

    HttpResponse<byte[]> response =
        berth.put("/v2/" + repository + "/manifests/x", manifest, "Content-Type", OCI_MANIFEST);

    assertError(response, 400, "MANIFEST_BLOB_UNKNOWN", layerDigest);
  }

  @Test
  void put_descriptorSizeWrong_returnsManifestInvalid() {
    String repository = newRepository();
    byte[] config = TestImages.content("size config");
    byte[] layer = TestImages.content("size layer");
    berth.pushBlob(repository, config);
    Digest layerDigest = berth.pushBlob(repository, layer);
    byte[] manifest =
        TestImages.image(
            OCI_MANIFEST,
            Ref.of(OCI_CONFIG, config),
            List.of(new Ref(OCI_LAYER, layerDigest, layer.length + 1)));

    HttpResponse<byte[]> response =
        berth.put("/v2/" + repository + "/manifests/x", manifest, "Content-Type", OCI_MANIFEST);

    assertError(response, 400, "MANIFEST_INVALID", layerDigest.toString());
  }

  @Test
  void put_foreignLayerWithUrls_isAcceptedWithoutTheBlob() {
    String repository = newRepository();
    byte[] config = TestImages.content("foreign config");
    berth.pushBlob(repository, config);
    ObjectNode root =
        (ObjectNode)
            ErrorBodies.parse(
                TestImages.image(DOCKER_MANIFEST, Ref.of(DOCKER_CONFIG, config), List.of()));
    ObjectNode foreign =
        TestImages.descriptor(
            Ref.of(
                "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
                TestImages.content("windows base layer")));
    foreign.putArray("urls").add("https://foreign-layers.example/layer.tar.gz");
    root.withArray("layers").add(foreign);
    byte[] manifest = TestImages.bytes(root);

    berth.pushManifest(repository, "windows", DOCKER_MANIFEST, manifest);

    assertServed(repository, "windows", DOCKER_MANIFEST, manifest);
  }

  @Test
  void put_indexWithMissingChild_returnsManifestUnknownNamingIt() {
    String repository = newRepository();
    byte[] child = ociImage(repository, "unpushed child");
    Digest childDigest = Digest.sha256(child);
    byte[] index =
        TestImages.index(OCI_INDEX, List.of(new Ref(OCI_MANIFEST, childDigest, child.length)));

    HttpResponse<byte[]> response =
        berth.put("/v2/" + repository + "/manifests/idx", index, "Content-Type", OCI_INDEX);

    assertThat(response.statusCode()).as(TestBerth.text(response)).isIn(400, 404);
    assertError(
        response, response.statusCode(), "MANIFEST_UNKNOWN", childDigest.toString());
    assertThat(berth.get("/v2/" + repository + "/manifests/idx").statusCode()).isEqualTo(404);
  }

  @Test
  void put_manifestListWithChildOfAnotherRepository_isRejected() {
    String repository = newRepository();
    String other = newRepository();
    byte[] child =
        imageWithBlobs(other, DOCKER_MANIFEST, DOCKER_CONFIG, DOCKER_LAYER, "foreign child");
    Digest childDigest = berth.pushManifest(other, "child", DOCKER_MANIFEST, child);
    byte[] list =
        TestImages.index(DOCKER_LIST, List.of(new Ref(DOCKER_MANIFEST, childDigest, child.length)));

    HttpResponse<byte[]> response =
        berth.put("/v2/" + repository + "/manifests/list", list, "Content-Type", DOCKER_LIST);

    assertError(response, response.statusCode(), "MANIFEST_UNKNOWN", childDigest.toString());
    assertThat(response.statusCode()).isIn(400, 404);
  }

  // Malformed or unsupported manifests.

  @Test
  void put_schema1Signed_isRejectedNamingSchema1() {
    String repository = newRepository();
    String schema1 =
        "{\"schemaVersion\":1,\"name\":\""
            + repository
            + "\",\"tag\":\"old\",\"architecture\":\"amd64\",\"fsLayers\":[],\"history\":[],"
            + "\"signatures\":[]}";

    HttpResponse<byte[]> response =
        berth.put(
            "/v2/" + repository + "/manifests/old",
            schema1.getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "application/vnd.docker.distribution.manifest.v1+prettyjws");

    assertError(response, 400, "MANIFEST_INVALID", "schema 1");
  }

  @Test
  void put_schemaVersion1WithoutContentType_isRejectedNamingSchema1() {
    String repository = newRepository();
    String schema1 = "{\"schemaVersion\":1,\"name\":\"x\",\"tag\":\"old\",\"fsLayers\":[]}";

    HttpResponse<byte[]> response =
        berth.put(
            "/v2/" + repository + "/manifests/old", schema1.getBytes(StandardCharsets.UTF_8));

    assertError(response, 400, "MANIFEST_INVALID", "schema 1");
  }

  @Test
  void put_overSizeLimit_isRejectedWithErrorBody() {
    String repository = newRepository();
    byte[] manifest = paddedManifest(repository, MANIFEST_LIMIT + 1);

    HttpResponse<byte[]> response =
        berth.put("/v2/" + repository + "/manifests/big", manifest, "Content-Type", OCI_MANIFEST);

    assertThat(response.statusCode()).as(TestBerth.text(response)).isIn(400, 413);
    assertError(
        response,
        response.statusCode(),
        "MANIFEST_INVALID",
        Integer.toString(MANIFEST_LIMIT + 1),
        Integer.toString(MANIFEST_LIMIT));
    assertThat(berth.get("/v2/" + repository + "/manifests/big").statusCode()).isEqualTo(404);
  }

  @Test
  void put_overSizeLimitWithoutContentLength_isRejected() {
    String repository = newRepository();
    byte[] manifest = paddedManifest(repository, MANIFEST_LIMIT + 1000);

    HttpResponse<byte[]> response =
        berth.sendChunked(
            "PUT", "/v2/" + repository + "/manifests/big", manifest, "Content-Type", OCI_MANIFEST);

    assertThat(response.statusCode()).as(TestBerth.text(response)).isIn(400, 413);
    assertError(response, response.statusCode(), "MANIFEST_INVALID", "limit");
  }

  @Test
  void put_exactlyAtSizeLimit_isAccepted() {
    String repository = newRepository();
    byte[] manifest = paddedManifest(repository, MANIFEST_LIMIT);

    Digest digest = berth.pushManifest(repository, "limit", OCI_MANIFEST, manifest);

    assertThat(manifest).hasSize(MANIFEST_LIMIT);
    assertServed(repository, digest.toString(), OCI_MANIFEST, manifest);
  }

  /** Returns a valid OCI manifest of exactly {@code size} bytes, padded with an annotation. */
  private byte[] paddedManifest(String repository, int size) {
    ObjectNode root = (ObjectNode) ErrorBodies.parse(ociImage(repository, "padded " + size));
    root.putObject("annotations").put("org.example.padding", "");
    int base = TestImages.bytes(root).length;
    ((ObjectNode) root.get("annotations")).put("org.example.padding", "p".repeat(size - base));
    byte[] manifest = TestImages.bytes(root);
    assertThat(manifest).hasSize(size);
    return manifest;
  }

  @Test
  void put_byDigestThatDoesNotMatch_returnsDigestInvalidNamingBoth() {
    String repository = newRepository();
    byte[] manifest = ociImage(repository, "mismatch");
    Digest actual = Digest.sha256(manifest);
    Digest claimed = Digest.sha256(TestImages.content("some other manifest"));

    HttpResponse<byte[]> response =
        berth.put(
            "/v2/" + repository + "/manifests/" + claimed, manifest, "Content-Type", OCI_MANIFEST);

    assertError(response, 400, "DIGEST_INVALID", claimed.toString(), actual.toString());
    assertThat(berth.get("/v2/" + repository + "/manifests/" + claimed).statusCode())
        .isEqualTo(404);
    assertThat(berth.get("/v2/" + repository + "/manifests/" + actual).statusCode())
        .isEqualTo(404);
  }

  @Test
  void put_contentTypeDisagreesWithMediaType_returnsManifestInvalid() {
    String repository = newRepository();
    byte[] manifest = ociImage(repository, "type clash");

    HttpResponse<byte[]> response =
        berth.put(
            "/v2/" + repository + "/manifests/x", manifest, "Content-Type", DOCKER_MANIFEST);

    assertError(response, 400, "MANIFEST_INVALID", OCI_MANIFEST, DOCKER_MANIFEST);
  }

  @Test
  void put_unsupportedMediaType_returnsManifestInvalidNamingIt() {
    String repository = newRepository();
    ObjectNode root = (ObjectNode) ErrorBodies.parse(ociImage(repository, "odd type"));
    root.put("mediaType", "application/vnd.example.unknown+json");
    byte[] manifest = TestImages.bytes(root);

    HttpResponse<byte[]> response =
        berth.put(
            "/v2/" + repository + "/manifests/x",
            manifest,
            "Content-Type",
            "application/vnd.example.unknown+json");

    assertError(response, 400, "MANIFEST_INVALID", "application/vnd.example.unknown+json");
  }

  @Test
  void put_notJson_returnsManifestInvalid() {
    HttpResponse<byte[]> response =
        berth.put(
            "/v2/" + newRepository() + "/manifests/x",
            "this is not json".getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            OCI_MANIFEST);

    assertError(response, 400, "MANIFEST_INVALID", "JSON");
  }

  @Test
  void put_descriptorWithBadDigest_returnsManifestInvalidNamingIt() {
    String repository = newRepository();
    ObjectNode root = (ObjectNode) ErrorBodies.parse(ociImage(repository, "bad digest"));
    ((ObjectNode) root.withArray("layers").get(0)).put("digest", "sha256:1234");
    byte[] manifest = TestImages.bytes(root);

    HttpResponse<byte[]> response =
        berth.put("/v2/" + repository + "/manifests/x", manifest, "Content-Type", OCI_MANIFEST);

    assertError(response, 400, "MANIFEST_INVALID", "sha256:1234");
  }

  @Test
  void put_withoutConfig_returnsManifestInvalid() {
    String repository = newRepository();
    ObjectNode root = (ObjectNode) ErrorBodies.parse(ociImage(repository, "no config"));
    root.remove("config");

    HttpResponse<byte[]> response =
        berth.put(
            "/v2/" + repository + "/manifests/x",
            TestImages.bytes(root),
            "Content-Type",
            OCI_MANIFEST);

    assertError(response, 400, "MANIFEST_INVALID", "config");
  }

  @Test
  void put_invalidTag_returnsTagInvalidNamingIt() {
    String repository = newRepository();
    byte[] manifest = ociImage(repository, "bad tag");
    String tooLong = "t".repeat(129);

    for (String tag : List.of("-leading-dash", ".leading-dot", tooLong, "bad%2Btag")) {
      HttpResponse<byte[]> response =
          berth.put(
              "/v2/" + repository + "/manifests/" + tag, manifest, "Content-Type", OCI_MANIFEST);

      JsonNode error = ErrorBodies.firstError(response);
      assertThat(response.statusCode()).as(tag).isEqualTo(400);
      assertThat(error.path("code").asText()).as(tag).isIn("TAG_INVALID", "MANIFEST_INVALID");
      assertThat(error.path("message").asText())
          .as(tag)
          .contains(tag.equals("bad%2Btag") ? "bad+tag" : tag);
    }
  }

  @Test
  void put_longestValidTag_isAccepted() {
    String repository = newRepository();
    String tag = "_" + "Tag.with-every_char".repeat(6) + "x".repeat(13);
    byte[] manifest = ociImage(repository, "long tag");

    berth.pushManifest(repository, tag, OCI_MANIFEST, manifest);

    assertThat(tag).hasSize(128);
    assertServed(repository, tag, OCI_MANIFEST, manifest);
  }

  @Test
  void post_onManifest_returns405() {
    HttpResponse<byte[]> response =
        berth.post("/v2/" + newRepository() + "/manifests/latest", new byte[0]);

    assertError(response, 405, "UNSUPPORTED", "POST");
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, PUT, DELETE");
  }
}
