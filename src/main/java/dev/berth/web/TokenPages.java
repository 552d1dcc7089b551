package dev.berth.web;

import dev.berth.auth.AccessToken;
import dev.berth.auth.AccountException;
import dev.berth.auth.NewAccessToken;
import dev.berth.auth.TokenScope;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Personal access tokens: the list with last use, a form to create one with a scope and an
 * expiry, the page that shows a new secret once with its {@code docker login} line, and revoking.
 */
final class TokenPages {

  /** The expiry choices of the form, in days; 0 stands for never. */
  static final List<Integer> EXPIRY_DAYS = List.of(30, 90, 365, 0);

  /** How long a new secret waits for the page that shows it once. */
  static final Duration CREATED_TOKEN_LIFETIME = Duration.ofMinutes(5);

  private final WebContext context;

  /**
   * New secrets by the random id of the page that shows them. A secret is removed when that page
   * is shown or when it expires, so a reload neither shows it again nor creates another token.
   * NOTE: this map is in memory, so the page must be served by the process that made the token.
   */
  private final Map<String, CreatedToken> createdTokens = new ConcurrentHashMap<>();

  private final SecureRandom random = new SecureRandom();

  /** A new token waiting for the page that shows its secret once. */
  private record CreatedToken(
      String username, TokenRow token, String secret, String loginCommand, Instant expiresAt) {}

  TokenPages(WebContext context) {
    this.context = context;
  }

  void register(Routes routes) {
    routes.get("/settings", Routes.Audience.SIGNED_IN, r -> WebResponse.redirect("/settings/tokens"));
    routes.get("/settings/tokens", Routes.Audience.SIGNED_IN, r -> list(r, "", ""));
    routes.post("/settings/tokens", Routes.Audience.SIGNED_IN, this::create);
    routes.get("/settings/tokens/created", Routes.Audience.SIGNED_IN, this::created);
    routes.post("/settings/tokens/{id}/revoke", Routes.Audience.SIGNED_IN, this::revoke);
  }

  private WebResponse list(WebRequest request, String name, String error) {
    Instant now = context.clock().instant();
    List<TokenRow> rows =
        context.accounts().accessTokens().personalTokens(request.user()).stream()
            .map(token -> row(token, now))
            .toList();
    return request.page(
        error.isEmpty() ? 200 : 400, "tokens",
        "tokens", rows, "name", name, "error", error, "expiryDays", EXPIRY_DAYS,
        "scopes", List.of(TokenScope.values()).stream().map(TokenScope::wireName).toList());
  }

  private static TokenRow row(AccessToken token, Instant now) {
    String status =
        token.revokedAt().isPresent() ? "revoked" : token.isActive(now) ? "active" : "expired";
    return new TokenRow(
        token.id(),
        token.name(),
        token.scope().wireName(),
        Times.format(token.createdAt()),
        Times.format(token.expiresAt()),
        Times.format(token.lastUsedAt()),
        status);
  }

  private WebResponse create(WebRequest request) {
    String name = request.field("name");
    TokenScope scope;
    int days;
    try {
      scope = TokenScope.parse(request.field("scope"));
      days = Integer.parseInt(request.field("expiry_days"));
    } catch (IllegalArgumentException e) {
      return list(request, name, request.messages().get("tokens.error.choice"));
    }
    if (!EXPIRY_DAYS.contains(days)) {
      return list(request, name, request.messages().get("tokens.error.choice"));
    }
    Optional<Instant> expiresAt =
        days == 0
            ? Optional.empty()
            : Optional.of(context.clock().instant().plus(Duration.ofDays(days)));

    NewAccessToken created;
    try {
      created =
          context.accounts().accessTokens()
              .createPersonalToken(request.user(), name, scope, Set.of(), expiresAt);
    } catch (AccountException e) {
      if (e.kind() != AccountException.Kind.INVALID) {
        throw e;
      }
      return list(request, name, request.messages().get("tokens.error.name"));
    }
    String login =
        "echo "
            + created.secret()
            + " | docker login -u "
            + request.user().username()
            + " --password-stdin "
            + request.registryHost();
    Instant now = context.clock().instant();
    createdTokens.values().removeIf(waiting -> waiting.expiresAt().isBefore(now));
    byte[] idBytes = new byte[24];
    random.nextBytes(idBytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes);
    createdTokens.put(
        id,
        new CreatedToken(
            request.user().username(), row(created.token(), now), created.secret(), login,
            now.plus(CREATED_TOKEN_LIFETIME)));
    return WebResponse.redirect("/settings/tokens/created?id=" + id);
  }

  /** Shows a new token's secret once; a second visit goes back to the list. */
  private WebResponse created(WebRequest request) {
    Optional<CreatedToken> waiting =
        request.query("id").map(createdTokens::remove)
            .filter(token -> token.username().equals(request.user().username()))
            .filter(token -> token.expiresAt().isAfter(context.clock().instant()));
    if (waiting.isEmpty()) {
      return WebResponse.redirect("/settings/tokens");
    }
    return request.page(
        "token-created",
        "token", waiting.get().token(),
        "secret", waiting.get().secret(),
        "loginCommand", waiting.get().loginCommand());
  }

  private WebResponse revoke(WebRequest request) {
    context.accounts().accessTokens().revoke(request.user(), request.pathParameter("id"));
    return WebResponse.redirect("/settings/tokens");
  }
}
