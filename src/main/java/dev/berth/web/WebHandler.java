package dev.berth.web;

import dev.berth.auth.AccountException;
import dev.berth.auth.Session;
import dev.berth.auth.TokenEndpoint;
import dev.berth.auth.api.SessionCookie;
import dev.berth.registry.ExternalUrls;
import dev.berth.registry.QueryParameters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Serves the web UI at {@code /}: static files, then the page routes. It declines the registry,
 * token, API and health paths, so their own handlers serve them whatever the order.
 *
 * <p>Every response gets a request id ({@code X-Request-Id}, shown on error pages and logged), a
 * Content-Security-Policy without inline script or style, and {@code Cache-Control: no-store} for
 * pages, which may show private data. Every post must carry the CSRF token in the {@code _csrf}
 * field: the session's token when signed in, or else the random value of the {@value
 * #FORM_COOKIE} cookie (double submit), which protects the sign-in and sign-up forms.
 */
final class WebHandler extends Handler.Abstract {

  static final String FORM_COOKIE = "berth_csrf";
  static final String LANGUAGE_COOKIE = "berth_lang";
  static final String CSRF_FIELD = "_csrf";

  private static final Logger LOG = LoggerFactory.getLogger(WebHandler.class);

  private static final List<String> DECLINED_PREFIXES =
      List.of("/v2", "/v1", "/api", "/token", "/health", "/metrics");

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:;"
          + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private final WebContext context;
  private final Routes routes;
  private final ExternalUrls urls;
  private final SecureRandom random = new SecureRandom();

  WebHandler(WebContext context, Routes routes, ExternalUrls urls) {
    this.context = context;
    this.routes = routes;
    this.urls = urls;
  }

  /** Returns whether {@code path} belongs to another room: the registry, tokens, API or health. */
  static boolean declines(String path) {
    for (String prefix : DECLINED_PREFIXES) {
      if (path.equals(prefix) || path.startsWith(prefix + "/")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (declines(path)) {
      return false;
    }
    if (path.startsWith(StaticAssets.PREFIX)) {
      return context.assets().serve(request, response, callback, path);
    }

    String requestId = randomHex(8);
    MDC.put("request_id", requestId);
    try {
      securityHeaders(response, requestId);
      send(response, callback, respond(request, path, requestId));
    } finally {
      MDC.remove("request_id");
    }
    return true;
  }

  private WebResponse respond(Request request, String path, String requestId) {
    Language language = LanguageResolver.resolve(request);
    Optional<String> sessionId = SessionCookie.read(request);
    Optional<Session> session = sessionId.flatMap(context.sessions()::authenticate);
    boolean staleSessionCookie = sessionId.isPresent() && session.isEmpty();

    Optional<String> formCookie = cookie(request, FORM_COOKIE);
    String anonymousToken = formCookie.orElseGet(() -> randomHex(32));
    String csrfToken = session.map(Session::csrfToken).orElse(anonymousToken);
    String baseUrl = urls.baseUrl(request);
    boolean secure = baseUrl.startsWith("https:");

    Optional<Routes.Match> match = routes.find(request.getMethod(), path);
    Fields form = new Fields();
    Fields query = new Fields();
    boolean queryInvalid = false;
    try {
      query = QueryParameters.parse(request);
    } catch (QueryParameters.InvalidEncodingException e) {
      queryInvalid = true;
    }
    WebResponse response;
    WebRequest web =
        new WebRequest(
            request, path, match.map(Routes.Match::parameters).orElse(Map.of()),
            query, form, language,
            session, csrfToken, requestId, TokenEndpoint.clientAddress(request), baseUrl, context);
    try {
      if (queryInvalid) {
        throw new WebException(400, "error.400.query");
      }
      response = route(web, request, match, form, csrfToken);
    } catch (WebException e) {
      response = ErrorPages.render(web, e.status(), e.messageKey());
    } catch (AccountException e) {
      response = ErrorPages.forAccountException(web, e);
    } catch (dev.berth.hub.HubException e) {
      response = ErrorPages.forHubException(web, e);
    } catch (Exception e) {
      LOG.atError()
          .setCause(e)
          .addKeyValue("path", path)
          .addKeyValue("request_id", requestId)
          .log("web page failed");
      response = ErrorPages.render(web, 500, "error.500.text");
    }

    if (formCookie.isEmpty() && session.isEmpty()) {
      response.withCookie(
          FORM_COOKIE + "=" + anonymousToken + "; Path=/; HttpOnly; SameSite=Strict"
              + (secure ? "; Secure" : ""));
    }
    if (staleSessionCookie) {
      response.withCookie(SessionCookie.clear(secure));
    }
    return response;
  }

  private WebResponse route(
      WebRequest web, Request request, Optional<Routes.Match> match, Fields form, String csrfToken)
      throws Exception {
    if (match.isEmpty()) {
      if (routes.hasPath(web.path())) {
        throw new WebException(405, "error.405.text");
      }
      throw WebException.notFound();
    }
    if (request.getMethod().equals("POST")) {
      Fields posted = FormFields.getFields(request);
      posted.forEach(form::add);
      String presented = form.getValue(CSRF_FIELD);
      if (presented == null || !constantTimeEquals(presented, csrfToken)) {
        LOG.atInfo().addKeyValue("path", web.path()).log("web form rejected: CSRF token mismatch");
        throw new WebException(403, "error.csrf.text");
      }
    }
    Routes.Route route = match.get().route();
    if (route.audience() == Routes.Audience.SIGNED_IN && web.session().isEmpty()) {
      return WebResponse.redirect("/signin?next=" + web.pageContext().encode(web.path()));
    }
    return route.page().handle(web);
  }

  private static void securityHeaders(Response response, String requestId) {
    var headers = response.getHeaders();
    headers.put("X-Request-Id", requestId);
    headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Referrer-Policy", "same-origin");
    headers.put("X-Frame-Options", "DENY");
    headers.put(HttpHeader.CACHE_CONTROL, "no-store");
  }

  private static void send(Response response, Callback callback, WebResponse page) {
    response.setStatus(page.status());
    for (String cookie : page.cookies()) {
      response.getHeaders().add(HttpHeader.SET_COOKIE, cookie);
    }
    if (page.location().isPresent()) {
      response.getHeaders().put(HttpHeader.LOCATION, page.location().get());
      callback.succeeded();
      return;
    }
    byte[] body = page.html().orElse("").getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  static Optional<String> cookie(Request request, String name) {
    for (HttpCookie cookie : Request.getCookies(request)) {
      if (cookie.getName().equals(name) && !cookie.getValue().isEmpty()) {
        return Optional.of(cookie.getValue());
      }
    }
    return Optional.empty();
  }

  private static boolean constantTimeEquals(String a, String b) {
    return java.security.MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private String randomHex(int bytes) {
    byte[] value = new byte[bytes];
    random.nextBytes(value);
    return HexFormat.of().formatHex(value);
  }
}
