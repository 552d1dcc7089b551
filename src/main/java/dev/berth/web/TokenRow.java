package dev.berth.web;

/**
 * One access token as the token list shows it, with times already formatted.
 *
 * @param id the token id, for the revoke form
 * @param name the label its creator gave it
 * @param scope the scope's wire name, such as {@code repo:write}
 * @param created when it was created
 * @param expires when it expires, or an empty string for never
 * @param lastUsed when it was last used, or an empty string for never
 * @param status {@code active}, {@code expired} or {@code revoked}
 */
public record TokenRow(
    String id,
    String name,
    String scope,
    String created,
    String expires,
    String lastUsed,
    String status) {

  public boolean active() {
    return status.equals("active");
  }
}
