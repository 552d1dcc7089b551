package dev.berth.auth.api;

import dev.berth.auth.AccountService;
import dev.berth.auth.Accounts;
import dev.berth.auth.Principal;
import dev.berth.auth.TokenEndpoint;
import dev.berth.auth.api.json.PageJson;
import dev.berth.registry.ExternalUrls;
import dev.berth.registry.QueryParameters;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;

/**
 * One API request as passed to an endpoint: the caller, the path parameters, the query, the body
 * and the helpers that build pages. Used by one thread.
 */
public final class ApiCall {

  /** The path segment that stands for the caller's own user name, as in {@code /users/me}. */
  public static final String ME = "me";

  private final Request request;
  private final Caller caller;
  private final Accounts accounts;
  private final Map<String, String> parameters;
  private final JsonCodec json;
  private final ExternalUrls urls;
  private @Nullable Fields query;

  public ApiCall(
      Request request,
      Caller caller,
      Accounts accounts,
      Map<String, String> parameters,
      JsonCodec json,
      ExternalUrls urls) {
    this.request = request;
    this.caller = caller;
    this.accounts = accounts;
    this.parameters = Map.copyOf(parameters);
    this.json = json;
    this.urls = urls;
  }

  public Request request() {
    return request;
  }

  public Caller caller() {
    return caller;
  }

  /** Returns the auth room, for endpoints of other rooms that check permissions. */
  public Accounts accounts() {
    return accounts;
  }

  /** Returns the account service, for checks several endpoints share. */
  public AccountService accountService() {
    return accounts.accountService();
  }

  /** Returns a path parameter of the route, such as {@code org}. */
  public String path(String name) {
    String value = parameters.get(name);
    if (value == null) {
      throw new IllegalStateException("route has no parameter " + name);
    }
    return value;
  }

  /**
   * Returns the first value of a query parameter.
   *
   * @throws ApiException INVALID_REQUEST when the query string's percent-encoding is invalid
   */
  public Optional<String> query(String name) throws ApiException {
    if (query == null) {
      try {
        query = QueryParameters.parse(request);
      } catch (QueryParameters.InvalidEncodingException e) {
        throw ApiException.invalid(e.getMessage());
      }
    }
    return Optional.ofNullable(query.getValue(name));
  }

  /** Reads the JSON body; see {@link JsonCodec#read}. */
  public <T> T body(Class<T> type) throws ApiException {
    return json.read(request, type);
  }

  /** Reads a JSON body of up to {@code maxBytes}; see {@link JsonCodec#read(Request, Class, int)}. */
  public <T> T body(Class<T> type, int maxBytes) throws ApiException {
    return json.read(request, type, maxBytes);
  }

  /** Returns the caller's IP address on this connection, for login throttling. */
  public InetAddress client() {
    return TokenEndpoint.clientAddress(request);
  }

  /** Returns the base URL clients use, such as {@code https://registry.example}. */
  public String baseUrl() {
    return urls.baseUrl(request);
  }

  /** Returns whether the client reached Berth over HTTPS, directly or through a trusted proxy. */
  public boolean secure() {
    return baseUrl().startsWith("https:");
  }

  /**
   * Returns the user the request acts as: the session's user or a personal token's owner.
   *
   * @throws ApiException INSUFFICIENT_SCOPE for an organization token, UNAUTHORIZED when anonymous
   */
  public Principal.User user() throws ApiException {
    return switch (caller) {
      case Caller.SessionUser s -> s.session().user();
      case Caller.TokenUser t when t.token().ownerKind() == Principal.OwnerKind.USER ->
          new Principal.User(t.token().owner(), t.token().ownerIsAdministrator());
      case Caller.TokenUser t ->
          throw new ApiException(
              ApiErrorCode.INSUFFICIENT_SCOPE,
              "organization access tokens cannot act as a user here; use a personal access token");
      case Caller.Anonymous a ->
          throw new ApiException(ApiErrorCode.UNAUTHORIZED, "authentication required");
    };
  }

  /** Returns the user name of the path parameter {@code name}, with {@value #ME} resolved. */
  public String userName(String name) throws ApiException {
    String value = path(name);
    return value.equals(ME) ? user().username() : value;
  }

  /**
   * Returns {@code value}, the request body's field {@code field}.
   *
   * @throws ApiException INVALID_REQUEST when the field is missing or null
   */
  public static <T> T required(@Nullable T value, String field) throws ApiException {
    if (value == null) {
      throw ApiException.invalid("field '" + field + "' is missing from the request body");
    }
    return value;
  }

  /** Parses {@code page} and {@code page_size}. */
  public PageRequest pageRequest() throws ApiException {
    return PageRequest.parse(query("page"), query("page_size"));
  }

  /** Returns one page of {@code items}, each converted by {@code convert}. */
  public <T, R> PageJson<R> page(List<T> items, Function<T, R> convert) throws ApiException {
    return page(items, convert, List.of());
  }

  /**
   * Returns one page of {@code items}, each converted by {@code convert}, with links that keep the
   * request's values of the query parameters {@code keptParameters}.
   */
  public <T, R> PageJson<R> page(
      List<T> items, Function<T, R> convert, List<String> keptParameters) throws ApiException {
    PageRequest page = pageRequest();
    long offset = Math.min(page.offset(), items.size());
    int end = (int) Math.min(offset + page.pageSize(), items.size());
    List<R> results = items.subList((int) offset, end).stream().map(convert).toList();
    return page(page, items.size(), results, keptParameters);
  }

  /** Returns a page whose items the caller already fetched for {@code page}. */
  public <R> PageJson<R> page(PageRequest page, long count, List<R> results) {
    return page(page, count, results, List.of());
  }

  /**
   * Returns a page whose items the caller already fetched for {@code page}, with links that keep
   * the request's values of the query parameters {@code keptParameters}, URL-encoded.
   */
  public <R> PageJson<R> page(
      PageRequest page, long count, List<R> results, List<String> keptParameters) {
    String next =
        page.offset() + page.pageSize() < count
            ? link(page.page() + 1, page, keptParameters)
            : null;
    String previous = page.page() > 1 ? link(page.page() - 1, page, keptParameters) : null;
    return new PageJson<>(count, next, previous, results);
  }

  private String link(int number, PageRequest page, List<String> keptParameters) {
    StringBuilder url =
        new StringBuilder(baseUrl())
            .append(request.getHttpURI().getPath())
            .append("?page=")
            .append(number)
            .append("&page_size=")
            .append(page.pageSize());
    for (String name : keptParameters) {
      Optional<String> value;
      try {
        value = query(name);
      } catch (ApiException e) {
        // The page request read the same query string already, so its encoding is valid here.
        throw new IllegalStateException("query string failed to parse after it parsed once", e);
      }
      if (value.isPresent()) {
        url.append('&')
            .append(name)
            .append('=')
            .append(URLEncoder.encode(value.get(), StandardCharsets.UTF_8));
      }
    }
    return url.toString();
  }
}
