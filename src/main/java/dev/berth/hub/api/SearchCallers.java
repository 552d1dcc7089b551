package dev.berth.hub.api;

import dev.berth.auth.AccessTokenService;
import dev.berth.auth.AuthenticationException;
import dev.berth.auth.Authenticator;
import dev.berth.auth.BasicCredentials;
import dev.berth.auth.Principal;
import dev.berth.auth.PrincipalResolver;
import dev.berth.auth.RegistryTokens;
import dev.berth.auth.TokenEndpoint;
import dev.berth.hub.Viewer;
import dev.berth.hub.Viewers;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identifies the caller of {@code /v1/search}. After {@code docker login}, the Docker daemon sends
 * Basic credentials (a password or an access token, checked and throttled as on {@code /token}), or
 * a registry bearer token from {@code /token} when the login stored a refresh token. Scripts may
 * also send an access token as {@code Authorization: Bearer}, as the JSON API takes it. Without
 * credentials the caller is anonymous and sees public repositories only.
 *
 * <p>containers/image (podman search) is the exception. It calls {@code /v1/search} without
 * credentials even after {@code podman login}, uses any 200 response, and only after another
 * status searches {@code GET /v2/_catalog} with its stored credentials, filtering the names itself.
 * So its anonymous requests are rejected with 401, which sends a signed-in podman to the catalog
 * with its private repositories and a signed-out one to the anonymous catalog of public
 * repositories. Through the catalog, podman shows names only, without stars or descriptions.
 */
@FunctionalInterface
public interface SearchCallers {

  /**
   * Returns the viewer of {@code request}.
   *
   * @throws Rejected when credentials were sent but are not accepted
   */
  Viewer resolve(Request request) throws Rejected;

  /** The error message for an anonymous containers/image request, which podman logs at debug. */
  String CONTAINERS_IMAGE_MESSAGE =
      "podman and other containers/image clients search through /v2/_catalog with their stored"
          + " credentials; sign in with podman login to include private repositories";

  /**
   * Returns whether {@code request} comes from containers/image, whose default User-Agent is
   * {@code containers/VERSION (github.com/containers/image)} (podman 4.3.1 sends {@code
   * containers/5.23.1 (github.com/containers/image)}).
   */
  static boolean isContainersImage(Request request) {
    String userAgent = request.getHeaders().get(HttpHeader.USER_AGENT);
    return userAgent != null && userAgent.contains("(github.com/containers/image)");
  }

  /** Returns the callers for Berth without authentication, where every caller may read every repository. */
  static SearchCallers everyone() {
    return request -> Viewers.everyone();
  }

  /** Returns the callers for Berth with authentication. */
  static SearchCallers signedIn(
      Authenticator authenticator,
      AccessTokenService accessTokens,
      RegistryTokens tokens,
      PrincipalResolver resolver,
      Viewers viewers) {
    Logger log = LoggerFactory.getLogger(SearchCallers.class);
    return request -> {
      String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
      if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        String bearer = header.substring(7).trim();
        if (AccessTokenService.looksLikeToken(bearer)) {
          // A personal or organization access token, as the JSON API takes it.
          try {
            return viewers.of(
                accessTokens.authenticate(bearer, TokenEndpoint.clientAddress(request)));
          } catch (AuthenticationException e) {
            log.atInfo()
                .addKeyValue("reason", e.reason())
                .log("access token rejected on /v1/search");
            throw new Rejected(401, e.getMessage(), Optional.empty());
          }
        }
        RegistryTokens.Verified verified =
            tokens
                .verifyAccess(bearer)
                .orElseThrow(
                    () ->
                        new Rejected(
                            401,
                            "the bearer token is invalid or expired; request a new one from"
                                + " /token, or send Basic credentials",
                            Optional.empty()));
        Principal principal =
            verified.subject().anonymous()
                ? new Principal.Anonymous()
                : resolver.resolve(verified.subject()).orElse(new Principal.Anonymous());
        return viewers.of(principal);
      }
      Optional<BasicCredentials> basic;
      try {
        basic = BasicCredentials.parse(header);
      } catch (IllegalArgumentException e) {
        throw new Rejected(401, e.getMessage(), Optional.empty());
      }
      if (basic.isEmpty()) {
        if (isContainersImage(request)) {
          throw new Rejected(401, CONTAINERS_IMAGE_MESSAGE, Optional.empty());
        }
        return viewers.of(new Principal.Anonymous());
      }
      try {
        Principal principal =
            authenticator.authenticate(
                basic.get().username(), basic.get().secret(), TokenEndpoint.clientAddress(request));
        return viewers.of(principal);
      } catch (AuthenticationException e) {
        log.atInfo()
            .addKeyValue("reason", e.reason())
            .log("basic credentials rejected on /v1/search");
        int status =
            switch (e.reason()) {
              case THROTTLED -> 429;
              case DISABLED -> 403;
              default -> 401;
            };
        throw new Rejected(status, e.getMessage(), e.retryAfter());
      }
    };
  }

  /** Credentials that were sent but not accepted, with the HTTP status to send. */
  final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Optional<Duration> retryAfter;

    public Rejected(int status, String message, Optional<Duration> retryAfter) {
      super(message);
      this.status = status;
      this.retryAfter = retryAfter;
    }

    public int status() {
      return status;
    }

    public Optional<Duration> retryAfter() {
      return retryAfter;
    }
  }
}
