package dev.berth.hub.ratelimit;

import static dev.berth.hub.ratelimit.LimitedBerth.basic;
import static dev.berth.hub.ratelimit.LimitedBerth.forwardedFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.db.Dialect;
import dev.berth.oci.Digest;
import dev.berth.server.config.RateLimitConfig;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Pull rate limits over real HTTP on both dialects: what counts, whom it counts for, the headers,
 * the 429 response and window reset.
 *
 * <p>The shared Berth allows 3 anonymous and 5 authenticated pulls per hour, 8 for {@code alice},
 * none counted for {@code 198.51.100.0/24}, and trusts {@code 127.0.0.1} for {@code
 * X-Forwarded-For}, so each test picks its client address. Every test starts in a new window,
 * 20 minutes after it began.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PullRateLimitHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WINDOW = Duration.ofHours(1);
  private static final Instant START = Instant.parse("2026-01-01T00:20:00Z");
  private static final long SECONDS_TO_RESET = 40 * 60;

  private static final RateLimitConfig LIMITS =
      new RateLimitConfig(
          true,
          WINDOW,
          3,
          5,
          Map.of("alice", OptionalLong.of(8)),
          List.of("198.51.100.0/24"));

  @Parameter Dialect dialect;

  private TestClock clock;
  private LimitedBerth berth;
  private String image;
  private Digest layer;
  private List<Digest> index;

  @BeforeParameterizedClassInvocation
  void start() throws Exception {
    clock = new TestClock(START);
    berth = LimitedBerth.start(dialect, LIMITS, List.of("127.0.0.1"), clock);
    Digest manifest = berth.pushImage("alice/app", "v1", "app");
    image = "/v2/alice/app/manifests/" + manifest;
    layer = berth.pushBlob("alice/app", "another layer".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    index = berth.pushIndex("alice/multi", "latest");
  }

  @AfterParameterizedClassInvocation
  void stop() throws Exception {
    berth.close();
  }

  @BeforeEach
  void startNewWindow() {
    clock.advance(WINDOW);
  }

  @Test
  void anonymousGet_countsPerAddress() {
    for (int remaining = 2; remaining >= 0; remaining--) {
      HttpResponse<byte[]> response = berth.get(image, forwardedFor("203.0.113.1"));
      assertThat(response.statusCode()).as(LimitedBerth.text(response)).isEqualTo(200);
      assertLimitHeaders(response, 3, remaining, "203.0.113.1");
    }

    HttpResponse<byte[]> other = berth.get(image, forwardedFor("203.0.113.2"));

    assertThat(other.statusCode()).isEqualTo(200);
    assertLimitHeaders(other, 3, 2, "203.0.113.2");
  }

  @Test
  void anonymousGet_overLimit_returns429() throws IOException {
    for (int i = 0; i < 3; i++) {
      assertThat(berth.get(image, forwardedFor("203.0.113.3")).statusCode()).isEqualTo(200);
    }

    HttpResponse<byte[]> rejected = berth.get(image, forwardedFor("203.0.113.3"));

    assertThat(rejected.statusCode()).as(LimitedBerth.text(rejected)).isEqualTo(429);
    assertLimitHeaders(rejected, 3, 0, "203.0.113.3");
    assertThat(rejected.headers().firstValue("Retry-After"))
        .hasValue(Long.toString(SECONDS_TO_RESET));
    JsonNode error = JSON.readTree(rejected.body()).path("errors").path(0);
    assertThat(error.path("code").asText()).isEqualTo("TOOMANYREQUESTS");
    String message = error.path("message").asText();
    assertThat(message).contains("3 pulls per 1h");
    assertThat(message).contains("address 203.0.113.3");
    assertThat(message).contains(clock.instant().plusSeconds(SECONDS_TO_RESET).toString());
    assertThat(message).contains("docker login");
  }

  @Test
  void headAndBlobGet_doNotCount() {
    String address = "203.0.113.4";
    for (int i = 0; i < 5; i++) {
      HttpResponse<byte[]> head = berth.head(image, forwardedFor(address));
      assertThat(head.statusCode()).isEqualTo(200);
      assertLimitHeaders(head, 3, 3, address);
      HttpResponse<byte[]> blob =
          berth.get("/v2/alice/app/blobs/" + layer, forwardedFor(address));
      assertThat(blob.statusCode()).isEqualTo(200);
      assertThat(blob.headers().firstValue("ratelimit-limit")).isEmpty();
    }

    HttpResponse<byte[]> get = berth.get(image, forwardedFor(address));

    assertLimitHeaders(get, 3, 2, address);
  }

  @Test
  void unknownManifest_showsQuotaWithoutCounting() {
    String address = "203.0.113.11";

    HttpResponse<byte[]> missing =
        berth.get("/v2/alice/app/manifests/no-such-tag", forwardedFor(address));
    HttpResponse<byte[]> get = berth.get(image, forwardedFor(address));

    assertThat(missing.statusCode()).isEqualTo(404);
    assertLimitHeaders(missing, 3, 3, address);
    assertLimitHeaders(get, 3, 2, address);
  }

  @Test
  void indexGet_countsOnlyPlatformManifests() {
    String address = "203.0.113.5";

    HttpResponse<byte[]> indexGet = berth.get("/v2/alice/multi/manifests/latest", forwardedFor(address));
    assertThat(indexGet.statusCode()).isEqualTo(200);
    assertLimitHeaders(indexGet, 3, 3, address);
    HttpResponse<byte[]> first =
        berth.get("/v2/alice/multi/manifests/" + index.get(1), forwardedFor(address));
    HttpResponse<byte[]> second =
        berth.get("/v2/alice/multi/manifests/" + index.get(2), forwardedFor(address));

    assertLimitHeaders(first, 3, 2, address);
    assertLimitHeaders(second, 3, 1, address);
  }

  @Test
  void overLimit_headAllowedIndexRejected() {
    String address = "203.0.113.6";
    for (int i = 0; i < 3; i++) {
      assertThat(berth.get(image, forwardedFor(address)).statusCode()).isEqualTo(200);
    }

    HttpResponse<byte[]> head = berth.head(image, forwardedFor(address));
    HttpResponse<byte[]> indexGet =
        berth.get("/v2/alice/multi/manifests/latest", forwardedFor(address));

    assertThat(head.statusCode()).isEqualTo(200);
    assertLimitHeaders(head, 3, 0, address);
    assertThat(indexGet.statusCode()).isEqualTo(429);
  }

  @Test
  void authenticatedGet_countsPerAccount() {
    HttpResponse<byte[]> fromOne = berth.get(image, concat(basic("bobby"), forwardedFor("203.0.113.7")));
    HttpResponse<byte[]> fromTwo = berth.get(image, concat(basic("bobby"), forwardedFor("203.0.113.8")));
    HttpResponse<byte[]> anonymous = berth.get(image, forwardedFor("203.0.113.7"));

    assertLimitHeaders(fromOne, 5, 4, "bobby");
    assertLimitHeaders(fromTwo, 5, 3, "bobby");
    assertLimitHeaders(anonymous, 3, 2, "203.0.113.7");
  }

  @Test
  void authenticatedGet_overLimit_hintsAdministrator() throws IOException {
    for (int i = 0; i < 5; i++) {
      assertThat(berth.get(image, basic("bobby")).statusCode()).isEqualTo(200);
    }

    HttpResponse<byte[]> rejected = berth.get(image, basic("bobby"));

    assertThat(rejected.statusCode()).isEqualTo(429);
    String message = JSON.readTree(rejected.body()).path("errors").path(0).path("message").asText();
    assertThat(message).contains("5 pulls per 1h for account bobby");
    assertThat(message).contains("ask an administrator");
  }

  @Test
  void accountOverride_replacesLimit() {
    HttpResponse<byte[]> response = berth.get(image, basic("alice"));

    assertLimitHeaders(response, 8, 7, "alice");
  }

  @Test
  void administrator_isUnlimited() {
    for (int i = 0; i < 7; i++) {
      HttpResponse<byte[]> response = berth.get(image, basic("admin"));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("ratelimit-limit")).isEmpty();
      assertThat(response.headers().firstValue("ratelimit-remaining")).isEmpty();
    }
  }

  @Test
  void allowListedAddress_isUnlimited() {
    for (int i = 0; i < 5; i++) {
      HttpResponse<byte[]> anonymous = berth.get(image, forwardedFor("198.51.100.9"));
      HttpResponse<byte[]> account =
          berth.get(image, concat(basic("bobby"), forwardedFor("198.51.100.9")));
      assertThat(anonymous.statusCode()).isEqualTo(200);
      assertThat(anonymous.headers().firstValue("ratelimit-limit")).isEmpty();
      assertThat(account.statusCode()).isEqualTo(200);
      assertThat(account.headers().firstValue("ratelimit-limit")).isEmpty();
    }
  }

  @Test
  void ipv6Address_countsPerSlash64() {
    HttpResponse<byte[]> first = berth.get(image, forwardedFor("2001:db8:1:2::a"));
    HttpResponse<byte[]> second = berth.get(image, forwardedFor("2001:db8:1:2:ffff::b"));

    assertLimitHeaders(first, 3, 2, "2001:db8:1:2::/64");
    assertLimitHeaders(second, 3, 1, "2001:db8:1:2::/64");
  }

  @Test
  void window_resetsCount() {
    String address = "203.0.113.10";
    for (int i = 0; i < 3; i++) {
      assertThat(berth.get(image, forwardedFor(address)).statusCode()).isEqualTo(200);
    }
    assertThat(berth.get(image, forwardedFor(address)).statusCode()).isEqualTo(429);

    clock.advance(Duration.ofSeconds(SECONDS_TO_RESET));
    HttpResponse<byte[]> next = berth.get(image, forwardedFor(address));

    assertThat(next.statusCode()).isEqualTo(200);
    assertLimitHeaders(next, 3, 2, address);
  }

  private static void assertLimitHeaders(
      HttpResponse<byte[]> response, long limit, long remaining, String source) {
    String window = ";w=" + WINDOW.toSeconds();
    assertThat(response.headers().firstValue("ratelimit-limit"))
        .as("ratelimit-limit of %s", LimitedBerth.text(response))
        .hasValue(limit + window);
    assertThat(response.headers().firstValue("ratelimit-remaining"))
        .as("ratelimit-remaining of %s", LimitedBerth.text(response))
        .hasValue(remaining + window);
    assertThat(response.headers().firstValue("docker-ratelimit-source"))
        .as("docker-ratelimit-source")
        .isEqualTo(Optional.of(source));
  }

  static String[] concat(String[] first, String[] second) {
    return java.util.stream.Stream.concat(
            java.util.Arrays.stream(first), java.util.Arrays.stream(second))
        .toArray(String[]::new);
  }
}
