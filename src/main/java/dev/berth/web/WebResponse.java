package dev.berth.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a page returns: an HTML document with a status, or a redirect (303, so the browser follows
 * a form post with a GET). Either may add {@code Set-Cookie} headers.
 */
final class WebResponse {

  private final int status;
  private final Optional<String> html;
  private final Optional<String> location;
  private final List<String> cookies = new ArrayList<>();

  private WebResponse(int status, Optional<String> html, Optional<String> location) {
    this.status = status;
    this.html = html;
    this.location = location;
  }

  static WebResponse html(String document) {
    return new WebResponse(200, Optional.of(document), Optional.empty());
  }

  static WebResponse html(int status, String document) {
    return new WebResponse(status, Optional.of(document), Optional.empty());
  }

  /** Returns a 303 redirect to {@code location}, a path on this server. */
  static WebResponse redirect(String location) {
    return new WebResponse(303, Optional.empty(), Optional.of(location));
  }

  /** Adds a {@code Set-Cookie} header value; returns this response. */
  WebResponse withCookie(String setCookie) {
    cookies.add(setCookie);
    return this;
  }

  int status() {
    return status;
  }

  Optional<String> html() {
    return html;
  }

  Optional<String> location() {
    return location;
  }

  List<String> cookies() {
    return cookies;
  }
}
