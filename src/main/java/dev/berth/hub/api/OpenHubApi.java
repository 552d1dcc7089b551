package dev.berth.hub.api;

import dev.berth.auth.Accounts;
import dev.berth.auth.AuthenticationException;
import dev.berth.auth.api.ApiCall;
import dev.berth.auth.api.ApiErrorCode;
import dev.berth.auth.api.ApiException;
import dev.berth.auth.api.ApiResponse;
import dev.berth.auth.api.Caller;
import dev.berth.auth.api.JsonCodec;
import dev.berth.auth.api.Router;
import dev.berth.auth.api.json.ErrorJson;
import dev.berth.registry.ExternalUrls;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the hub's routes under {@code /api/} when authentication is off, so scripts and the web
 * pages still list, search and manage repositories. There are no accounts then, so every caller
 * acts as an administrator, just as the registry lets everyone push, and the accounts routes do not
 * exist. Errors have the same JSON shape as with authentication. Thread-safe.
 */
public final class OpenHubApi extends Handler.Abstract {

  private static final Logger LOG = LoggerFactory.getLogger(OpenHubApi.class);

  private final Router router = new Router();
  private final JsonCodec json = new JsonCodec();
  private final Accounts accounts;
  private final ExternalUrls urls;

  /**
   * @param accounts the auth room over the same database; its tables are empty or unused while
   *     authentication is off, and endpoints do not read it
   */
  public OpenHubApi(
      List<dev.berth.auth.api.ApiModule> modules, Accounts accounts, ExternalUrls urls) {
    this.accounts = accounts;
    this.urls = urls;
    for (dev.berth.auth.api.ApiModule module : modules) {
      module.register(router);
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (!path.startsWith("/api/")) {
      return false;
    }
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    ApiResponse result;
    try {
      result = dispatch(request, path);
    } catch (ApiException e) {
      result = error(e);
    } catch (AuthenticationException e) {
      result = error(new ApiException(ApiErrorCode.UNAUTHORIZED, e.getMessage()));
    } catch (RuntimeException e) {
      LOG.atError()
          .setCause(e)
          .addKeyValue("method", request.getMethod())
          .addKeyValue("path", path)
          .log("api request failed");
      result =
          error(
              new ApiException(
                  ApiErrorCode.INTERNAL_ERROR, "internal error; the server log has the details"));
    }
    write(request, response, callback, result);
    return true;
  }

  private ApiResponse dispatch(Request request, String path)
      throws ApiException, AuthenticationException {
    Router.Lookup lookup = router.find(request.getMethod(), path);
    if (lookup.match().isEmpty()) {
      if (lookup.allowedMethods().isEmpty()) {
        throw ApiException.notFound(
            "no API endpoint at "
                + path
                + "; authentication is off, so only the hub's"
                + " repository and search endpoints exist");
      }
      String allowed = String.join(", ", lookup.allowedMethods());
      return error(
              new ApiException(
                  ApiErrorCode.METHOD_NOT_ALLOWED,
                  "method "
                      + request.getMethod()
                      + " is not allowed on "
                      + path
                      + "; use "
                      + allowed))
          .withHeader("Allow", allowed);
    }
    Router.Match match = lookup.match().get();
    Map<String, String> parameters = new LinkedHashMap<>();
    for (Map.Entry<String, String> parameter : match.parameters().entrySet()) {
      try {
        parameters.put(parameter.getKey(), Router.decode(parameter.getValue()));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid(
            "path parameter "
                + parameter.getKey()
                + " '"
                + parameter.getValue()
                + "' has a malformed percent escape; encode '%' as %25");
      }
    }
    ApiCall call = new ApiCall(request, new Caller.Anonymous(), accounts, parameters, json, urls);
    return match.route().endpoint().handle(call);
  }

  private static ApiResponse error(ApiException e) {
    return new ApiResponse(
        e.code().status(),
        java.util.Optional.of(ErrorJson.of(e.code().name(), e.getMessage())),
        List.of());
  }

  private void write(Request request, Response response, Callback callback, ApiResponse result) {
    response.setStatus(result.status());
    for (Map.Entry<String, String> header : result.headers()) {
      response.getHeaders().add(header.getKey(), header.getValue());
    }
    if (result.body().isEmpty()) {
      response.write(true, null, callback);
      return;
    }
    byte[] bytes = json.write(result.body().get());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) bytes.length);
    boolean head = request.getMethod().equals("HEAD");
    response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
  }
}
