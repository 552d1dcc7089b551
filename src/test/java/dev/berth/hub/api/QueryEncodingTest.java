package dev.berth.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Dialect;
import dev.berth.testing.RawGet;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query string with invalid percent-encoding is a client error in every room: 400 in that room's
 * error format, naming the parameter. Query parsing touches no table, so SQLite is enough.
 */
class QueryEncodingTest {

  @TempDir Path tempDir;

  @Test
  void badPercentEncoding_400EverywhereWithParameterName() throws Exception {
    try (HubBerth berth = HubBerth.start(Dialect.SQLITE, tempDir, false)) {
      URI base = URI.create(berth.baseUrl());
      berth.pushImage("alice/app", "v1", "linux", "amd64", null, HubBerth.As.anonymous());

      RawGet.Response page = RawGet.get(base, "/api/v2/namespaces/alice/repositories?page=%ZZ");
      RawGet.Response search = RawGet.get(base, "/api/v2/search/repositories?query=%ZZ");
      RawGet.Response tags =
          RawGet.get(base, "/api/v2/namespaces/alice/repositories/app/tags?ordering=%ZZ");
      RawGet.Response registry = RawGet.get(base, "/v2/alice/app/tags/list?last=%ZZ");
      RawGet.Response v1 = RawGet.get(base, "/v1/search?q=%ZZ");

      assertThat(page.status()).as("%s", page).isEqualTo(400);
      assertThat(page.body())
          .contains("INVALID_REQUEST", "query parameter 'page'", "percent-encoding");
      assertThat(search.status()).as("%s", search).isEqualTo(400);
      assertThat(search.body()).contains("INVALID_REQUEST", "query parameter 'query'");
      assertThat(tags.status()).as("%s", tags).isEqualTo(400);
      assertThat(tags.body()).contains("INVALID_REQUEST", "query parameter 'ordering'");
      assertThat(registry.status()).as("%s", registry).isEqualTo(400);
      assertThat(registry.body()).contains("\"UNSUPPORTED\"", "query parameter 'last'");
      assertThat(v1.status()).as("%s", v1).isEqualTo(400);
      assertThat(v1.body()).contains("INVALID_REQUEST", "query parameter 'q'");
    }
  }

  @Test
  void badPercentEncoding_webPage400() throws Exception {
    // The web UI runs only with authentication on.
    try (HubBerth berth = HubBerth.start(Dialect.SQLITE, tempDir, true)) {
      RawGet.Response web = RawGet.get(URI.create(berth.baseUrl()), "/explore?q=%ZZ");

      assertThat(web.status()).as("%s", web).isEqualTo(400);
      assertThat(web.body()).contains("invalid percent-encoding");
    }
  }
}
