package dev.berth.hub.api;

import static dev.berth.hub.api.HubBerth.body;
import static dev.berth.hub.api.HubBerth.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.db.Dialect;
import dev.berth.hub.api.HubBerth.As;
import dev.berth.hub.api.HubBerth.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The repository endpoints: create, get, update, delete, list with visibility, ordering and paging,
 * stars, and every validation error with a message that names the field and the rule.
 */
class RepositoryApiTest {

  private static final String ALICE = "/api/v2/namespaces/alice/repositories";

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void repository_createGetUpdateDelete(Dialect dialect) throws Exception {
    try (HubBerth berth = HubBerth.start(dialect, tempDir, true)) {
      As admin = berth.loginAdmin();
      As alice = berth.createUser(admin, "alice");
      As bob = berth.createUser(admin, "bobby");

      Reply created =
          expect(
              berth.post(
                  ALICE,
                  alice,
                  body("name", "app", "description", "An app", "full_description", "# App")),
              201);
      JsonNode repo = created.json();
      assertThat(created.header("Location"))
          .contains(berth.baseUrl() + "/api/v2/namespaces/alice/repositories/app");
      assertThat(repo.get("name").asText()).isEqualTo("app");
      assertThat(repo.get("namespace").asText()).isEqualTo("alice");
      assertThat(repo.get("repository_type").asText()).isEqualTo("image");
      assertThat(repo.get("description").asText()).isEqualTo("An app");
      assertThat(repo.get("full_description").asText()).isEqualTo("# App");
      assertThat(repo.get("is_private").asBoolean()).as("private by default").isTrue();
      assertThat(repo.get("star_count").asLong()).isZero();
      assertThat(repo.get("pull_count").asLong()).isZero();
      assertThat(repo.get("created_by").asText()).isEqualTo("alice");
      assertThat(repo.get("storage_size").asLong()).isZero();
      assertThat(repo.get("last_pushed").isNull()).isTrue();
      assertThat(repo.get("date_registered").asText()).endsWith("Z");
      assertThat(repo.get("permissions").toString())
          .isEqualTo("{\"read\":true,\"write\":true,\"admin\":true}");

      String app = ALICE + "/app";
      assertThat(berth.get(app, As.anonymous()).status()).as("private, anonymous").isEqualTo(404);
      Reply hidden = berth.get(app, bob);
      assertThat(hidden.status()).as("private, outsider").isEqualTo(404);
      assertThat(hidden.errorMessage()).contains("repository alice/app not found");
      assertThat(berth.get(ALICE + "/nothing", bob).errorMessage())
          .as("missing looks like private")
          .isEqualTo(hidden.errorMessage().replace("alice/app", "alice/nothing"));

      JsonNode updated =
          expect(
                  berth.patch(app, alice, body("description", "Now public", "is_private", false)),
                  200)
              .json();
      assertThat(updated.get("description").asText()).isEqualTo("Now public");
      assertThat(updated.get("full_description").asText()).as("unchanged").isEqualTo("# App");
      assertThat(updated.get("is_private").asBoolean()).isFalse();

      JsonNode seen = expect(berth.get(app, As.anonymous()), 200).json();
      assertThat(seen.get("permissions").toString())
          .isEqualTo("{\"read\":true,\"write\":false,\"admin\":false}");
      Reply denied = berth.delete(app, bob);
      assertThat(denied.status()).isEqualTo(403);
      assertThat(denied.errorMessage()).contains("delete alice/app").contains("admin permission");
      assertThat(berth.patch(app, bob, body("description", "mine")).status()).isEqualTo(403);

      expect(berth.delete(app, alice), 204);
      assertThat(berth.get(app, alice).status()).isEqualTo(404);
      expect(berth.post(ALICE, alice, body("name", "app")), 201);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void create_rejectsBadInputWithFieldAndRule(Dialect dialect) throws Exception {
    try (HubBerth berth = HubBerth.start(dialect, tempDir, true)) {
      As admin = berth.loginAdmin();
      As alice = berth.createUser(admin, "alice");
      As bob = berth.createUser(admin, "bobby");

      Reply longDescription =
          berth.post(ALICE, alice, body("name", "app", "description", "x".repeat(101)));
      assertThat(longDescription.status()).isEqualTo(400);
      assertThat(longDescription.errorMessage())
          .contains("field 'description' has 101 characters")
          .contains("at most 100");

      Reply longOverview =
          berth.post(ALICE, alice, body("name", "app", "full_description", "x".repeat(25_001)));
      assertThat(longOverview.status()).isEqualTo(400);
      assertThat(longOverview.errorMessage())
          .contains("field 'full_description' has 25001 characters")
          .contains("at most 25000");

      // 25,000 CJK characters are 75,000 bytes of UTF-8: over the accounts API's 64 KiB.
      Reply wide =
          berth.post(
              ALICE,
              alice,
              body(
                  "name",
                  "wide",
                  "description",
                  "说".repeat(100),
                  "full_description",
                  "说".repeat(25_000)));
      assertThat(wide.status()).as("%s", wide).isEqualTo(201);
      assertThat(wide.json().get("full_description").asText()).hasSize(25_000);

      Reply surrogate = berth.post(ALICE, alice, "{\"name\":\"odd\",\"description\":\"\\ud800\"}");
      assertThat(surrogate.status()).isEqualTo(400);
      assertThat(surrogate.errorMessage())
          .startsWith(
              "field 'description' contains an unpaired surrogate U+D800 at character 1; remove");
      Reply nul = berth.post(ALICE, alice, "{\"name\":\"odd\",\"description\":\"a\\u0000b\"}");
      assertThat(nul.status()).isEqualTo(400);
      assertThat(nul.errorMessage())
          .startsWith("field 'description' contains the control character U+0000 at character 2");
      Reply overviewLines =
          berth.post(ALICE, alice, body("name", "lines", "full_description", "# A\r\n\tb\n"));
      assertThat(overviewLines.status()).as("%s", overviewLines).isEqualTo(201);

      Reply missing = berth.post(ALICE, alice, body("description", "no name"));
      assertThat(missing.status()).isEqualTo(400);
      assertThat(missing.errorMessage()).isEqualTo("field 'name' is missing from the request body");

      Reply longName = berth.post(ALICE, alice, body("name", "a".repeat(256)));
      assertThat(longName.status()).isEqualTo(400);
      assertThat(longName.errorMessage())
          .contains("has 262 characters; namespace and name together may have at most 255");

      Reply badName = berth.post(ALICE, alice, body("name", "App!"));
      assertThat(badName.status()).isEqualTo(400);
      assertThat(badName.errorMessage()).startsWith("repository name 'App!' is invalid; use");

      Reply badNamespace =
          berth.post("/api/v2/namespaces/Alice/repositories", alice, body("name", "x"));
      assertThat(badNamespace.status()).isEqualTo(400);
      assertThat(badNamespace.errorMessage()).startsWith("namespace 'Alice' is invalid");

      Reply wrongType = berth.post(ALICE, alice, body("name", "app", "is_private", "yes"));
      assertThat(wrongType.status()).isEqualTo(400);
      assertThat(wrongType.errorMessage()).isEqualTo("field 'is_private' must be true or false");

      Reply unknown = berth.post(ALICE, alice, body("name", "app", "color", "red"));
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.errorMessage()).startsWith("unknown field 'color'");

      Reply anonymous = berth.post(ALICE, As.anonymous(), body("name", "app"));
      assertThat(anonymous.status()).isEqualTo(401);

      Reply foreign = berth.post(ALICE, bob, body("name", "app"));
      assertThat(foreign.status()).isEqualTo(403);
      assertThat(foreign.errorMessage())
          .isEqualTo(
              "you may not create repository alice/app: you may not push to namespace alice;"
                  + " use your own namespace or ask an owner of that organization for access");

      expect(berth.post(ALICE, alice, body("name", "app")), 201);
      Reply taken = berth.post(ALICE, alice, body("name", "app"));
      assertThat(taken.status()).isEqualTo(409);
      assertThat(taken.errorMessage()).startsWith("repository alice/app exists already");

      Reply empty = berth.patch(ALICE + "/app", alice, body());
      assertThat(empty.status()).isEqualTo(400);
      assertThat(empty.errorMessage()).contains("changes nothing");

      Reply ordering = berth.get(ALICE + "?ordering=size", alice);
      assertThat(ordering.status()).isEqualTo(400);
      assertThat(ordering.errorMessage())
          .isEqualTo(
              "query parameter ordering=size is invalid; use one of name, -name, last_updated,"
                  + " -last_updated, pull_count, -pull_count, star_count, -star_count");

      Reply pageSize = berth.get(ALICE + "?page_size=101", alice);
      assertThat(pageSize.status()).isEqualTo(400);
      assertThat(pageSize.errorMessage()).contains("page_size=101").contains("1 to 100");

      Reply stars = berth.get("/api/v2/search/repositories?stars=-1", alice);
      assertThat(stars.status()).isEqualTo(400);
      assertThat(stars.errorMessage()).contains("stars=-1").contains("0 or more");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void list_showsOnlyVisible_sortsAndPages(Dialect dialect) throws Exception {
    try (HubBerth berth = HubBerth.start(dialect, tempDir, true)) {
      As admin = berth.loginAdmin();
      As alice = berth.createUser(admin, "alice");
      As bob = berth.createUser(admin, "bobby");
      for (String name : List.of("delta", "alpha", "charlie", "bravo", "echo")) {
        boolean isPrivate = name.equals("bravo") || name.equals("echo");
        expect(berth.post(ALICE, alice, body("name", name, "is_private", isPrivate)), 201);
      }
      // An organization whose team grants bobby read on one private repository.
      expect(berth.post("/api/v2/orgs", admin, body("orgname", "acme")), 201);
      expect(
          berth.post("/api/v2/namespaces/acme/repositories", admin, body("name", "secret")), 201);
      expect(
          berth.post("/api/v2/namespaces/acme/repositories", admin, body("name", "hidden")), 201);
      expect(berth.post("/api/v2/orgs/acme/members", admin, body("member", "bobby")), 201);
      expect(berth.post("/api/v2/orgs/acme/groups", admin, body("name", "readers")), 201);
      expect(
          berth.post("/api/v2/orgs/acme/groups/readers/members", admin, body("member", "bobby")),
          201);
      Reply grant =
          berth.put(
              "/api/v2/orgs/acme/groups/readers/repositories/secret",
              admin,
              body("permission", "read"));
      assertThat(grant.status()).as("%s", grant).isBetween(200, 201);

      assertThat(names(expect(berth.get(ALICE, As.anonymous()), 200).json()))
          .containsExactly("alpha", "charlie", "delta");
      assertThat(names(expect(berth.get(ALICE, bob), 200).json()))
          .containsExactly("alpha", "charlie", "delta");
      assertThat(names(expect(berth.get(ALICE, alice), 200).json()))
          .containsExactly("alpha", "bravo", "charlie", "delta", "echo");
      assertThat(names(expect(berth.get(ALICE + "?ordering=-name", alice), 200).json()))
          .containsExactly("echo", "delta", "charlie", "bravo", "alpha");

      JsonNode acme = expect(berth.get("/api/v2/namespaces/acme/repositories", bob), 200).json();
      assertThat(names(acme)).containsExactly("secret");
      assertThat(acme.at("/results/0/permissions").toString())
          .isEqualTo("{\"read\":true,\"write\":false,\"admin\":false}");
      assertThat(
              names(expect(berth.get("/api/v2/namespaces/acme/repositories", admin), 200).json()))
          .containsExactly("hidden", "secret");

      JsonNode first = expect(berth.get(ALICE + "?page_size=2&ordering=-name", alice), 200).json();
      assertThat(first.get("count").asLong()).isEqualTo(5);
      assertThat(names(first)).containsExactly("echo", "delta");
      assertThat(first.get("previous").isNull()).isTrue();
      String next = first.get("next").asText();
      assertThat(next).isEqualTo(berth.baseUrl() + ALICE + "?page=2&page_size=2&ordering=-name");
      JsonNode second =
          expect(berth.get(next.substring(berth.baseUrl().length()), alice), 200).json();
      assertThat(names(second)).containsExactly("charlie", "bravo");
      JsonNode beyond = expect(berth.get(ALICE + "?page=9", alice), 200).json();
      assertThat(beyond.get("count").asLong()).isEqualTo(5);
      assertThat(beyond.get("results")).isEmpty();
      assertThat(first.at("/results/0").has("full_description")).as("lists omit it").isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void stars_countOncePerUser(Dialect dialect) throws Exception {
    try (HubBerth berth = HubBerth.start(dialect, tempDir, true)) {
      As admin = berth.loginAdmin();
      As alice = berth.createUser(admin, "alice");
      As bob = berth.createUser(admin, "bobby");
      expect(berth.post(ALICE, alice, body("name", "pub", "is_private", false)), 201);
      expect(berth.post(ALICE, alice, body("name", "priv")), 201);
      String star = ALICE + "/pub/star";

      expect(berth.put(star, bob, null), 204);
      expect(berth.put(star, bob, null), 204);
      expect(berth.put(star, alice, null), 204);
      JsonNode seenByBob = expect(berth.get(ALICE + "/pub", bob), 200).json();
      assertThat(seenByBob.get("star_count").asLong()).isEqualTo(2);
      assertThat(seenByBob.get("has_starred").asBoolean()).isTrue();
      expect(berth.delete(star, alice), 204);
      JsonNode seenByAlice = expect(berth.get(ALICE + "/pub", alice), 200).json();
      assertThat(seenByAlice.get("star_count").asLong()).isEqualTo(1);
      assertThat(seenByAlice.get("has_starred").asBoolean()).isFalse();
      assertThat(
              expect(berth.get(ALICE + "?ordering=-star_count", bob), 200)
                  .json()
                  .at("/results/0/has_starred")
                  .asBoolean())
          .isTrue();

      assertThat(berth.put(star, As.anonymous(), null).status()).isEqualTo(401);
      assertThat(berth.put(ALICE + "/priv/star", bob, null).status()).isEqualTo(404);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void accessTokens_seeOnlyWhatTheirScopeAllows(Dialect dialect) throws Exception {
    try (HubBerth berth = HubBerth.start(dialect, tempDir, true)) {
      As admin = berth.loginAdmin();
      As alice = berth.createUser(admin, "alice");
      for (String name : List.of("one", "two", "open")) {
        expect(
            berth.post(ALICE, alice, body("name", name, "is_private", !name.equals("open"))), 201);
      }
      As limited = As.bearer(token(berth, alice, "repo:read", List.of("alice/one")));
      As publicOnly = As.bearer(token(berth, alice, "repo:public_read", List.of()));
      As reader = As.bearer(token(berth, alice, "repo:read", List.of()));

      assertThat(names(expect(berth.get(ALICE, limited), 200).json()))
          .containsExactly("one", "open");
      assertThat(names(expect(berth.get(ALICE, publicOnly), 200).json())).containsExactly("open");
      JsonNode all = expect(berth.get(ALICE, reader), 200).json();
      assertThat(names(all)).containsExactly("one", "open", "two");
      assertThat(all.at("/results/0/permissions").toString())
          .as("a repo:read token reads, even in its owner's namespace")
          .isEqualTo("{\"read\":true,\"write\":false,\"admin\":false}");
      assertThat(berth.get(ALICE + "/two", limited).status()).isEqualTo(404);
      assertThat(berth.patch(ALICE + "/one", reader, body("description", "x")).status())
          .isEqualTo(403);
      assertThat(berth.post(ALICE, reader, body("name", "three")).status()).isEqualTo(403);
    }
  }

  private static String token(HubBerth berth, As session, String scope, List<String> repositories) {
    Reply reply =
        berth.post(
            "/api/v2/access-tokens",
            session,
            body(
                "token_label",
                scope + " " + repositories,
                "scopes",
                List.of(scope),
                "repositories",
                repositories));
    assertThat(reply.status()).as("%s", reply).isEqualTo(201);
    return reply.json().get("token").asText();
  }

  @Test
  void authDisabled_everyoneManagesEverything() throws Exception {
    try (HubBerth berth = HubBerth.start(Dialect.SQLITE, tempDir, false)) {
      JsonNode created =
          expect(berth.post(ALICE, As.anonymous(), body("name", "app", "description", "open")), 201)
              .json();
      assertThat(created.get("is_private").asBoolean()).isTrue();
      assertThat(created.get("created_by").isNull()).isTrue();
      assertThat(created.get("permissions").get("admin").asBoolean()).isTrue();
      assertThat(names(expect(berth.get(ALICE, As.anonymous()), 200).json()))
          .containsExactly("app");
      Reply missingRoute = berth.get("/api/v2/users", As.anonymous());
      assertThat(missingRoute.status()).isEqualTo(404);
      assertThat(missingRoute.errorMessage()).contains("authentication is off");
      JsonNode search = expect(berth.get("/v1/search?q=app", As.anonymous()), 200).json();
      assertThat(search.get("num_results").asLong()).isEqualTo(1);
      expect(berth.delete(ALICE + "/app", As.anonymous()), 204);
    }
  }

  static List<String> names(JsonNode page) {
    List<String> names = new ArrayList<>();
    page.get("results").forEach(r -> names.add(r.get("name").asText()));
    return names;
  }
}
