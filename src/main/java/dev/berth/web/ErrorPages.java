package dev.berth.web;

import dev.berth.auth.AccountException;

/** The error page for a status, with a sentence on what to do and the request id to report. */
final class ErrorPages {

  private ErrorPages() {}

  static WebResponse render(WebRequest request, int status, String messageKey) {
    String titleKey =
        switch (status) {
          case 403 -> "error.403.title";
          case 404 -> "error.404.title";
          case 405 -> "error.405.title";
          default -> status >= 500 ? "error.500.title" : "error.400.title";
        };
    return request.page(
        status, "error", "status", status, "titleKey", titleKey, "messageKey", messageKey);
  }

  /**
   * Returns the page for an account rule that a page did not handle itself: 404 for a missing
   * object, 403 for a missing permission, 400 otherwise.
   */
  static WebResponse forAccountException(WebRequest request, AccountException e) {
    return switch (e.kind()) {
      case NOT_FOUND -> render(request, 404, "error.404.text");
      case FORBIDDEN -> render(request, 403, "error.403.text");
      case INVALID, CONFLICT -> render(request, 400, "error.400.text");
    };
  }

  /** Returns the page for a hub rule that a page did not handle itself. */
  static WebResponse forHubException(WebRequest request, dev.berth.hub.HubException e) {
    return switch (e.kind()) {
      case NOT_FOUND -> render(request, 404, "error.404.text");
      case DENIED, UNAUTHORIZED -> render(request, 403, "error.403.text");
      case INVALID, CONFLICT -> render(request, 400, "error.400.text");
    };
  }
}
