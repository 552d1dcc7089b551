package dev.berth.registry;

import static dev.berth.registry.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Dialect;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /v2/}, the version header on every response, and paths that name no endpoint. */
class BaseEndpointTest {

  private static TestBerth berth;

  @BeforeAll
  static void start() throws Exception {
    berth = TestBerth.start(Dialect.SQLITE);
  }

  @AfterAll
  static void stop() throws Exception {
    berth.close();
  }

  @Test
  void get_base_returns200WithVersionHeader() {
    HttpResponse<byte[]> response = berth.get("/v2/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Docker-Distribution-API-Version"))
        .hasValue("registry/2.0");
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(ErrorBodies.parse(response.body()).isObject()).isTrue();
  }

  @Test
  void get_baseWithoutSlash_returns200() {
    HttpResponse<byte[]> response = berth.get("/v2");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Docker-Distribution-API-Version"))
        .hasValue("registry/2.0");
  }

  @Test
  void head_base_returns200WithoutBody() {
    HttpResponse<byte[]> response = berth.head("/v2/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Docker-Distribution-API-Version"))
        .hasValue("registry/2.0");
    assertThat(response.body()).isEmpty();
  }

  @Test
  void post_base_returns405WithAllow() {
    HttpResponse<byte[]> response = berth.post("/v2/", new byte[0]);

    assertError(response, 405, "UNSUPPORTED", "POST");
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void errorResponse_carriesVersionHeader() {
    HttpResponse<byte[]> response = berth.get("/v2/library/missing/tags/list");

    assertError(response, 404, "NAME_UNKNOWN", "library/missing");
    assertThat(response.headers().firstValue("Docker-Distribution-API-Version"))
        .hasValue("registry/2.0");
  }

  @Test
  void get_unknownPath_returnsNotFoundNamingPath() {
    HttpResponse<byte[]> response = berth.get("/v2/library/alpine/nothing-here");

    assertError(response, 404, "NOT_FOUND", "/v2/library/alpine/nothing-here");
  }

  @Test
  void get_pathOutsideV2_isNotAnsweredByRegistry() {
    HttpResponse<byte[]> response = berth.get("/v3/");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Docker-Distribution-API-Version")).isEmpty();
  }
}
