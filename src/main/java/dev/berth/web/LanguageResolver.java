package dev.berth.web;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Picks a request's language: the {@code berth_lang} cookie that the language switch sets, then
 * the browser's {@code Accept-Language}, then English.
 */
final class LanguageResolver {

  private LanguageResolver() {}

  static Language resolve(Request request) {
    var chosen = WebHandler.cookie(request, WebHandler.LANGUAGE_COOKIE).flatMap(Language::byTag);
    if (chosen.isPresent()) {
      return chosen.get();
    }
    String accept = request.getHeaders().get(HttpHeader.ACCEPT_LANGUAGE);
    if (accept != null) {
      return Language.fromAcceptLanguage(accept).orElse(Language.ENGLISH);
    }
    return Language.ENGLISH;
  }
}
