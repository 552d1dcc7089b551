package dev.berth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Authorization} header a benchmark request carries, found by sending {@code GET /v2/}
 * as a client does. A registry that returns 200 needs none. One that challenges with {@code Basic}
 * gets the credentials on every request. One that challenges with {@code Bearer} gets a token from
 * its token service for each set of scopes; tokens are cached and fetched again after half their
 * lifetime, outside the timed requests. Thread-safe.
 */
final class RegistryAuth {

  private static final Pattern PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;
  private final Optional<Credentials> credentials;
  private final Optional<BearerChallenge> bearer;
  private final Map<String, CachedToken> tokens = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger tokensFetched =
      new java.util.concurrent.atomic.AtomicInteger();

  /** A user name and password, or an access token in place of the password. */
  record Credentials(String username, String password) {
    String basicHeader() {
      String pair = username + ":" + password;
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return "Credentials[username=" + username + ", password=***]";
    }
  }

  private record BearerChallenge(URI realm, String service) {}

  private record CachedToken(String header, long refreshAtNanos) {}

  private RegistryAuth(
      HttpClient client, Optional<Credentials> credentials, Optional<BearerChallenge> bearer) {
    this.client = client;
    this.credentials = credentials;
    this.bearer = bearer;
  }

  /**
   * Sends {@code GET /v2/} to {@code base} and prepares the credentials its challenge requests.
   *
   * @throws BenchException when the registry challenges but {@code credentials} is empty, or
   *     returns anything but 200 or 401
   */
  static RegistryAuth discover(HttpClient client, URI base, Optional<Credentials> credentials)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/v2/")).timeout(TIMEOUT).build();
    HttpResponse<Void> response = client.send(request, BodyHandlers.discarding());
    if (response.statusCode() == 200) {
      return new RegistryAuth(client, credentials, Optional.empty());
    }
    if (response.statusCode() != 401) {
      throw new BenchException(
          "GET "
              + request.uri()
              + " returned "
              + response.statusCode()
              + "; expected 200 or 401 from an OCI registry");
    }
    String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
    if (credentials.isEmpty()) {
      throw new BenchException(
          "the registry requires authentication ("
              + challenge
              + "); set BENCH_REGISTRY_USERNAME"
              + " and BENCH_REGISTRY_PASSWORD");
    }
    if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
      return new RegistryAuth(client, credentials, Optional.empty());
    }
    if (!challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
      throw new BenchException(
          "GET "
              + request.uri()
              + " challenged with '"
              + challenge
              + "'; only Basic and Bearer are supported");
    }
    Map<String, String> parameters = new java.util.HashMap<>();
    Matcher matcher = PARAMETER.matcher(challenge);
    while (matcher.find()) {
      parameters.put(matcher.group(1), matcher.group(2));
    }
    if (!parameters.containsKey("realm")) {
      throw new BenchException("the Bearer challenge '" + challenge + "' has no realm");
    }
    BearerChallenge bearer =
        new BearerChallenge(
            URI.create(parameters.get("realm")), parameters.getOrDefault("service", ""));
    return new RegistryAuth(client, credentials, Optional.of(bearer));
  }

  /**
   * Returns the header value for a request that needs {@code scopes}, such as {@code
   * repository:bench/a:pull,push}, or empty when the registry needs none.
   *
   * @throws BenchException when the token service rejects the credentials
   */
  Optional<String> header(List<String> scopes) {
    if (credentials.isEmpty()) {
      return Optional.empty();
    }
    if (bearer.isEmpty()) {
      return Optional.of(credentials.get().basicHeader());
    }
    String key = String.join(" ", scopes);
    CachedToken cached =
        tokens.compute(
            key,
            (ignored, current) ->
                current != null && System.nanoTime() < current.refreshAtNanos()
                    ? current
                    : fetchToken(scopes));
    return Optional.of(cached.header());
  }

  /** Returns how many tokens were fetched from the token service so far. */
  int tokensFetched() {
    return tokensFetched.get();
  }

  private CachedToken fetchToken(List<String> scopes) {
    tokensFetched.incrementAndGet();
    StringBuilder query = new StringBuilder("service=").append(encode(bearer.get().service()));
    for (String scope : scopes) {
      query.append("&scope=").append(encode(scope));
    }
    URI uri = URI.create(bearer.get().realm() + "?" + query);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Authorization", credentials.get().basicHeader())
            .build();
    long sentAt = System.nanoTime();
    HttpResponse<String> response;
    try {
      response = client.send(request, BodyHandlers.ofString());
    } catch (IOException e) {
      throw new BenchException("token request to " + bearer.get().realm() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted while fetching a token", e);
    }
    if (response.statusCode() != 200) {
      throw new BenchException(
          "token request for "
              + scopes
              + " returned "
              + response.statusCode()
              + ": "
              + response.body());
    }
    try {
      JsonNode body = JSON.readTree(response.body());
      String token = body.path("token").asText(body.path("access_token").asText(""));
      if (token.isEmpty()) {
        throw new BenchException("token response for " + scopes + " has no token");
      }
      // The spec's default lifetime when the response names none is 60 seconds.
      long lifetimeSeconds = body.path("expires_in").asLong(60);
      long refreshAt = sentAt + Duration.ofSeconds(lifetimeSeconds).toNanos() / 2;
      return new CachedToken("Bearer " + token, refreshAt);
    } catch (IOException e) {
      throw new BenchException("token response for " + scopes + " is not JSON: " + e, e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
