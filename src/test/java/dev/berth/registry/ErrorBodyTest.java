package dev.berth.registry;

import static dev.berth.registry.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Dialect;
import dev.berth.oci.Digest;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One request per error the registry can return, each checked for the spec's body {@code
 * {"errors":[{"code","message","detail"}]}}, its status, and a message naming the offending value.
 */
class ErrorBodyTest {

  private static final String REPOSITORY = "errors/repo";
  private static final byte[] BLOB = "error test blob".getBytes(StandardCharsets.UTF_8);
  private static final Digest BLOB_DIGEST = Digest.sha256(BLOB);
  private static final Digest MISSING = Digest.sha256("missing".getBytes(StandardCharsets.UTF_8));

  private static TestBerth berth;
  private static URI session;
  private static String sessionId;

  @BeforeAll
  static void start() throws Exception {
    berth = TestBerth.start(Dialect.SQLITE);
    berth.pushBlob(REPOSITORY, BLOB);
    HttpResponse<byte[]> started =
        berth.post("/v2/" + REPOSITORY + "/blobs/uploads/", new byte[0]);
    session = URI.create(started.headers().firstValue("Location").orElseThrow());
    sessionId = started.headers().firstValue("Docker-Upload-UUID").orElseThrow();
    berth.send("PATCH", session, new byte[10], "Content-Range", "0-9");
  }

  @AfterAll
  static void stop() throws Exception {
    berth.close();
  }

  /**
   * A request that must fail, what it must fail with, and the text its message must contain. The
   * text is a supplier because some cases name the upload session that {@link #start} opens.
   */
  record Case(
      String label,
      Function<TestBerth, HttpResponse<byte[]>> request,
      int status,
      String code,
      Supplier<String> mention) {
    @Override
    public String toString() {
      return label;
    }
  }

  private static Case of(
      String label,
      Function<TestBerth, HttpResponse<byte[]>> request,
      int status,
      String code,
      String mention) {
    return new Case(label, request, status, code, () -> mention);
  }

  static Stream<Arguments> cases() {
    String repo = "/v2/" + REPOSITORY;
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"" + TestImages.OCI_MANIFEST + "\",\"config\":{"
            + "\"mediaType\":\"" + TestImages.OCI_CONFIG + "\",\"digest\":\"" + MISSING
            + "\",\"size\":7},\"layers\":[]}";
    List<Case> cases =
        List.of(
            of("blob unknown", b -> b.get(repo + "/blobs/" + MISSING), 404, "BLOB_UNKNOWN",
                MISSING.toString()),
            of("blob digest invalid", b -> b.get(repo + "/blobs/sha256:xyz"), 400,
                "DIGEST_INVALID", "sha256:xyz"),
            of("blob algorithm unsupported", b -> b.get(repo + "/blobs/crc32:00000000"), 400,
                "DIGEST_INVALID", "crc32"),
            of("blob delete unknown", b -> b.delete(repo + "/blobs/" + MISSING), 404,
                "BLOB_UNKNOWN", MISSING.toString()),
            of("upload unknown",
                b -> b.get(repo + "/blobs/uploads/00000000-0000-4000-8000-000000000000"), 404,
                "BLOB_UPLOAD_UNKNOWN", "00000000-0000-4000-8000-000000000000"),
            new Case("upload chunk malformed range",
                b -> b.send("PATCH", session, new byte[1], "Content-Range", "ten-eleven"), 400,
                "BLOB_UPLOAD_INVALID", () -> "ten-eleven"),
            new Case("upload chunk size mismatch",
                b -> b.send("PATCH", session, new byte[3], "Content-Range", "10-19"), 400,
                "SIZE_INVALID", () -> "10-19"),
            new Case("upload digest missing", b -> b.send("PUT", session, new byte[0]), 400,
                "DIGEST_INVALID", () -> sessionId),
            new Case("upload digest malformed",
                b -> b.send("PUT", URI.create(session + "?digest=sha256:bad"), new byte[0]), 400,
                "DIGEST_INVALID", () -> "sha256:bad"),
            of("upload digest mismatch",
                b -> b.post(repo + "/blobs/uploads/?digest=" + MISSING, BLOB), 400,
                "DIGEST_INVALID", MISSING.toString()),
            of("manifest unknown", b -> b.get(repo + "/manifests/absent"), 404,
                "MANIFEST_UNKNOWN", "absent"),
            of("manifest invalid JSON",
                b -> b.put(repo + "/manifests/x", "{".getBytes(StandardCharsets.UTF_8),
                    "Content-Type", TestImages.OCI_MANIFEST), 400, "MANIFEST_INVALID", "JSON"),
            of("manifest blob unknown",
                b -> b.put(repo + "/manifests/x", manifest.getBytes(StandardCharsets.UTF_8),
                    "Content-Type", TestImages.OCI_MANIFEST), 400, "MANIFEST_BLOB_UNKNOWN",
                MISSING.toString()),
            of("manifest digest mismatch",
                b -> b.put(repo + "/manifests/" + MISSING,
                    manifest.getBytes(StandardCharsets.UTF_8),
                    "Content-Type", TestImages.OCI_MANIFEST), 400, "DIGEST_INVALID",
                MISSING.toString()),
            of("tag invalid", b -> b.get(repo + "/manifests/.hidden"), 400, "TAG_INVALID",
                ".hidden"),
            of("name invalid", b -> b.get("/v2/Errors/Repo/tags/list"), 400, "NAME_INVALID",
                "Errors/Repo"),
            of("name unknown", b -> b.get("/v2/errors/absent/tags/list"), 404, "NAME_UNKNOWN",
                "errors/absent"),
            of("page size invalid", b -> b.get(repo + "/tags/list?n=-3"), 400,
                "PAGINATION_NUMBER_INVALID", "-3"),
            of("catalog page size invalid", b -> b.get("/v2/_catalog?n=x"), 400,
                "PAGINATION_NUMBER_INVALID", "n=x"),
            of("method unsupported",
                b -> b.send(b.request(repo + "/tags/list").method("PATCH",
                    BodyPublishers.noBody())), 405, "UNSUPPORTED", "PATCH"),
            of("endpoint unknown", b -> b.get("/v2/_unknown/thing/here/x"), 404, "NOT_FOUND",
                "/v2/_unknown/thing/here/x"),
            of("referrers digest invalid", b -> b.get(repo + "/referrers/sha256:zz"), 400,
                "DIGEST_INVALID", "sha256:zz"));
    return cases.stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void errorResponse_hasSpecBodyNamingValue(Case errorCase) {
    HttpResponse<byte[]> response = errorCase.request().apply(berth);

    assertError(response, errorCase.status(), errorCase.code(), errorCase.mention().get());
    assertThat(ErrorBodies.firstError(response).get("detail")).isNotNull();
    assertThat(response.headers().firstValue("Docker-Distribution-API-Version"))
        .hasValue("registry/2.0");
    assertThat(response.headers().firstValue("Content-Length"))
        .hasValue(Integer.toString(response.body().length));
  }

  @Test
  void rangeNotSatisfiable_hasSpecBodyAndContentRange() {
    HttpResponse<byte[]> response =
        berth.get("/v2/" + REPOSITORY + "/blobs/" + BLOB_DIGEST, "Range", "bytes=500-");

    assertThat(response.statusCode()).isEqualTo(416);
    assertThat(ErrorBodies.firstError(response).path("message").asText()).contains("500");
    assertThat(response.headers().firstValue("Content-Range"))
        .hasValue("bytes */" + BLOB.length);
  }

  @Test
  void uploadChunkOutOfOrder_hasSpecBodyNamingRangeAndOffset() {
    HttpResponse<byte[]> response =
        berth.send("PATCH", session, new byte[5], "Content-Range", "30-34");

    assertThat(response.statusCode()).isEqualTo(416);
    assertThat(ErrorBodies.firstError(response).path("message").asText())
        .contains("30-34")
        .contains("10");
  }

  @Test
  void head_error_hasNoBodyButErrorHeaders() {
    HttpResponse<byte[]> response = berth.head("/v2/" + REPOSITORY + "/blobs/" + MISSING);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().firstValue("Docker-Distribution-API-Version"))
        .hasValue("registry/2.0");
  }
}
