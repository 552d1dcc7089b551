package dev.berth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Bearer tokens from Berth's {@code /token} service. It signs in once with the password grant and
 * then gets every token through the {@code refresh_token} grant, so the benchmark pays for one
 * password hash, not one per scope. Tokens are cached per scope set and fetched again after half
 * their lifetime. Fetch them before a timed section with {@link #header}. Thread-safe.
 */
final class BearerTokens {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient client;
  private final URI endpoint;
  private final String refreshToken;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(String header, long refreshAtNanos) {}

  private BearerTokens(HttpClient client, URI endpoint, String refreshToken) {
    this.client = client;
    this.endpoint = endpoint;
    this.refreshToken = refreshToken;
  }

  /** Signs in as {@code username} at {@code base}/token and keeps the refresh token. */
  static BearerTokens signIn(HttpClient client, URI base, String username, String password) {
    URI endpoint = base.resolve("/token");
    JsonNode body =
        post(
            client,
            endpoint,
            Map.of(
                "grant_type", "password",
                "username", username,
                "password", password,
                "access_type", "offline",
                "client_id", "berth-bench",
                "service", "berth-registry"));
    String refresh = body.path("refresh_token").asText("");
    if (refresh.isEmpty()) {
      throw new BenchException("the password grant at " + endpoint + " returned no refresh_token");
    }
    return new BearerTokens(client, endpoint, refresh);
  }

  /** Returns {@code Bearer TOKEN} for {@code scopes}; fetches the token when none is cached. */
  String header(List<String> scopes) {
    String key = String.join(" ", scopes);
    return cache
        .compute(
            key,
            (ignored, current) ->
                current != null && System.nanoTime() < current.refreshAtNanos()
                    ? current
                    : fetch(key))
        .header();
  }

  private Cached fetch(String scope) {
    long sentAt = System.nanoTime();
    JsonNode body =
        post(
            client,
            endpoint,
            Map.of(
                "grant_type", "refresh_token",
                "refresh_token", refreshToken,
                "scope", scope,
                "client_id", "berth-bench",
                "service", "berth-registry"));
    String token = body.path("access_token").asText(body.path("token").asText(""));
    if (token.isEmpty()) {
      throw new BenchException("the token response for '" + scope + "' has no access_token");
    }
    long lifetimeSeconds = body.path("expires_in").asLong(60);
    return new Cached("Bearer " + token, sentAt + Duration.ofSeconds(lifetimeSeconds).toNanos() / 2);
  }

  private static JsonNode post(HttpClient client, URI endpoint, Map<String, String> form) {
    String encoded =
        form.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encoded))
            .build();
    try {
      var response = client.send(request, BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new BenchException(
            "POST " + endpoint + " (" + form.get("grant_type") + " grant) returned "
                + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new BenchException("POST " + endpoint + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted while fetching a token", e);
    }
  }
}
