package dev.berth.registry;

import static dev.berth.registry.ErrorBodies.assertError;
import static dev.berth.registry.TestImages.OCI_CONFIG;
import static dev.berth.registry.TestImages.OCI_LAYER;
import static dev.berth.registry.TestImages.OCI_MANIFEST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Dialect;
import dev.berth.oci.Digest;
import dev.berth.registry.TestImages.Ref;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Repository names on the wire: deep and maximum-length names work end to end, and every
 * endpoint rejects a name that breaks the grammar with NAME_INVALID naming it.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepositoryNameHttpTest {

  @Parameter Dialect dialect;

  private TestBerth berth;

  @BeforeParameterizedClassInvocation
  void start() throws Exception {
    berth = TestBerth.start(dialect);
  }

  @AfterParameterizedClassInvocation
  void stop() throws Exception {
    berth.close();
  }

  /** Pushes an image through a chunked upload and a tag, then reads everything back. */
  private void assertFullRoundTrip(String repository) {
    byte[] config = TestImages.content(repository + " config");
    byte[] layer = TestImages.content(repository + " layer");
    berth.pushBlob(repository, config);
    HttpResponse<byte[]> started =
        berth.post("/v2/" + repository + "/blobs/uploads/", new byte[0]);
    assertThat(started.statusCode()).as(TestBerth.text(started)).isEqualTo(202);
    URI location = URI.create(started.headers().firstValue("Location").orElseThrow());
    assertThat(location.getPath()).startsWith("/v2/" + repository + "/blobs/uploads/");
    HttpResponse<byte[]> patched = berth.send("PATCH", location, layer);
    assertThat(patched.statusCode()).as(TestBerth.text(patched)).isEqualTo(202);
    Digest layerDigest = Digest.sha256(layer);
    HttpResponse<byte[]> done =
        berth.send(
            "PUT",
            URI.create(patched.headers().firstValue("Location").orElseThrow()
                + "?digest=" + layerDigest),
            new byte[0]);
    assertThat(done.statusCode()).as(TestBerth.text(done)).isEqualTo(201);
    byte[] manifest =
        TestImages.image(
            OCI_MANIFEST, Ref.of(OCI_CONFIG, config), List.of(Ref.of(OCI_LAYER, layer)));
    Digest digest = berth.pushManifest(repository, "latest", OCI_MANIFEST, manifest);

    HttpResponse<byte[]> byTag = berth.get("/v2/" + repository + "/manifests/latest");
    HttpResponse<byte[]> byDigest = berth.get("/v2/" + repository + "/manifests/" + digest);
    HttpResponse<byte[]> blob = berth.get("/v2/" + repository + "/blobs/" + layerDigest);
    HttpResponse<byte[]> tags = berth.get("/v2/" + repository + "/tags/list");
    HttpResponse<byte[]> catalog = berth.get("/v2/_catalog?n=10000");

    assertThat(byTag.body()).isEqualTo(manifest);
    assertThat(byDigest.body()).isEqualTo(manifest);
    assertThat(blob.body()).isEqualTo(layer);
    assertThat(ErrorBodies.parse(tags.body()).path("name").asText()).isEqualTo(repository);
    assertThat(ErrorBodies.parse(tags.body()).path("tags").toString()).isEqualTo("[\"latest\"]");
    assertThat(ErrorBodies.parse(catalog.body()).path("repositories").toString())
        .contains("\"" + repository + "\"");
  }

  /** Asserts that every registry endpoint rejects {@code name} with NAME_INVALID naming it. */
  private void assertRejectedEverywhere(String name, String mention) {
    Digest digest = Digest.sha256(TestImages.content("any"));
    List<HttpResponse<byte[]>> responses =
        List.of(
            berth.get("/v2/" + name + "/tags/list"),
            berth.get("/v2/" + name + "/manifests/latest"),
            berth.put("/v2/" + name + "/manifests/latest", new byte[] {'{', '}'}),
            berth.delete("/v2/" + name + "/manifests/" + digest),
            berth.get("/v2/" + name + "/blobs/" + digest),
            berth.delete("/v2/" + name + "/blobs/" + digest),
            berth.post("/v2/" + name + "/blobs/uploads/", new byte[0]),
            berth.post("/v2/" + name + "/blobs/uploads/?digest=" + digest, new byte[0]),
            berth.get("/v2/" + name + "/blobs/uploads/0b5c0000-0000-4000-8000-000000000000"),
            berth.get("/v2/" + name + "/referrers/" + digest));
    for (HttpResponse<byte[]> response : responses) {
      assertError(response, 400, "NAME_INVALID", mention);
    }
  }

  @Test
  void push_nameWithFiveComponents_roundTrips() {
    assertFullRoundTrip("org/team/project/service/component");
  }

  @Test
  void push_nameWithNineComponentsAndSeparators_roundTrips() {
    assertFullRoundTrip("a.b/c_d/e__f/g-h/i---j/k/l/m0/9z");
  }

  @Test
  void push_nameOfMaximumLength_roundTrips() {
    String name = ("x".repeat(50) + "/").repeat(4) + "y".repeat(51);

    assertThat(name).hasSize(255);
    assertFullRoundTrip(name);
  }

  @Test
  void anyEndpoint_nameOneCharacterTooLong_returnsNameInvalid() {
    String name = ("x".repeat(50) + "/").repeat(4) + "y".repeat(52);

    assertThat(name).hasSize(256);
    assertRejectedEverywhere(name, name);
  }

  @Test
  void anyEndpoint_upperCaseName_returnsNameInvalid() {
    assertRejectedEverywhere("Library/Alpine", "Library/Alpine");
  }

  @Test
  void anyEndpoint_doubleDotInComponent_returnsNameInvalid() {
    assertRejectedEverywhere("library/a..b", "library/a..b");
  }

  @Test
  void anyEndpoint_separatorAtEdgeOfComponent_returnsNameInvalid() {
    for (String name : List.of("-library/alpine", "library/alpine-", "library/_alpine",
        "library/a___b", "library/.alpine")) {
      assertRejectedEverywhere(name, name);
    }
  }

  @Test
  void get_dotDotPathSegment_isNotServedAsAnotherRepository() throws IOException {
    String secret = "secret/images";
    byte[] config = TestImages.content("secret config");
    berth.pushBlob(secret, config);
    berth.pushManifest(
        secret,
        "private",
        OCI_MANIFEST,
        TestImages.image(OCI_MANIFEST, Ref.of(OCI_CONFIG, config), List.of()));

    Map<String, RawHttp.Response> responses = new LinkedHashMap<>();
    for (String target :
        List.of(
            "/v2/public/../secret/images/tags/list",
            "/v2/public/%2e%2e/secret/images/tags/list",
            "/v2/public/%2E%2E/secret/images/tags/list")) {
      try (RawHttp raw = RawHttp.connect(berth.baseUri())) {
        raw.writeHead("GET", target);
        responses.put(target, raw.readResponse(false));
      }
    }

    assertThat(responses.entrySet())
        .allSatisfy(
            entry -> {
              String outcome = entry.getValue().status() + " " + entry.getValue().bodyText();
              assertThat(outcome).as(entry.getKey()).doesNotContain("private");
              assertThat(outcome).as(entry.getKey()).startsWith("400 ").contains("NAME_INVALID");
            });
  }

  @Test
  void get_emptyPathComponent_returnsNameInvalid() throws IOException {
    RawHttp.Response response;
    try (RawHttp raw = RawHttp.connect(berth.baseUri())) {
      raw.writeHead("GET", "/v2/library//alpine/tags/list");
      response = raw.readResponse(false);
    }

    assertThat(response.status()).as(response.bodyText()).isEqualTo(400);
    assertThat(response.bodyText()).contains("NAME_INVALID");
  }
}
