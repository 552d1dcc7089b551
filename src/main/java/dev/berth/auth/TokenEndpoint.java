package dev.berth.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /token}: the Docker registry token service. GET takes Basic credentials (or none, for
 * anonymous pulls) and {@code scope} parameters; POST takes the OAuth2 form with the {@code
 * password} or {@code refresh_token} grant. Both return a signed JWT listing what was
 * granted; anything not granted is simply left out. {@code /token/jwks.json} publishes the key.
 */
public final class TokenEndpoint extends Handler.Abstract {

  private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_FORM_BYTES = 64 * 1024;

  private final Authenticator authenticator;
  private final ScopeGranter granter;
  private final RegistryTokens tokens;
  private final PrincipalResolver resolver;
  private final SigningKeys keys;

  public TokenEndpoint(
      Authenticator authenticator,
      ScopeGranter granter,
      RegistryTokens tokens,
      PrincipalResolver resolver,
      SigningKeys keys) {
    this.authenticator = authenticator;
    this.granter = granter;
    this.tokens = tokens;
    this.resolver = resolver;
    this.keys = keys;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    if (path.equals("/token/jwks.json")) {
      send(response, callback, 200, keys.publicJwks().getBytes(StandardCharsets.UTF_8));
      return true;
    }
    if (!path.equals("/token") && !path.equals("/token/")) {
      return false;
    }
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    try {
      switch (request.getMethod()) {
        case "GET" -> get(request, response, callback);
        case "POST" -> post(request, response, callback);
        default -> fail(response, callback, 405, "UNSUPPORTED", "invalid_request",
            "method " + request.getMethod() + " is not supported on /token; use GET or POST");
      }
    } catch (TokenRequestException e) {
      if (e.retryAfterSeconds > 0) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, e.retryAfterSeconds);
      }
      fail(response, callback, e.status, e.code, e.oauthError, e.getMessage());
    }
    return true;
  }

  private void get(Request request, Response response, Callback callback)
      throws TokenRequestException {
    Fields query = Request.extractQueryParameters(request);
    checkService(query.getValue("service"));
    List<ResourceScope> requested = scopes(query.getValues("scope"));

    Optional<BasicCredentials> basic = basicCredentials(request);
    Principal principal = new Principal.Anonymous();
    if (basic.isPresent()) {
      principal = authenticate(basic.get().username(), basic.get().secret(), clientAddress(request));
    }
    boolean offline = "true".equals(query.getValue("offline_token"));
    issue(response, callback, principal, requested, offline && basic.isPresent());
  }

  private void post(Request request, Response response, Callback callback)
      throws TokenRequestException {
    Map<String, String> form = readForm(request);
    checkService(form.get("service"));
    List<ResourceScope> requested = new ArrayList<>();
    if (form.containsKey("scope")) {
      requested = scopes(List.of(form.get("scope").trim().split("\\s+")));
    }

    String grantType = form.getOrDefault("grant_type", "");
    Principal principal;
    switch (grantType) {
      case "password" -> {
        String username = required(form, "username");
        String password = required(form, "password");
        principal = authenticate(username, password, clientAddress(request));
      }
      case "refresh_token" -> {
        String refresh = required(form, "refresh_token");
        RegistryTokens.TokenSubject subject =
            tokens.verifyRefresh(refresh)
                .orElseThrow(() -> unauthorized("refresh token is invalid or expired; log in again"));
        principal =
            resolver.resolve(subject)
                .orElseThrow(
                    () -> unauthorized("the account or access token behind this refresh token is"
                        + " no longer active; log in again"));
      }
      default -> throw new TokenRequestException(400, "UNSUPPORTED", "unsupported_grant_type",
          "grant_type '" + grantType + "' is not supported; use password or refresh_token");
    }
    // A refresh grant returns no new refresh token, so a refresh token ends at its own expiry
    // instead of rolling forward for ever.
    boolean offline = "offline".equals(form.get("access_type")) && grantType.equals("password");
    issue(response, callback, principal, requested, offline);
  }

  private void issue(
      Response response,
      Callback callback,
      Principal principal,
      List<ResourceScope> requested,
      boolean withRefresh) {
    List<ResourceScope> granted = granter.grant(principal, requested);
    RegistryTokens.TokenSubject subject = subjectOf(principal);
    String token = tokens.issueAccess(subject, granted);

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token", token);
    body.put("access_token", token);
    body.put("expires_in", tokens.accessTtl().toSeconds());
    body.put("issued_at", DateTimeFormatter.ISO_INSTANT.format(Instant.now()));
    if (withRefresh && !subject.anonymous()) {
      RegistryTokens.TokenSubject refreshSubject =
          principal instanceof Principal.User user
              ? new RegistryTokens.TokenSubject(
                  subject.name(), subject.accessTokenId(), resolver.credentialStamp(user.username()))
              : subject;
      body.put("refresh_token", tokens.issueRefresh(refreshSubject));
    }
    LOG.atDebug()
        .addKeyValue("user", subject.name())
        .addKeyValue("granted", granted.toString())
        .log("issued registry token");
    try {
      send(response, callback, 200, JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      callback.failed(e);
    }
  }

  /** Returns the token subject for a principal: the user or token owner, and the token id. */
  public static RegistryTokens.TokenSubject subjectOf(Principal principal) {
    return switch (principal) {
      case Principal.Anonymous a -> new RegistryTokens.TokenSubject("", Optional.empty());
      case Principal.User u -> new RegistryTokens.TokenSubject(u.username(), Optional.empty());
      case Principal.Token t -> new RegistryTokens.TokenSubject(t.owner(), Optional.of(t.tokenId()));
    };
  }

  private Principal authenticate(String username, String secret, InetAddress client)
      throws TokenRequestException {
    try {
      return authenticator.authenticate(username, secret, client);
    } catch (AuthenticationException e) {
      LOG.atInfo()
          .addKeyValue("user", LoggedNames.of(username))
          .addKeyValue("reason", e.reason())
          .addKeyValue("client", client.getHostAddress())
          .log("token request rejected");
      if (e.reason() == AuthenticationException.Reason.THROTTLED) {
        TokenRequestException throttled =
            new TokenRequestException(429, "TOOMANYREQUESTS", "slow_down", e.getMessage());
        throttled.retryAfterSeconds = e.retryAfter().map(d -> Math.max(1, d.toSeconds())).orElse(1L);
        throw throttled;
      }
      throw unauthorized(e.getMessage());
    }
  }

  private void checkService(String service) throws TokenRequestException {
    if (service != null && !service.isEmpty() && !service.equals(tokens.service())) {
      throw new TokenRequestException(400, "UNSUPPORTED", "invalid_request",
          "service '" + service + "' is not served here; use service=" + tokens.service());
    }
  }

  /** The maximum number of scopes in one token request; more would make a JWT too big for a header. */
  static final int MAX_SCOPES = 100;

  private static List<ResourceScope> scopes(List<String> values) throws TokenRequestException {
    List<ResourceScope> scopes = new ArrayList<>();
    if (values == null) {
      return scopes;
    }
    for (String value : values) {
      // Some clients join several scopes with spaces in one parameter.
      for (String part : value.trim().split("\\s+")) {
        if (part.isEmpty()) {
          continue;
        }
        if (scopes.size() == MAX_SCOPES) {
          throw new TokenRequestException(400, "UNSUPPORTED", "invalid_scope",
              "more than " + MAX_SCOPES + " scopes in one token request; ask for fewer");
        }
        try {
          scopes.add(ResourceScope.parse(part));
        } catch (IllegalArgumentException e) {
          throw new TokenRequestException(400, "UNSUPPORTED", "invalid_scope", e.getMessage());
        }
      }
    }
    return scopes;
  }

  private static Optional<BasicCredentials> basicCredentials(Request request)
      throws TokenRequestException {
    try {
      return BasicCredentials.parse(request.getHeaders().get(HttpHeader.AUTHORIZATION));
    } catch (IllegalArgumentException e) {
      throw unauthorized(e.getMessage());
    }
  }

  private static Map<String, String> readForm(Request request) throws TokenRequestException {
    byte[] body;
    try (InputStream in = Content.Source.asInputStream(request)) {
      body = in.readNBytes(MAX_FORM_BYTES + 1);
    } catch (IOException e) {
      throw new TokenRequestException(400, "UNSUPPORTED", "invalid_request",
          "the token request body could not be read");
    }
    if (body.length > MAX_FORM_BYTES) {
      throw new TokenRequestException(413, "SIZE_INVALID", "invalid_request",
          "the token request body is over " + MAX_FORM_BYTES + " bytes");
    }
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      form.merge(key, value, (a, b) -> a + " " + b);
    }
    return form;
  }

  private static String required(Map<String, String> form, String field)
      throws TokenRequestException {
    String value = form.get(field);
    if (value == null || value.isEmpty()) {
      throw new TokenRequestException(400, "UNSUPPORTED", "invalid_request",
          "form field '" + field + "' is missing");
    }
    return value;
  }

  /**
   * The request attribute holding the caller's address as an {@link InetAddress}, set by the
   * server when the connection comes from a trusted proxy that names the client in {@code
   * X-Forwarded-For}.
   */
  public static final String CLIENT_ADDRESS_ATTRIBUTE = "dev.berth.auth.clientAddress";

  /**
   * Returns the caller's IP address: the one a trusted proxy forwarded, or else the address of
   * this connection's peer.
   */
  public static InetAddress clientAddress(Request request) {
    if (request.getAttribute(CLIENT_ADDRESS_ATTRIBUTE) instanceof InetAddress forwarded) {
      return forwarded;
    }
    if (request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress a
        && a.getAddress() != null) {
      return a.getAddress();
    }
    return InetAddress.getLoopbackAddress();
  }

  private static TokenRequestException unauthorized(String message) {
    return new TokenRequestException(401, "UNAUTHORIZED", "invalid_grant", message);
  }

  /**
   * Writes an error that every client family can read: the distribution spec's {@code errors},
   * the {@code details} field Docker's client prints, and OAuth2's {@code error} fields.
   */
  private static void fail(
      Response response, Callback callback, int status, String code, String oauthError,
      String message) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("errors").addObject().put("code", code).put("message", message).putObject("detail");
    body.put("details", message);
    body.put("error", oauthError);
    body.put("error_description", message);
    try {
      send(response, callback, status, JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      callback.failed(e);
    }
  }

  private static void send(Response response, Callback callback, int status, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** A token request that fails with an HTTP status and a message for the client. */
  private static final class TokenRequestException extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;
    final String oauthError;
    long retryAfterSeconds;

    TokenRequestException(int status, String code, String oauthError, String message) {
      super(message);
      this.status = status;
      this.code = code;
      this.oauthError = oauthError;
    }
  }
}
