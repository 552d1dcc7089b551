package dev.berth.auth.api;

import static dev.berth.auth.api.ApiBerth.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.auth.api.ApiBerth.As;
import dev.berth.auth.api.ApiBerth.Login;
import dev.berth.auth.api.ApiBerth.Reply;
import dev.berth.db.Dialect;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Holes a security review found in the accounts API and the token service, kept closed. */
class ReviewHardeningTest {

  @TempDir Path tempDir;

  @Test
  void repositoryLimitedAdminToken_cannotManageOrganization() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Login admin = berth.loginAdmin();
      berth.createUser(admin, "alice");
      berth.createUser(admin, "mallory");
      Login alice = berth.login("alice", ApiBerth.PASSWORD);
      berth.post("/api/v2/orgs", alice.as(), body("orgname", "acme"));
      String limited = berth.createToken(alice, "repo:admin", "acme/app");
      String unlimited = berth.createToken(alice, "repo:admin");

      Reply byLimited =
          berth.post(
              "/api/v2/orgs/acme/members",
              As.bearer(limited),
              body("member", "mallory", "role", "owner"));
      Reply byUnlimited =
          berth.post(
              "/api/v2/orgs/acme/members",
              As.bearer(unlimited),
              body("member", "mallory", "role", "member"));

      assertThat(byLimited.status()).as("%s", byLimited).isEqualTo(403);
      assertThat(byLimited.errorMessage()).contains("limited to some repositories");
      assertThat(byUnlimited.status()).as("%s", byUnlimited).isIn(200, 201);
    }
  }

  @Test
  void refreshToken_endsWhenPasswordChanges() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Login admin = berth.loginAdmin();
      berth.createUser(admin, "alice");
      Reply issued = tokenPost(berth, "grant_type=password&username=alice&password="
          + encode(ApiBerth.PASSWORD) + "&access_type=offline&service=berth-registry");
      String refresh = issued.json().path("refresh_token").asText();

      Reply before = tokenPost(berth, "grant_type=refresh_token&service=berth-registry"
          + "&refresh_token=" + refresh);
      Reply reset =
          berth.post(
              "/api/v2/users/alice/password",
              admin.as(),
              body("new_password", "a brand new password"));
      Reply after = tokenPost(berth, "grant_type=refresh_token&service=berth-registry"
          + "&refresh_token=" + refresh);

      assertThat(refresh).isNotEmpty();
      assertThat(before.status()).as("%s", before).isEqualTo(200);
      assertThat(before.json().has("refresh_token")).isFalse();
      assertThat(reset.status()).as("%s", reset).isIn(200, 204);
      assertThat(after.status()).as("%s", after).isEqualTo(401);
    }
  }

  @Test
  void requestBodies_duplicateKeysAndDeepNesting_rejectedWith400() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      Login admin = berth.loginAdmin();
      String duplicate =
          "{\"token_label\":\"ci\",\"scopes\":[\"repo:read\"],\"scopes\":[\"repo:admin\"]}";
      String deep = "{\"username\":" + "[".repeat(5000) + "]".repeat(5000) + "}";

      Reply duplicated = berth.post("/api/v2/access-tokens", admin.as(), duplicate);
      Reply nested = berth.post("/api/v2/auth/login", As.anonymous(), deep);

      assertThat(duplicated.status()).as("%s", duplicated).isEqualTo(400);
      assertThat(nested.status()).as("%s", nested).isEqualTo(400);
    }
  }

  @Test
  void tokenRequest_tooManyScopes_rejected() throws Exception {
    try (ApiBerth berth = ApiBerth.start(Dialect.SQLITE, tempDir)) {
      StringBuilder query = new StringBuilder("/token?service=berth-registry");
      for (int i = 0; i < 101; i++) {
        query.append("&scope=repository:admin/r").append(i).append(":pull");
      }

      Reply reply = berth.get(query.toString(), As.anonymous());

      assertThat(reply.status()).as("%s", reply).isEqualTo(400);
      assertThat(reply.json().path("details").asText()).contains("more than 100 scopes");
    }
  }

  private static Reply tokenPost(ApiBerth berth, String form) {
    return berth.send(
        "POST",
        "/token",
        form,
        As.anonymous().with("Content-Type", "application/x-www-form-urlencoded"));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
