package dev.berth.web;

import dev.berth.hub.Page;
import dev.berth.hub.RepositoryInfo;
import dev.berth.hub.RepositoryOrdering;
import java.util.List;
import java.util.Optional;

/**
 * Explore: the repositories the visitor may see, searched by name and description, sorted by
 * relevance (searches only), name, pull count or last update, one page at a time.
 */
final class ExplorePages {

  static final int PER_PAGE = 20;

  /** The sort choices of the page, by wire name. */
  static final List<String> ORDERINGS = List.of("-last_updated", "-pull_count", "name");

  private final WebContext context;

  ExplorePages(WebContext context) {
    this.context = context;
  }

  void register(Routes routes) {
    routes.get("/explore", Routes.Audience.ANYONE, this::explore);
  }

  private WebResponse explore(WebRequest request) {
    String query = request.query("q").map(String::strip).orElse("");
    if (query.length() > dev.berth.hub.Hub.MAX_SEARCH_TERM) {
      query = query.substring(0, dev.berth.hub.Hub.MAX_SEARCH_TERM);
    }
    long page = Paging.requested(request);
    long offset = (page - 1) * PER_PAGE;

    // A search ranks by relevance until the visitor picks a sort; browsing defaults to the most
    // recently updated.
    Optional<String> chosen = request.query("ordering").filter(ORDERINGS::contains);
    Page<RepositoryInfo> found;
    String ordering;
    if (query.isEmpty()) {
      ordering = chosen.orElse("-last_updated");
      found =
          context.hub().list(
              request.viewer(), Optional.empty(), RepositoryOrdering.parse(ordering), offset,
              PER_PAGE);
    } else {
      ordering = chosen.orElse("");
      found =
          context.hub().search(
              request.viewer(), query, 0, chosen.map(RepositoryOrdering::parse), offset, PER_PAGE);
    }

    String base = "/explore?q=" + request.pageContext().encode(query) + "&ordering=" + ordering + "&";
    return request.page(
        "explore",
        "query", query,
        "ordering", ordering,
        "orderings", ORDERINGS,
        "repositories", found.items().stream().map(RepositoryView::of).toList(),
        "paging", Paging.of(page, PER_PAGE, found.count(), base));
  }
}
