package dev.berth.auth.api.json;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Bodies of {@code /api/v2/auth/...}. */
public final class AuthBodies {

  private AuthBodies() {}

  /** {@code POST /api/v2/auth/login}. */
  public record LoginRequest(@Nullable String username, @Nullable String password) {
    @Override
    public String toString() {
      return "LoginRequest[username=" + username + ", password=***]";
    }
  }

  /** {@code POST /api/v2/auth/login/second-factor}: the ticket and a TOTP or recovery code. */
  public record SecondFactorRequest(@Nullable String ticket, @Nullable String code) {
    @Override
    public String toString() {
      return "SecondFactorRequest[ticket=***, code=***]";
    }
  }

  /**
   * A session was created; the cookie carries its id.
   *
   * @param user the signed-in user
   * @param csrfToken the value to send in {@code X-CSRF-Token} with every write
   * @param sessionExpiresAt when the session ends unless it is used again (RFC 3339)
   */
  public record SessionJson(UserJson user, String csrfToken, String sessionExpiresAt) {}

  /**
   * The password was right and a second factor is due.
   *
   * @param secondFactorRequired always true
   * @param ticket the value to send to {@code /api/v2/auth/login/second-factor}
   * @param expiresAt when the ticket stops working (RFC 3339)
   */
  public record SecondFactorJson(boolean secondFactorRequired, String ticket, String expiresAt) {}

  /**
   * {@code GET /api/v2/auth/me}.
   *
   * @param authenticatedBy {@code session} or {@code access_token}
   * @param user the acting user; null for an organization token
   * @param csrfToken the session's CSRF token; null for a token
   * @param sessionExpiresAt when the session ends unless used again; null for a token
   * @param accessToken the token in use; null for a session
   */
  public record MeJson(
      String authenticatedBy,
      @Nullable UserJson user,
      @Nullable String csrfToken,
      @Nullable String sessionExpiresAt,
      @Nullable TokenInUse accessToken) {}

  /**
   * The access token a script authenticated with.
   *
   * @param uuid the token's id
   * @param owner the user or organization that owns it
   * @param ownerType {@code user} or {@code organization}
   * @param scopes its scope, as a one-element list in Docker Hub's form
   * @param repositories the repositories it is limited to; empty for none
   * @param repositoryScopes repository names mapped to its scope on each; empty for none
   */
  public record TokenInUse(
      String uuid,
      String owner,
      String ownerType,
      List<String> scopes,
      List<String> repositories,
      Map<String, String> repositoryScopes) {}
}
