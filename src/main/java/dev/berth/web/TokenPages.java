package dev.berth.web;

import dev.berth.auth.AccessToken;
import dev.berth.auth.AccountException;
import dev.berth.auth.NewAccessToken;
import dev.berth.auth.TokenScope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Personal access tokens: the list with last use, a form to create one with a scope and an
 * expiry, the page that shows a new secret once with its {@code docker login} line, and revoking.
 */
final class TokenPages {

  /** The expiry choices of the form, in days; 0 stands for never. */
  static final List<Integer> EXPIRY_DAYS = List.of(30, 90, 365, 0);

  private final WebContext context;

  TokenPages(WebContext context) {
    this.context = context;
  }

  void register(Routes routes) {
    routes.get("/settings", Routes.Audience.SIGNED_IN, r -> WebResponse.redirect("/settings/tokens"));
    routes.get("/settings/tokens", Routes.Audience.SIGNED_IN, r -> list(r, "", ""));
    routes.post("/settings/tokens", Routes.Audience.SIGNED_IN, this::create);
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
    return request.page(
        "token-created",
        "token", row(created.token(), context.clock().instant()),
        "secret", created.secret(),
        "loginCommand", login);
  }

  private WebResponse revoke(WebRequest request) {
    context.accounts().accessTokens().revoke(request.user(), request.pathParameter("id"));
    return WebResponse.redirect("/settings/tokens");
  }
}
