package dev.berth.web;

import dev.berth.hub.Page;
import dev.berth.hub.RepositoryInfo;
import dev.berth.hub.RepositoryOrdering;
import java.util.List;
import java.util.Optional;

/**
 * The home page (the signed-in user's repositories, or how to push the first image) and the
 * language switch that remembers the choice in a cookie for a year.
 */
final class HomePages {

  private static final long ONE_YEAR_SECONDS = 365L * 24 * 60 * 60;
  private static final int REPOSITORIES_SHOWN = 50;

  private final WebContext context;

  HomePages(WebContext context) {
    this.context = context;
  }

  void register(Routes routes) {
    routes.get("/", Routes.Audience.ANYONE, this::home);
    routes.get("/language", Routes.Audience.ANYONE, this::language);
  }

  private WebResponse home(WebRequest request) {
    List<RepositoryView> repositories = List.of();
    long total = 0;
    if (request.session().isPresent()) {
      Page<RepositoryInfo> own =
          context.hub().list(
              request.viewer(), Optional.of(request.user().username()),
              RepositoryOrdering.LAST_UPDATED_DESC, 0, REPOSITORIES_SHOWN);
      repositories = own.items().stream().map(RepositoryView::of).toList();
      total = own.count();
    }
    return request.page(
        "home", "notice", Notices.text(request), "repositories", repositories, "total", total);
  }

  private WebResponse language(WebRequest request) throws WebException {
    Language language =
        request.query("lang").flatMap(Language::byTag).orElseThrow(WebException::notFound);
    String next = SafeRedirect.path(request.query("next"), "/");
    return WebResponse.redirect(next)
        .withCookie(
            WebHandler.LANGUAGE_COOKIE + "=" + language.tag()
                + "; Path=/; Max-Age=" + ONE_YEAR_SECONDS + "; HttpOnly; SameSite=Lax"
                + (request.secure() ? "; Secure" : ""));
  }
}
