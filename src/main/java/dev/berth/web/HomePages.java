package dev.berth.web;

/** The home page, and the language switch that remembers the choice in a cookie for a year. */
final class HomePages {

  private static final long ONE_YEAR_SECONDS = 365L * 24 * 60 * 60;

  void register(Routes routes) {
    routes.get("/", Routes.Audience.ANYONE, this::home);
    routes.get("/language", Routes.Audience.ANYONE, this::language);
  }

  private WebResponse home(WebRequest request) {
    return request.page("home", "notice", Notices.text(request));
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
