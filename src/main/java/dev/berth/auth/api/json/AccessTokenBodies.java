package dev.berth.auth.api.json;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Bodies of the access token endpoints, with Docker Hub's field names. */
public final class AccessTokenBodies {

  private AccessTokenBodies() {}

  /**
   * {@code POST /api/v2/access-tokens} and {@code POST /api/v2/orgs/{org}/access-tokens}.
   *
   * @param tokenLabel a name of 1 to 100 characters
   * @param scopes exactly one of {@code repo:public_read}, {@code repo:read}, {@code repo:write},
   *     {@code repo:admin}
   * @param expiresAt when the token stops working (RFC 3339); null for never
   * @param repositories full repository names to limit the token to; null or empty for no limit
   * @param repositoryScopes full repository names mapped to the scope the token has on each; the
   *     token may use no other repository beyond public pulls. Null or empty for none.
   */
  public record CreateRequest(
      @Nullable String tokenLabel,
      @Nullable List<String> scopes,
      @Nullable String expiresAt,
      @Nullable List<String> repositories,
      @Nullable Map<String, String> repositoryScopes) {}

  /**
   * An access token. The secret {@code token} appears only in the creation response.
   *
   * @param uuid the token's id, for revoking it
   * @param tokenLabel its name
   * @param scopes its scope as a one-element list
   * @param repositories the repositories it is limited to; empty for no limit
   * @param repositoryScopes repository names mapped to its scope on each, sorted by name; empty
   *     when it has none
   * @param owner the user or organization that owns it
   * @param isActive false once revoked or expired
   * @param createdBy the user who created it
   * @param createdAt when it was created (RFC 3339)
   * @param expiresAt when it stops working; null for never
   * @param lastUsed when it last authenticated, to the minute; null if never
   * @param lastUsedIp the client address of that use
   * @param revokedAt when it was revoked; null if it was not
   * @param token the secret, {@code bth_pat_...} or {@code bth_oat_...}; only when created
   */
  public record AccessTokenJson(
      String uuid,
      String tokenLabel,
      List<String> scopes,
      List<String> repositories,
      Map<String, String> repositoryScopes,
      String owner,
      boolean isActive,
      String createdBy,
      String createdAt,
      @Nullable String expiresAt,
      @Nullable String lastUsed,
      @Nullable String lastUsedIp,
      @Nullable String revokedAt,
      @Nullable String token) {
    @Override
    public String toString() {
      return "AccessTokenJson[uuid=" + uuid + ", tokenLabel=" + tokenLabel + ", token=***]";
    }
  }

  /**
   * A page of tokens, with Docker Hub's count of the active ones.
   *
   * @param activeCount how many of all the tokens are active
   */
  public record TokenPageJson(
      long activeCount,
      long count,
      @Nullable String next,
      @Nullable String previous,
      List<AccessTokenJson> results) {

    public TokenPageJson {
      results = List.copyOf(results);
    }
  }
}
