package dev.berth.registry;

import static dev.berth.registry.AuthFixture.ORG_PRIVATE;
import static dev.berth.registry.AuthFixture.ORG_PUBLIC;
import static dev.berth.registry.AuthFixture.OWNER_MISSING;
import static dev.berth.registry.AuthFixture.OWNER_PRIVATE;
import static dev.berth.registry.AuthFixture.OWNER_PUBLIC;
import static dev.berth.registry.AuthFixture.PASSWORD;
import static dev.berth.registry.AuthFixture.REPOSITORIES;
import static dev.berth.registry.AuthFixture.SERVICE;
import static dev.berth.registry.AuthFixture.bearer;
import static dev.berth.registry.AuthFixture.json;
import static dev.berth.registry.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.berth.auth.NewAccessToken;
import dev.berth.auth.RegistryTokens;
import dev.berth.auth.ResourceScope;
import dev.berth.auth.SigningKeys;
import dev.berth.auth.TokenScope;
import dev.berth.db.Dialect;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.AuthFixture.Actor;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Registry authentication over real HTTP: the permission matrix through the {@code /v2/} gate and
 * {@code /token}, the token challenge, JWT checks, the OAuth2 grants, and what disabling a user or
 * revoking a token does to credentials issued before.
 *
 * <p>Tests that change accounts or create repositories use their own users, so the shared fixture's
 * matrix and catalog stay as {@link AuthFixture} describes.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryAuthHttpTest {

  private static final String ALL = "pull,push,delete";
  private static final String PULL_PUSH = "pull,push";
  private static final String PULL = "pull";
  private static final String NONE = "";

  /** A digest no manifest has, for delete probes that must not change anything. */
  private static final String UNKNOWN_DIGEST = "sha256:" + "0".repeat(64);

  /**
   * What each actor may do on each repository of {@link AuthFixture#REPOSITORIES}, in that order:
   * {@code owner1/private}, {@code owner1/public}, {@code owner1/missing}, {@code acme/app}, {@code
   * acme/public}, {@code acme/missing}.
   */
  private static final Map<String, List<String>> EXPECTED =
      Map.ofEntries(
          Map.entry("anonymous", List.of(NONE, PULL, NONE, NONE, PULL, NONE)),
          Map.entry("owner", List.of(ALL, ALL, ALL, NONE, PULL, NONE)),
          Map.entry("org owner", List.of(NONE, PULL, NONE, ALL, ALL, ALL)),
          // A read permission cannot create a repository, so it grants nothing on a missing one.
          Map.entry("team read", List.of(NONE, PULL, NONE, PULL, PULL, NONE)),
          Map.entry("team write", List.of(NONE, PULL, NONE, PULL_PUSH, PULL_PUSH, PULL_PUSH)),
          Map.entry("team admin", List.of(NONE, PULL, NONE, ALL, ALL, ALL)),
          Map.entry("org member", List.of(NONE, PULL, NONE, NONE, PULL, NONE)),
          Map.entry("outsider", List.of(NONE, PULL, NONE, NONE, PULL, NONE)),
          Map.entry("admin", List.of(ALL, ALL, ALL, ALL, ALL, ALL)),
          Map.entry("owner token repo:public_read", List.of(NONE, PULL, NONE, NONE, PULL, NONE)),
          Map.entry("owner token repo:read", List.of(PULL, PULL, PULL, NONE, PULL, NONE)),
          Map.entry(
              "owner token repo:write", List.of(PULL_PUSH, PULL_PUSH, PULL_PUSH, NONE, PULL, NONE)),
          Map.entry("owner token repo:admin", List.of(ALL, ALL, ALL, NONE, PULL, NONE)),
          Map.entry("owner token for " + OWNER_PRIVATE, List.of(ALL, PULL, NONE, NONE, PULL, NONE)),
          Map.entry(
              "acme token repo:write", List.of(NONE, PULL, NONE, PULL_PUSH, PULL_PUSH, PULL_PUSH)));

  @Parameter Dialect dialect;

  private AuthFixture fixture;
  private int users;

  @BeforeParameterizedClassInvocation
  void start() throws Exception {
    fixture = AuthFixture.start(dialect);
  }

  @AfterParameterizedClassInvocation
  void stop() throws Exception {
    fixture.close();
  }

  @AfterEach
  void forgetFailedLogins() {
    fixture.forgetFailedLogins();
  }

  /** Creates a user of its own for a test that changes accounts or creates repositories. */
  private Actor newUser() {
    users++;
    return fixture.newUser("user" + dialect.name().toLowerCase() + users);
  }

  static Stream<Arguments> matrix() {
    List<Arguments> cells = new ArrayList<>();
    for (var row : EXPECTED.entrySet()) {
      for (int i = 0; i < REPOSITORIES.size(); i++) {
        cells.add(Arguments.of(row.getKey(), REPOSITORIES.get(i), row.getValue().get(i)));
      }
    }
    cells.sort((a, b) -> a.get()[0].toString().compareTo(b.get()[0].toString()));
    return cells.stream();
  }

  // The permission matrix.

  @ParameterizedTest(name = "{0} on {1}: {2}")
  @MethodSource("matrix")
  void matrix_tokenGrantsAndGateAgree(String label, String repository, String expected) {
    Actor actor = fixture.actors.get(label);
    Set<String> allowed = actions(expected);

    String token = fixture.token(actor, "repository:" + repository + ":pull,push,delete");

    assertThat(grantedActions(token, repository))
        .as("actions in the token of %s for %s", label, repository)
        .isEqualTo(allowed);
    String[] bearerHeaders = {"Authorization", bearer(token)};
    probePull(actor, repository, allowed, bearerHeaders, "bearer");
    probePush(actor, repository, allowed, bearerHeaders, "bearer");
    probeDelete(actor, repository, allowed, bearerHeaders, "bearer");
    probePull(actor, repository, allowed, actor.basicHeaders(), "basic");
    probePush(actor, repository, allowed, actor.basicHeaders(), "basic");
    probeDelete(actor, repository, allowed, actor.basicHeaders(), "basic");
  }

  private void probePull(
      Actor actor, String repository, Set<String> allowed, String[] headers, String mode) {
    HttpResponse<byte[]> response =
        fixture.berth.get("/v2/" + repository + "/manifests/latest", headers);
    String check = mode + " pull of " + repository + " as " + actor;
    if (!allowed.contains("pull")) {
      assertDenied(actor, response, check);
    } else if (fixture.manifests.containsKey(repository)) {
      assertThat(response.statusCode())
          .as("%s: %s", check, TestBerth.text(response))
          .isEqualTo(200);
    } else {
      assertThat(response.statusCode())
          .as("%s: %s", check, TestBerth.text(response))
          .isEqualTo(404);
    }
  }

  private void probePush(
      Actor actor, String repository, Set<String> allowed, String[] headers, String mode) {
    HttpResponse<byte[]> response =
        fixture.berth.post("/v2/" + repository + "/blobs/uploads/", new byte[0], headers);
    String check = mode + " push of " + repository + " as " + actor;
    if (!allowed.containsAll(Set.of("pull", "push"))) {
      assertDenied(actor, response, check);
      return;
    }
    assertThat(response.statusCode()).as("%s: %s", check, TestBerth.text(response)).isEqualTo(202);
    String location = response.headers().firstValue("Location").orElseThrow();
    HttpResponse<byte[]> cancelled =
        fixture.berth.send(
            "DELETE", fixture.berth.baseUri().resolve(location), new byte[0], headers);
    assertThat(cancelled.statusCode()).as("cancel %s", check).isEqualTo(204);
  }

  private void probeDelete(
      Actor actor, String repository, Set<String> allowed, String[] headers, String mode) {
    HttpResponse<byte[]> response =
        fixture.berth.delete("/v2/" + repository + "/manifests/" + UNKNOWN_DIGEST, headers);
    String check = mode + " delete in " + repository + " as " + actor;
    if (!allowed.contains("delete")) {
      assertDenied(actor, response, check);
    } else {
      assertThat(response.statusCode())
          .as("%s: %s", check, TestBerth.text(response))
          .isEqualTo(404);
    }
  }

  /** Asserts the gate's denial: a challenge for anonymous callers, 403 DENIED for the others. */
  private static void assertDenied(Actor actor, HttpResponse<byte[]> response, String check) {
    if (actor.username().isEmpty()) {
      assertThat(response.statusCode())
          .as("%s: %s", check, TestBerth.text(response))
          .isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .as("challenge of %s", check)
          .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer realm="));
      assertError(response, 401, "UNAUTHORIZED");
    } else {
      assertError(response, 403, "DENIED");
    }
  }

  // Private and missing repositories.

  @Test
  void privateAndMissing_lookIdenticalToOutsiders() {
    Actor outsider = fixture.actors.get("outsider");
    String outsiderToken =
        fixture.token(
            outsider,
            "repository:" + OWNER_PRIVATE + ":pull,push",
            "repository:" + OWNER_MISSING + ":pull,push");
    String anonymousToken =
        fixture.token(
            Actor.anonymous(),
            "repository:" + OWNER_PRIVATE + ":pull",
            "repository:" + OWNER_MISSING + ":pull");
    Digest layer = fixture.layers.get(OWNER_PRIVATE);
    Map<String, String[]> callers =
        Map.of(
            "anonymous", new String[0],
            "anonymous bearer", new String[] {"Authorization", bearer(anonymousToken)},
            "outsider basic", outsider.basicHeaders(),
            "outsider bearer", new String[] {"Authorization", bearer(outsiderToken)});
    List<String[]> requests =
        List.of(
            new String[] {"GET", "/manifests/latest"},
            new String[] {"HEAD", "/manifests/latest"},
            new String[] {"GET", "/manifests/" + fixture.manifests.get(OWNER_PRIVATE)},
            new String[] {"GET", "/tags/list"},
            new String[] {"GET", "/blobs/" + layer},
            new String[] {"HEAD", "/blobs/" + layer},
            new String[] {"GET", "/referrers/" + fixture.manifests.get(OWNER_PRIVATE)},
            new String[] {"POST", "/blobs/uploads/"},
            new String[] {"DELETE", "/manifests/" + fixture.manifests.get(OWNER_PRIVATE)});

    for (var caller : callers.entrySet()) {
      for (String[] request : requests) {
        HttpResponse<byte[]> existing =
            send(request[0], OWNER_PRIVATE, request[1], caller.getValue());
        HttpResponse<byte[]> missing =
            send(request[0], OWNER_MISSING, request[1], caller.getValue());
        String check = caller.getKey() + " " + request[0] + " " + request[1];

        assertThat(missing.statusCode()).as("status of %s", check).isEqualTo(existing.statusCode());
        assertThat(existing.statusCode()).as("status of %s", check).isIn(401, 403);
        assertThat(body(missing).replace(OWNER_MISSING, "NAME"))
            .as("body of %s", check)
            .isEqualTo(body(existing).replace(OWNER_PRIVATE, "NAME"));
        assertThat(
                missing
                    .headers()
                    .firstValue("WWW-Authenticate")
                    .map(v -> v.replace(OWNER_MISSING, "NAME")))
            .as("challenge of %s", check)
            .isEqualTo(
                existing
                    .headers()
                    .firstValue("WWW-Authenticate")
                    .map(v -> v.replace(OWNER_PRIVATE, "NAME")));
      }
    }
  }

  private HttpResponse<byte[]> send(
      String method, String repository, String path, String[] headers) {
    return fixture.berth.send(
        method, fixture.berth.uri("/v2/" + repository + path), new byte[0], headers);
  }

  private static String body(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  // Catalog.

  @Test
  void catalog_listsOnlyVisibleRepositories() {
    for (String label : EXPECTED.keySet()) {
      Actor actor = fixture.actors.get(label);
      Set<String> visible = new TreeSet<>();
      for (int i = 0; i < REPOSITORIES.size(); i++) {
        String repository = REPOSITORIES.get(i);
        if (fixture.manifests.containsKey(repository)
            && actions(EXPECTED.get(label).get(i)).contains("pull")) {
          visible.add(repository);
        }
      }

      HttpResponse<byte[]> tokenResponse = fixture.requestToken(actor, "registry:catalog:*");
      assertThat(tokenResponse.statusCode()).as("token of %s", label).isEqualTo(200);
      String token = json(tokenResponse).get("token").asText();
      HttpResponse<byte[]> viaBearer =
          fixture.berth.get("/v2/_catalog?n=1000", "Authorization", bearer(token));
      HttpResponse<byte[]> viaBasic =
          fixture.berth.get("/v2/_catalog?n=1000", actor.basicHeaders());

      assertThat(grantedScopes(token))
          .as("catalog scope for %s", label)
          .containsExactly(new ResourceScope("registry", "catalog", Set.of("*")));
      if (actor.username().isEmpty()) {
        // Without credentials the challenge comes first, so a client that signs in only when
        // challenged still lists its private repositories.
        assertThat(viaBasic.statusCode()).as("catalog without credentials").isEqualTo(401);
        assertThat(viaBasic.headers().firstValue("WWW-Authenticate"))
            .as("challenge of anonymous catalog")
            .hasValue(challenge("registry:catalog:*"));
      }
      List<HttpResponse<byte[]>> listings =
          actor.username().isEmpty() ? List.of(viaBearer) : List.of(viaBearer, viaBasic);
      for (HttpResponse<byte[]> response : listings) {
        assertThat(response.statusCode())
            .as("catalog of %s: %s", label, TestBerth.text(response))
            .isEqualTo(200);
        Set<String> listed = new TreeSet<>();
        json(response).get("repositories").forEach(node -> listed.add(node.asText()));
        if (label.equals("admin")) {
          assertThat(listed).as("catalog of %s", label).containsAll(visible);
        } else {
          assertThat(listed).as("catalog of %s", label).isEqualTo(visible);
        }
      }
    }
  }

  @Test
  void catalog_ownerToken_listsPublicAndOwnPrivate() {
    String token = fixture.token(fixture.actors.get("owner"), "registry:catalog:*");

    HttpResponse<byte[]> response =
        fixture.berth.get("/v2/_catalog?n=1000", "Authorization", bearer(token));

    assertThat(response.statusCode()).as(TestBerth.text(response)).isEqualTo(200);
    List<String> listed = new ArrayList<>();
    json(response).get("repositories").forEach(node -> listed.add(node.asText()));
    assertThat(listed).containsExactly(ORG_PUBLIC, OWNER_PRIVATE, OWNER_PUBLIC);
  }

  @Test
  void catalog_anonymousPages_listPublicOnly() {
    String token = fixture.token(Actor.anonymous(), "registry:catalog:*");
    List<String> listed = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    Optional<String> next = Optional.of("/v2/_catalog?n=1");
    while (next.isPresent() && pageSizes.size() < 10) {
      HttpResponse<byte[]> response =
          fixture.berth.get(next.get(), "Authorization", bearer(token));
      assertThat(response.statusCode())
          .as("GET %s: %s", next.get(), TestBerth.text(response))
          .isEqualTo(200);
      JsonNode repositories = json(response).get("repositories");
      pageSizes.add(repositories.size());
      repositories.forEach(node -> listed.add(node.asText()));
      next =
          response
              .headers()
              .firstValue("Link")
              .map(link -> link.substring(link.indexOf('<') + 1, link.indexOf('>')));
    }

    assertThat(listed).as("repositories over all pages").containsExactly(ORG_PUBLIC, OWNER_PUBLIC);
    assertThat(pageSizes).as("page sizes").containsExactly(1, 1);
  }

  @Test
  void catalog_anonymousTokenWithoutScope_getsInsufficientScope() {
    String token = fixture.token(Actor.anonymous(), "repository:" + OWNER_PUBLIC + ":pull");

    HttpResponse<byte[]> response =
        fixture.berth.get("/v2/_catalog", "Authorization", bearer(token));

    // containers/image requests a token with the challenge's scope only after insufficient_scope.
    assertError(response, 401, "UNAUTHORIZED");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue(challenge("registry:catalog:*") + ",error=\"insufficient_scope\"");
  }

  @Test
  void catalog_bearerWithoutCatalogScope_getsInsufficientScope() {
    String token =
        fixture.token(fixture.actors.get("owner"), "repository:" + OWNER_PRIVATE + ":pull");

    HttpResponse<byte[]> response =
        fixture.berth.get("/v2/_catalog", "Authorization", bearer(token));

    assertError(response, 401, "UNAUTHORIZED");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue(
            "Bearer realm=\""
                + fixture.berth.baseUri()
                + "/token\",service=\""
                + SERVICE
                + "\",scope=\"registry:catalog:*\",error=\"insufficient_scope\"");
  }

  // Cross-repository mount.

  @Test
  void mount_readableSource_linksBlob() {
    Actor mounter = newUser();
    String target = mounter.username().orElseThrow() + "/target";
    Digest layer = fixture.layers.get(OWNER_PUBLIC);

    HttpResponse<byte[]> response =
        fixture.berth.post(
            "/v2/" + target + "/blobs/uploads/?mount=" + layer + "&from=" + OWNER_PUBLIC,
            new byte[0],
            mounter.basicHeaders());

    assertThat(response.statusCode()).as(TestBerth.text(response)).isEqualTo(201);
    assertThat(response.headers().firstValue("Location"))
        .hasValue(fixture.berth.baseUri() + "/v2/" + target + "/blobs/" + layer);
    assertThat(
            fixture
                .berth
                .head("/v2/" + target + "/blobs/" + layer, mounter.basicHeaders())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void mount_unreadableSource_startsUpload() {
    Actor mounter = newUser();
    String target = mounter.username().orElseThrow() + "/target";
    Map<String, Digest> sources =
        Map.of(
            OWNER_PRIVATE, fixture.layers.get(OWNER_PRIVATE),
            ORG_PRIVATE, fixture.layers.get(ORG_PRIVATE),
            OWNER_MISSING, fixture.layers.get(OWNER_PRIVATE));
    String token =
        fixture.token(
            mounter,
            "repository:" + target + ":pull,push",
            "repository:" + OWNER_PRIVATE + ":pull",
            "repository:" + ORG_PRIVATE + ":pull",
            "repository:" + OWNER_MISSING + ":pull");

    for (var source : sources.entrySet()) {
      String path =
          "/v2/"
              + target
              + "/blobs/uploads/?mount="
              + source.getValue()
              + "&from="
              + source.getKey();
      for (String[] headers :
          List.of(mounter.basicHeaders(), new String[] {"Authorization", bearer(token)})) {
        HttpResponse<byte[]> response = fixture.berth.post(path, new byte[0], headers);

        assertThat(response.statusCode())
            .as("mount from %s: %s", source.getKey(), TestBerth.text(response))
            .isEqualTo(202);
        assertThat(response.headers().firstValue("Location"))
            .hasValueSatisfying(
                location ->
                    assertThat(location)
                        .startsWith(fixture.berth.baseUri() + "/v2/" + target + "/blobs/uploads/"));
        HttpResponse<byte[]> blob =
            fixture.berth.head("/v2/" + target + "/blobs/" + source.getValue(), headers);
        assertThat(blob.statusCode())
            .as("blob after mount from %s", source.getKey())
            .isEqualTo(404);
      }
    }
  }

  @Test
  void mount_tokenLacksSourceScope_stillMounts() {
    Actor owner = fixture.actors.get("owner");
    String target = OWNER_PRIVATE;
    Digest layer = fixture.layers.get(OWNER_PUBLIC);
    String token = fixture.token(owner, "repository:" + target + ":pull,push");

    HttpResponse<byte[]> response =
        fixture.berth.post(
            "/v2/" + target + "/blobs/uploads/?mount=" + layer + "&from=" + OWNER_PUBLIC,
            new byte[0],
            "Authorization",
            bearer(token));

    assertThat(response.statusCode()).as(TestBerth.text(response)).isEqualTo(201);
  }

  // Pushes and deletes that change content.

  @Test
  void push_teamWriteMember_pushesImage() {
    Actor writer = fixture.actors.get("team write");
    Actor reader = fixture.actors.get("team read");

    fixture.pushImage(writer, ORG_PRIVATE, "from-writer");
    HttpResponse<byte[]> denied =
        fixture.berth.post(
            "/v2/" + ORG_PRIVATE + "/blobs/uploads/?digest=" + Digest.sha256(new byte[] {1}),
            new byte[] {1},
            reader.basicHeaders());

    assertError(denied, 403, "DENIED", "push access to repository " + ORG_PRIVATE + " is denied");
  }

  @Test
  void push_newRepository_isPrivate() {
    Actor pusher = newUser();
    String repository = pusher.username().orElseThrow() + "/new";

    fixture.pushImage(pusher, repository, "latest");
    HttpResponse<byte[]> anonymous = fixture.berth.get("/v2/" + repository + "/manifests/latest");
    HttpResponse<byte[]> owner =
        fixture.berth.get("/v2/" + repository + "/manifests/latest", pusher.basicHeaders());

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(owner.statusCode()).isEqualTo(200);
  }

  @Test
  void delete_needsAdminPermission() {
    AuthFixture.Image image = fixture.pushImage(fixture.actors.get("admin"), ORG_PRIVATE, "doomed");
    String path = "/v2/" + ORG_PRIVATE + "/manifests/" + image.manifest();

    HttpResponse<byte[]> byWriter =
        fixture.berth.delete(path, fixture.actors.get("team write").basicHeaders());
    HttpResponse<byte[]> byTeamAdmin =
        fixture.berth.delete(path, fixture.actors.get("team admin").basicHeaders());

    assertError(
        byWriter, 403, "DENIED", "delete access to repository " + ORG_PRIVATE + " is denied");
    assertThat(byTeamAdmin.statusCode()).as(TestBerth.text(byTeamAdmin)).isEqualTo(202);
    assertThat(fixture.berth.get(path, fixture.actors.get("admin").basicHeaders()).statusCode())
        .isEqualTo(404);
  }

  // Tokens limited to repositories.

  @Test
  void jwt_forOneRepository_rejectedOnAnother() {
    Actor user = newUser();
    String first = user.username().orElseThrow() + "/first";
    String second = user.username().orElseThrow() + "/second";
    fixture.pushImage(user, first, "latest");
    fixture.pushImage(user, second, "latest");
    String token = fixture.token(user, "repository:" + first + ":pull");

    HttpResponse<byte[]> sameRepository =
        fixture.berth.get("/v2/" + first + "/manifests/latest", "Authorization", bearer(token));
    HttpResponse<byte[]> otherRepository =
        fixture.berth.get("/v2/" + second + "/manifests/latest", "Authorization", bearer(token));

    assertThat(sameRepository.statusCode()).isEqualTo(200);
    assertError(otherRepository, 401, "UNAUTHORIZED");
    assertThat(otherRepository.headers().firstValue("WWW-Authenticate"))
        .hasValue(challenge("repository:" + second + ":pull") + ",error=\"insufficient_scope\"");
  }

  @Test
  void accessToken_limitedToRepository_getsNothingElsewhere() {
    Actor user = newUser();
    String name = user.username().orElseThrow();
    String allowed = name + "/allowed";
    String elsewhere = name + "/elsewhere";
    fixture.pushImage(user, allowed, "latest");
    fixture.pushImage(user, elsewhere, "latest");
    NewAccessToken pat =
        fixture.personalToken(
            fixture.user(name), TokenScope.ADMIN, Set.of(RepositoryName.parse(allowed)));
    Actor limited = Actor.of("limited token", name, pat.secret());
    String token =
        fixture.token(
            limited, "repository:" + elsewhere + ":pull,push", "repository:" + allowed + ":pull");

    HttpResponse<byte[]> viaBearer =
        fixture.berth.get("/v2/" + elsewhere + "/manifests/latest", "Authorization", bearer(token));
    HttpResponse<byte[]> viaBasic =
        fixture.berth.get("/v2/" + elsewhere + "/manifests/latest", limited.basicHeaders());
    HttpResponse<byte[]> allowedViaBasic =
        fixture.berth.get("/v2/" + allowed + "/manifests/latest", limited.basicHeaders());

    assertThat(grantedScopes(token))
        .containsExactly(new ResourceScope("repository", allowed, Set.of("pull")));
    assertError(viaBearer, 403, "DENIED");
    assertError(viaBasic, 403, "DENIED");
    assertThat(allowedViaBasic.statusCode()).isEqualTo(200);
  }

  // JWT checks.

  @Test
  void jwt_tampered_isRejected() {
    String token =
        fixture.token(fixture.actors.get("outsider"), "repository:" + OWNER_PUBLIC + ":pull");
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String widened =
        payload
            .replace("\"" + OWNER_PUBLIC + "\"", "\"" + OWNER_PRIVATE + "\"")
            .replace("[\"pull\"]", "[\"pull\",\"push\",\"delete\"]");
    assertThat(widened).isNotEqualTo(payload);
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(widened.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];

    assertRejected(tampered);
  }

  @Test
  void jwt_expired_isRejected() throws Exception {
    RegistryTokens past =
        tokens(
            SERVICE,
            "berth",
            Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC));

    assertRejected(past.issueAccess(ownerSubject(), ownerPrivateAccess()));
  }

  @Test
  void jwt_wrongAudience_isRejected() throws Exception {
    RegistryTokens other = tokens("other-registry", "berth", Clock.systemUTC());

    assertRejected(other.issueAccess(ownerSubject(), ownerPrivateAccess()));
  }

  @Test
  void jwt_wrongIssuer_isRejected() throws Exception {
    RegistryTokens other = tokens(SERVICE, "someone-else", Clock.systemUTC());

    assertRejected(other.issueAccess(ownerSubject(), ownerPrivateAccess()));
  }

  @Test
  void jwt_controlSignedWithServerKey_isAccepted() throws Exception {
    RegistryTokens same = tokens(SERVICE, "berth", Clock.systemUTC());

    HttpResponse<byte[]> response =
        fixture.berth.get(
            "/v2/" + OWNER_PRIVATE + "/manifests/latest",
            "Authorization",
            bearer(same.issueAccess(ownerSubject(), ownerPrivateAccess())));

    assertThat(response.statusCode()).as(TestBerth.text(response)).isEqualTo(200);
  }

  @Test
  void jwt_signedWithOtherKey_isRejected() throws Exception {
    ECKey otherKey = new ECKeyGenerator(Curve.P_256).keyID("other").generate();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(JOSEObjectType.JWT)
                .keyID("other")
                .build(),
            ownerPrivateClaims());
    jwt.sign(new ECDSASigner(otherKey));

    assertRejected(jwt.serialize());
  }

  @Test
  void jwt_unsigned_isRejected() {
    assertRejected(new PlainJWT(ownerPrivateClaims()).serialize());
  }

  @Test
  void jwt_refreshTokenAsAccessToken_isRejected() {
    HttpResponse<byte[]> response =
        fixture.postToken(
            "grant_type",
            "password",
            "username",
            "owner1",
            "password",
            PASSWORD,
            "service",
            SERVICE,
            "access_type",
            "offline",
            "client_id",
            "test");
    String refresh = json(response).get("refresh_token").asText();

    assertRejected(refresh);
  }

  @Test
  void jwt_garbage_isRejected() {
    assertRejected("not-a-jwt");
  }

  /** Asserts that a pull of {@code owner1/private} with {@code token} gets a plain challenge. */
  private void assertRejected(String token) {
    HttpResponse<byte[]> response =
        fixture.berth.get(
            "/v2/" + OWNER_PRIVATE + "/manifests/latest", "Authorization", bearer(token));

    assertError(response, 401, "UNAUTHORIZED", "the bearer token is invalid or expired");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue(challenge("repository:" + OWNER_PRIVATE + ":pull"));
  }

  private RegistryTokens tokens(String service, String issuer, Clock clock) throws Exception {
    return new RegistryTokens(
        SigningKeys.loadOrCreate(fixture.signingKeyFile()),
        issuer,
        service,
        Duration.ofMinutes(5),
        Duration.ofDays(1),
        clock);
  }

  private static RegistryTokens.TokenSubject ownerSubject() {
    return new RegistryTokens.TokenSubject("owner1", Optional.empty());
  }

  private static List<ResourceScope> ownerPrivateAccess() {
    return List.of(new ResourceScope("repository", OWNER_PRIVATE, Set.of("pull")));
  }

  private static JWTClaimsSet ownerPrivateClaims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer("berth")
        .subject("owner1")
        .audience(SERVICE)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)))
        .jwtID("forged")
        .claim(
            "access",
            List.of(
                Map.of("type", "repository", "name", OWNER_PRIVATE, "actions", List.of("pull"))))
        .build();
  }

  @Test
  void jwks_hasOnlyPublicSigningKey() throws Exception {
    String token = fixture.token(fixture.actors.get("owner"));

    HttpResponse<byte[]> response = fixture.berth.get("/token/jwks.json");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode keys = json(response).get("keys");
    assertThat(keys).hasSize(1);
    JsonNode key = keys.get(0);
    assertThat(key.path("kty").asText()).isEqualTo("EC");
    assertThat(key.path("crv").asText()).isEqualTo("P-256");
    assertThat(key.has("d")).as("private part in %s", key).isFalse();
    assertThat(key.path("kid").asText()).isEqualTo(SignedJWT.parse(token).getHeader().getKeyID());
  }

  // Challenges.

  @Test
  void challenge_carriesRealmServiceAndScope() {
    Map<String, HttpResponse<byte[]>> responses =
        Map.of(
            "",
            fixture.berth.get("/v2/"),
            "repository:" + OWNER_PRIVATE + ":pull",
            fixture.berth.get("/v2/" + OWNER_PRIVATE + "/tags/list"),
            "repository:" + OWNER_PRIVATE + ":pull,push",
            fixture.berth.post("/v2/" + OWNER_PRIVATE + "/blobs/uploads/", new byte[0]),
            "repository:" + OWNER_PRIVATE + ":delete",
            fixture.berth.delete("/v2/" + OWNER_PRIVATE + "/manifests/" + UNKNOWN_DIGEST),
            "registry:catalog:*",
            fixture.berth.get("/v2/_catalog"));

    for (var entry : responses.entrySet()) {
      HttpResponse<byte[]> response = entry.getValue();
      String expected = entry.getKey().isEmpty() ? challenge(null) : challenge(entry.getKey());

      assertThat(response.statusCode()).as("status for %s", entry.getKey()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .as("challenge for %s", entry.getKey())
          .hasValue(expected);
      assertThat(response.headers().firstValue("Docker-Distribution-API-Version"))
          .as("API version header for %s", entry.getKey())
          .hasValue("registry/2.0");
    }
  }

  @Test
  void challenge_tokenLacksAction_saysInsufficientScope() {
    String token =
        fixture.token(fixture.actors.get("owner"), "repository:" + OWNER_PRIVATE + ":pull");

    HttpResponse<byte[]> response =
        fixture.berth.post(
            "/v2/" + OWNER_PRIVATE + "/blobs/uploads/",
            new byte[0],
            "Authorization",
            bearer(token));

    assertError(response, 401, "UNAUTHORIZED");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue(
            challenge("repository:" + OWNER_PRIVATE + ":pull,push")
                + ",error=\"insufficient_scope\"");
  }

  @Test
  void base_basicWithPassword_isAccepted() {
    HttpResponse<byte[]> response =
        fixture.berth.get("/v2/", fixture.actors.get("owner").basicHeaders());

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void base_wrongPassword_isRejectedWithChallenge() {
    HttpResponse<byte[]> response =
        fixture.berth.get("/v2/", "Authorization", AuthFixture.basic("owner1", "wrong password"));

    assertError(response, 401, "UNAUTHORIZED", "invalid username or password");
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue(challenge(null));
  }

  private String challenge(String scope) {
    String challenge =
        "Bearer realm=\"" + fixture.berth.baseUri() + "/token\",service=\"" + SERVICE + "\"";
    return scope == null ? challenge : challenge + ",scope=\"" + scope + "\"";
  }

  // The token service.

  @Test
  void getToken_multipleScopes_grantsEachAsAllowed() {
    String token =
        fixture.token(
            fixture.actors.get("owner"),
            "repository:" + OWNER_PRIVATE + ":pull,push",
            "repository:" + ORG_PRIVATE + ":pull",
            "repository:" + ORG_PUBLIC + ":pull,push",
            "registry:catalog:*");

    assertThat(grantedScopes(token))
        .containsExactly(
            new ResourceScope("repository", OWNER_PRIVATE, Set.of("pull", "push")),
            new ResourceScope("repository", ORG_PUBLIC, Set.of("pull")),
            new ResourceScope("registry", "catalog", Set.of("*")));
  }

  @Test
  void getToken_wildcardAction_grantsEverythingAllowed() {
    String owner = fixture.token(fixture.actors.get("owner"), "repository:" + OWNER_PRIVATE + ":*");
    String writer =
        fixture.token(fixture.actors.get("team write"), "repository:" + ORG_PRIVATE + ":*");

    assertThat(grantedScopes(owner))
        .containsExactly(new ResourceScope("repository", OWNER_PRIVATE, Set.of("*")));
    assertThat(grantedActions(writer, ORG_PRIVATE)).isEqualTo(Set.of("pull", "push"));
  }

  @Test
  void getToken_offlineToken_returnsRefreshToken() {
    HttpResponse<byte[]> response =
        fixture.berth.get(
            "/token?service=" + SERVICE + "&offline_token=true&client_id=docker",
            fixture.actors.get("owner").basicHeaders());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).path("refresh_token").asText()).isNotEmpty();
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void getToken_anonymous_grantsPublicPullOnly() {
    String token =
        fixture.token(
            Actor.anonymous(),
            "repository:" + OWNER_PUBLIC + ":pull,push",
            "repository:" + OWNER_PRIVATE + ":pull");

    assertThat(grantedScopes(token))
        .containsExactly(new ResourceScope("repository", OWNER_PUBLIC, Set.of("pull")));
    assertThat(subject(token)).isEmpty();
  }

  @Test
  void getToken_wrongPassword_isRejected() {
    HttpResponse<byte[]> response =
        fixture.requestToken(
            Actor.of("owner", "owner1", "wrong password"), "repository:" + OWNER_PRIVATE + ":pull");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).path("details").asText()).isEqualTo("invalid username or password");
    assertThat(json(response).path("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void getToken_invalidScope_isRejected() {
    HttpResponse<byte[]> response =
        fixture.requestToken(fixture.actors.get("owner"), "repository:Not Valid:pull");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).path("error").asText()).isEqualTo("invalid_scope");
  }

  @Test
  void getToken_otherService_isRejected() {
    HttpResponse<byte[]> response =
        fixture.berth.get(
            "/token?service=other-registry", fixture.actors.get("owner").basicHeaders());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).path("details").asText())
        .isEqualTo("service 'other-registry' is not served here; use service=" + SERVICE);
  }

  @Test
  void postToken_passwordGrant_refreshOnlyWhenOffline() {
    HttpResponse<byte[]> online =
        fixture.postToken(
            "grant_type",
            "password",
            "username",
            "owner1",
            "password",
            PASSWORD,
            "service",
            SERVICE,
            "client_id",
            "test",
            "scope",
            "repository:" + OWNER_PRIVATE + ":pull");
    HttpResponse<byte[]> offline =
        fixture.postToken(
            "grant_type",
            "password",
            "username",
            "owner1",
            "password",
            PASSWORD,
            "service",
            SERVICE,
            "client_id",
            "test",
            "access_type",
            "offline",
            "scope",
            "repository:" + OWNER_PRIVATE + ":pull repository:" + OWNER_PUBLIC + ":pull");

    assertThat(online.statusCode()).as(TestBerth.text(online)).isEqualTo(200);
    assertThat(json(online).has("refresh_token")).isFalse();
    assertThat(grantedScopes(json(online).get("access_token").asText()))
        .containsExactly(new ResourceScope("repository", OWNER_PRIVATE, Set.of("pull")));
    assertThat(json(online).get("expires_in").asLong()).isPositive();
    assertThat(offline.statusCode()).as(TestBerth.text(offline)).isEqualTo(200);
    assertThat(json(offline).path("refresh_token").asText()).isNotEmpty();
    assertThat(grantedScopes(json(offline).get("access_token").asText()))
        .containsExactly(
            new ResourceScope("repository", OWNER_PRIVATE, Set.of("pull")),
            new ResourceScope("repository", OWNER_PUBLIC, Set.of("pull")));
  }

  @Test
  void postToken_repeatedScopeFields_grantsEach() {
    HttpResponse<byte[]> response =
        fixture.postToken(
            "grant_type",
            "password",
            "username",
            "owner1",
            "password",
            PASSWORD,
            "service",
            SERVICE,
            "client_id",
            "test",
            "scope",
            "repository:" + OWNER_PRIVATE + ":pull",
            "scope",
            "registry:catalog:*");

    assertThat(response.statusCode()).as(TestBerth.text(response)).isEqualTo(200);
    assertThat(grantedScopes(json(response).get("access_token").asText()))
        .containsExactly(
            new ResourceScope("repository", OWNER_PRIVATE, Set.of("pull")),
            new ResourceScope("registry", "catalog", Set.of("*")));
  }

  @Test
  void postToken_refreshGrant_issuesNewAccessToken() {
    HttpResponse<byte[]> login =
        fixture.postToken(
            "grant_type",
            "password",
            "username",
            "owner1",
            "password",
            PASSWORD,
            "service",
            SERVICE,
            "client_id",
            "test",
            "access_type",
            "offline");
    String refresh = json(login).get("refresh_token").asText();

    HttpResponse<byte[]> refreshed =
        fixture.postToken(
            "grant_type",
            "refresh_token",
            "refresh_token",
            refresh,
            "service",
            SERVICE,
            "client_id",
            "test",
            "scope",
            "repository:" + OWNER_PRIVATE + ":pull,push");

    assertThat(refreshed.statusCode()).as(TestBerth.text(refreshed)).isEqualTo(200);
    assertThat(grantedScopes(json(refreshed).get("access_token").asText()))
        .containsExactly(new ResourceScope("repository", OWNER_PRIVATE, Set.of("pull", "push")));
  }

  @Test
  void postToken_refreshOfDisabledUser_stopsWorking() {
    Actor user = newUser();
    String name = user.username().orElseThrow();
    HttpResponse<byte[]> login =
        fixture.postToken(
            "grant_type",
            "password",
            "username",
            name,
            "password",
            PASSWORD,
            "service",
            SERVICE,
            "client_id",
            "test",
            "access_type",
            "offline");
    String refresh = json(login).get("refresh_token").asText();

    fixture.accounts.accountService().setDisabled(fixture.administrator, name, true);
    HttpResponse<byte[]> refreshed =
        fixture.postToken(
            "grant_type",
            "refresh_token",
            "refresh_token",
            refresh,
            "service",
            SERVICE,
            "client_id",
            "test");

    assertThat(refreshed.statusCode()).as(TestBerth.text(refreshed)).isEqualTo(401);
    assertThat(json(refreshed).path("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void postToken_refreshAfterRevocation_rejected() {
    Actor user = newUser();
    String name = user.username().orElseThrow();
    NewAccessToken pat = fixture.personalToken(fixture.user(name), TokenScope.READ, Set.of());
    HttpResponse<byte[]> login =
        fixture.postToken(
            "grant_type",
            "password",
            "username",
            name,
            "password",
            pat.secret(),
            "service",
            SERVICE,
            "client_id",
            "test",
            "access_type",
            "offline");
    String refresh = json(login).get("refresh_token").asText();

    fixture.accounts.accessTokens().revoke(fixture.user(name), pat.token().id());
    HttpResponse<byte[]> refreshed =
        fixture.postToken(
            "grant_type",
            "refresh_token",
            "refresh_token",
            refresh,
            "service",
            SERVICE,
            "client_id",
            "test");

    assertThat(refreshed.statusCode()).as(TestBerth.text(refreshed)).isEqualTo(401);
  }

  @Test
  void postToken_tamperedRefreshToken_isRejected() {
    HttpResponse<byte[]> response =
        fixture.postToken(
            "grant_type",
            "refresh_token",
            "refresh_token",
            "eyJhbGciOiJub25lIn0.e30.",
            "service",
            SERVICE);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).path("details").asText())
        .isEqualTo("refresh token is invalid or expired; log in again");
  }

  @Test
  void postToken_unknownGrant_isRejected() {
    HttpResponse<byte[]> response =
        fixture.postToken("grant_type", "client_credentials", "service", SERVICE);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).path("error").asText()).isEqualTo("unsupported_grant_type");
  }

  // Disabled users, and expired and revoked access tokens.

  @Test
  void disabledUser_passwordAndTokensRejected() {
    Actor user = newUser();
    String name = user.username().orElseThrow();
    NewAccessToken pat = fixture.personalToken(fixture.user(name), TokenScope.ADMIN, Set.of());
    fixture.pushImage(user, name + "/app", "latest");

    fixture.accounts.accountService().setDisabled(fixture.administrator, name, true);
    HttpResponse<byte[]> tokenWithPassword =
        fixture.requestToken(user, "repository:" + name + "/app:pull");
    HttpResponse<byte[]> tokenWithPat =
        fixture.requestToken(
            Actor.of("pat", name, pat.secret()), "repository:" + name + "/app:pull");
    HttpResponse<byte[]> basicPassword =
        fixture.berth.get("/v2/" + name + "/app/manifests/latest", user.basicHeaders());
    HttpResponse<byte[]> basicPat =
        fixture.berth.get(
            "/v2/" + name + "/app/manifests/latest",
            "Authorization",
            AuthFixture.basic(name, pat.secret()));

    String message = "account " + name + " is disabled; ask an administrator to enable it";
    assertThat(tokenWithPassword.statusCode()).isEqualTo(401);
    assertThat(json(tokenWithPassword).path("details").asText()).isEqualTo(message);
    assertThat(tokenWithPat.statusCode()).isEqualTo(401);
    assertThat(json(tokenWithPat).path("details").asText()).isEqualTo(message);
    assertError(basicPassword, 401, "UNAUTHORIZED", message);
    assertError(basicPat, 401, "UNAUTHORIZED", message);
  }

  @Test
  void disabledUser_jwtIssuedBefore_stopsWorking() {
    Actor user = newUser();
    String name = user.username().orElseThrow();
    fixture.pushImage(user, name + "/app", "latest");
    String token =
        fixture.token(user, "repository:" + name + "/app:pull,push", "registry:catalog:*");

    fixture.accounts.accountService().setDisabled(fixture.administrator, name, true);
    HttpResponse<byte[]> pull =
        fixture.berth.get("/v2/" + name + "/app/manifests/latest", "Authorization", bearer(token));
    HttpResponse<byte[]> push =
        fixture.berth.post(
            "/v2/" + name + "/app/blobs/uploads/", new byte[0], "Authorization", bearer(token));
    HttpResponse<byte[]> catalog =
        fixture.berth.get("/v2/_catalog", "Authorization", bearer(token));

    // Soft, so a failure reports every request that still went through.
    assertSoftly(
        softly -> {
          softly.assertThat(pull.statusCode()).as("pull: %s", TestBerth.text(pull)).isIn(401, 403);
          softly.assertThat(push.statusCode()).as("push: %s", TestBerth.text(push)).isIn(401, 403);
          softly
              .assertThat(catalog.statusCode())
              .as("catalog: %s", TestBerth.text(catalog))
              .isIn(401, 403);
        });
  }

  @Test
  void revokedAccessToken_rejectedEverywhere() {
    Actor user = newUser();
    String name = user.username().orElseThrow();
    fixture.pushImage(user, name + "/app", "latest");
    NewAccessToken pat = fixture.personalToken(fixture.user(name), TokenScope.WRITE, Set.of());
    Actor viaToken = Actor.of("pat", name, pat.secret());
    String jwt = fixture.token(viaToken, "repository:" + name + "/app:pull,push");

    fixture.accounts.accessTokens().revoke(fixture.user(name), pat.token().id());
    HttpResponse<byte[]> tokenRequest =
        fixture.requestToken(viaToken, "repository:" + name + "/app:pull");
    HttpResponse<byte[]> basic =
        fixture.berth.get("/v2/" + name + "/app/manifests/latest", viaToken.basicHeaders());
    HttpResponse<byte[]> bearerPull =
        fixture.berth.get("/v2/" + name + "/app/manifests/latest", "Authorization", bearer(jwt));
    HttpResponse<byte[]> bearerPush =
        fixture.berth.post(
            "/v2/" + name + "/app/blobs/uploads/", new byte[0], "Authorization", bearer(jwt));

    assertThat(tokenRequest.statusCode()).isEqualTo(401);
    assertThat(json(tokenRequest).path("details").asText())
        .isEqualTo("access token is invalid, expired or revoked");
    assertError(basic, 401, "UNAUTHORIZED", "access token is invalid, expired or revoked");
    assertSoftly(
        softly -> {
          softly
              .assertThat(bearerPull.statusCode())
              .as("pull: %s", TestBerth.text(bearerPull))
              .isIn(401, 403);
          softly
              .assertThat(bearerPush.statusCode())
              .as("push: %s", TestBerth.text(bearerPush))
              .isIn(401, 403);
        });
  }

  @Test
  void expiredAccessToken_isRejected() {
    Actor user = newUser();
    String name = user.username().orElseThrow();
    NewAccessToken pat = fixture.personalToken(fixture.user(name), TokenScope.READ, Set.of());
    fixture.expire(pat.token().id());
    Actor viaToken = Actor.of("pat", name, pat.secret());

    HttpResponse<byte[]> tokenRequest = fixture.requestToken(viaToken);
    HttpResponse<byte[]> basic = fixture.berth.get("/v2/", viaToken.basicHeaders());

    assertThat(tokenRequest.statusCode()).isEqualTo(401);
    assertThat(json(tokenRequest).path("details").asText())
        .isEqualTo("access token is invalid, expired or revoked");
    assertError(basic, 401, "UNAUTHORIZED", "access token is invalid, expired or revoked");
  }

  @Test
  void accessToken_withOtherOwnersName_isRejected() {
    Actor orgToken = fixture.actors.get("acme token repo:write");

    HttpResponse<byte[]> response =
        fixture.requestToken(Actor.of("wrong name", "owner1", orgToken.secret().orElseThrow()));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).path("details").asText())
        .startsWith("access token does not belong to owner1;");
  }

  // JWT reading.

  /** Returns the scopes in a token's {@code access} claim, in order. */
  private static List<ResourceScope> grantedScopes(String token) {
    try {
      Object access = SignedJWT.parse(token).getJWTClaimsSet().getClaim("access");
      List<ResourceScope> scopes = new ArrayList<>();
      for (Object entry : (List<?>) access) {
        Map<?, ?> map = (Map<?, ?>) entry;
        Set<String> actions = new LinkedHashSet<>();
        ((List<?>) map.get("actions")).forEach(action -> actions.add(action.toString()));
        scopes.add(
            new ResourceScope(map.get("type").toString(), map.get("name").toString(), actions));
      }
      return scopes;
    } catch (java.text.ParseException e) {
      throw new AssertionError("not a JWT: " + token, e);
    }
  }

  /** Returns the actions a token grants on {@code repository}, with {@code *} spelled out. */
  private static Set<String> grantedActions(String token, String repository) {
    Set<String> actions = new TreeSet<>();
    for (ResourceScope scope : grantedScopes(token)) {
      if (scope.type().equals("repository") && scope.name().equals(repository)) {
        for (String action : scope.actions()) {
          actions.addAll(action.equals("*") ? Set.of("pull", "push", "delete") : Set.of(action));
        }
      }
    }
    return actions;
  }

  private static String subject(String token) {
    try {
      return SignedJWT.parse(token).getJWTClaimsSet().getSubject();
    } catch (java.text.ParseException e) {
      throw new AssertionError("not a JWT: " + token, e);
    }
  }

  private static Set<String> actions(String list) {
    return list.isEmpty() ? Set.of() : new TreeSet<>(List.of(list.split(",")));
  }
}
