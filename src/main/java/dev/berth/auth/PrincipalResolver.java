package dev.berth.auth;

import java.util.Optional;

/**
 * Turns the subject of a verified token back into a current principal, so a refresh token or a
 * catalog listing sees a user disabled or an access token revoked since the token was issued.
 */
@FunctionalInterface
public interface PrincipalResolver {

  /**
   * Returns the principal, or empty when the user or access token is gone, disabled or revoked,
   * or when the subject carries a credential stamp that no longer matches the user's.
   */
  Optional<Principal> resolve(RegistryTokens.TokenSubject subject);

  /**
   * Returns a stamp of {@code username}'s current credentials (password and two-factor state) to
   * put into a refresh token; the default has none.
   */
  default Optional<String> credentialStamp(String username) {
    return Optional.empty();
  }
}
