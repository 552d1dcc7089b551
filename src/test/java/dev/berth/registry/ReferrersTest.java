package dev.berth.registry;

import static dev.berth.registry.ErrorBodies.assertError;
import static dev.berth.registry.TestImages.OCI_CONFIG;
import static dev.berth.registry.TestImages.OCI_INDEX;
import static dev.berth.registry.TestImages.OCI_LAYER;
import static dev.berth.registry.TestImages.OCI_MANIFEST;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.db.Dialect;
import dev.berth.oci.Digest;
import dev.berth.registry.TestImages.Ref;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

/** Manifests with a {@code subject}, the {@code OCI-Subject} header and the referrers API. */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferrersTest {

  private static final String SBOM = "application/vnd.example.sbom.v1+json";
  private static final String SIGNATURE = "application/vnd.example.signature.v1";

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
    return "referrers/repo" + repositories.incrementAndGet();
  }

  /** Pushes an image tagged {@code latest} and returns its descriptor. */
  private Ref pushImage(String repository, String label) {
    byte[] config = TestImages.content(label + " config");
    byte[] layer = TestImages.content(label + " layer");
    berth.pushBlob(repository, config);
    berth.pushBlob(repository, layer);
    byte[] manifest =
        TestImages.image(
            OCI_MANIFEST, Ref.of(OCI_CONFIG, config), List.of(Ref.of(OCI_LAYER, layer)));
    berth.pushManifest(repository, "latest", OCI_MANIFEST, manifest);
    return Ref.of(OCI_MANIFEST, manifest);
  }

  /** Returns an artifact of {@code artifactType} about {@code subject}, not yet pushed. */
  private byte[] artifact(
      String repository, String artifactType, Ref subject, Map<String, String> annotations) {
    byte[] payload = TestImages.content(artifactType + " about " + subject.digest() + annotations);
    berth.pushBlob(repository, payload);
    return TestImages.artifact(
        artifactType,
        List.of(Ref.of("application/octet-stream", payload)),
        Optional.of(subject),
        annotations);
  }

  private Digest pushByDigest(String repository, byte[] manifest) {
    return berth.pushManifest(
        repository, Digest.sha256(manifest).toString(), OCI_MANIFEST, manifest);
  }

  private JsonNode referrers(HttpResponse<byte[]> response) {
    assertThat(response.statusCode()).as(TestBerth.text(response)).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(OCI_INDEX);
    JsonNode index = ErrorBodies.parse(response.body());
    assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
    assertThat(index.path("mediaType").asText()).isEqualTo(OCI_INDEX);
    assertThat(index.path("manifests").isArray()).isTrue();
    return index.get("manifests");
  }

  private static List<String> digests(JsonNode manifests) {
    List<String> digests = new ArrayList<>();
    manifests.forEach(m -> digests.add(m.path("digest").asText()));
    return digests;
  }

  private static JsonNode entry(JsonNode manifests, Digest digest) {
    for (JsonNode m : manifests) {
      if (m.path("digest").asText().equals(digest.toString())) {
        return m;
      }
    }
    throw new AssertionError(digest + " not among referrers " + manifests);
  }

  @Test
  void put_withSubject_returnsOciSubjectHeader() {
    String repository = newRepository();
    Ref image = pushImage(repository, "subject header");
    byte[] sbom = artifact(repository, SBOM, image, Map.of());

    HttpResponse<byte[]> response =
        berth.put(
            "/v2/" + repository + "/manifests/" + Digest.sha256(sbom),
            sbom,
            "Content-Type",
            OCI_MANIFEST);

    assertThat(response.statusCode()).as(TestBerth.text(response)).isEqualTo(201);
    assertThat(response.headers().firstValue("OCI-Subject")).hasValue(image.digest().toString());
  }

  @Test
  void put_withoutSubject_hasNoOciSubjectHeader() {
    String repository = newRepository();
    byte[] payload = TestImages.content("lonely artifact");
    berth.pushBlob(repository, payload);
    byte[] artifact =
        TestImages.artifact(
            SBOM, List.of(Ref.of(OCI_LAYER, payload)), Optional.empty(), Map.of());

    HttpResponse<byte[]> response =
        berth.put("/v2/" + repository + "/manifests/lonely", artifact, "Content-Type", OCI_MANIFEST);

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("OCI-Subject")).isEmpty();
  }

  @Test
  void put_withSubjectNotYetPushed_isAcceptedAndListed() {
    String repository = newRepository();
    Ref absent = Ref.of(OCI_MANIFEST, TestImages.content("image pushed later"));
    byte[] signature = artifact(repository, SIGNATURE, absent, Map.of());

    HttpResponse<byte[]> put =
        berth.put(
            "/v2/" + repository + "/manifests/" + Digest.sha256(signature),
            signature,
            "Content-Type",
            OCI_MANIFEST);
    JsonNode listed = referrers(berth.get("/v2/" + repository + "/referrers/" + absent.digest()));

    assertThat(put.statusCode()).as(TestBerth.text(put)).isEqualTo(201);
    assertThat(put.headers().firstValue("OCI-Subject")).hasValue(absent.digest().toString());
    assertThat(digests(listed)).containsExactly(Digest.sha256(signature).toString());
  }

  @Test
  void get_referrers_listsEveryReferrerWithDescriptorFields() {
    String repository = newRepository();
    Ref image = pushImage(repository, "listed");
    byte[] sbom = artifact(repository, SBOM, image, Map.of("org.example.tool", "syft"));
    byte[] signature = artifact(repository, SIGNATURE, image, Map.of());
    Digest sbomDigest = pushByDigest(repository, sbom);
    Digest signatureDigest = pushByDigest(repository, signature);

    JsonNode manifests =
        referrers(berth.get("/v2/" + repository + "/referrers/" + image.digest()));

    assertThat(digests(manifests))
        .containsExactlyInAnyOrder(sbomDigest.toString(), signatureDigest.toString());
    JsonNode sbomEntry = entry(manifests, sbomDigest);
    assertThat(sbomEntry.path("mediaType").asText()).isEqualTo(OCI_MANIFEST);
    assertThat(sbomEntry.path("size").asLong()).isEqualTo(sbom.length);
    assertThat(sbomEntry.path("artifactType").asText()).isEqualTo(SBOM);
    assertThat(sbomEntry.path("annotations").path("org.example.tool").asText()).isEqualTo("syft");
    JsonNode signatureEntry = entry(manifests, signatureDigest);
    assertThat(signatureEntry.path("artifactType").asText()).isEqualTo(SIGNATURE);
    assertThat(signatureEntry.path("size").asLong()).isEqualTo(signature.length);
  }

  @Test
  void get_referrersWithoutFilter_hasNoFiltersAppliedHeader() {
    String repository = newRepository();
    Ref image = pushImage(repository, "no filter");
    pushByDigest(repository, artifact(repository, SBOM, image, Map.of()));

    HttpResponse<byte[]> response =
        berth.get("/v2/" + repository + "/referrers/" + image.digest());

    assertThat(response.headers().firstValue("OCI-Filters-Applied")).isEmpty();
    assertThat(referrers(response)).hasSize(1);
  }

  @Test
  void get_referrersFilteredByArtifactType_returnsMatchesAndHeader() {
    String repository = newRepository();
    Ref image = pushImage(repository, "filtered");
    Digest sbom = pushByDigest(repository, artifact(repository, SBOM, image, Map.of()));
    pushByDigest(repository, artifact(repository, SIGNATURE, image, Map.of()));

    HttpResponse<byte[]> response =
        berth.get(
            "/v2/" + repository + "/referrers/" + image.digest() + "?artifactType="
                + URLEncoder.encode(SBOM, StandardCharsets.UTF_8));

    assertThat(response.headers().firstValue("OCI-Filters-Applied")).hasValue("artifactType");
    JsonNode manifests = referrers(response);
    assertThat(digests(manifests)).containsExactly(sbom.toString());
    assertThat(manifests.get(0).path("artifactType").asText()).isEqualTo(SBOM);
  }

  @Test
  void get_referrersFilterMatchingNothing_returnsEmptyIndex() {
    String repository = newRepository();
    Ref image = pushImage(repository, "filter none");
    pushByDigest(repository, artifact(repository, SBOM, image, Map.of()));

    HttpResponse<byte[]> response =
        berth.get(
            "/v2/" + repository + "/referrers/" + image.digest()
                + "?artifactType=application/vnd.example.none");

    assertThat(response.headers().firstValue("OCI-Filters-Applied")).hasValue("artifactType");
    assertThat(referrers(response)).isEmpty();
  }

  @Test
  void get_referrersOfUnknownSubject_returnsEmptyIndex() {
    String repository = newRepository();
    pushImage(repository, "unknown subject");
    Digest unknown = Digest.sha256(TestImages.content("nobody refers to this"));

    JsonNode manifests = referrers(berth.get("/v2/" + repository + "/referrers/" + unknown));

    assertThat(manifests).isEmpty();
  }

  @Test
  void get_referrers_reportsConfigMediaTypeWhenArtifactTypeAbsent() {
    String repository = newRepository();
    Ref image = pushImage(repository, "config type");
    byte[] config = TestImages.content("attestation config");
    berth.pushBlob(repository, config);
    ObjectNode root =
        (ObjectNode)
            ErrorBodies.parse(
                TestImages.image(
                    OCI_MANIFEST,
                    Ref.of("application/vnd.example.attestation.config+json", config),
                    List.of()));
    root.set("subject", TestImages.descriptor(image));
    byte[] attestation = TestImages.bytes(root);
    Digest digest = pushByDigest(repository, attestation);

    JsonNode manifests =
        referrers(berth.get("/v2/" + repository + "/referrers/" + image.digest()));

    assertThat(entry(manifests, digest).path("artifactType").asText())
        .isEqualTo("application/vnd.example.attestation.config+json");
  }

  @Test
  void get_referrers_includesIndexWithSubject() {
    String repository = newRepository();
    Ref image = pushImage(repository, "index referrer");
    byte[] child = artifact(repository, SIGNATURE, image, Map.of());
    Digest childDigest = pushByDigest(repository, child);
    ObjectNode index =
        (ObjectNode)
            ErrorBodies.parse(
                TestImages.index(
                    OCI_INDEX, List.of(new Ref(OCI_MANIFEST, childDigest, child.length))));
    index.put("artifactType", "application/vnd.example.bundle");
    index.set("subject", TestImages.descriptor(image));
    byte[] indexBytes = TestImages.bytes(index);
    Digest indexDigest =
        berth.pushManifest(repository, Digest.sha256(indexBytes).toString(), OCI_INDEX, indexBytes);

    JsonNode manifests =
        referrers(berth.get("/v2/" + repository + "/referrers/" + image.digest()));

    JsonNode indexEntry = entry(manifests, indexDigest);
    assertThat(indexEntry.path("mediaType").asText()).isEqualTo(OCI_INDEX);
    assertThat(indexEntry.path("artifactType").asText())
        .isEqualTo("application/vnd.example.bundle");
    assertThat(digests(manifests)).contains(childDigest.toString());
  }

  @Test
  void get_referrers_dropsDeletedReferrer() {
    String repository = newRepository();
    Ref image = pushImage(repository, "deleted referrer");
    Digest kept = pushByDigest(repository, artifact(repository, SBOM, image, Map.of()));
    Digest removed = pushByDigest(repository, artifact(repository, SIGNATURE, image, Map.of()));

    HttpResponse<byte[]> deleted = berth.delete("/v2/" + repository + "/manifests/" + removed);
    JsonNode manifests =
        referrers(berth.get("/v2/" + repository + "/referrers/" + image.digest()));

    assertThat(deleted.statusCode()).isEqualTo(202);
    assertThat(digests(manifests)).containsExactly(kept.toString());
  }

  @Test
  void get_referrers_ignoresReferrersInOtherRepositories() {
    String repository = newRepository();
    String other = newRepository();
    Ref image = pushImage(repository, "shared image");
    pushImage(other, "shared image");
    pushByDigest(other, artifact(other, SBOM, image, Map.of()));

    JsonNode manifests =
        referrers(berth.get("/v2/" + repository + "/referrers/" + image.digest()));

    assertThat(manifests).isEmpty();
  }

  @Test
  void get_referrers_includesEntriesOfFallbackTag() {
    String repository = newRepository();
    Ref image = pushImage(repository, "fallback tag");
    byte[] payload = TestImages.content("legacy signature payload");
    berth.pushBlob(repository, payload);
    byte[] legacy =
        TestImages.artifact(
            SIGNATURE, List.of(Ref.of(OCI_LAYER, payload)), Optional.empty(), Map.of());
    Digest legacyDigest = pushByDigest(repository, legacy);
    ObjectNode fallback =
        (ObjectNode)
            ErrorBodies.parse(
                TestImages.index(
                    OCI_INDEX, List.of(new Ref(OCI_MANIFEST, legacyDigest, legacy.length))));
    ((ObjectNode) fallback.withArray("manifests").get(0)).put("artifactType", SIGNATURE);
    berth.pushManifest(
        repository,
        "sha256-" + image.digest().hex(),
        OCI_INDEX,
        TestImages.bytes(fallback));

    JsonNode manifests =
        referrers(berth.get("/v2/" + repository + "/referrers/" + image.digest()));

    assertThat(digests(manifests)).containsExactly(legacyDigest.toString());
    assertThat(manifests.get(0).path("artifactType").asText()).isEqualTo(SIGNATURE);
  }

  @Test
  void get_referrersOfMalformedDigest_returnsDigestInvalid() {
    HttpResponse<byte[]> response =
        berth.get("/v2/" + newRepository() + "/referrers/sha256:tooshort");

    assertError(response, 400, "DIGEST_INVALID", "sha256:tooshort");
  }

  @Test
  void get_referrersByTag_returnsDigestInvalid() {
    HttpResponse<byte[]> response = berth.get("/v2/" + newRepository() + "/referrers/latest");

    assertError(response, 400, "DIGEST_INVALID", "latest");
  }

  @Test
  void delete_referrers_returns405() {
    Digest digest = Digest.sha256(TestImages.content("method"));

    HttpResponse<byte[]> response =
        berth.delete("/v2/" + newRepository() + "/referrers/" + digest);

    assertError(response, 405, "UNSUPPORTED", "DELETE");
  }
}
