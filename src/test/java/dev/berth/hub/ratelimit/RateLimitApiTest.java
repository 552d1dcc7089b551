package dev.berth.hub.ratelimit;

import static dev.berth.hub.ratelimit.LimitedBerth.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.db.Dialect;
import dev.berth.hub.ratelimit.LimitedBerth.Session;
import dev.berth.server.config.RateLimitConfig;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code /api/v2/admin/rate-limits} over real HTTP on both dialects: administrators set and
 * delete account overrides, which apply to the next pull, and everyone else is rejected. The
 * configuration gives {@code alice} 8 pulls per hour and every other account 5.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WINDOW = Duration.ofHours(1);
  private static final String OVERRIDES = "/api/v2/admin/rate-limits/overrides/";

  private static final RateLimitConfig LIMITS =
      new RateLimitConfig(
          true, WINDOW, 3, 5, Map.of("alice", OptionalLong.of(8)), List.of("198.51.100.0/24"));

  @Parameter Dialect dialect;

  private TestClock clock;
  private LimitedBerth berth;
  private Session admin;
  private String image;

  @BeforeParameterizedClassInvocation
  void start() throws Exception {
    clock = new TestClock(Instant.parse("2026-01-01T00:20:00Z"));
    berth = LimitedBerth.start(dialect, LIMITS, List.of("127.0.0.1"), clock);
    image = "/v2/alice/app/manifests/" + berth.pushImage("alice/app", "v1", "app");
    admin = berth.login("admin");
  }

  @AfterParameterizedClassInvocation
  void stop() throws Exception {
    berth.close();
  }

  /** Starts each test in a new window without overrides set through the API. */
  @BeforeEach
  void reset() {
    clock.advance(WINDOW);
    for (String account : List.of("alice", "bobby")) {
      berth.api("DELETE", OVERRIDES + account, admin, "");
    }
  }

  @Test
  void putOverride_appliesToNextPull() throws IOException {
    HttpResponse<byte[]> put = berth.api("PUT", OVERRIDES + "bobby", admin, "{\"pull_limit\":1}");

    assertThat(put.statusCode()).as(LimitedBerth.text(put)).isEqualTo(200);
    JsonNode body = JSON.readTree(put.body());
    assertThat(body.path("account").asText()).isEqualTo("bobby");
    assertThat(body.path("pull_limit").asLong()).isEqualTo(1);
    assertThat(body.path("unlimited").asBoolean()).isFalse();
    assertThat(body.path("source").asText()).isEqualTo("api");
    assertThat(body.path("updated_by").asText()).isEqualTo("admin");
    HttpResponse<byte[]> first = berth.get(image, basic("bobby"));
    HttpResponse<byte[]> second = berth.get(image, basic("bobby"));
    assertThat(first.headers().firstValue("ratelimit-limit")).hasValue("1;w=3600");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(429);
  }

  @Test
  void putOverride_beatsConfiguredOverride() {
    berth.api("PUT", OVERRIDES + "alice", admin, "{\"pull_limit\":2}");

    HttpResponse<byte[]> pull = berth.get(image, basic("alice"));

    assertThat(pull.headers().firstValue("ratelimit-limit")).hasValue("2;w=3600");
  }

  @Test
  void putUnlimited_removesHeaders() {
    HttpResponse<byte[]> put =
        berth.api("PUT", OVERRIDES + "bobby", admin, "{\"unlimited\":true}");

    assertThat(put.statusCode()).as(LimitedBerth.text(put)).isEqualTo(200);
    for (int i = 0; i < 6; i++) {
      HttpResponse<byte[]> pull = berth.get(image, basic("bobby"));
      assertThat(pull.statusCode()).isEqualTo(200);
      assertThat(pull.headers().firstValue("ratelimit-limit")).isEmpty();
    }
  }

  @Test
  void deleteOverride_fallsBackToConfiguration() {
    berth.api("PUT", OVERRIDES + "alice", admin, "{\"pull_limit\":2}");

    HttpResponse<byte[]> deleted = berth.api("DELETE", OVERRIDES + "alice", admin, "");
    HttpResponse<byte[]> again = berth.api("DELETE", OVERRIDES + "alice", admin, "");
    HttpResponse<byte[]> pull = berth.get(image, basic("alice"));

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(pull.headers().firstValue("ratelimit-limit")).hasValue("8;w=3600");
  }

  @Test
  void getLimits_listsConfigAndApiOverrides() throws IOException {
    berth.api("PUT", OVERRIDES + "bobby", admin, "{\"unlimited\":true}");

    HttpResponse<byte[]> response = berth.api("GET", "/api/v2/admin/rate-limits", admin, "");

    assertThat(response.statusCode()).as(LimitedBerth.text(response)).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("enabled").asBoolean()).isTrue();
    assertThat(body.path("window_seconds").asLong()).isEqualTo(3600);
    assertThat(body.path("anonymous").asLong()).isEqualTo(3);
    assertThat(body.path("authenticated").asLong()).isEqualTo(5);
    assertThat(body.path("unlimited_addresses").get(0).asText()).isEqualTo("198.51.100.0/24");
    JsonNode overrides = body.path("overrides");
    assertThat(overrides).hasSize(2);
    assertThat(overrides.get(0).path("account").asText()).isEqualTo("alice");
    assertThat(overrides.get(0).path("pull_limit").asLong()).isEqualTo(8);
    assertThat(overrides.get(0).path("source").asText()).isEqualTo("config");
    assertThat(overrides.get(0).path("updated_by").isNull()).isTrue();
    assertThat(overrides.get(1).path("account").asText()).isEqualTo("bobby");
    assertThat(overrides.get(1).path("pull_limit").isNull()).isTrue();
    assertThat(overrides.get(1).path("unlimited").asBoolean()).isTrue();
    assertThat(overrides.get(1).path("source").asText()).isEqualTo("api");
  }

  @Test
  void nonAdministrator_isDenied() {
    Session bobby = berth.login("bobby");

    HttpResponse<byte[]> get = berth.api("GET", "/api/v2/admin/rate-limits", bobby, "");
    HttpResponse<byte[]> put = berth.api("PUT", OVERRIDES + "bobby", bobby, "{\"unlimited\":true}");
    HttpResponse<byte[]> delete = berth.api("DELETE", OVERRIDES + "bobby", bobby, "");

    assertThat(get.statusCode()).isEqualTo(403);
    assertThat(put.statusCode()).isEqualTo(403);
    assertThat(delete.statusCode()).isEqualTo(403);
    assertThat(berth.get(image, basic("bobby")).headers().firstValue("ratelimit-limit"))
        .hasValue("5;w=3600");
  }

  @Test
  void putInvalidBody_returns400() throws IOException {
    for (String body :
        List.of(
            "{}",
            "{\"pull_limit\":5,\"unlimited\":true}",
            "{\"pull_limit\":-1}",
            "{\"unlimited\":false}",
            "{\"pull_limit\":\"many\"}")) {
      HttpResponse<byte[]> response = berth.api("PUT", OVERRIDES + "bobby", admin, body);
      assertThat(response.statusCode()).as("%s: %s", body, LimitedBerth.text(response)).isEqualTo(400);
      assertThat(JSON.readTree(response.body()).path("errors").path(0).path("code").asText())
          .as(body)
          .isEqualTo("INVALID_REQUEST");
    }
  }

  @Test
  void putNonWholeOrHugeLimit_namesField() throws IOException {
    Map<String, String> expected =
        Map.of(
            "{\"pull_limit\":2.5}",
            "field 'pull_limit' must be a whole number from -9223372036854775808 to"
                + " 9223372036854775807",
            "{\"pull_limit\":1e20}",
            "field 'pull_limit' is out of range; use a whole number from -9223372036854775808 to"
                + " 9223372036854775807",
            "{\"pull_limit\":100000000000000000000}",
            "field 'pull_limit' is out of range; use a whole number from -9223372036854775808 to"
                + " 9223372036854775807");
    for (Map.Entry<String, String> entry : expected.entrySet()) {
      HttpResponse<byte[]> response = berth.api("PUT", OVERRIDES + "bobby", admin, entry.getKey());

      assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(400);
      assertThat(JSON.readTree(response.body()).path("errors").path(0).path("message").asText())
          .as(entry.getKey())
          .isEqualTo(entry.getValue());
    }
  }

  @Test
  void putUnknownAccount_returns404() throws IOException {
    HttpResponse<byte[]> response =
        berth.api("PUT", OVERRIDES + "nobody", admin, "{\"pull_limit\":5}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("no user or organization named nobody");
  }
}
