package dev.berth.auth.api;

import dev.berth.auth.AccountException;
import dev.berth.auth.Accounts;
import dev.berth.auth.AuthenticationException;
import dev.berth.auth.Principal;
import dev.berth.auth.SessionService;
import dev.berth.auth.TokenScope;
import dev.berth.auth.api.json.ErrorJson;
import dev.berth.registry.ExternalUrls;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the accounts API under {@code /api/}. For each request it finds the route (404 or 405
 * otherwise), identifies the caller, applies the route's {@link Access} rule, requires the
 * session's CSRF token on cookie-authenticated writes, runs the endpoint and writes its response or
 * error as JSON. Paths outside {@code /api/} are left to the next handler. Thread-safe.
 */
public final class AccountsApi extends Handler.Abstract {

  /** The header a cookie-authenticated write must carry, with the session's CSRF token. */
  static final String CSRF_HEADER = "X-CSRF-Token";

  private static final Logger LOG = LoggerFactory.getLogger(AccountsApi.class);
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final Router router;
  private final CallerResolver callers;
  private final JsonCodec json;
  private final ExternalUrls urls;
  private final Accounts accounts;

  /**
   * Builds every route over the auth room's services.
   *
   * @param sessions the session service, whose timeouts the session cookie follows
   * @param urls the base URL clients use, for page links and the cookie's {@code Secure} flag
   * @param clock the clock the auth room uses, to tell active tokens from expired ones
   */
  public AccountsApi(Accounts accounts, SessionService sessions, ExternalUrls urls, Clock clock) {
    this(accounts, sessions, urls, clock, List.of());
  }

  /**
   * Builds every route over the auth room's services, plus the routes of {@code modules}.
   *
   * @param sessions the session service, whose timeouts the session cookie follows
   * @param urls the base URL clients use, for page links and the cookie's {@code Secure} flag
   * @param clock the clock the auth room uses, to tell active tokens from expired ones
   */
  public AccountsApi(
      Accounts accounts,
      SessionService sessions,
      ExternalUrls urls,
      Clock clock,
      List<ApiModule> modules) {
    this.json = new JsonCodec();
    this.accounts = accounts;
    this.urls = urls;
    this.callers = new CallerResolver(sessions, accounts.accessTokens());
    this.router = new Router();
    new AuthEndpoints(accounts, sessions).register(router);
    new UserEndpoints(accounts, sessions).register(router);
    new TwoFactorEndpoints(accounts).register(router);
    new OrganizationEndpoints(accounts).register(router);
    new TeamEndpoints(accounts).register(router);
    new AccessTokenEndpoints(accounts, clock).register(router);
    new AdminEndpoints(accounts).register(router);
    for (ApiModule module : modules) {
      module.register(router);
    }
    new OpenApiDocument(json.mapper()).register(router);
  }

  /** Returns the routes, so a test can compare them with the OpenAPI description. */
  List<Router.Route> routes() {
    return router.routes();
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
    } catch (AccountException e) {
      result = error(new ApiException(codeOf(e.kind()), e.getMessage()));
    } catch (AuthenticationException e) {
      result = error(fromAuthentication(e));
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
    String method = request.getMethod();
    Router.Lookup lookup = router.find(method, path);
    if (lookup.match().isEmpty()) {
      if (lookup.allowedMethods().isEmpty()) {
        throw ApiException.notFound("no API endpoint at " + path + "; see /api/openapi.json");
      }
      String allowed = String.join(", ", lookup.allowedMethods());
      return error(
              new ApiException(
                  ApiErrorCode.METHOD_NOT_ALLOWED,
                  "method " + method + " is not allowed on " + path + "; use " + allowed))
          .withHeader("Allow", allowed);
    }
    Router.Match match = lookup.match().get();
    Access access = match.route().access();

    Caller caller = access == Access.PUBLIC ? new Caller.Anonymous() : callers.resolve(request);
    checkAccess(access, caller, method, path);
    if (caller instanceof Caller.SessionUser session && !SAFE_METHODS.contains(method)) {
      checkCsrf(request, session);
    }
    ApiCall call = new ApiCall(request, caller, accounts, decoded(match.parameters()), json, urls);
    return match.route().endpoint().handle(call);
  }

  private static Map<String, String> decoded(Map<String, String> parameters) throws ApiException {
    Map<String, String> decoded = new LinkedHashMap<>();
    for (Map.Entry<String, String> parameter : parameters.entrySet()) {
      try {
        decoded.put(parameter.getKey(), Router.decode(parameter.getValue()));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid(
            "path parameter "
                + parameter.getKey()
                + " '"
                + parameter.getValue()
                + "' has a malformed percent escape; encode '%' as %25");
      }
    }
    return decoded;
  }

  private static void checkAccess(Access access, Caller caller, String method, String path)
      throws ApiException {
    if (access == Access.PUBLIC
        || access == Access.OPTIONAL
        || caller instanceof Caller.SessionUser) {
      return;
    }
    if (!(caller instanceof Caller.TokenUser tokenUser)) {
      throw new ApiException(
          ApiErrorCode.UNAUTHORIZED,
          "authentication required; log in with POST /api/v2/auth/login or send Authorization:"
              + " Bearer with a personal access token");
    }
    Principal.Token token = tokenUser.token();
    if (access == Access.AUTHENTICATED) {
      return;
    }
    String endpoint = method + " " + path;
    if (access == Access.SESSION) {
      throw new ApiException(
          ApiErrorCode.INSUFFICIENT_SCOPE,
          endpoint
              + " manages credentials or administrator rights, so it needs a web session;"
              + " access tokens cannot call it. Log in with POST /api/v2/auth/login");
    }
    if (token.ownerKind() == Principal.OwnerKind.ORGANIZATION) {
      throw new ApiException(
          ApiErrorCode.INSUFFICIENT_SCOPE,
          "organization access tokens may call only GET /api/v2/auth/me; use a personal access"
              + " token or a web session for "
              + endpoint);
    }
    TokenScope needed = access == Access.MANAGE ? TokenScope.ADMIN : TokenScope.READ;
    boolean limited = !token.repositories().isEmpty() || !token.repositoryScopes().isEmpty();
    if (access == Access.MANAGE && limited) {
      // A token limited to some repositories must not reach account management, which would
      // let it grant itself (or anyone) access to every other repository.
      throw new ApiException(
          ApiErrorCode.INSUFFICIENT_SCOPE,
          "this access token is limited to some repositories, so it cannot call "
              + endpoint
              + "; use a repo:admin token without a repository limit, or a web session");
    }
    if (token.scope().compareTo(needed) < 0) {
      throw new ApiException(
          ApiErrorCode.INSUFFICIENT_SCOPE,
          "access token scope "
              + token.scope()
              + " does not allow "
              + endpoint
              + "; it needs "
              + (needed == TokenScope.ADMIN ? "repo:admin" : "repo:read or more"));
    }
  }

  private static void checkCsrf(Request request, Caller.SessionUser caller) throws ApiException {
    String presented = request.getHeaders().get(CSRF_HEADER);
    if (presented == null || presented.isEmpty()) {
      throw new ApiException(
          ApiErrorCode.CSRF_TOKEN_INVALID,
          "missing "
              + CSRF_HEADER
              + " header; cookie-authenticated writes must send the csrf_token returned by"
              + " POST /api/v2/auth/login or GET /api/v2/auth/me");
    }
    if (!caller.session().csrfTokenMatches(presented)) {
      throw new ApiException(
          ApiErrorCode.CSRF_TOKEN_INVALID,
          CSRF_HEADER
              + " does not match this session; send the csrf_token from GET /api/v2/auth/me");
    }
  }

  private static ApiErrorCode codeOf(AccountException.Kind kind) {
    return switch (kind) {
      case INVALID -> ApiErrorCode.INVALID_REQUEST;
      case NOT_FOUND -> ApiErrorCode.NOT_FOUND;
      case CONFLICT -> ApiErrorCode.CONFLICT;
      case FORBIDDEN -> ApiErrorCode.DENIED;
    };
  }

  /** Maps a rejected credential to its API error; the message is already safe to show. */
  static ApiException fromAuthentication(AuthenticationException e) {
    return switch (e.reason()) {
      case INVALID_CREDENTIALS, SECOND_FACTOR_REQUIRED ->
          new ApiException(ApiErrorCode.UNAUTHORIZED, e.getMessage());
      case DISABLED -> new ApiException(ApiErrorCode.DENIED, e.getMessage());
      case THROTTLED ->
          new ApiException(ApiErrorCode.TOO_MANY_REQUESTS, e.getMessage(), e.retryAfter());
    };
  }

  private static ApiResponse error(ApiException e) {
    LOG.atDebug()
        .addKeyValue("code", e.code())
        .addKeyValue("error", e.getMessage())
        .log("api request rejected");
    ApiResponse response =
        new ApiResponse(
            e.code().status(),
            Optional.of(ErrorJson.of(e.code().name(), e.getMessage())),
            List.of());
    if (e.retryAfter().isPresent()) {
      Duration wait = e.retryAfter().get();
      response = response.withHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
    }
    if (e.code() == ApiErrorCode.UNAUTHORIZED) {
      response = response.withHeader("WWW-Authenticate", "Bearer realm=\"berth-api\"");
    }
    return response;
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
    byte[] bytes;
    String contentType;
    if (result.body().get() instanceof RawBody raw) {
      bytes = raw.bytes();
      contentType = raw.contentType();
    } else {
      bytes = json.write(result.body().get());
      contentType = "application/json";
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) bytes.length);
    boolean head = request.getMethod().equals("HEAD");
    response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
  }

  /**
   * A body that is written as it is rather than as JSON, such as the YAML description.
   *
   * @param contentType the media type sent in {@code Content-Type}
   * @param bytes the body
   */
  record RawBody(String contentType, byte[] bytes) {}
}
