package dev.berth.hub.api;

import dev.berth.auth.api.ApiCall;
import dev.berth.auth.api.ApiException;
import dev.berth.auth.api.PageRequest;
import dev.berth.auth.api.json.PageJson;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Builds Docker Hub-style pages whose {@code next} and {@code previous} links keep the request's
 * other query parameters (such as {@code ordering} or {@code query}), so a client can follow them.
 */
final class PageLinks {

  private PageLinks() {}

  /**
   * Returns a page of {@code results}, with links carrying the values of {@code kept} that the
   * request had.
   */
  static <R> PageJson<R> page(
      ApiCall call, PageRequest page, long count, List<R> results, List<String> kept)
      throws ApiException {
    String next =
        page.offset() + page.pageSize() < count ? link(call, page.page() + 1, page, kept) : null;
    String previous = page.page() > 1 ? link(call, page.page() - 1, page, kept) : null;
    return new PageJson<>(count, next, previous, results);
  }

  private static String link(ApiCall call, int number, PageRequest page, List<String> kept)
      throws ApiException {
    StringBuilder url =
        new StringBuilder(call.baseUrl())
            .append(call.request().getHttpURI().getPath())
            .append("?page=")
            .append(number)
            .append("&page_size=")
            .append(page.pageSize());
    for (String name : kept) {
      Optional<String> value = call.query(name);
      value.ifPresent(
          v ->
              url.append('&')
                  .append(name)
                  .append('=')
                  .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    }
    return url.toString();
  }
}
