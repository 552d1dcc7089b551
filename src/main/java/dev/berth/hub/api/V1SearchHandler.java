package dev.berth.hub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.auth.api.json.ErrorJson;
import dev.berth.hub.Hub;
import dev.berth.hub.HubException;
import dev.berth.hub.Page;
import dev.berth.hub.RepositoryInfo;
import dev.berth.hub.Viewer;
import dev.berth.hub.api.json.V1SearchJson;
import dev.berth.registry.QueryParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /v1/search?q=TERM&n=N&page=P}, which {@code docker search HOST/TERM} and {@code
 * podman search HOST/TERM} call, and {@code GET /v1/_ping}, which the Docker daemon calls first. It
 * sits beside the registry, outside the {@code /v2} gate: anonymous callers are served, and
 * credentials only widen what they see. Every response is JSON, errors included, so no client meets
 * an HTML page where it expects JSON. Other {@code /v1/} paths get a JSON 404.
 */
public final class V1SearchHandler extends Handler.Abstract {

  /** The page size when {@code n} is absent, as the Docker CLI defaults its limit. */
  public static final int DEFAULT_LIMIT = 25;

  /** The largest {@code n}; the Docker CLI rejects larger limits itself. */
  public static final int MAX_LIMIT = 100;

  private static final Logger LOG = LoggerFactory.getLogger(V1SearchHandler.class);

  private final Hub hub;
  private final SearchCallers callers;
  private final ObjectMapper json =
      JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  public V1SearchHandler(Hub hub, SearchCallers callers) {
    this.hub = hub;
    this.callers = callers;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (!path.equals("/v1") && !path.startsWith("/v1/")) {
      return false;
    }
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    boolean read = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
    if (path.equals("/v1/_ping")) {
      response.getHeaders().put("X-Docker-Registry-Standalone", "true");
      write(request, response, callback, 200, Map.of("standalone", true));
      return true;
    }
    if (!path.equals("/v1/search") && !path.equals("/v1/search/")) {
      error(
          request,
          response,
          callback,
          404,
          "NOT_FOUND",
          "no endpoint at " + path + "; Berth serves /v1/search and /v1/_ping of the v1 API");
      return true;
    }
    if (!read) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      error(
          request,
          response,
          callback,
          405,
          "METHOD_NOT_ALLOWED",
          "method " + request.getMethod() + " is not allowed on /v1/search; use GET");
      return true;
    }
    try {
      search(request, response, callback);
    } catch (BadQuery e) {
      error(request, response, callback, 400, "INVALID_REQUEST", e.getMessage());
    } catch (HubException e) {
      error(request, response, callback, 400, "INVALID_REQUEST", e.getMessage());
    } catch (SearchCallers.Rejected e) {
      if (e.retryAfter().isPresent()) {
        response
            .getHeaders()
            .put(HttpHeader.RETRY_AFTER, Math.max(1, e.retryAfter().get().toSeconds()));
      }
      if (e.status() == 401) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"berth\"");
      }
      String code =
          switch (e.status()) {
            case 429 -> "TOOMANYREQUESTS";
            case 403 -> "DENIED";
            default -> "UNAUTHORIZED";
          };
      error(request, response, callback, e.status(), code, e.getMessage());
    } catch (RuntimeException e) {
      LOG.atError().setCause(e).log("search failed");
      error(
          request,
          response,
          callback,
          500,
          "INTERNAL_ERROR",
          "internal error; the server log has the details");
    }
    return true;
  }

  private void search(Request request, Response response, Callback callback)
      throws BadQuery, SearchCallers.Rejected {
    Fields query;
    try {
      query = QueryParameters.parse(request);
    } catch (QueryParameters.InvalidEncodingException e) {
      throw new BadQuery(e.getMessage());
    }
    String term = Optional.ofNullable(query.getValue("q")).orElse("");
    int limit = number(query, "n", DEFAULT_LIMIT, MAX_LIMIT);
    int page = number(query, "page", 1, Integer.MAX_VALUE);
    Viewer viewer = callers.resolve(request);
    long offset = (long) (page - 1) * limit;
    Page<RepositoryInfo> found = hub.search(viewer, term, 0, Optional.empty(), offset, limit);
    long pages = (found.count() + limit - 1) / limit;
    V1SearchJson body =
        new V1SearchJson(
            term,
            found.count(),
            pages,
            page,
            limit,
            found.items().stream().map(V1SearchJson.Result::of).toList());
    write(request, response, callback, 200, body);
  }

  private static int number(Fields query, String name, int fallback, int max) throws BadQuery {
    String text = query.getValue(name);
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    String rule = max == Integer.MAX_VALUE ? "1 or more" : "1 to " + max;
    try {
      int value = Integer.parseInt(text);
      if (value >= 1 && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below with the rule.
    }
    throw new BadQuery(
        "query parameter " + name + "=" + text + " is invalid; use a whole number " + rule);
  }

  private void error(
      Request request,
      Response response,
      Callback callback,
      int status,
      String code,
      String message) {
    write(request, response, callback, status, ErrorJson.of(code, message));
  }

  private void write(
      Request request, Response response, Callback callback, int status, Object body) {
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException("search bodies always serialise", e);
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) bytes.length);
    boolean head = request.getMethod().equals("HEAD");
    response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
  }

  /** A query parameter that breaks its rule. */
  private static final class BadQuery extends Exception {
    private static final long serialVersionUID = 1L;

    BadQuery(String message) {
      super(message);
    }
  }
}
