package dev.berth.web;

import java.util.Map;

/**
 * The one-line confirmations that a redirect requests with {@code ?notice=NAME}. Only names listed
 * here show anything, so a link cannot put arbitrary text on a page.
 */
final class Notices {

  private static final Map<String, String> KEYS =
      Map.ofEntries(
          Map.entry("welcome", "notice.welcome"),
          Map.entry("password", "notice.password"),
          Map.entry("twofactor-off", "notice.twofactor_off"),
          Map.entry("deleted", "notice.deleted"),
          Map.entry("private", "notice.private"),
          Map.entry("public", "notice.public"),
          Map.entry("user-created", "notice.user_created"),
          Map.entry("user-disabled", "notice.user_disabled"),
          Map.entry("user-enabled", "notice.user_enabled"),
          Map.entry("password-reset", "notice.password_reset"),
          Map.entry("unlocked", "notice.unlocked"));

  private Notices() {}

  /** Returns the notice text for the request, or an empty string when none is requested. */
  static String text(WebRequest request) {
    return request.query("notice").map(KEYS::get).map(key -> request.messages().get(key)).orElse("");
  }
}
