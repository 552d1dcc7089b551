package dev.berth.web;

import dev.berth.auth.Principal;
import dev.berth.auth.Session;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * One page request as pages see it: the path and its parameters, the form fields of a post, the
 * language, the signed-in session if any, and {@link #page} to render a template. Not thread-safe;
 * it lives for one request.
 */
final class WebRequest {

  private final Request request;
  private final String path;
  private final Map<String, String> pathParameters;
  private final Fields query;
  private final Fields form;
  private final Language language;
  private final Optional<Session> session;
  private final String csrfToken;
  private final String requestId;
  private final InetAddress client;
  private final String baseUrl;
  private final WebContext context;

  WebRequest(
      Request request,
      String path,
      Map<String, String> pathParameters,
      Fields query,
      Fields form,
      Language language,
      Optional<Session> session,
      String csrfToken,
      String requestId,
      InetAddress client,
      String baseUrl,
      WebContext context) {
    this.request = request;
    this.path = path;
    this.pathParameters = Map.copyOf(pathParameters);
    this.query = query;
    this.form = form;
    this.language = language;
    this.session = session;
    this.csrfToken = csrfToken;
    this.requestId = requestId;
    this.client = client;
    this.baseUrl = baseUrl;
    this.context = context;
  }

  Request jettyRequest() {
    return request;
  }

  String path() {
    return path;
  }

  /** Returns the path segment matched by {@code {name}} in the route. */
  String pathParameter(String name) {
    String value = pathParameters.get(name);
    if (value == null) {
      throw new IllegalArgumentException("route has no path parameter " + name);
    }
    return value;
  }

  /** Returns a query parameter, or empty when absent. */
  Optional<String> query(String name) {
    return Optional.ofNullable(query.getValue(name));
  }

  /** Returns a form field of a post, stripped of surrounding white space; empty string when absent. */
  String field(String name) {
    String value = form.getValue(name);
    return value == null ? "" : value.strip();
  }

  /** Returns a form field exactly as sent, for passwords, where spaces count. */
  String rawField(String name) {
    String value = form.getValue(name);
    return value == null ? "" : value;
  }

  Language language() {
    return language;
  }

  Messages messages() {
    return Messages.of(language);
  }

  Optional<Session> session() {
    return session;
  }

  /** Returns what the hub lets this request's user, or an anonymous visitor, see. */
  dev.berth.hub.Viewer viewer() {
    Principal principal =
        session.<Principal>map(Session::user).orElseGet(Principal.Anonymous::new);
    return context.viewers().of(principal);
  }

  /** Returns the signed-in user; pages behind sign-in call this only. */
  Principal.User user() {
    return session.orElseThrow(() -> new IllegalStateException("page needs a session")).user();
  }

  String requestId() {
    return requestId;
  }

  InetAddress client() {
    return client;
  }

  /** Returns whether the browser reached Berth over HTTPS, so cookies get {@code Secure}. */
  boolean secure() {
    return baseUrl.startsWith("https:");
  }

  /** Returns the host and port clients use in image names, such as {@code registry.example:5000}. */
  String registryHost() {
    return baseUrl.replaceFirst("^https?://", "");
  }

  WebContext context() {
    return context;
  }

  /**
   * Renders template {@code name} (without {@code .jte}) with the page context as {@code ctx}
   * and {@code parameters} as alternating names and values.
   */
  WebResponse page(String name, Object... parameters) {
    return WebResponse.html(render(name, parameters));
  }

  /** Renders a template as {@link #page} does, with another status such as 400. */
  WebResponse page(int status, String name, Object... parameters) {
    return WebResponse.html(status, render(name, parameters));
  }

  private String render(String name, Object... parameters) {
    if (parameters.length % 2 != 0) {
      throw new IllegalArgumentException("template parameters come in name and value pairs");
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("ctx", pageContext());
    for (int i = 0; i < parameters.length; i += 2) {
      model.put((String) parameters[i], parameters[i + 1]);
    }
    return context.templates().render(name, model);
  }

  PageContext pageContext() {
    return new PageContext(
        messages(),
        session.map(s -> s.user().username()),
        session.map(s -> s.user().administrator()).orElse(false),
        csrfToken,
        pathWithQuery(),
        requestId,
        registryHost(),
        context.settings().signupEnabled(),
        context.assets());
  }

  private String pathWithQuery() {
    String rawQuery = request.getHttpURI().getQuery();
    return rawQuery == null ? path : path + "?" + rawQuery;
  }
}
