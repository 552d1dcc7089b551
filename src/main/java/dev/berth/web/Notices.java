package dev.berth.web;

import java.util.Map;

/**
 * The one-line confirmations that a redirect requests with {@code ?notice=NAME}. Only names listed
 * here show anything, so a link cannot put arbitrary text on a page.
 */
final class Notices {

  private static final Map<String, String> KEYS =
      Map.of(
          "welcome", "notice.welcome",
          "password", "notice.password",
          "twofactor-off", "notice.twofactor_off",
          "deleted", "notice.deleted",
          "private", "notice.private",
          "public", "notice.public");

  private Notices() {}

  /** Returns the notice text for the request, or an empty string when none is requested. */
  static String text(WebRequest request) {
    return request.query("notice").map(KEYS::get).map(key -> request.messages().get(key)).orElse("");
  }
}
