package dev.berth.auth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {

  private static final Endpoint NOTHING = call -> ApiResponse.noContent();

  private static Router router() {
    Router router = new Router();
    router.add("GET", "/api/v2/users/{name}", Access.READ, NOTHING);
    router.add("PATCH", "/api/v2/users/{name}", Access.SESSION, NOTHING);
    router.add("POST", "/api/v2/users/{name}/password", Access.SESSION, NOTHING);
    router.add("PUT", "/api/v2/users/me/password", Access.SESSION, NOTHING);
    router.add(
        "GET", "/api/v2/orgs/{org}/groups/{team}/repositories/{repo+}", Access.READ, NOTHING);
    return router;
  }

  @Test
  void find_parameterSegment_decodedValue() {
    Router.Lookup lookup = router().find("GET", "/api/v2/users/alice");

    assertThat(lookup.match()).isPresent();
    assertThat(lookup.match().get().parameters()).isEqualTo(Map.of("name", "alice"));
    assertThat(lookup.allowedMethods()).containsExactly("GET", "PATCH");
  }

  @Test
  void find_restParameter_keepsSlashes() {
    Router.Lookup lookup =
        router().find("GET", "/api/v2/orgs/acme/groups/devs/repositories/tools/builder");

    assertThat(lookup.match().orElseThrow().parameters())
        .containsEntry("org", "acme")
        .containsEntry("team", "devs")
        .containsEntry("repo", "tools/builder");
    assertThat(lookup.match().get().route().template())
        .isEqualTo("/api/v2/orgs/{org}/groups/{team}/repositories/{repo}");
  }

  @Test
  void find_literalAndParameter_choosesByMethod() {
    Router router = router();

    assertThat(
            router
                .find("PUT", "/api/v2/users/me/password")
                .match()
                .orElseThrow()
                .route()
                .template())
        .isEqualTo("/api/v2/users/me/password");
    assertThat(router.find("POST", "/api/v2/users/me/password").match().orElseThrow().parameters())
        .isEqualTo(Map.of("name", "me"));
    assertThat(router.find("DELETE", "/api/v2/users/me/password").allowedMethods())
        .containsExactly("POST", "PUT");
  }

  @Test
  void find_emptyOrExtraSegments_noRoute() {
    Router router = router();

    for (String path :
        List.of(
            "/api/v2/users/",
            "/api/v2/users//password",
            "/api/v2/users/alice/extra/more",
            "/api/v2/orgs/acme/groups/devs/repositories/",
            "/api/v2/orgs/acme/groups/devs/repositories/a//b",
            "api/v2/users/alice")) {
      Router.Lookup lookup = router.find("GET", path);
      assertThat(lookup.match()).as(path).isEmpty();
    }
    assertThat(router.find("GET", "/api/v2/users/").allowedMethods()).isEmpty();
  }

  @Test
  void add_duplicateOrMisplacedRest_rejected() {
    Router router = router();

    assertThatThrownBy(() -> router.add("GET", "/api/v2/users/{name}", Access.READ, NOTHING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("added twice");
    assertThatThrownBy(() -> router.add("GET", "/api/{rest+}/x", Access.READ, NOTHING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only the last parameter");
    assertThatThrownBy(() -> router.add("GET", "/api//x", Access.READ, NOTHING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty segment");
  }
}
