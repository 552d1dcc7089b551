package dev.berth.registry;

import static dev.berth.registry.TestImages.OCI_CONFIG;
import static dev.berth.registry.TestImages.OCI_MANIFEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.registry.TestImages.Ref;
import dev.berth.server.config.DatabaseConfig;
import dev.berth.server.config.Secret;
import dev.berth.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Tag and catalog order on a PostgreSQL database whose default collation is ICU {@code en-US},
 * as databases created on servers with an {@code en_US.UTF-8} locale are. The distribution spec
 * requires lexical order, and SQLite sorts by bytes, so both databases must list names in the
 * same byte order. The database is created on the server {@link TestDatabase} uses.
 */
class ListingCollationTest {

  @Test
  void tagsAndCatalog_onEnglishCollation_useByteOrder() throws Exception {
    String admin = System.getenv(TestDatabase.POSTGRES_URL_VARIABLE);
    if (admin == null || admin.isBlank()) {
      fail(TestDatabase.POSTGRES_URL_VARIABLE + " is not set; run the tests through scripts/test");
    }
    String user = Optional.ofNullable(System.getenv(TestDatabase.POSTGRES_USER_VARIABLE))
        .orElse("postgres");
    String password = Optional.ofNullable(System.getenv(TestDatabase.POSTGRES_PASSWORD_VARIABLE))
        .orElse("");
    byte[] suffix = new byte[6];
    new SecureRandom().nextBytes(suffix);
    String name = "berth_collation_" + HexFormat.of().formatHex(suffix);
    execute(admin, user, password,
        "CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'"
            + " LOCALE_PROVIDER icu ICU_LOCALE 'en-US'");
    try {
      String url = admin.substring(0, admin.lastIndexOf('/') + 1) + name;
      try (TestBerth berth =
          TestBerth.start(
              DatabaseConfig.of(url, Optional.of(user), Optional.of(new Secret(password))))) {
        List<String> tags = List.of("b", "B", "a", "A", "a-b", "a_b", "ab", "a.b", "1", "_x");
        List<String> repositories = List.of("ab", "a-b", "a_b", "a.b", "a/b", "a");
        for (String repository : repositories) {
          pushTagged(berth, repository, repository.equals("a") ? tags : List.of("latest"));
        }

        List<String> tagOrder = names(berth.get("/v2/a/tags/list"), "tags");
        List<String> pagedTags = new ArrayList<>();
        String last = "";
        for (int page = 0; page < tags.size() + 1; page++) {
          List<String> names =
              names(berth.get("/v2/a/tags/list?n=3&last=" + last), "tags");
          if (names.isEmpty()) {
            break;
          }
          pagedTags.addAll(names);
          last = java.net.URLEncoder.encode(
              names.get(names.size() - 1), java.nio.charset.StandardCharsets.UTF_8);
        }
        List<String> catalog = names(berth.get("/v2/_catalog"), "repositories");

        // One assertion over all three lists, so a failure shows every order at once.
        List<String> sortedTags = tags.stream().sorted().toList();
        assertThat(List.of(tagOrder, pagedTags, catalog))
            .as("tags, tags paged by 3, catalog")
            .isEqualTo(List.of(sortedTags, sortedTags, repositories.stream().sorted().toList()));
      }
    } finally {
      execute(admin, user, password, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  private static void pushTagged(TestBerth berth, String repository, List<String> tags) {
    byte[] config = TestImages.content(repository + " collation config");
    berth.pushBlob(repository, config);
    byte[] manifest = TestImages.image(OCI_MANIFEST, Ref.of(OCI_CONFIG, config), List.of());
    for (String tag : tags) {
      berth.pushManifest(repository, tag, OCI_MANIFEST, manifest);
    }
  }

  private static List<String> names(HttpResponse<byte[]> response, String field) {
    assertThat(response.statusCode()).as(TestBerth.text(response)).isEqualTo(200);
    JsonNode array = ErrorBodies.parse(response.body()).get(field);
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.asText()));
    return names;
  }

  private static void execute(String url, String user, String password, String sql)
      throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
