package dev.berth.auth;

import java.util.Optional;

/**
 * Changes to one user for {@link AccountService#updateUser}; an empty field stays as it is.
 *
 * @param email the new e-mail address
 * @param disabled whether the account is to be disabled
 * @param administrator whether the user is to administer this Berth
 */
public record UserChanges(
    Optional<String> email, Optional<Boolean> disabled, Optional<Boolean> administrator) {

  /** Returns whether no field is set. */
  public boolean isEmpty() {
    return email.isEmpty() && disabled.isEmpty() && administrator.isEmpty();
  }
}
