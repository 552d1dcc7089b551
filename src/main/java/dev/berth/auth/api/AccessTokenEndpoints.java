package dev.berth.auth.api;

import dev.berth.auth.AccessToken;
import dev.berth.auth.AccessTokenService;
import dev.berth.auth.Accounts;
import dev.berth.auth.NewAccessToken;
import dev.berth.auth.Principal;
import dev.berth.auth.TokenScope;
import dev.berth.auth.api.json.AccessTokenBodies.AccessTokenJson;
import dev.berth.auth.api.json.AccessTokenBodies.CreateRequest;
import dev.berth.auth.api.json.AccessTokenBodies.TokenPageJson;
import dev.berth.auth.api.json.PageJson;
import dev.berth.oci.OciFormatException;
import dev.berth.oci.RepositoryName;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Personal access tokens ({@code /api/v2/access-tokens}) and organization access tokens ({@code
 * /api/v2/orgs/{org}/access-tokens}), with Docker Hub's paths and field names plus a list of
 * repositories a token may be limited to or a scope per repository. The secret appears once, in the creation response. Every
 * route here needs a web session: a token cannot create, list or revoke tokens.
 */
final class AccessTokenEndpoints {

  private final AccessTokenService tokens;
  private final Clock clock;

  AccessTokenEndpoints(Accounts accounts, Clock clock) {
    this.tokens = accounts.accessTokens();
    this.clock = clock;
  }

  void register(Router router) {
    router.add("POST", "/api/v2/access-tokens", Access.SESSION, this::createPersonal);
    router.add("GET", "/api/v2/access-tokens", Access.SESSION, this::listPersonal);
    router.add("GET", "/api/v2/access-tokens/{uuid}", Access.SESSION, this::getPersonal);
    router.add("DELETE", "/api/v2/access-tokens/{uuid}", Access.SESSION, this::revokePersonal);
    String org = "/api/v2/orgs/{org}/access-tokens";
    router.add("POST", org, Access.SESSION, this::createForOrganization);
    router.add("GET", org, Access.SESSION, this::listForOrganization);
    router.add("GET", org + "/{uuid}", Access.SESSION, this::getForOrganization);
    router.add("DELETE", org + "/{uuid}", Access.SESSION, this::revokeForOrganization);
  }

  private ApiResponse createPersonal(ApiCall call) throws ApiException {
    Principal.User actor = call.user();
    Request request = request(call);
    NewAccessToken created =
        tokens.createPersonalToken(
            actor,
            request.label(),
            request.scope(),
            request.repositories(),
            request.repositoryScopes(),
            request.expiresAt());
    return created("/api/v2/access-tokens/", created);
  }

  private ApiResponse createForOrganization(ApiCall call) throws ApiException {
    Principal.User actor = call.user();
    String org = call.path("org");
    OrganizationEndpoints.requireOwner(call.accountService(), actor, org);
    Request request = request(call);
    NewAccessToken created =
        tokens.createOrganizationToken(
            actor,
            org,
            request.label(),
            request.scope(),
            request.repositories(),
            request.repositoryScopes(),
            request.expiresAt());
    return created("/api/v2/orgs/" + org + "/access-tokens/", created);
  }

  private ApiResponse listPersonal(ApiCall call) throws ApiException {
    return ApiResponse.ok(page(call, tokens.personalTokens(call.user())));
  }

  private ApiResponse listForOrganization(ApiCall call) throws ApiException {
    return ApiResponse.ok(page(call, tokens.organizationTokens(call.user(), call.path("org"))));
  }

  private ApiResponse getPersonal(ApiCall call) throws ApiException {
    AccessToken token = find(tokens.personalTokens(call.user()), call.path("uuid"));
    return ApiResponse.ok(Views.token(token, Optional.empty(), clock.instant()));
  }

  private ApiResponse getForOrganization(ApiCall call) throws ApiException {
    List<AccessToken> owned = tokens.organizationTokens(call.user(), call.path("org"));
    AccessToken token = find(owned, call.path("uuid"));
    return ApiResponse.ok(Views.token(token, Optional.empty(), clock.instant()));
  }

  private ApiResponse revokePersonal(ApiCall call) throws ApiException {
    Principal.User actor = call.user();
    AccessToken token = find(tokens.personalTokens(actor), call.path("uuid"));
    tokens.revoke(actor, token.id());
    return ApiResponse.noContent();
  }

  private ApiResponse revokeForOrganization(ApiCall call) throws ApiException {
    Principal.User actor = call.user();
    AccessToken token = find(tokens.organizationTokens(actor, call.path("org")), call.path("uuid"));
    tokens.revoke(actor, token.id());
    return ApiResponse.noContent();
  }

  private ApiResponse created(String collection, NewAccessToken created) {
    AccessTokenJson body =
        Views.token(created.token(), Optional.of(created.secret()), clock.instant());
    return ApiResponse.created(collection + created.token().id(), body);
  }

  private TokenPageJson page(ApiCall call, List<AccessToken> owned) throws ApiException {
    Instant now = clock.instant();
    long active = owned.stream().filter(token -> token.isActive(now)).count();
    PageJson<AccessTokenJson> page =
        call.page(owned, token -> Views.token(token, Optional.empty(), now));
    return new TokenPageJson(active, page.count(), page.next(), page.previous(), page.results());
  }

  private static AccessToken find(List<AccessToken> owned, String id) throws ApiException {
    return owned.stream()
        .filter(token -> token.id().equals(id))
        .findFirst()
        .orElseThrow(() -> ApiException.notFound("access token " + id + " not found"));
  }

  /** A creation request, checked and parsed. */
  private record Request(
      String label,
      TokenScope scope,
      Set<RepositoryName> repositories,
      Map<RepositoryName, TokenScope> repositoryScopes,
      Optional<Instant> expiresAt) {}

  private static Request request(ApiCall call) throws ApiException {
    CreateRequest body = call.body(CreateRequest.class);
    String label = ApiCall.required(body.tokenLabel(), "token_label");
    List<String> scopes = ApiCall.required(body.scopes(), "scopes");
    if (scopes.size() != 1 || scopes.get(0) == null) {
      throw ApiException.invalid(
          "field 'scopes' must hold exactly one scope, such as [\"repo:read\"]; got "
              + scopes.size());
    }
    TokenScope scope;
    try {
      scope = TokenScope.parse(scopes.get(0));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("field 'scopes': " + e.getMessage());
    }

    Set<RepositoryName> repositories = new LinkedHashSet<>();
    List<String> names = body.repositories() == null ? List.of() : body.repositories();
    for (String name : names) {
      if (name == null) {
        throw ApiException.invalid("field 'repositories' contains null; list repository names");
      }
      try {
        repositories.add(RepositoryName.parse(name));
      } catch (OciFormatException e) {
        throw ApiException.invalid("field 'repositories': " + e.getMessage());
      }
    }

    Map<RepositoryName, TokenScope> repositoryScopes = repositoryScopes(body.repositoryScopes());

    Optional<Instant> expiresAt = Optional.empty();
    if (body.expiresAt() != null) {
      try {
        expiresAt = Optional.of(OffsetDateTime.parse(body.expiresAt()).toInstant());
      } catch (DateTimeParseException e) {
        throw ApiException.invalid(
            "field 'expires_at' value '"
                + body.expiresAt()
                + "' is invalid; use an RFC 3339 time such as 2030-01-31T00:00:00Z");
      }
    }
    return new Request(label, scope, repositories, repositoryScopes, expiresAt);
  }

  private static Map<RepositoryName, TokenScope> repositoryScopes(
      @Nullable Map<String, String> body) throws ApiException {
    Map<RepositoryName, TokenScope> scopes = new LinkedHashMap<>();
    if (body == null) {
      return scopes;
    }
    for (Map.Entry<String, String> entry : body.entrySet()) {
      RepositoryName name;
      try {
        name = RepositoryName.parse(entry.getKey());
      } catch (OciFormatException e) {
        throw ApiException.invalid("field 'repository_scopes': " + e.getMessage());
      }
      if (entry.getValue() == null) {
        throw ApiException.invalid(
            "field 'repository_scopes' has null for "
                + name
                + "; give a scope such as \"repo:read\"");
      }
      try {
        scopes.put(name, TokenScope.parse(entry.getValue()));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid(
            "field 'repository_scopes' for " + name + ": " + e.getMessage());
      }
    }
    return scopes;
  }
}
