package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Dialect;
import dev.berth.oci.Digest;
import dev.berth.server.config.BerthConfig;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The base of absolute {@code Location} URLs: the configured external URL first, then {@code
 * X-Forwarded-Proto} and {@code X-Forwarded-Host} only from a trusted proxy, then the request's
 * own {@code Host}. Every connection here comes from 127.0.0.1.
 */
class ExternalUrlTest {

  private static final String REPOSITORY = "urls/repo";
  private static final String[] FORWARDED = {
    "X-Forwarded-Proto", "https", "X-Forwarded-Host", "hub.example:8443"
  };

  private static TestBerth start(UnaryOperator<BerthConfig> customize) throws Exception {
    return TestBerth.start(Dialect.SQLITE, customize);
  }

  private static UnaryOperator<BerthConfig> external(String url, List<String> proxies) {
    return config -> config.withExternalUrl(Optional.of(URI.create(url)), proxies);
  }

  private static UnaryOperator<BerthConfig> proxies(List<String> trusted) {
    return config -> config.withExternalUrl(Optional.empty(), trusted);
  }

  private static String uploadLocation(TestBerth berth, String... headers) {
    HttpResponse<byte[]> response =
        berth.post("/v2/" + REPOSITORY + "/blobs/uploads/", new byte[0], headers);
    assertThat(response.statusCode()).as(TestBerth.text(response)).isEqualTo(202);
    return response.headers().firstValue("Location").orElseThrow();
  }

  @Test
  void location_withoutConfiguration_usesRequestHost() throws Exception {
    try (TestBerth berth = start(UnaryOperator.identity())) {
      String location = uploadLocation(berth);

      assertThat(location).startsWith(berth.baseUri() + "/v2/" + REPOSITORY + "/blobs/uploads/");
    }
  }

  @Test
  void location_withoutConfiguration_followsHostHeader() throws Exception {
    try (TestBerth berth = start(UnaryOperator.identity());
        RawHttp raw = RawHttp.connect(berth.baseUri())) {
      raw.writeHead(
          "POST",
          "/v2/" + REPOSITORY + "/blobs/uploads/",
          "Host: registry.local:5000",
          "Content-Length: 0");
      RawHttp.Response response = raw.readResponse(false);

      assertThat(response.status()).isEqualTo(202);
      assertThat(response.header("Location"))
          .hasValueSatisfying(
              value ->
                  assertThat(value)
                      .startsWith("http://registry.local:5000/v2/" + REPOSITORY + "/blobs/uploads/"));
    }
  }

  @Test
  void location_withoutTrustedProxies_ignoresForwardedHeaders() throws Exception {
    try (TestBerth berth = start(UnaryOperator.identity())) {
      String location = uploadLocation(berth, FORWARDED);

      assertThat(location).startsWith(berth.baseUri() + "/v2/");
      assertThat(location).doesNotContain("hub.example");
    }
  }

  @Test
  void location_fromUntrustedAddress_ignoresForwardedHeaders() throws Exception {
    try (TestBerth berth = start(proxies(List.of("10.0.0.0/8", "192.0.2.7")))) {
      String location = uploadLocation(berth, FORWARDED);

      assertThat(location).startsWith(berth.baseUri() + "/v2/");
      assertThat(location).doesNotContain("hub.example");
    }
  }

  @Test
  void location_fromTrustedProxyAddress_usesForwardedHeaders() throws Exception {
    try (TestBerth berth = start(proxies(List.of("127.0.0.1")))) {
      String location = uploadLocation(berth, FORWARDED);

      assertThat(location).startsWith("https://hub.example:8443/v2/" + REPOSITORY + "/blobs/uploads/");
    }
  }

  @Test
  void location_fromTrustedProxyRange_usesFirstForwardedValue() throws Exception {
    try (TestBerth berth = start(proxies(List.of("127.0.0.0/8")))) {
      String location =
          uploadLocation(
              berth,
              "X-Forwarded-Proto", "https, http",
              "X-Forwarded-Host", "edge.example, inner.example");

      assertThat(location).startsWith("https://edge.example/v2/" + REPOSITORY + "/");
    }
  }

  @Test
  void location_fromTrustedProxyWithoutForwardedHost_usesRequestHostAndProto() throws Exception {
    try (TestBerth berth = start(proxies(List.of("127.0.0.1")))) {
      String location = uploadLocation(berth, "X-Forwarded-Proto", "https");

      // A proxy that ends TLS and keeps the Host header still makes the URL https.
      assertThat(location)
          .startsWith("https://" + berth.baseUri().getRawAuthority() + "/v2/");
    }
  }

  @Test
  void location_withExternalUrl_usesItForEveryAnswer() throws Exception {
    String external = "https://registry.example";
    try (TestBerth berth = start(external(external + "/", List.of()))) {
      byte[] content = "external url blob".getBytes(StandardCharsets.UTF_8);
      Digest digest = Digest.sha256(content);

      String started = uploadLocation(berth);
      URI local = berth.uri(URI.create(started).getRawPath());
      HttpResponse<byte[]> patched = berth.send("PATCH", local, content);
      HttpResponse<byte[]> status = berth.send("GET", local, new byte[0]);
      HttpResponse<byte[]> outOfOrder =
          berth.send("PATCH", local, new byte[1], "Content-Range", "99-99");
      HttpResponse<byte[]> done =
          berth.send("PUT", URI.create(local + "?digest=" + digest), new byte[0]);
      HttpResponse<byte[]> mounted =
          berth.post(
              "/v2/urls/other/blobs/uploads/?mount=" + digest + "&from=" + REPOSITORY,
              new byte[0]);
      byte[] manifest =
          TestImages.image(
              TestImages.OCI_MANIFEST,
              new TestImages.Ref(TestImages.OCI_CONFIG, digest, content.length),
              List.of());
      HttpResponse<byte[]> manifestPut =
          berth.put(
              "/v2/" + REPOSITORY + "/manifests/latest",
              manifest,
              "Content-Type",
              TestImages.OCI_MANIFEST);

      String uploadPath = external + "/v2/" + REPOSITORY + "/blobs/uploads/";
      assertThat(started).startsWith(uploadPath);
      assertThat(patched.headers().firstValue("Location")).hasValue(started);
      assertThat(status.headers().firstValue("Location")).hasValue(started);
      assertThat(outOfOrder.statusCode()).isEqualTo(416);
      assertThat(outOfOrder.headers().firstValue("Location")).hasValue(started);
      assertThat(done.headers().firstValue("Location"))
          .hasValue(external + "/v2/" + REPOSITORY + "/blobs/" + digest);
      assertThat(mounted.statusCode()).isEqualTo(201);
      assertThat(mounted.headers().firstValue("Location"))
          .hasValue(external + "/v2/urls/other/blobs/" + digest);
      assertThat(manifestPut.headers().firstValue("Location"))
          .hasValue(external + "/v2/" + REPOSITORY + "/manifests/" + Digest.sha256(manifest));
    }
  }

  @Test
  void location_withExternalUrl_winsOverTrustedProxyHeaders() throws Exception {
    try (TestBerth berth = start(external("https://registry.example", List.of("127.0.0.1")))) {
      String location = uploadLocation(berth, FORWARDED);

      assertThat(location).startsWith("https://registry.example/v2/" + REPOSITORY + "/");
    }
  }

  @Test
  void location_withExternalUrlAndPort_keepsPort() throws Exception {
    try (TestBerth berth = start(external("http://registry.example:5443", List.of()))) {
      String location = uploadLocation(berth);

      assertThat(location).startsWith("http://registry.example:5443/v2/" + REPOSITORY + "/");
    }
  }

  @Test
  void location_withTrustedProxy_isUsableAfterRewritingHost() throws Exception {
    try (TestBerth berth = start(proxies(List.of("127.0.0.1")))) {
      byte[] content = "proxied".getBytes(StandardCharsets.UTF_8);
      Digest digest = Digest.sha256(content);
      URI proxied = URI.create(uploadLocation(berth, FORWARDED));

      HttpResponse<byte[]> done =
          berth.send(
              "PUT",
              berth.uri(proxied.getRawPath() + "?digest=" + digest),
              content,
              FORWARDED);

      assertThat(proxied.getScheme()).isEqualTo("https");
      assertThat(proxied.getAuthority()).isEqualTo("hub.example:8443");
      assertThat(done.statusCode()).as(TestBerth.text(done)).isEqualTo(201);
      assertThat(done.headers().firstValue("Location"))
          .hasValue("https://hub.example:8443/v2/" + REPOSITORY + "/blobs/" + digest);
    }
  }
}
