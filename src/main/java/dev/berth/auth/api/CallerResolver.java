package dev.berth.auth.api;

import dev.berth.audit.AuditOrigin;
import dev.berth.auth.AccessTokenService;
import dev.berth.auth.AuthenticationException;
import dev.berth.auth.Principal;
import dev.berth.auth.Session;
import dev.berth.auth.SessionService;
import dev.berth.auth.TokenEndpoint;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request's credentials into a {@link Caller}. An {@code Authorization} header wins over a
 * cookie: with {@code Bearer} and an access token the request is a script's, and needs no CSRF
 * token because browsers never add that header by themselves. Without the header, the session
 * cookie decides; without either the caller is anonymous.
 */
final class CallerResolver {

  private static final Logger LOG = LoggerFactory.getLogger(CallerResolver.class);

  private final SessionService sessions;
  private final AccessTokenService tokens;

  CallerResolver(SessionService sessions, AccessTokenService tokens) {
    this.sessions = sessions;
    this.tokens = tokens;
  }

  /**
   * Returns the caller.
   *
   * @throws ApiException UNAUTHORIZED when credentials are present but not accepted, DENIED when a
   *     token's owner is disabled
   */
  Caller resolve(Request request) throws ApiException {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (header != null) {
      return bearer(request, header);
    }
    Optional<String> cookie = SessionCookie.read(request);
    if (cookie.isEmpty()) {
      return new Caller.Anonymous();
    }
    Optional<Session> session = sessions.authenticate(cookie.get());
    if (session.isEmpty()) {
      throw new ApiException(
          ApiErrorCode.UNAUTHORIZED,
          "session is expired or invalid; log in again with POST /api/v2/auth/login");
    }
    return new Caller.SessionUser(session.get());
  }

  private Caller bearer(Request request, String header) throws ApiException {
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new ApiException(
          ApiErrorCode.UNAUTHORIZED,
          "Authorization scheme is not supported here; send Authorization: Bearer with a personal"
              + " or organization access token, or use a session cookie");
    }
    String secret = header.substring(7).trim();
    if (!AccessTokenService.looksLikeToken(secret)) {
      throw new ApiException(
          ApiErrorCode.UNAUTHORIZED,
          "bearer credential is not a Berth access token; create one with POST"
              + " /api/v2/access-tokens (it starts with bth_pat_ or bth_oat_)");
    }
    try {
      Principal.Token token = tokens.authenticate(secret, TokenEndpoint.clientAddress(request));
      AuditOrigin.useAccessToken(token.tokenId());
      return new Caller.TokenUser(token);
    } catch (AuthenticationException e) {
      LOG.atInfo()
          .addKeyValue("reason", e.reason())
          .addKeyValue("client", TokenEndpoint.clientAddress(request).getHostAddress())
          .log("api bearer token rejected");
      ApiErrorCode code =
          e.reason() == AuthenticationException.Reason.DISABLED
              ? ApiErrorCode.DENIED
              : ApiErrorCode.UNAUTHORIZED;
      throw new ApiException(code, e.getMessage());
    }
  }
}
