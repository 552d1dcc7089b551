package dev.berth.auth.api;

import static dev.berth.auth.api.ApiBerth.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.auth.api.ApiBerth.As;
import dev.berth.auth.api.ApiBerth.Login;
import dev.berth.auth.api.ApiBerth.Reply;
import dev.berth.db.Dialect;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Personal and organization access tokens, and what a bearer token may do in the API. */
class AccessTokenApiTest {

  private static final String TOKENS = "/api/v2/access-tokens";

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void personalToken_createListGetRevoke(Dialect dialect) throws Exception {
    try (ApiBerth berth = ApiBerth.start(dialect, tempDir)) {
      Login admin = berth.loginAdmin();
      // The API writes times in milliseconds, so the request uses no finer ones.
      String expiry =
          Instant.now()
              .plusSeconds(86_400)
              .truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
              .toString();

      Reply created =
          berth.post(
              TOKENS,
              admin.as(),
              body(
                  "token_label",
                  "laptop",
                  "scopes",
                  List.of("repo:write"),
                  "expires_at",
                  expiry,
                  "repositories",
                  List.of("admin/app", "admin/tools/builder")));
      assertThat(created.status()).as("%s", created).isEqualTo(201);
      JsonNode token = created.json();
      String uuid = token.path("uuid").asText();
      String secret = token.path("token").asText();
      assertThat(secret).startsWith("bth_pat_").hasSize("bth_pat_".length() + 43);
      assertThat(created.header("Location")).contains(TOKENS + "/" + uuid);
      assertThat(token.path("token_label").asText()).isEqualTo("laptop");
      assertThat(token.path("scopes").path(0).asText()).isEqualTo("repo:write");
      assertThat(token.path("scopes").size()).isEqualTo(1);
      assertThat(token.path("repositories").toString())
          .isEqualTo("[\"admin/app\",\"admin/tools/builder\"]");
      assertThat(token.path("is_active").asBoolean()).isTrue();
      assertThat(token.path("created_by").asText()).isEqualTo("admin");
      assertThat(Instant.parse(token.path("expires_at").asText())).isEqualTo(Instant.parse(expiry));
      assertThat(token.path("last_used").isNull()).isTrue();

      Reply me = berth.get("/api/v2/auth/me", As.bearer(secret));
      Reply list = berth.get(TOKENS, admin.as());
      Reply one = berth.get(TOKENS + "/" + uuid, admin.as());

      assertThat(me.status()).as("%s", me).isEqualTo(200);
      assertThat(me.json().path("authenticated_by").asText()).isEqualTo("access_token");
      assertThat(me.json().path("access_token").path("uuid").asText()).isEqualTo(uuid);
      assertThat(me.json().path("user").path("username").asText()).isEqualTo("admin");
      assertThat(me.json().path("csrf_token").isNull()).isTrue();
      assertThat(list.json().path("count").asInt()).isEqualTo(1);
      assertThat(list.json().path("active_count").asInt()).isEqualTo(1);
      assertThat(list.json().path("results").path(0).path("token").isNull())
          .as("the secret is shown only once")
          .isTrue();
      assertThat(list.json().path("results").path(0).path("last_used_ip").asText())
          .isEqualTo("127.0.0.1");
      assertThat(one.json().path("uuid").asText()).isEqualTo(uuid);

      Reply revoke = berth.delete(TOKENS + "/" + uuid, admin.as());
      Reply afterRevoke = berth.get("/api/v2/auth/me", As.bearer(secret));
      Reply listAfter = berth.get(TOKENS, admin.as());
      Reply missing = berth.delete(TOKENS + "/0123456789abcdef", admin.as());

      assertThat(revoke.status()).isEqualTo(204);
      assertThat(afterRevoke.status()).isEqualTo(401);
      assertThat(afterRevoke.errorMessage())
          .isEqualTo("access token is invalid, expired or revoked");
      assertThat(listAfter.json().path("active_count").asInt()).isZero();
      assertThat(listAfter.json().path("results").path(0).path("is_active").asBoolean()).isFalse();
      assertThat(listAfter.json().path("results").path(0).path("revoked_at").asText()).isNotEmpty();
      assertThat(missing.status()).isEqualTo(404);
    }
  }

  @Test
  void personalToken_invalidRequests_badRequest() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Login admin = berth.loginAdmin();

      Reply twoScopes =
          berth.post(
              TOKENS,
              admin.as(),
              body("token_label", "x", "scopes", List.of("repo:read", "repo:write")));
      Reply unknownScope =
          berth.post(TOKENS, admin.as(), body("token_label", "x", "scopes", List.of("repo:all")));
      Reply noLabel = berth.post(TOKENS, admin.as(), body("scopes", List.of("repo:read")));
      Reply pastExpiry =
          berth.post(
              TOKENS,
              admin.as(),
              body(
                  "token_label",
                  "x",
                  "scopes",
                  List.of("repo:read"),
                  "expires_at",
                  "2001-01-01T00:00:00Z"));
      Reply badExpiry =
          berth.post(
              TOKENS,
              admin.as(),
              body("token_label", "x", "scopes", List.of("repo:read"), "expires_at", "tomorrow"));
      Reply badRepository =
          berth.post(
              TOKENS,
              admin.as(),
              body(
                  "token_label",
                  "x",
                  "scopes",
                  List.of("repo:read"),
                  "repositories",
                  List.of("UPPER/case")));

      assertThat(twoScopes.status()).isEqualTo(400);
      assertThat(twoScopes.errorMessage()).startsWith("field 'scopes' must hold exactly one scope");
      assertThat(unknownScope.status()).isEqualTo(400);
      assertThat(unknownScope.errorMessage()).contains("repo:all", "repo:public_read");
      assertThat(noLabel.status()).isEqualTo(400);
      assertThat(noLabel.errorMessage())
          .isEqualTo("field 'token_label' is missing from the request body");
      assertThat(pastExpiry.status()).isEqualTo(400);
      assertThat(pastExpiry.errorMessage()).contains("not in the future");
      assertThat(badExpiry.status()).isEqualTo(400);
      assertThat(badExpiry.errorMessage()).contains("'tomorrow'", "RFC 3339");
      assertThat(badRepository.status()).isEqualTo(400);
      assertThat(badRepository.errorMessage()).contains("UPPER/case");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void bearerToken_limitedByScope(Dialect dialect) throws Exception {
    try (ApiBerth berth = ApiBerth.start(dialect, tempDir)) {
      Login admin = berth.loginAdmin();
      String publicRead = berth.createToken(admin, "repo:public_read");
      String read = berth.createToken(admin, "repo:read");
      String write = berth.createToken(admin, "repo:write");
      String manage = berth.createToken(admin, "repo:admin");

      // Reads need repo:read or more.
      assertThat(berth.get("/api/v2/orgs", As.bearer(publicRead)).errorCode())
          .isEqualTo("INSUFFICIENT_SCOPE");
      assertThat(berth.get("/api/v2/orgs", As.bearer(read)).status()).isEqualTo(200);
      assertThat(berth.get("/api/v2/users", As.bearer(write)).status()).isEqualTo(200);
      assertThat(berth.get("/api/v2/auth/me", As.bearer(publicRead)).status()).isEqualTo(200);

      // Organization changes need repo:admin, and a bearer token needs no CSRF token.
      Reply byRead = berth.post("/api/v2/orgs", As.bearer(read), body("orgname", "acme"));
      Reply byWrite = berth.post("/api/v2/orgs", As.bearer(write), body("orgname", "acme"));
      Reply byAdmin = berth.post("/api/v2/orgs", As.bearer(manage), body("orgname", "acme"));
      Reply group =
          berth.post("/api/v2/orgs/acme/groups", As.bearer(manage), body("name", "builders"));
      assertThat(byRead.status()).isEqualTo(403);
      assertThat(byRead.errorCode()).isEqualTo("INSUFFICIENT_SCOPE");
      assertThat(byRead.errorMessage())
          .isEqualTo(
              "access token scope repo:read does not allow POST /api/v2/orgs; it needs repo:admin");
      assertThat(byWrite.status()).isEqualTo(403);
      assertThat(byAdmin.status()).as("%s", byAdmin).isEqualTo(201);
      assertThat(group.status()).as("%s", group).isEqualTo(201);

      // Credentials and administrator rights need a session, whatever the scope.
      List<Reply> sessionOnly =
          List.of(
              berth.post(
                  TOKENS,
                  As.bearer(manage),
                  body("token_label", "more", "scopes", List.of("repo:admin"))),
              berth.get(TOKENS, As.bearer(manage)),
              berth.post("/api/v2/users/me/2fa/enrol", As.bearer(manage), "{}"),
              berth.put(
                  "/api/v2/users/me/password",
                  As.bearer(manage),
                  body(
                      "current_password", ApiBerth.ADMIN_PASSWORD, "new_password", "x".repeat(12))),
              berth.patch("/api/v2/users/admin", As.bearer(manage), body("email", "a@example.com")),
              berth.send("POST", "/api/v2/auth/logout", null, As.bearer(manage)));
      for (Reply reply : sessionOnly) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(403);
        assertThat(reply.errorCode()).isEqualTo("INSUFFICIENT_SCOPE");
        assertThat(reply.errorMessage()).contains("needs a web session");
      }
    }
  }

  @Test
  void bearer_malformedOrUnknown_unauthorized() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Login admin = berth.loginAdmin();

      Reply basic =
          berth.get("/api/v2/auth/me", new As(List.of("Authorization", "Basic YWRtaW46eA==")));
      Reply jwt = berth.get("/api/v2/auth/me", As.bearer("eyJhbGciOiJFUzI1NiJ9.e30.sig"));
      Reply unknown = berth.get("/api/v2/auth/me", As.bearer("bth_pat_" + "A".repeat(43)));
      Reply headerWinsOverCookie =
          berth.get("/api/v2/auth/me", admin.as().with("Authorization", "Bearer bth_pat_nope"));

      assertThat(basic.status()).isEqualTo(401);
      assertThat(basic.errorMessage()).contains("Authorization: Bearer");
      assertThat(jwt.status()).isEqualTo(401);
      assertThat(jwt.errorMessage()).contains("not a Berth access token");
      assertThat(unknown.status()).isEqualTo(401);
      assertThat(headerWinsOverCookie.status()).isEqualTo(401);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void organizationToken_ownersManage_andReachOnlyMe(Dialect dialect) throws Exception {
    try (ApiBerth berth = ApiBerth.start(dialect, tempDir)) {
      Login admin = berth.loginAdmin();
      berth.createUser(admin, "alice");
      berth.createUser(admin, "bobby");
      Login alice = berth.login("alice", ApiBerth.PASSWORD);
      Login bobby = berth.login("bobby", ApiBerth.PASSWORD);
      berth.post("/api/v2/orgs", alice.as(), body("orgname", "acme"));
      berth.post("/api/v2/orgs/acme/members", alice.as(), body("member", "bobby"));
      String orgTokens = "/api/v2/orgs/acme/access-tokens";
      String personal = berth.createToken(alice, "repo:read");

      Reply created =
          berth.post(
              orgTokens,
              alice.as(),
              body(
                  "token_label",
                  "ci",
                  "scopes",
                  List.of("repo:write"),
                  "repositories",
                  List.of("acme/app")));
      Reply outside =
          berth.post(
              orgTokens,
              alice.as(),
              body(
                  "token_label",
                  "ci",
                  "scopes",
                  List.of("repo:write"),
                  "repositories",
                  List.of("alice/app")));
      Reply byMember = berth.get(orgTokens, bobby.as());
      assertThat(created.status()).as("%s", created).isEqualTo(201);
      String uuid = created.json().path("uuid").asText();
      String secret = created.json().path("token").asText();
      assertThat(secret).startsWith("bth_oat_");
      assertThat(created.json().path("owner").asText()).isEqualTo("acme");
      assertThat(outside.status()).isEqualTo(400);
      assertThat(outside.errorMessage()).contains("outside organization acme");
      assertThat(byMember.status()).isEqualTo(403);

      Reply me = berth.get("/api/v2/auth/me", As.bearer(secret));
      Reply orgs = berth.get("/api/v2/orgs", As.bearer(secret));
      assertThat(me.status()).isEqualTo(200);
      assertThat(me.json().path("user").isNull()).isTrue();
      assertThat(me.json().path("access_token").path("owner_type").asText())
          .isEqualTo("organization");
      assertThat(me.json().path("access_token").path("repositories").path(0).asText())
          .isEqualTo("acme/app");
      assertThat(orgs.status()).isEqualTo(403);
      assertThat(orgs.errorMessage())
          .startsWith("organization access tokens may call only GET /api/v2/auth/me");

      Reply list = berth.get(orgTokens, alice.as());
      Reply personalViaOrg =
          berth.delete(orgTokens + "/" + personalTokenId(berth, alice), alice.as());
      Reply revoke = berth.delete(orgTokens + "/" + uuid, alice.as());
      assertThat(list.json().path("count").asInt()).isEqualTo(1);
      assertThat(personalViaOrg.status()).isEqualTo(404);
      assertThat(revoke.status()).isEqualTo(204);
      assertThat(berth.get("/api/v2/auth/me", As.bearer(secret)).status()).isEqualTo(401);
      assertThat(berth.get("/api/v2/auth/me", As.bearer(personal)).status()).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void organizationToken_repositoryScopes_createdAndShown(Dialect dialect) throws Exception {
    try (ApiBerth berth = ApiBerth.start(dialect, tempDir)) {
      Login admin = berth.loginAdmin();
      berth.createUser(admin, "alice");
      Login alice = berth.login("alice", ApiBerth.PASSWORD);
      berth.post("/api/v2/orgs", alice.as(), body("orgname", "acme"));
      String orgTokens = "/api/v2/orgs/acme/access-tokens";
      Map<String, String> scopes = Map.of("acme/web", "repo:read", "acme/app", "repo:write");

      Reply created =
          berth.post(
              orgTokens,
              alice.as(),
              body(
                  "token_label",
                  "deploy",
                  "scopes",
                  List.of("repo:write"),
                  "repository_scopes",
                  scopes));
      assertThat(created.status()).as("%s", created).isEqualTo(201);
      String expectedScopes = "{\"acme/app\":\"repo:write\",\"acme/web\":\"repo:read\"}";
      assertThat(created.json().path("repository_scopes").toString()).isEqualTo(expectedScopes);
      assertThat(created.json().path("repositories").size()).isZero();
      String secret = created.json().path("token").asText();
      Reply me = berth.get("/api/v2/auth/me", As.bearer(secret));
      assertThat(me.json().path("access_token").path("repository_scopes").toString())
          .isEqualTo(expectedScopes);
      Reply list = berth.get(orgTokens, alice.as());
      assertThat(list.json().path("results").path(0).path("repository_scopes").toString())
          .isEqualTo(expectedScopes);
      String personal = berth.createToken(alice, "repo:read");
      Reply personalMe = berth.get("/api/v2/auth/me", As.bearer(personal));
      assertThat(personalMe.json().path("access_token").path("repository_scopes").toString())
          .isEqualTo("{}");

      Reply tooWide =
          berth.post(
              orgTokens,
              alice.as(),
              body(
                  "token_label",
                  "wide",
                  "scopes",
                  List.of("repo:admin"),
                  "repository_scopes",
                  scopes));
      Reply unknownScope =
          berth.post(
              orgTokens,
              alice.as(),
              body(
                  "token_label",
                  "odd",
                  "scopes",
                  List.of("repo:read"),
                  "repository_scopes",
                  Map.of("acme/app", "repo:all")));
      Reply badName =
          berth.post(
              orgTokens,
              alice.as(),
              body(
                  "token_label",
                  "bad",
                  "scopes",
                  List.of("repo:read"),
                  "repository_scopes",
                  Map.of("Acme/App", "repo:read")));
      Reply outside =
          berth.post(
              orgTokens,
              alice.as(),
              body(
                  "token_label",
                  "outside",
                  "scopes",
                  List.of("repo:read"),
                  "repository_scopes",
                  Map.of("alice/app", "repo:read")));
      Reply both =
          berth.post(
              orgTokens,
              alice.as(),
              body(
                  "token_label",
                  "both",
                  "scopes",
                  List.of("repo:write"),
                  "repositories",
                  List.of("acme/app"),
                  "repository_scopes",
                  scopes));
      assertThat(tooWide.status()).isEqualTo(400);
      assertThat(tooWide.errorMessage())
          .isEqualTo(
              "token scope repo:admin must equal the highest repository scope, repo:write;"
                  + " set the token scope to repo:write");
      assertThat(unknownScope.status()).isEqualTo(400);
      assertThat(unknownScope.errorMessage())
          .startsWith("field 'repository_scopes' for acme/app: token scope 'repo:all' is invalid");
      assertThat(badName.status()).isEqualTo(400);
      assertThat(badName.errorMessage()).startsWith("field 'repository_scopes': ");
      assertThat(outside.status()).isEqualTo(400);
      assertThat(outside.errorMessage()).contains("outside organization acme");
      assertThat(both.status()).isEqualTo(400);
      assertThat(both.errorMessage())
          .startsWith("a token takes a repository list or per-repository scopes, not both");
      assertThat(berth.get(orgTokens, alice.as()).json().path("count").asInt()).isEqualTo(1);
    }
  }

  @Test
  void disabledOwner_tokenDenied() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Login admin = berth.loginAdmin();
      berth.createUser(admin, "alice");
      String token = berth.createToken(berth.login("alice", ApiBerth.PASSWORD), "repo:admin");

      berth.patch("/api/v2/users/alice", admin.as(), body("disabled", true));
      Reply reply = berth.get("/api/v2/orgs", As.bearer(token));

      assertThat(reply.status()).isEqualTo(403);
      assertThat(reply.errorCode()).isEqualTo("DENIED");
      assertThat(reply.errorMessage()).contains("is disabled");
    }
  }

  private static String personalTokenId(ApiBerth berth, Login login) {
    return berth.get(TOKENS, login.as()).json().path("results").path(0).path("uuid").asText();
  }
}
