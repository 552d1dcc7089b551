package dev.berth.registry;

import static dev.berth.registry.AuthFixture.ADMIN_PASSWORD;
import static dev.berth.registry.AuthFixture.PASSWORD;
import static dev.berth.registry.AuthFixture.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.auth.Accounts;
import dev.berth.auth.Principal;
import dev.berth.db.Database;
import dev.berth.db.Dialect;
import dev.berth.server.config.AuthConfig;
import dev.berth.server.config.Secret;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Login throttling per client address over HTTP: which address a failed password counts against,
 * with and without a trusted reverse proxy in front of Berth.
 *
 * <p>The addresses in {@code X-Forwarded-For} come from the documentation ranges of RFC 5737; no
 * traffic goes to them.
 */
class LoginThrottleHttpTest {

  /** Consecutive failed logins after which Berth locks an account or address for 1 s. */
  private static final int FREE_FAILURES = 5;

  private static TestBerth start(List<String> trustedProxies) throws Exception {
    return TestBerth.start(
        Dialect.SQLITE,
        config ->
            config
                .withExternalUrl(Optional.empty(), trustedProxies)
                .withAuth(
                    AuthConfig.defaults()
                        .withAdminPassword(Optional.of(new Secret(ADMIN_PASSWORD)))));
  }

  private static void createUsers(TestBerth berth, String... names) {
    try (Database database = Database.open(berth.databaseSettings())) {
      Accounts accounts = new Accounts(database, Clock.systemUTC(), new SecureRandom());
      for (String name : names) {
        accounts
            .accountService()
            .createUser(new Principal.Anonymous(), name, name + "@example.com", PASSWORD);
      }
    }
  }

  /** Sends Basic credentials to {@code /v2/} as if a proxy forwarded them for {@code client}. */
  private static HttpResponse<byte[]> login(
      TestBerth berth, String user, String password, String client) {
    return berth.get("/v2/", "Authorization", basic(user, password), "X-Forwarded-For", client);
  }

  @Test
  void trustedProxy_throttlesForwardedClientNotProxy() throws Exception {
    try (TestBerth berth = start(List.of("127.0.0.1"))) {
      createUsers(berth, "mallory", "alice");

      // One client behind the proxy guesses passwords of an account of its own.
      for (int i = 0; i <= FREE_FAILURES; i++) {
        login(berth, "mallory", "wrong password " + i, "203.0.113.5");
      }
      HttpResponse<byte[]> otherClient = login(berth, "alice", PASSWORD, "198.51.100.7");

      assertThat(otherClient.statusCode())
          .as("another client's correct login: %s", TestBerth.text(otherClient))
          .isEqualTo(200);
    }
  }

  @Test
  void noTrustedProxy_ignoresForwardedFor() throws Exception {
    try (TestBerth berth = start(List.of())) {
      createUsers(berth, "mallory");

      // Without a trusted proxy, a client cannot dodge the throttle by varying the header.
      for (int i = 0; i < dev.berth.auth.AuthTestAccess.addressFreeFailures(); i++) {
        login(berth, "nosuchuser" + i, "wrong password", "203.0.113." + (i + 1));
      }
      HttpResponse<byte[]> next = login(berth, "mallory", "wrong password", "203.0.113.99");

      assertThat(next.statusCode()).as(TestBerth.text(next)).isEqualTo(429);
    }
  }

  @Test
  void throttled_sendsRetryAfter() throws Exception {
    try (TestBerth berth = start(List.of())) {
      createUsers(berth, "mallory");
      for (int i = 0; i < FREE_FAILURES; i++) {
        login(berth, "mallory", "wrong password " + i, "203.0.113.5");
      }

      HttpResponse<byte[]> registry = login(berth, "mallory", PASSWORD, "203.0.113.5");
      HttpResponse<byte[]> token =
          berth.get("/token?service=berth-registry", "Authorization", basic("mallory", PASSWORD));

      assertThat(registry.statusCode()).as(TestBerth.text(registry)).isEqualTo(429);
      assertThat(token.statusCode()).as(TestBerth.text(token)).isEqualTo(429);
      assertThat(registry.headers().firstValue("Retry-After"))
          .as("Retry-After on /v2/")
          .hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
      assertThat(token.headers().firstValue("Retry-After"))
          .as("Retry-After on /token")
          .hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
    }
  }
}
