package dev.berth.registry;

import static dev.berth.registry.ErrorBodies.assertError;
import static dev.berth.registry.TestImages.OCI_CONFIG;
import static dev.berth.registry.TestImages.OCI_LAYER;
import static dev.berth.registry.TestImages.OCI_MANIFEST;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.db.Dialect;
import dev.berth.registry.TestImages.Ref;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code /v2/<name>/tags/list} and {@code /v2/_catalog} with {@code n}, {@code last} and Link. */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TagsCatalogTest {

  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

  @Parameter Dialect dialect;

  private final AtomicInteger repositories = new AtomicInteger();
  private TestBerth berth;

  @BeforeParameterizedClassInvocation
  void start() throws Exception {
    berth = TestBerth.start(dialect);
  }

  @AfterParameterizedClassInvocation
  void stop() throws Exception {
    berth.close();
  }

  private String newRepository() {
    return "tags/repo" + repositories.incrementAndGet();
  }

  /** Pushes one image to {@code repository} and tags it with each of {@code tags}. */
  private static void pushTagged(TestBerth target, String repository, List<String> tags) {
    byte[] config = TestImages.content(repository + " config");
    byte[] layer = TestImages.content(repository + " layer");
    target.pushBlob(repository, config);
    target.pushBlob(repository, layer);
    byte[] manifest =
        TestImages.image(
            OCI_MANIFEST, Ref.of(OCI_CONFIG, config), List.of(Ref.of(OCI_LAYER, layer)));
    for (String tag : tags) {
      target.pushManifest(repository, tag, OCI_MANIFEST, manifest);
    }
  }

  private static List<String> names(HttpResponse<byte[]> response, String field) {
    assertThat(response.statusCode()).as(TestBerth.text(response)).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode array = ErrorBodies.parse(response.body()).get(field);
    assertThat(array).as("%s in %s", field, TestBerth.text(response)).isNotNull();
    assertThat(array.isArray()).isTrue();
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.asText()));
    return names;
  }

  /** Returns the next-page URL of a Link header, resolved against the request URL. */
  private static Optional<URI> nextLink(HttpResponse<byte[]> response) {
    Optional<String> link = response.headers().firstValue("Link");
    if (link.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = NEXT_LINK.matcher(link.get());
    assertThat(m.find()).as("Link header '%s' has rel=\"next\"", link.get()).isTrue();
    return Optional.of(response.uri().resolve(m.group(1)));
  }

  /** Follows Link headers from {@code first}, returning every page's names in order. */
  private List<List<String>> allPages(String first, String field) {
    List<List<String>> pages = new ArrayList<>();
    HttpResponse<byte[]> response = berth.get(first);
    pages.add(names(response, field));
    Optional<URI> next = nextLink(response);
    while (next.isPresent()) {
      assertThat(pages).as("pages before the Link chain should end").hasSizeLessThan(50);
      response = berth.send("GET", next.get(), new byte[0]);
      pages.add(names(response, field));
      next = nextLink(response);
    }
    return pages;
  }

  // Tags.

  @Test
  void get_tags_returnsNameAndTagsInLexicalOrder() {
    String repository = newRepository();
    pushTagged(berth, repository, List.of("latest", "b", "1.0", "a", "1.10", "1.9"));

    HttpResponse<byte[]> response = berth.get("/v2/" + repository + "/tags/list");

    assertThat(ErrorBodies.parse(response.body()).path("name").asText()).isEqualTo(repository);
    assertThat(names(response, "tags")).containsExactly("1.0", "1.10", "1.9", "a", "b", "latest");
    assertThat(response.headers().firstValue("Link")).isEmpty();
  }

  @Test
  void get_tagsWithN_pagesThroughLinkHeaders() {
    String repository = newRepository();
    List<String> tags = List.of("t1", "t2", "t3", "t4", "t5");
    pushTagged(berth, repository, tags);

    List<List<String>> pages = allPages("/v2/" + repository + "/tags/list?n=2", "tags");

    assertThat(pages)
        .containsExactly(List.of("t1", "t2"), List.of("t3", "t4"), List.of("t5"));
  }

  @Test
  void get_tagsWithN_linkCarriesNAndLast() {
    String repository = newRepository();
    pushTagged(berth, repository, List.of("x1", "x2", "x3"));

    HttpResponse<byte[]> response = berth.get("/v2/" + repository + "/tags/list?n=2");

    URI next = nextLink(response).orElseThrow();
    assertThat(next.getPath()).isEqualTo("/v2/" + repository + "/tags/list");
    assertThat(next.getQuery()).contains("n=2").contains("last=x2");
  }

  @Test
  void get_tagsWithNEqualToCount_hasNoLink() {
    String repository = newRepository();
    pushTagged(berth, repository, List.of("one", "two"));

    HttpResponse<byte[]> response = berth.get("/v2/" + repository + "/tags/list?n=2");

    assertThat(names(response, "tags")).containsExactly("one", "two");
    assertThat(response.headers().firstValue("Link")).isEmpty();
  }

  @Test
  void get_tagsWithLast_returnsTagsAfterIt() {
    String repository = newRepository();
    pushTagged(berth, repository, List.of("a", "b", "c", "d"));

    HttpResponse<byte[]> after = berth.get("/v2/" + repository + "/tags/list?last=b");
    HttpResponse<byte[]> between = berth.get("/v2/" + repository + "/tags/list?last=bb&n=1");

    assertThat(names(after, "tags")).containsExactly("c", "d");
    assertThat(names(between, "tags")).containsExactly("c");
    assertThat(nextLink(between)).isPresent();
  }

  @Test
  void get_tagsWithLastPastEnd_returnsEmptyListWithoutLink() {
    String repository = newRepository();
    pushTagged(berth, repository, List.of("a", "b"));

    HttpResponse<byte[]> response = berth.get("/v2/" + repository + "/tags/list?last=zzz&n=5");

    assertThat(names(response, "tags")).isEmpty();
    assertThat(response.headers().firstValue("Link")).isEmpty();
  }

  @Test
  void get_tagsWithNZero_returnsEmptyList() {
    String repository = newRepository();
    pushTagged(berth, repository, List.of("a", "b"));

    HttpResponse<byte[]> response = berth.get("/v2/" + repository + "/tags/list?n=0");

    assertThat(names(response, "tags")).isEmpty();
    assertThat(response.headers().firstValue("Link")).isEmpty();
  }

  @Test
  void get_tagsWithInvalidN_returnsPaginationErrorNamingIt() {
    String repository = newRepository();
    pushTagged(berth, repository, List.of("a"));

    for (String n : List.of("abc", "-1", "1.5", "99999999999999999999")) {
      HttpResponse<byte[]> response = berth.get("/v2/" + repository + "/tags/list?n=" + n);

      assertError(response, 400, "PAGINATION_NUMBER_INVALID", "n=" + n);
    }
  }

  @Test
  void get_tagsWithHugeN_returnsEveryTag() {
    String repository = newRepository();
    pushTagged(berth, repository, List.of("a", "b", "c"));

    HttpResponse<byte[]> response = berth.get("/v2/" + repository + "/tags/list?n=1000000");

    assertThat(names(response, "tags")).containsExactly("a", "b", "c");
    assertThat(response.headers().firstValue("Link")).isEmpty();
  }

  @Test
  void get_tagsOfUnknownRepository_returnsNameUnknown() {
    HttpResponse<byte[]> response = berth.get("/v2/tags/never-pushed/tags/list");

    assertError(response, 404, "NAME_UNKNOWN", "tags/never-pushed");
  }

  @Test
  void get_tagsOfRepositoryWithOnlyUntaggedManifests_returnsEmptyList() {
    String repository = newRepository();
    pushTagged(berth, repository, List.of("temporary"));
    berth.delete("/v2/" + repository + "/manifests/temporary");

    HttpResponse<byte[]> response = berth.get("/v2/" + repository + "/tags/list");

    assertThat(names(response, "tags")).isEmpty();
  }

  @Test
  void delete_tag_removesItFromList() {
    String repository = newRepository();
    pushTagged(berth, repository, List.of("keep", "drop"));

    HttpResponse<byte[]> deleted = berth.delete("/v2/" + repository + "/manifests/drop");
    HttpResponse<byte[]> response = berth.get("/v2/" + repository + "/tags/list");

    assertThat(deleted.statusCode()).isEqualTo(202);
    assertThat(names(response, "tags")).containsExactly("keep");
  }

  @Test
  void post_tagsList_returns405() {
    HttpResponse<byte[]> response =
        berth.post("/v2/" + newRepository() + "/tags/list", new byte[0]);

    assertError(response, 405, "UNSUPPORTED", "POST");
  }

  // Catalog: each test starts its own Berth, so it controls every repository listed.

  @Test
  void get_catalog_listsRepositoriesInLexicalOrder() throws Exception {
    try (TestBerth fresh = TestBerth.start(dialect)) {
      List<String> pushed = List.of("zeta", "alpha/one", "alpha", "a/b/c/d/e/f", "alpha-two");
      for (String repository : pushed) {
        pushTagged(fresh, repository, List.of("latest"));
      }

      HttpResponse<byte[]> response = fresh.get("/v2/_catalog");

      assertThat(names(response, "repositories"))
          .containsExactly("a/b/c/d/e/f", "alpha", "alpha-two", "alpha/one", "zeta");
      assertThat(response.headers().firstValue("Link")).isEmpty();
    }
  }

  @Test
  void get_catalogWithN_pagesThroughLinkHeaders() throws Exception {
    try (TestBerth fresh = TestBerth.start(dialect)) {
      for (String repository : List.of("r1", "r2", "r3", "r4", "r5", "r6", "r7")) {
        pushTagged(fresh, repository, List.of("latest"));
      }
      List<List<String>> pages = new ArrayList<>();
      HttpResponse<byte[]> response = fresh.get("/v2/_catalog?n=3");
      pages.add(names(response, "repositories"));
      Optional<URI> next = nextLink(response);
      while (next.isPresent() && pages.size() < 10) {
        response = fresh.send("GET", next.get(), new byte[0]);
        pages.add(names(response, "repositories"));
        next = nextLink(response);
      }

      assertThat(pages)
          .containsExactly(List.of("r1", "r2", "r3"), List.of("r4", "r5", "r6"), List.of("r7"));
    }
  }

  @Test
  void get_catalogWithLastAndN_returnsPageAfterLast() throws Exception {
    try (TestBerth fresh = TestBerth.start(dialect)) {
      for (String repository : List.of("a", "b", "c", "d")) {
        pushTagged(fresh, repository, List.of("latest"));
      }

      HttpResponse<byte[]> page = fresh.get("/v2/_catalog?last=a&n=2");
      HttpResponse<byte[]> pastEnd = fresh.get("/v2/_catalog?last=zzz&n=2");
      HttpResponse<byte[]> zero = fresh.get("/v2/_catalog?n=0");
      HttpResponse<byte[]> invalid = fresh.get("/v2/_catalog?n=lots");

      assertThat(names(page, "repositories")).containsExactly("b", "c");
      URI next = nextLink(page).orElseThrow();
      assertThat(next.getPath()).isEqualTo("/v2/_catalog");
      assertThat(next.getQuery()).contains("last=c").contains("n=2");
      assertThat(names(pastEnd, "repositories")).isEmpty();
      assertThat(pastEnd.headers().firstValue("Link")).isEmpty();
      assertThat(names(zero, "repositories")).isEmpty();
      assertError(invalid, 400, "PAGINATION_NUMBER_INVALID", "n=lots");
    }
  }

  @Test
  void get_catalogOfEmptyRegistry_returnsEmptyList() throws Exception {
    try (TestBerth fresh = TestBerth.start(dialect)) {
      HttpResponse<byte[]> response = fresh.get("/v2/_catalog");

      assertThat(names(response, "repositories")).isEmpty();
    }
  }
}
