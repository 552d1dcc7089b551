package dev.berth.hub.ratelimit;

import static dev.berth.hub.ratelimit.LimitedBerth.forwardedFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Dialect;
import dev.berth.oci.Digest;
import dev.berth.server.config.RateLimitConfig;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pull rate limits in Berths started for one test each, on both dialects: limits off, an
 * untrusted {@code X-Forwarded-For}, and counts that survive a restart.
 */
class PullRateLimitLifecycleTest {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  private static final RateLimitConfig LIMITS =
      new RateLimitConfig(true, Duration.ofHours(6), 3, 5, Map.of(), List.of());

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void limitsOff_sendNoHeaders(Dialect dialect) throws Exception {
    try (LimitedBerth berth =
        LimitedBerth.start(
            dialect, RateLimitConfig.defaults(), List.of("127.0.0.1"), new TestClock(START))) {
      String image = "/v2/alice/app/manifests/" + berth.pushImage("alice/app", "v1", "app");

      for (int i = 0; i < 5; i++) {
        HttpResponse<byte[]> get = berth.get(image, forwardedFor("203.0.113.1"));
        HttpResponse<byte[]> head = berth.head(image, forwardedFor("203.0.113.1"));
        for (HttpResponse<byte[]> response : List.of(get, head)) {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.headers().firstValue("ratelimit-limit")).isEmpty();
          assertThat(response.headers().firstValue("ratelimit-remaining")).isEmpty();
          assertThat(response.headers().firstValue("docker-ratelimit-source")).isEmpty();
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void forwardedFor_fromUntrustedPeer_isIgnored(Dialect dialect) throws Exception {
    try (LimitedBerth berth = LimitedBerth.start(dialect, LIMITS, List.of(), new TestClock(START))) {
      String image = "/v2/alice/app/manifests/" + berth.pushImage("alice/app", "v1", "app");

      HttpResponse<byte[]> first = berth.get(image, forwardedFor("203.0.113.1"));
      HttpResponse<byte[]> second = berth.get(image, forwardedFor("203.0.113.2"));

      assertThat(first.headers().firstValue("docker-ratelimit-source")).hasValue("127.0.0.1");
      assertThat(second.headers().firstValue("docker-ratelimit-source")).hasValue("127.0.0.1");
      assertThat(second.headers().firstValue("ratelimit-remaining")).hasValue("1;w=21600");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void restart_keepsCounts(Dialect dialect) throws Exception {
    try (LimitedBerth berth =
        LimitedBerth.start(dialect, LIMITS, List.of("127.0.0.1"), new TestClock(START))) {
      Digest manifest = berth.pushImage("alice/app", "v1", "app");
      String image = "/v2/alice/app/manifests/" + manifest;
      assertThat(berth.get(image, forwardedFor("203.0.113.1")).statusCode()).isEqualTo(200);
      assertThat(berth.get(image, forwardedFor("203.0.113.1")).statusCode()).isEqualTo(200);

      berth.restart();
      HttpResponse<byte[]> third = berth.get(image, forwardedFor("203.0.113.1"));
      HttpResponse<byte[]> fourth = berth.get(image, forwardedFor("203.0.113.1"));

      assertThat(third.statusCode()).isEqualTo(200);
      assertThat(third.headers().firstValue("ratelimit-remaining")).hasValue("0;w=21600");
      assertThat(fourth.statusCode()).as(LimitedBerth.text(fourth)).isEqualTo(429);
    }
  }
}
