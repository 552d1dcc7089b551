package dev.berth.web;

/**
 * Raised by a page to respond with an error page: the HTTP status and the message key of the
 * sentence shown under the status's title.
 */
final class WebException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String messageKey;

  WebException(int status, String messageKey) {
    super("web page failed with " + status + ": " + messageKey);
    this.status = status;
    this.messageKey = messageKey;
  }

  static WebException notFound() {
    return new WebException(404, "error.404.text");
  }

  static WebException forbidden() {
    return new WebException(403, "error.403.text");
  }

  int status() {
    return status;
  }

  String messageKey() {
    return messageKey;
  }
}
