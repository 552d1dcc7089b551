package dev.berth.server;

import dev.berth.audit.AuditOrigin;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.auth.AuthenticationException;
import dev.berth.auth.BasicCredentials;
import dev.berth.auth.Authenticator;
import dev.berth.auth.Authorizer;
import dev.berth.auth.Principal;
import dev.berth.auth.PrincipalResolver;
import dev.berth.auth.RegistryTokens;
import dev.berth.auth.RepositoryAction;
import dev.berth.auth.ResourceScope;
import dev.berth.auth.TokenEndpoint;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.ExternalUrls;
import dev.berth.registry.RegistryAccess;
import dev.berth.registry.RequiredAccess;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates and authorizes every request under {@code /v2/} before the registry handles it.
 * Callers present a bearer token from {@code /token}, Basic credentials (for simple clients), or
 * nothing (anonymous pulls of public repositories). A caller who may not do what the route needs
 * gets a 401 with the Docker token challenge, or a 403 when signed in but not permitted; a private
 * repository the caller may not see gets the same answer as one that does not exist.
 */
final class RegistryAuthGate extends Handler.Wrapper {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryAuthGate.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Authenticator authenticator;
  private final Authorizer authorizer;
  private final RegistryTokens tokens;
  private final PrincipalResolver resolver;
  private final ExternalUrls urls;

  RegistryAuthGate(
      Handler registry,
      Authenticator authenticator,
      Authorizer authorizer,
      RegistryTokens tokens,
      PrincipalResolver resolver,
      ExternalUrls urls) {
    super(registry);
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.tokens = tokens;
    this.resolver = resolver;
    this.urls = urls;
  }

  /** The checked caller of one request. */
  private interface Caller {
    /** Returns whether the caller proved an identity (bearer with a subject, or Basic). */
    boolean authenticated();

    /** Returns whether the caller may take {@code actions} on {@code repository} right now. */
    boolean allows(RepositoryName repository, Set<String> actions);

    /** Returns whether the principal could get these actions with a fresh token. */
    boolean couldObtain(RepositoryName repository, Set<String> actions);

    boolean mayListCatalog();

    /** Returns whether the principal could list the catalog with a fresh token. */
    boolean couldListCatalog();

    /** Returns the live principal, for catalog filtering. */
    Principal principal();

    /** Returns whether a bearer token was presented, so the client should fetch another. */
    boolean bearer();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    if (!path.startsWith("/v2")) {
      return super.handle(request, response, callback);
    }
    response.getHeaders().put("Docker-Distribution-API-Version", "registry/2.0");
    RequiredAccess required = RequiredAccess.of(request.getMethod(), path);

    Caller caller;
    try {
      caller = identify(request);
    } catch (RejectedCredentials e) {
      if (e.status == 429) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, e.retryAfterSeconds);
      }
      challenge(request, response, callback, required, false, e.getMessage(), e.status);
      return true;
    }

    switch (required) {
      case RequiredAccess.Base base -> {
        if (!caller.authenticated()) {
          challenge(request, response, callback, required, false,
              "authentication required; log in with docker login", 401);
          return true;
        }
      }
      case RequiredAccess.Catalog catalog -> {
        if (!caller.mayListCatalog()) {
          String message;
          if (!caller.bearer() && !caller.authenticated()) {
            message =
                "listing the catalog needs a token with scope registry:catalog:* from the realm;"
                    + " sign in to include private repositories";
          } else if (caller.couldListCatalog()) {
            message =
                "the bearer token does not grant registry:catalog:*; request a token with that"
                    + " scope from the realm";
          } else {
            message =
                "listing the catalog is denied: the account is disabled or the access token is"
                    + " revoked or expired";
          }
          deny(request, response, callback, caller, required, message);
          return true;
        }
      }
      case RequiredAccess.Repository repo -> {
        if (!caller.allows(repo.name(), repo.actions())) {
          deny(request, response, callback, caller, required, denialMessage(repo));
          return true;
        }
      }
      case RequiredAccess.None none -> {}
    }

    Principal principal = caller.principal();
    if (principal instanceof Principal.Token token) {
      AuditOrigin.useAccessToken(token.tokenId());
    }
    Optional<String> actor =
        principal.name().isEmpty() ? Optional.empty() : Optional.of(principal.name());
    boolean administrator =
        switch (principal) {
          case Principal.User user -> user.administrator();
          case Principal.Token token -> token.ownerIsAdministrator();
          case Principal.Anonymous anonymous -> false;
        };
    request.setAttribute(
        RegistryAccess.ATTRIBUTE,
        new RegistryAccess() {
          @Override
          public boolean mayPull(dev.berth.oci.RepositoryName repository) {
            return caller.allows(repository, Set.of("pull"))
                || authorizer.allowedActions(principal, repository).contains(RepositoryAction.PULL);
          }

          @Override
          public Optional<String> actor() {
            return actor;
          }

          @Override
          public boolean administrator() {
            return administrator;
          }
        });
    return super.handle(request, response, callback);
  }

  private Caller identify(Request request) throws RejectedCredentials {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      RegistryTokens.Verified verified =
          tokens.verifyAccess(header.substring(7).trim())
              .orElseThrow(
                  () -> new RejectedCredentials(401,
                      "the bearer token is invalid or expired; request a new one from the realm"));
      return bearerCaller(verified);
    }
    Optional<BasicCredentials> basic;
    try {
      basic = BasicCredentials.parse(header);
    } catch (IllegalArgumentException e) {
      throw new RejectedCredentials(401, e.getMessage());
    }
    if (basic.isPresent()) {
      return basicCaller(basic.get(), request);
    }
    return principalCaller(new Principal.Anonymous(), false);
  }

  private Caller bearerCaller(RegistryTokens.Verified verified) {
    Optional<Principal> resolved =
        verified.subject().anonymous()
            ? Optional.of(new Principal.Anonymous())
            : resolver.resolve(verified.subject());
    Principal live = resolved.orElse(new Principal.Anonymous());
    List<ResourceScope> access = verified.access();
    return new Caller() {
      @Override
      public boolean authenticated() {
        return !verified.subject().anonymous();
      }

      @Override
      public boolean allows(RepositoryName repository, Set<String> actions) {
        boolean granted =
            access.stream()
                .filter(s -> s.type().equals(ResourceScope.REPOSITORY))
                .filter(s -> s.name().equals(repository.value()))
                .anyMatch(s -> s.actions().contains("*") || s.actions().containsAll(actions));
        // The token must grant it and the principal must still hold it, so disabling a user or
        // revoking an access token takes effect before the JWT expires.
        return granted && couldObtain(repository, actions);
      }

      @Override
      public boolean couldObtain(RepositoryName repository, Set<String> actions) {
        return actionNames(authorizer.allowedActions(live, repository)).containsAll(actions);
      }

      @Override
      public boolean mayListCatalog() {
        // The token of a user disabled or an access token revoked since it was issued lists
        // nothing, though an anonymous token may list the public repositories.
        return couldListCatalog()
            && access.stream()
                .anyMatch(s -> s.type().equals(ResourceScope.REGISTRY)
                    && s.name().equals(ResourceScope.CATALOG));
      }

      @Override
      public boolean couldListCatalog() {
        return resolved.isPresent() && authorizer.mayListCatalog(live);
      }

      @Override
      public Principal principal() {
        return live;
      }

      @Override
      public boolean bearer() {
        return true;
      }
    };
  }

  private Caller basicCaller(BasicCredentials credentials, Request request)
      throws RejectedCredentials {
    try {
      Principal principal =
          authenticator.authenticate(
              credentials.username(),
              credentials.secret(),
              TokenEndpoint.clientAddress(request));
      return principalCaller(principal, true);
    } catch (AuthenticationException e) {
      LOG.atInfo().addKeyValue("reason", e.reason()).log("basic credentials rejected on /v2/");
      int status = e.reason() == AuthenticationException.Reason.THROTTLED ? 429 : 401;
      RejectedCredentials rejected = new RejectedCredentials(status, e.getMessage());
      rejected.retryAfterSeconds = e.retryAfter().map(d -> Math.max(1, d.toSeconds())).orElse(1L);
      throw rejected;
    }
  }

  private Caller principalCaller(Principal principal, boolean authenticated) {
    return new Caller() {
      @Override
      public boolean authenticated() {
        return authenticated;
      }

      @Override
      public boolean allows(RepositoryName repository, Set<String> actions) {
        return actionNames(authorizer.allowedActions(principal, repository)).containsAll(actions);
      }

      @Override
      public boolean couldObtain(RepositoryName repository, Set<String> actions) {
        return allows(repository, actions);
      }

      @Override
      public boolean mayListCatalog() {
        // A request without credentials gets the challenge instead of the public catalog, so a
        // client that signs in only when challenged still lists its private repositories. An
        // anonymous token with registry:catalog:* lists the public ones.
        return authenticated && authorizer.mayListCatalog(principal);
      }

      @Override
      public boolean couldListCatalog() {
        return authorizer.mayListCatalog(principal);
      }

      @Override
      public Principal principal() {
        return principal;
      }

      @Override
      public boolean bearer() {
        return false;
      }
    };
  }

  private static Set<String> actionNames(Set<RepositoryAction> actions) {
    return actions.stream().map(RepositoryAction::wireName).collect(Collectors.toSet());
  }

  private static String denialMessage(RequiredAccess.Repository repo) {
    if (repo.actions().contains("push")) {
      return "push access to repository " + repo.name() + " is denied";
    }
    if (repo.actions().contains("delete")) {
      return "delete access to repository " + repo.name() + " is denied";
    }
    return "pull access to repository "
        + repo.name()
        + " is denied: it does not exist or needs docker login with an account that may read it";
  }

  /**
   * Rejects a caller who lacks access: with a challenge when signing in or a fresh token could
   * help, otherwise with 403 DENIED. The challenge carries {@code insufficient_scope} when a fresh
   * token could help, anonymous tokens included, because containers/image requests a token with
   * the challenge's scope only then.
   */
  private void deny(
      Request request,
      Response response,
      Callback callback,
      Caller caller,
      RequiredAccess required,
      String message) {
    boolean freshTokenHelps =
        caller.bearer()
            && ((required instanceof RequiredAccess.Repository repo
                    && caller.couldObtain(repo.name(), repo.actions()))
                || (required instanceof RequiredAccess.Catalog && caller.couldListCatalog()));
    if (freshTokenHelps || !caller.authenticated()) {
      challenge(request, response, callback, required, freshTokenHelps, message, 401);
    } else {
      writeError(response, callback, 403, "DENIED", message);
    }
  }

  private void challenge(
      Request request,
      Response response,
      Callback callback,
      RequiredAccess required,
      boolean insufficientScope,
      String message,
      int status) {
    StringBuilder challenge =
        new StringBuilder("Bearer realm=\"")
            .append(urls.baseUrl(request))
            .append("/token\",service=\"")
            .append(tokens.service())
            .append('"');
    String scope = scopeOf(required);
    if (!scope.isEmpty()) {
      challenge.append(",scope=\"").append(scope).append('"');
    }
    if (insufficientScope) {
      challenge.append(",error=\"insufficient_scope\"");
    }
    response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, challenge.toString());
    writeError(response, callback, status, status == 429 ? "TOOMANYREQUESTS" : "UNAUTHORIZED", message);
  }

  private static String scopeOf(RequiredAccess required) {
    return switch (required) {
      case RequiredAccess.Repository repo -> {
        // Docker requests pull and push together when pushing, so the challenge uses that order.
        String actions =
            repo.actions().contains("delete")
                ? "delete"
                : repo.actions().contains("push") ? "pull,push" : "pull";
        yield "repository:" + repo.name() + ":" + actions;
      }
      case RequiredAccess.Catalog catalog -> "registry:catalog:*";
      default -> "";
    };
  }

  private static void writeError(
      Response response, Callback callback, int status, String code, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("errors").addObject().put("code", code).put("message", message).putObject("detail");
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) bytes.length);
    boolean head = response.getRequest().getMethod().equals("HEAD");
    response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
  }

  /** Credentials that were presented but not accepted. */
  private static final class RejectedCredentials extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    long retryAfterSeconds;

    RejectedCredentials(int status, String message) {
      super(message);
      this.status = status;
    }
  }
}
