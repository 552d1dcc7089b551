package dev.berth.auth;

import java.util.Optional;

/**
 * Turns the subject of a verified token back into a current principal, so a refresh token or a
 * catalog listing sees a user disabled or an access token revoked since the token was issued.
 */
@FunctionalInterface
public interface PrincipalResolver {

  /** Returns the principal, or empty when the user or access token is gone, disabled or revoked. */
  Optional<Principal> resolve(RegistryTokens.TokenSubject subject);
}
